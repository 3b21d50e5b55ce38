"""The data the user edits, with its undo history.

The document is the GUI thread's single source of truth for the data set. Every edit is a
QUndoCommand (``gui.commands``) pushed on ``undo_stack``; the command swaps one immutable
``Dataset`` for another through ``set_dataset``, which bumps ``version`` and emits
``dataset_changed``. The main window forwards that signal to the worker as a plain message.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from engine.data import Dataset


class DataDocument(QObject):
    """Holds the current ``Dataset``, a version that increases with every change, and the undo stack."""

    dataset_changed = Signal(object, int)  # (Dataset, version)

    def __init__(self, dataset: Dataset | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dataset = dataset
        self._version = 0
        self.undo_stack = QUndoStack(self)

    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    @property
    def version(self) -> int:
        return self._version

    def set_dataset(self, dataset: Dataset) -> None:
        """Replace the data (commands call this); bumps the version and tells everyone."""
        self._dataset = dataset
        self._version += 1
        self.dataset_changed.emit(dataset, self._version)

    def load_dataset(self, dataset: Dataset) -> None:
        """Start afresh on a preset or an imported file: the undo history is cleared."""
        self.undo_stack.clear()
        self.set_dataset(dataset)
