"""``descent-lab --install-desktop``: a launcher in the desktop's menu, and ``.dlab.json`` files
that open in Descent Lab on a double-click (Linux, the XDG way; no root, no Qt).

Writes into the user's data folder (``$XDG_DATA_HOME``, else ``~/.local/share``):
``applications/descent-lab.desktop`` (from ``resources/descent-lab.desktop``, with the absolute
command of *this* installation), the icon under ``icons/hicolor/scalable/apps/``, and the file
type ``application/x-descent-lab-session`` under ``mime/packages/``; then refreshes the desktop's
caches when their tools are installed. ``--uninstall-desktop`` removes exactly those files.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from resources import FOLDER

RESOURCES = FOLDER
MAIN = Path(__file__).resolve().parent.parent / "main.py"
SESSION_TYPE = "application/x-descent-lab-session"
MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{SESSION_TYPE}">
    <comment>Descent Lab session</comment>
    <comment xml:lang="ko">Descent Lab 세션</comment>
    <sub-class-of type="application/json"/>
    <glob pattern="*.dlab.json" weight="80"/>
  </mime-type>
</mime-info>
"""


def data_home(environ=os.environ) -> Path:
    value = environ.get("XDG_DATA_HOME")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def targets(home: Path) -> dict[str, Path]:
    return {
        "launcher": home / "applications" / "descent-lab.desktop",
        "icon": home / "icons" / "hicolor" / "scalable" / "apps" / "descent-lab.svg",
        "mime": home / "mime" / "packages" / "descent-lab.xml",
    }


def _quote(word: str) -> str:
    """A word of a desktop entry's Exec line (the spec's quoting: double quotes, \\ before " ` $ \\)."""
    if not any(c in word for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return word
    return '"' + "".join("\\" + c if c in '"`$\\' else c for c in word) + '"'


def launch_command(argv0: str | None = None, executable: str = sys.executable) -> list[str]:
    """The absolute command that starts this installation: its ``descent-lab`` script when that
    is how it was started, else this Python running main.py."""
    script = Path(argv0 or sys.argv[0])
    if script.name == "descent-lab" and script.exists():
        return [str(script.resolve())]
    beside = Path(executable).with_name("descent-lab")
    if beside.exists():
        return [str(beside)]
    return [str(Path(executable).absolute()), str(MAIN)]


def launcher_text(command: list[str]) -> str:
    """resources/descent-lab.desktop with this installation's Exec line and the file types."""
    lines = []
    for line in (RESOURCES / "descent-lab.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(_quote(word) for word in command) + " %f"
        elif line.startswith(("TryExec=", "MimeType=")):
            continue
        lines.append(line)
    lines.append(f"MimeType={SESSION_TYPE};text/csv;")
    return "\n".join(lines) + "\n"


def _refresh(home: Path) -> None:
    for tool, folder in (("update-mime-database", home / "mime"), ("update-desktop-database", home / "applications"),
                         ("gtk-update-icon-cache", home / "icons" / "hicolor")):
        if shutil.which(tool) and folder.is_dir():
            arguments = [tool, "-q", "-t", str(folder)] if tool == "gtk-update-icon-cache" else [tool, str(folder)]
            subprocess.run(arguments, capture_output=True, timeout=60)


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    home = home or data_home()
    paths = targets(home)
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    paths["launcher"].write_text(launcher_text(command or launch_command()), encoding="utf-8")
    shutil.copyfile(RESOURCES / "descent-lab.svg", paths["icon"])
    paths["mime"].write_text(MIME_XML, encoding="utf-8")
    _refresh(home)
    return list(paths.values())


def uninstall(home: Path | None = None) -> list[Path]:
    home = home or data_home()
    removed = []
    for path in targets(home).values():
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh(home)
    return removed


def main(argv: list[str]) -> int:
    """``--install-desktop`` or ``--uninstall-desktop``: say what was done, one line a file."""
    if sys.platform != "linux":
        print("descent-lab: --install-desktop is for Linux desktops; on Windows and macOS start it with "
              "descent-lab", file=sys.stderr)
        return 2
    try:
        if "--uninstall-desktop" in argv:
            removed = uninstall()
            print("\n".join(f"removed {path}" for path in removed)
                  or "nothing to remove: Descent Lab was not installed")
        else:
            written = install()
            print("\n".join(f"wrote {path}" for path in written))
            print("Descent Lab is in the applications menu; .dlab.json files open in it.")
    except OSError as error:
        print(f"descent-lab: cannot write the launcher: {error.strerror or error} ({error.filename})", file=sys.stderr)
        return 1
    return 0

