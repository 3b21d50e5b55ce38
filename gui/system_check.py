"""Before Qt opens a window: are the system libraries its X11 plugin needs installed?

Qt's xcb plugin aborts the process (a core dump) when one of its libraries is missing, and its
message names only the first one it tried. This module imports no Qt: it tries to load each
library the plugin links to, and names every missing one with the Debian/Ubuntu package that
provides it, so the user runs one ``apt install`` line and is done.
"""
from __future__ import annotations

import ctypes
import os
import sys

# The shared libraries PySide6's xcb platform plugin (libqxcb.so, libQt6XcbQpa.so) links to, and
# the Debian/Ubuntu package of each (checked with ldd on PySide6 6.11's plugin).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
# What QtGui and QtWidgets themselves link to (without them the import fails, naming only one).
GUI_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def uses_xcb(environ=os.environ, platform: str = sys.platform) -> bool:
    """Will Qt pick its X11 plugin? On Linux unless another platform is asked for (offscreen in
    tests, wayland) or the session is Wayland-only."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(";")[0].split(":")[0] == "xcb"
    return bool(environ.get("DISPLAY")) or not environ.get("WAYLAND_DISPLAY")


def missing_libraries(libraries: dict[str, str], loads=_loads) -> list[tuple[str, str]]:
    return [(name, package) for name, package in libraries.items() if not loads(name)]


def missing_message(missing: list[tuple[str, str]]) -> str:
    names = ", ".join(name for name, _ in missing)
    packages = " ".join(sorted({package for _, package in missing}))
    return (f"descent-lab: cannot open a window: the system lacks {names}. "
            f"Install them (Debian/Ubuntu): sudo apt install {packages}")


def check_window_libraries(environ=os.environ, platform: str = sys.platform, loads=_loads) -> str | None:
    """The message to print when the window cannot open, or None when everything is there."""
    libraries = dict(GUI_LIBRARIES) if platform.startswith("linux") else {}
    if uses_xcb(environ, platform):
        libraries.update(XCB_LIBRARIES)
    missing = missing_libraries(libraries, loads)
    return missing_message(missing) if missing else None
