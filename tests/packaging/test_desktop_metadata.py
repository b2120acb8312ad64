"""The Linux menu entry and AppStream metainfo pass their validators and match the version.

The validators come from Debian's desktop-file-utils and appstream, which the project's set-up
installs: without them these tests fail (they are not skipped)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import kimdesk
from tests.packaging.bundle_support import PACKAGING, ROOT, load_bundle

APP_ID = "de.kim_nrw.kimdesk"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: apt-get install {package} (python3 tasks.py test does)"
    return found


def validate(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_desktop_file_validate_passes_without_a_warning() -> None:
    done = validate(tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "" and done.stderr.strip() == ""


def test_appstreamcli_validate_passes() -> None:
    done = validate(tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "E:" not in done.stdout and "W:" not in done.stdout, done.stdout


def metainfo() -> ElementTree.Element:
    return ElementTree.parse(METAINFO).getroot()


def test_the_newest_release_is_kimdesks_version() -> None:
    releases = metainfo().findall("./releases/release")
    assert releases, "metainfo has no <releases>"
    assert releases[0].get("version") == kimdesk.__version__
    assert releases[0].get("date")


def test_metainfo_has_a_content_rating_and_names_the_menu_entry() -> None:
    root = metainfo()
    assert root.findtext("id") == APP_ID
    rating = root.find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1"
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license")
    assert root.findtext("./provides/binary") == "kimdesk"


def test_the_menu_entry_starts_kimdesk_with_the_icon_the_tarball_installs(tmp_path: Path) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"].split()[0] == "kimdesk"
    icon = section["Icon"]
    assert (ROOT / "resources" / "icons" / "kimdesk.svg").exists()
    program = tmp_path / "kimdesk"
    program.write_text("")
    layout = load_bundle().tarball_layout(tmp_path, "1.0")
    assert f"kimdesk-1.0/share/icons/hicolor/scalable/apps/{icon}.svg" in layout
