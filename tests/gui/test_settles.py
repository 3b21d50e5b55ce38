"""A paused window settles: the slice of a big model must not keep re-widening its ranges
(digits once recomputed its surface forever after 400 steps, and --screenshot never finished)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_digits_settles_after_400_steps(tmp_path):
    out = tmp_path / "digits.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "main.py", "--preset", "digits", "--steps", "400",
                             "--screenshot", str(out)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    assert not QImage(str(out)).isNull()
