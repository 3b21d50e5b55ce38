"""The window's command line: a bad option is refused in one line with exit code 2 before any
thread or window exists (the probe saw `--size big` abort with "QThread destroyed while still
running", and a screenshot into a missing folder exit 1 after starting the whole app)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui.app import parse_args

ROOT = Path(__file__).resolve().parents[2]

BAD = [
    (["--size", "big"], ["--size", "width and height", "1024x768"]),
    (["--size", "1024x"], ["--size", "1024x768"]),
    (["--size", "10x10"], ["--size"]),
    (["--size", "99999x768"], ["--size"]),
    (["--steps", "-1"], ["--steps", "from 0"]),
    (["--steps", str(2**63)], ["--steps", "1,000,000"]),
    (["--speed", "0"], ["--speed", "1 to 10 000"]),
    (["--preset", "nope"], ["--preset", "nope"]),
    (["--screenshot", "/no/such/folder/x.png"], ["cannot write", "does not exist"]),
]


@pytest.mark.parametrize("argv,words", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_a_bad_window_option_is_one_line_and_exit_2(argv, words, capsys):
    with pytest.raises(SystemExit) as stop:
        parse_args(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("descent-lab: error:")
    for word in words:
        assert word in err, (word, err)


def test_a_good_size_is_read_as_pixels(tmp_path):
    args = parse_args(["--size", "1024X768", "--screenshot", str(tmp_path / "x.png")])
    assert args.size == (1024, 768)


@pytest.mark.slow
def test_the_real_entry_point_refuses_before_starting_threads(tmp_path):
    """Through main.py, as a user types it: no abort, no traceback, no Qt warning about threads."""
    for argv in (["--size", "big", "--screenshot", str(tmp_path / "x.png")],
                 ["--screenshot", str(tmp_path / "missing" / "x.png")]):
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                              timeout=60, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr and "QThread" not in done.stderr, done.stderr
