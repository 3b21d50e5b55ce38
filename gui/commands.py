"""Every data edit as a QUndoCommand: undo and redo for free, a whole drag one undo step.

Each command stores the dataset before and after the edit. Datasets are immutable, so undo and
redo restore them exactly (no re-applying of arithmetic). The "after" dataset is built when the
command is created, so a bad edit raises (``DataError``, ``IndexError``) before anything reaches the undo stack.
"""
from __future__ import annotations

import dataclasses
import itertools

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from engine.data import Dataset

from .document import DataDocument

# MovePoint commands with the same drag id merge: QUndoStack compares ``id()`` first.
MOVE_POINT_ID = 0x4D50  # "MP"

_drag_ids = itertools.count(1)


def new_drag_id() -> int:
    """A fresh id for one drag gesture: every MovePoint it pushes carries it."""
    return next(_drag_ids)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


def _emptied(ds: Dataset) -> Dataset:
    return dataclasses.replace(ds, X=np.empty((0, ds.d)), y=ds.y[:0])


class DatasetCommand(QUndoCommand):
    """Swap the document's dataset for ``after``; undo puts ``before`` back."""

    def __init__(self, doc: DataDocument, after: Dataset, text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = doc.dataset
        self.after = after

    def redo(self) -> None:
        self.doc.set_dataset(self.after)

    def undo(self) -> None:
        self.doc.set_dataset(self.before)


class AddPoint(DatasetCommand):
    """Append the point ``x`` [D] with target or class ``y``."""

    def __init__(self, doc: DataDocument, x, y) -> None:
        super().__init__(doc, doc.dataset.with_point(x, y), _tr("Add point"))
        self.x = np.array(x, dtype=np.float64).reshape(-1)
        self.y = y


class MovePoint(DatasetCommand):
    """Move point ``i`` to ``x_new`` (and ``y_new``: the target in regression, or a new class).

    Commands with the same ``drag_id`` and point merge, so one drag is one undo step. With
    ``drag_id=None`` the move is a step of its own.
    """

    def __init__(self, doc: DataDocument, i: int, x_new, y_new=None, drag_id: int | None = None) -> None:
        super().__init__(doc, doc.dataset.moved(int(i), x_new, y_new), _tr("Move point"))
        self.i = int(i)
        self.drag_id = drag_id

    def id(self) -> int:
        return MOVE_POINT_ID if self.drag_id is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MovePoint) or other.drag_id != self.drag_id or other.i != self.i:
            return False
        self.after = other.after
        return True


class RemovePoint(DatasetCommand):
    def __init__(self, doc: DataDocument, i: int) -> None:
        super().__init__(doc, doc.dataset.without(int(i)), _tr("Remove point"))
        self.i = int(i)


class ClearData(DatasetCommand):
    """Remove every point; the features, classes and names stay, so the user can start drawing."""

    def __init__(self, doc: DataDocument) -> None:
        super().__init__(doc, _emptied(doc.dataset), _tr("Clear data"))


class ReplaceDataset(DatasetCommand):
    """Swap in a whole new dataset (standardise, import, split ...), undoable."""

    def __init__(self, doc: DataDocument, ds: Dataset, text: str | None = None) -> None:
        super().__init__(doc, ds, text if text is not None else _tr("Replace data"))
