"""Undo and redo without Qt: each step remembers the fields of the state it changed, before and after.

Undoing puts the "before" values back into the *current* state, so a later change of something
else (a learning rate, say) survives undoing an older data edit. A drag is one step: moves with
the same ``merge`` key fold into the step on top. The oldest steps are forgotten past a budget
of data kept (a data set is shared between steps, never copied, so most steps cost nothing).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MAX_STEPS = 200
MAX_BYTES = 400 * 2**20  # data kept alive by the undo history alone


@dataclass
class UndoStep:
    text: str
    before: dict
    after: dict
    merge: object | None = None
    data_bytes: int = field(default=0)


class History:
    def __init__(self) -> None:
        self._done: list[UndoStep] = []
        self._undone: list[UndoStep] = []

    def push(self, step: UndoStep) -> None:
        """A new step on top (the redo list is dropped); merged into the top one when their keys match."""
        self._undone.clear()
        top = self._done[-1] if self._done else None
        if top is not None and step.merge is not None and top.merge == step.merge:
            top.after = {**top.after, **step.after}
            for key, value in step.before.items():
                top.before.setdefault(key, value)
            return
        step.data_bytes = _data_bytes(step)
        self._done.append(step)
        self._forget_oldest()

    def undo(self) -> UndoStep | None:
        if not self._done:
            return None
        step = self._done.pop()
        self._undone.append(step)
        return step

    def redo(self) -> UndoStep | None:
        if not self._undone:
            return None
        step = self._undone.pop()
        self._done.append(step)
        return step

    def seal(self) -> None:
        """The next step starts afresh, even with the merge key of the one on top (a new drag)."""
        if self._done:
            self._done[-1].merge = None

    @property
    def undo_text(self) -> str | None:
        return self._done[-1].text if self._done else None

    @property
    def redo_text(self) -> str | None:
        return self._undone[-1].text if self._undone else None

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    def _forget_oldest(self) -> None:
        while len(self._done) > MAX_STEPS or (len(self._done) > 1 and sum(s.data_bytes for s in self._done) > MAX_BYTES):
            self._done.pop(0)


def _data_bytes(step: UndoStep) -> int:
    total = 0
    for values in (step.before, step.after):
        dataset = values.get("dataset")
        if dataset is not None:
            total += int(np.asarray(dataset.X).nbytes + np.asarray(dataset.y).nbytes)
            cached = dataset.__dict__.get("_expanded")  # engine/features.expanded keeps its design on it
            if cached is not None:
                total += int(np.asarray(cached[1].X).nbytes)
    return total
