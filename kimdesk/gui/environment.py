"""Can the graphical interface start here? If not, say in one sentence what to install.

Qt itself reacts to a missing display or library with a cryptic "qt.qpa.plugin" message and
an abort; this module checks first, without importing PySide6, so that the user gets a
plain sentence and the command line keeps working.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Callable, Mapping

from kimdesk.i18n import _

# Shared libraries that QtGui, QtDBus and every platform plugin load, with the Debian/Ubuntu
# package that ships each.
BASE_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

# What the xcb (X11) platform plugin loads in addition.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11-xcb.so.1": "libx11-xcb1",
}

# What the Wayland platform plugin loads in addition.
WAYLAND_LIBRARIES: dict[str, str] = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

KNOWN_LIBRARIES: dict[str, str] = {**BASE_LIBRARIES, **XCB_LIBRARIES, **WAYLAND_LIBRARIES}

# Platforms that draw into memory or a network socket and need no display.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "linuxfb", "eglfs"})

_MISSING_SONAME = re.compile(r"(lib[\w.+-]+?\.so(?:\.\d+)*): cannot open shared object file")


def library_loadable(soname: str) -> bool:
    """True if the dynamic loader finds ``soname`` the way Qt will (LD_LIBRARY_PATH included)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def qt_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first: xcb, wayland, offscreen, ..."""
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        # "wayland;xcb" is a list of fallbacks, "offscreen:fontengine=freetype" carries options.
        return requested.split(";")[0].split(":")[0].strip().lower()
    wayland, x11 = bool(env.get("WAYLAND_DISPLAY")), bool(env.get("DISPLAY"))
    if wayland and (not x11 or env.get("XDG_SESSION_TYPE") == "wayland"):
        return "wayland"
    return "xcb"


def check_gui_environment(
    env: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    find_library: Callable[[str], object] = library_loadable,
) -> str | None:
    """None if the interface can start, else one sentence naming what is missing.

    ``find_library`` is called with a soname such as "libEGL.so.1" and returns something
    true when the library can be loaded; tests pass a fake to simulate a bare system.
    Only Linux is checked: the Windows and macOS builds carry everything Qt needs.
    """
    if not platform.startswith("linux"):
        return None
    name = qt_platform(env)
    if name not in HEADLESS_PLATFORMS and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return _(
            "kimdesk needs a graphical desktop, but no display was found (neither DISPLAY "
            "nor WAYLAND_DISPLAY is set): please start it in a desktop session – the command "
            "line (kimdesk --help) works without one."
        )
    needed = dict(BASE_LIBRARIES)
    if name == "xcb":
        needed.update(XCB_LIBRARIES)
    elif name == "wayland":
        needed.update(WAYLAND_LIBRARIES)
    missing = [package for soname, package in needed.items() if not find_library(soname)]
    if missing:
        return missing_libraries_sentence(missing)
    return None


def missing_libraries_sentence(packages: list[str]) -> str:
    unique = list(dict.fromkeys(packages))
    return _(
        "Qt cannot start because system libraries are missing; please install them with: "
        "sudo apt install {packages}"
    ).format(packages=" ".join(unique))


def explain_import_error(error: ImportError) -> str:
    """One sentence for an ImportError raised while importing PySide6."""
    text = str(error)
    match = _MISSING_SONAME.search(text)
    if match:
        soname = match.group(1)
        package = KNOWN_LIBRARIES.get(soname)
        if package:
            return missing_libraries_sentence([package])
        return _(
            "Qt cannot start because the system library {library} is missing; please install "
            "the package that provides it."
        ).format(library=soname)
    if "PySide6" in text or getattr(error, "name", "") in ("PySide6", "shiboken6"):
        return _(
            "The graphical interface of kimdesk is not installed (PySide6 is missing); please "
            "reinstall kimdesk."
        )
    return _("The graphical interface cannot be loaded ({kind}); please reinstall kimdesk.").format(
        kind=type(error).__name__
    )
