"""The frozen build's spec and the bundle script, checked without building (that is `tasks.py
bundle`): data folders, excluded test code and Qt parts, the tarball's layout."""

from __future__ import annotations

import ast
import gettext
import io
import os
import tarfile
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kimdesk
from tests.packaging.bundle_support import ROOT, load_bundle, run_spec

bundle = load_bundle()


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_spec(tmp_path_factory.mktemp("pyinstaller-work"))


def test_the_entry_is_kimdesks_main_from_the_source_checkout(spec: dict) -> None:
    analysis = spec["a"]
    assert analysis.args[0] == [str(ROOT / "kimdesk" / "__main__.py")]
    assert analysis.kwargs["pathex"] == [str(ROOT)]
    assert spec["coll"].kwargs["name"] == "kimdesk"


def test_every_data_folder_goes_to_the_top_of_the_bundle(spec: dict) -> None:
    datas = spec["a"].datas
    folders = {dest for _source, dest in datas}
    assert {"forms", "i18n", "i18n/consent", "resources/fonts", "resources/icons", "ui"} <= folders
    bundled = {(dest, Path(source).name) for source, dest in datas}
    assert ("forms", "screening.toml") in bundled
    assert ("i18n", "de.mo") in bundled
    # compiled only: a copied .po would look newer than its .mo to kimdesk/i18n.py
    assert ("i18n", "de.po") not in bundled
    assert ("i18n/consent", "ar.po") in bundled
    assert ("resources/fonts", "OFL.txt") in bundled
    assert ("ui", "kimdesk.qss") in bundled
    for form in (ROOT / "forms").glob("*.toml"):
        assert ("forms", form.name) in bundled
    # the templates for translators are not needed at run time
    assert not [source for source, _ in datas if source.endswith(".pot")]
    assert not [source for source, _ in datas if "__pycache__" in source]


