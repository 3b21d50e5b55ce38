"""The window's keys work while a number box has the keyboard.

A spin box takes every key that could be typing: after a student types a learning rate, Space
went into the box (blanking it) instead of playing, and Ctrl+Z undid the typing instead of the
last edit. No number box here takes a space, an R or an undo of its own worth having, so those
keys commit what was typed and go to the window; Enter commits and gives the keyboard back to
the window, so the arrows step the race again. Typing digits, '.', 'e', '-', Backspace and the
arrows inside a box being edited are left alone.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QWidget

PLAIN_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_R)  # the window's one-key shortcuts a number never contains
WINDOW_SEQUENCES = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
EXTRA_SEQUENCES = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


def number_box(obj) -> QAbstractSpinBox | None:
    """The spin box ``obj`` is, or whose line edit it is."""
    if isinstance(obj, QAbstractSpinBox):
        return obj
    if isinstance(obj, QLineEdit) and isinstance(obj.parent(), QAbstractSpinBox):
        return obj.parent()
    return None


def _for_the_window(event) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if event.key() in PLAIN_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
        return True
    if any(event.matches(standard) for standard in WINDOW_SEQUENCES):
        return True
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch for sequence in EXTRA_SEQUENCES)


class WindowKeys(QObject):
    """An application event filter (installed by the main window for its own widgets)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        box = number_box(obj)
        if box is None or box.window() is not self.window:
            return False
        if kind == QEvent.Type.ShortcutOverride and _for_the_window(event):
            box.interpretText()  # what was typed counts (valueChanged fires as for Enter)
            event.ignore()  # not the box's: the window's shortcut fires
            return True
        if kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QTimer.singleShot(0, self._give_back)  # after the box has taken its Enter
        return False

    def _give_back(self) -> None:
        focus = self.window.focusWidget()
        if focus is not None and number_box(focus) is not None:
            focus.clearFocus()
            self.window.setFocus(Qt.FocusReason.OtherFocusReason)
