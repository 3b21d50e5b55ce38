"""Before a window: missing X11 libraries named with their packages; --version and --help with no window."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gui.system_check import XCB_LIBRARIES, check_window_libraries, uses_xcb

ROOT = Path(__file__).resolve().parents[2]


def test_the_two_libraries_a_fresh_debian_lacks_are_named_with_their_packages():
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    text = check_window_libraries({"DISPLAY": ":0"}, "linux", loads=lambda name: name not in absent)
    assert text.startswith("descent-lab: cannot open a window")
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in text
    assert text.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")
    assert "libxcb-cursor" not in text  # Qt's own message blamed this one
    assert "\n" not in text


def test_nothing_is_said_when_all_is_there_or_no_x11_window_is_wanted():
    assert check_window_libraries({"DISPLAY": ":0"}, "linux", loads=lambda name: True) is None
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux") and uses_xcb({}, "linux")
    assert check_window_libraries({}, "win32", loads=lambda name: False) is None
    offscreen = check_window_libraries({"QT_QPA_PLATFORM": "offscreen"}, "linux",
                                       loads=lambda name: name in XCB_LIBRARIES)
    assert "libEGL.so.1" in offscreen and "libxcb" not in offscreen  # QtGui's own still count


def test_the_table_matches_what_the_installed_plugin_links_to():
    """If PySide6's xcb plugin starts needing another library, the table must say its package."""
    import shutil

    import PySide6
    import pytest

    if shutil.which("readelf") is None:
        pytest.skip("readelf (binutils) is not installed")
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    needed = subprocess.run(["readelf", "-d", str(plugin)], capture_output=True, text=True).stdout
    xcb = {word.strip("[]") for word in needed.split() if word.startswith("[libxcb")}
    assert xcb and xcb <= set(XCB_LIBRARIES)


def test_version_and_help_need_no_window():
    code = ("import sys, main; sys.argv=['descent-lab','--version']; rc = main.main(['--version']); "
            "print('qt' if 'PySide6.QtWidgets' in sys.modules else 'no qt', rc)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    from engine import __version__

    assert out.stdout.split("\n")[:2] == [f"Descent Lab {__version__}", "no qt 0"]
    helped = subprocess.run([sys.executable, "main.py", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert helped.returncode == 0
    for word in ("descent-lab run", "descent-lab surface", "--lang", "--version"):
        assert word in helped.stdout