def test_the_interface_catalogs_are_compiled_into_the_bundle(spec: dict) -> None:
    compiled = {Path(source).name: source for source, dest in spec["a"].datas if dest == "i18n"}
    assert "de.mo" in compiled
    with open(compiled["de.mo"], "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    with (ROOT / "i18n" / "de.po").open("rb") as handle:
        po = read_po(handle, locale="de")
    translated = [m for m in po if m.id and isinstance(m.id, str) and m.string and not m.fuzzy]
    assert len(translated) > 100
    for message in translated[:: max(1, len(translated) // 50)]:
        assert catalog.gettext(message.id) == message.string


def test_the_libraries_metadata_and_licence_files_go_along(spec: dict) -> None:
    """The About box reads versions and licence texts from it (kimdesk/licences.py)."""
    from kimdesk.licences import LIBRARIES

    metadata = {
        (dest.split("-")[0].lower(), Path(source).name)
        for source, dest in spec["a"].datas
        if ".dist-info" in dest
    }
    for library in LIBRARIES:
        assert (library.distribution.lower().replace("-", "_"), "METADATA") in metadata
    licences = {name for name in metadata if name[1].upper().startswith(("LICEN", "COPYING"))}
    assert {name for name, _ in licences} >= {"pillow", "openpyxl", "babel", "cryptography"}


def test_test_code_is_excluded(spec: dict) -> None:
    excludes = set(spec["a"].kwargs["excludes"])
    assert {"tests", "pytest", "_pytest", "pytestqt", "hypothesis", "time_machine"} <= excludes
    assert set(bundle.FORBIDDEN_MODULES) <= excludes


def qt_modules_kimdesk_imports() -> set[str]:
    found = set()
    for path in (ROOT / "kimdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("PySide6."))
    return found


def test_no_qt_module_kimdesk_imports_is_excluded(spec: dict) -> None:
    used = qt_modules_kimdesk_imports()
    assert {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPdf"} <= used
    excluded = {name for name in spec["a"].kwargs["excludes"] if name.startswith("PySide6.")}
    assert "PySide6.QtQuick" in excluded and "PySide6.QtWebEngineCore" in excluded
    assert not used & excluded


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_de.qm",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",  # the smoke test and selftest
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "babel/locale-data/root.dat",
        "babel/locale-data/de.dat",
        "babel/locale-data/de_DE.dat",
        "babel/locale-data/en_150.dat",
        "babel/locale-data/ar.dat",
        "babel/locale-data/ti.dat",
    ],
)
def test_what_kimdesk_uses_is_kept(spec: dict, dest: str) -> None:
    assert not spec["is_unused"](dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/translations/qtbase_fr.qm",
        "PySide6/Qt/translations/qt_help_de.qm",
        "PySide6/Qt/translations/qtmultimedia_de.qm",
        "PySide6\\translations\\qtbase_ja.qm",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "babel/locale-data/ja.dat",
        "babel/locale-data/zh_Hant_HK.dat",
    ],
)
def test_what_kimdesk_does_not_use_is_left_out(spec: dict, dest: str) -> None:
    assert spec["is_unused"](dest)


def test_every_consent_language_keeps_its_locale_data(spec: dict) -> None:
    for po in (ROOT / "i18n" / "consent").glob("*.po"):
        assert not spec["is_unused"](f"babel/locale-data/{po.stem}.dat"), po.stem


def test_the_version_is_kimdesks() -> None:
    assert bundle.version() == kimdesk.__version__
    assert bundle.tarball_name("1.2.3") == "kimdesk-1.2.3-linux-x86_64.tar.gz"


def fake_bundle(root: Path) -> Path:
    """The shape of a PyInstaller one-folder bundle, with a shared library linked to."""
    folder = root / "dist" / "kimdesk"
    (folder / "_internal" / "forms").mkdir(parents=True)
    program = folder / "kimdesk"
    program.write_bytes(b"\x7fELF not really")
    program.chmod(0o755)
    (folder / "_internal" / "forms" / "screening.toml").write_text("key = 'screening'\n")
    (folder / "_internal" / "libQt6Core.so.6.real").write_bytes(b"lib")
    os.symlink("libQt6Core.so.6.real", folder / "_internal" / "libQt6Core.so.6")
    return folder


def test_the_tarball_layout(tmp_path: Path) -> None:
    folder = fake_bundle(tmp_path)
    layout = bundle.tarball_layout(folder, "1.2.3")
    app = "de.kim_nrw.kimdesk"
    assert set(layout) == {
        "kimdesk-1.2.3/bin/kimdesk",
        f"kimdesk-1.2.3/share/applications/{app}.desktop",
        f"kimdesk-1.2.3/share/metainfo/{app}.metainfo.xml",
        f"kimdesk-1.2.3/share/icons/hicolor/scalable/apps/{app}.svg",
        "kimdesk-1.2.3/lib/kimdesk/kimdesk",
        "kimdesk-1.2.3/lib/kimdesk/_internal/forms/screening.toml",
        "kimdesk-1.2.3/lib/kimdesk/_internal/libQt6Core.so.6",
        "kimdesk-1.2.3/lib/kimdesk/_internal/libQt6Core.so.6.real",
    }
    for source in layout.values():
        assert source is None or source.exists()


def test_the_tarball_holds_program_menu_entry_metainfo_icon_and_a_note(tmp_path: Path) -> None:
    folder = fake_bundle(tmp_path)
    written = bundle.tarball(folder, tmp_path / "out", version_="1.2.3")
    assert written == tmp_path / "out" / "kimdesk-1.2.3-linux-x86_64.tar.gz"
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no .part left
    with tarfile.open(written) as archive:
        members = {m.name: m for m in archive.getmembers()}
        assert set(members) == set(bundle.tarball_layout(folder, "1.2.3")) | {
            "kimdesk-1.2.3/INSTALL.txt"
        }
        link = members["kimdesk-1.2.3/bin/kimdesk"]
        assert link.issym() and link.linkname == "../lib/kimdesk/kimdesk"
        inner = members["kimdesk-1.2.3/lib/kimdesk/_internal/libQt6Core.so.6"]
        assert inner.issym() and inner.linkname == "libQt6Core.so.6.real"
        assert members["kimdesk-1.2.3/lib/kimdesk/kimdesk"].mode == 0o755
        assert all(m.uname == "root" and m.uid == 0 for m in members.values())
        note = archive.extractfile("kimdesk-1.2.3/INSTALL.txt")
        assert note is not None
        text = io.TextIOWrapper(note, encoding="utf-8").read()
        desktop = archive.extractfile("kimdesk-1.2.3/share/applications/de.kim_nrw.kimdesk.desktop")
        assert desktop is not None and b"Exec=kimdesk" in desktop.read()
    assert "kimdesk-1.2.3-linux-x86_64.tar.gz -C /usr/local --strip-components=1" in text


def test_no_tarball_without_a_built_program(tmp_path: Path) -> None:
    with pytest.raises(bundle.BundleError, match="run `build` first"):
        bundle.tarball(tmp_path / "dist" / "kimdesk", tmp_path, version_="1.2.3")
    assert not list(tmp_path.iterdir())


def test_the_smoke_test_refuses_files_read_from_the_source_checkout(tmp_path: Path) -> None:
    folder = ROOT / "build" / "bundle" / "dist" / "kimdesk"
    trace = tmp_path / "trace"
    trace.write_text(
        f'12 openat(AT_FDCWD, "{folder}/_internal/forms/screening.toml", O_RDONLY) = 3\n'
        f'12 openat(AT_FDCWD, "{ROOT}/forms/goals.toml", O_RDONLY) = -1 ENOENT (No such file)\n'
        f'12 openat(AT_FDCWD, "{tmp_path}/smoke.kimdesk", O_RDWR) = 4\n'
    )
    bundle.check_no_source_files(trace, folder)  # its own files, misses, other places: fine
    with trace.open("a") as handle:
        handle.write(f'12 openat(AT_FDCWD, "{ROOT}/forms/goals.toml", O_RDONLY) = 5\n')
    with pytest.raises(bundle.BundleError, match="source checkout"):
        bundle.check_no_source_files(trace, folder)


def test_the_smoke_test_wants_a_passing_selftest() -> None:
    bundle.check_selftest('{"ok": true, "cases": 12, "forms": 15}')
    for output in ('{"ok": false, "forms": 15}', '{"ok": true, "forms": 0}', "Traceback"):
        with pytest.raises(bundle.BundleError, match="selftest"):
            bundle.check_selftest(output)


def test_the_smoke_test_wants_a_pdf_with_pages(tmp_path: Path) -> None:
    fake = tmp_path / "x.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(bundle.BundleError, match="not a PDF"):
        bundle.pdf_pages(fake)


def test_the_smoke_test_exports_the_month_before() -> None:
    assert bundle.previous_month(date(2027, 1, 1)) == "2026-12"
    assert bundle.previous_month(date(2028, 3, 31)) == "2028-02"
