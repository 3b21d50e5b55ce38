"""--install-desktop: a valid launcher with this installation's absolute command, the icon, the
.dlab.json file type; --uninstall-desktop takes exactly those away."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui import desktop

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG desktop is Linux's")
def test_install_writes_a_valid_launcher_that_starts_this_installation(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    written = desktop.install()
    launcher = tmp_path / "applications" / "descent-lab.desktop"
    assert set(written) == set(desktop.targets(tmp_path).values()) and launcher in written
    text = launcher.read_text(encoding="utf-8")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" %f")  # a double-clicked file arrives as the one positional argument
    assert "MimeType=application/x-descent-lab-session;text/csv;" in text
    assert 'glob pattern="*.dlab.json"' in (tmp_path / "mime" / "packages" / "descent-lab.xml").read_text()
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(launcher)], capture_output=True, text=True)
        assert checked.returncode == 0 and "error" not in checked.stdout.lower(), checked.stdout
    command = desktop.launch_command()
    assert all(Path(word).is_absolute() for word in command)
    started = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert started.returncode == 0 and started.stdout.startswith("Descent Lab ")
    removed = desktop.uninstall()
    assert set(removed) == set(written) and not any(path.exists() for path in written)


def test_exec_words_are_quoted_as_the_desktop_spec_says():
    text = desktop.launcher_text(["/opt/my apps/python", "/opt/my apps/main.py"])
    assert 'Exec="/opt/my apps/python" "/opt/my apps/main.py" %f' in text
    assert desktop._quote('a"b$c') == '"a\\"b\\$c"'


def test_the_command_line_installs_without_qt(tmp_path):
    code = ("import sys, main; rc = main.main(['--install-desktop']); "
            "print('qt' if 'PySide6.QtGui' in sys.modules else 'no qt', rc)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.stdout.strip().endswith("no qt 0"), out.stdout + out.stderr
    assert (tmp_path / "applications" / "descent-lab.desktop").exists()
