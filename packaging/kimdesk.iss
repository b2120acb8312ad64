; Inno Setup 6 script: kimdesk for all users of a Windows machine (see packaging/README.md).
;
;   iscc packaging\kimdesk.iss                      the version is read from kimdesk.exe
;   iscc /DAppVersion=0.1.0 packaging\kimdesk.iss   or given
;
; Installs the PyInstaller bundle (build\bundle\dist\kimdesk, or /DBundleDir=...) to
; Program Files\kimdesk with a Start-menu entry. Setup asks nothing that /VERYSILENT could not
; answer. Uninstalling removes the program files only: the caseloads and backups in
; %LOCALAPPDATA%\kimdesk and the machine-wide settings in %PROGRAMDATA%\kimdesk stay.

#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\build\bundle\dist\kimdesk"
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\kimdesk.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error kimdesk.exe not found or without a version: build the bundle first, or pass /DAppVersion=
#endif

[Setup]
; Never change the AppId: Windows recognises installed versions (update, uninstall) by it.
AppId={{4D1ADC56-388D-4F42-A25E-BC33FECD8121}
AppName=kimdesk
AppVersion={#AppVersion}
AppVerName=kimdesk {#AppVersion}
AppPublisher=kimdesk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\kimdesk
DefaultGroupName=kimdesk
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and later
MinVersion=10.0
OutputDir={#BundleDir}\..\..
OutputBaseFilename=kimdesk-{#AppVersion}-windows-x64-setup
SetupIconFile=kimdesk.ico
UninstallDisplayIcon={app}\kimdesk.exe
UninstallDisplayName=kimdesk {#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupLogging=yes

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; An update replaces the whole program folder: no file of the previous version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\kimdesk"; Filename: "{app}\kimdesk.exe"; WorkingDir: "{app}"

[Run]
Filename: "{app}\kimdesk.exe"; Description: "{cm:LaunchProgram,kimdesk}"; Flags: nowait postinstall skipifsilent
