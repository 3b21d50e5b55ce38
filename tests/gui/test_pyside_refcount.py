"""PySide6 6.12.0 on Python 3.11 dropped a reference to None on every Qt call returning nothing,
until the interpreter aborted (none_dealloc). pyproject keeps PySide6 below 6.12; this catches
a return of the bug in whatever version is installed."""
import sys

from PySide6.QtGui import QPainterPath


def test_void_qt_calls_do_not_leak_references_to_none():
    path = QPainterPath()
    before = sys.getrefcount(None)
    for i in range(10_000):
        path.lineTo(float(i), float(i % 7))
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references over 10 000 void calls"
