"""The check before Qt starts: no display, missing system libraries, a failed PySide6 import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kimdesk.gui.app
import kimdesk.gui.environment
from kimdesk.gui.environment import (
    BASE_LIBRARIES,
    XCB_LIBRARIES,
    check_gui_environment,
    explain_import_error,
    library_loadable,
    qt_platform,
)

X11 = {"DISPLAY": ":0"}


def missing(*sonames: str):
    """A library probe on which exactly ``sonames`` are absent."""
    return lambda soname: soname not in sonames


def everything(soname: str) -> bool:
    return True


def test_no_display_names_the_variables_and_the_command_line() -> None:
    sentence = check_gui_environment(env={}, platform="linux", find_library=everything)
    assert sentence is not None
    assert "DISPLAY" in sentence and "WAYLAND_DISPLAY" in sentence
    assert "kimdesk --help" in sentence and "\n" not in sentence


@pytest.mark.parametrize(
    "platform", ["offscreen", "minimal", "vnc", "offscreen:fontengine=freetype"]
)
def test_headless_platforms_need_no_display(platform: str) -> None:
    env = {"QT_QPA_PLATFORM": platform}
    assert check_gui_environment(env=env, platform="linux", find_library=everything) is None


def test_a_desktop_with_all_libraries_passes() -> None:
    assert check_gui_environment(env=X11, platform="linux", find_library=everything) is None
    wayland = {"WAYLAND_DISPLAY": "wayland-0"}
    assert check_gui_environment(env=wayland, platform="linux", find_library=everything) is None


def test_a_missing_xcb_cursor_names_its_package() -> None:
    sentence = check_gui_environment(
        env=X11, platform="linux", find_library=missing("libxcb-cursor.so.0")
    )
    assert sentence is not None
    assert sentence.endswith("sudo apt install libxcb-cursor0")
    assert "\n" not in sentence


def test_several_missing_libraries_go_into_one_command() -> None:
    sentence = check_gui_environment(
        env=X11,
        platform="linux",
        find_library=missing("libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libEGL.so.1"),
    )
    assert sentence is not None
    assert sentence.endswith("sudo apt install libegl1 libxcb-cursor0 libxkbcommon-x11-0")


def test_xcb_libraries_do_not_matter_offscreen() -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    probe = missing(*XCB_LIBRARIES)
    assert check_gui_environment(env=env, platform="linux", find_library=probe) is None


def test_xcb_libraries_do_not_matter_on_wayland() -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}
    assert (
        check_gui_environment(env=env, platform="linux", find_library=missing(*XCB_LIBRARIES))
        is None
    )


def test_base_libraries_matter_even_offscreen() -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    sentence = check_gui_environment(
        env=env, platform="linux", find_library=missing("libfontconfig.so.1")
    )
    assert sentence is not None and "libfontconfig1" in sentence


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_only_linux_is_probed(platform: str) -> None:
    def refuse(soname: str) -> bool:
        raise AssertionError("not probed")

    assert check_gui_environment(env={}, platform=platform, find_library=refuse) is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "xcb"),
        ({"DISPLAY": ":0"}, "xcb"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "wayland"),
        ({"WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}, "xcb"),
        ({"WAYLAND_DISPLAY": "w", "DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, "wayland"),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
        ({"QT_QPA_PLATFORM": "Offscreen:fontengine=freetype"}, "offscreen"),
    ],
)
def test_qt_platform(env: dict[str, str], expected: str) -> None:
    assert qt_platform(env) == expected


def test_every_library_maps_to_a_package() -> None:
    for soname, package in {**BASE_LIBRARIES, **XCB_LIBRARIES}.items():
        assert soname.startswith("lib") and ".so." in soname and package


def test_the_real_probe() -> None:
    assert library_loadable("libc.so.6")
    assert not library_loadable("libkimdesk-does-not-exist.so.7")


# -- a failed PySide6 import -----------------------------------------------------------------


def test_import_error_for_a_known_library() -> None:
    error = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    sentence = explain_import_error(error)
    assert sentence.endswith("sudo apt install libegl1") and "\n" not in sentence


def test_import_error_for_an_unknown_library_names_it() -> None:
    error = ImportError("libfoo-bar.so.3: cannot open shared object file: No such file")
    assert "libfoo-bar.so.3" in explain_import_error(error)


def test_import_error_without_pyside() -> None:
    error = ModuleNotFoundError("No module named 'PySide6'", name="PySide6")
    assert "PySide6" in explain_import_error(error)


def test_any_other_import_error_gets_a_sentence_without_its_text() -> None:
    sentence = explain_import_error(ImportError("/home/erika/geheim: something odd"))
    assert "erika" not in sentence and "ImportError" in sentence


# -- no Qt at load time ----------------------------------------------------------------------


@pytest.mark.parametrize("module", [kimdesk.gui.environment, kimdesk.gui.app])
def test_module_level_imports_are_qt_free(module: object) -> None:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    top_level: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            top_level.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            top_level.append(node.module)
    assert not [name for name in top_level if name.split(".")[0] in {"PySide6", "shiboken6"}]
    assert "kimdesk.gui.session" not in top_level
