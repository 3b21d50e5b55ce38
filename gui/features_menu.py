"""Data ▸ Feature expansion: the inputs as they are, or their powers (one input: polynomial
regression, for the overfitting lesson) or crosses (two inputs: curved boundaries for moons and
circles), degree by degree. The menu follows the frame: only the expansion the data can take
is offered, and the one in use is checked."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from engine.features import MAX_DEGREE
from engine.session import messages as m


class FeaturesMenu(QObject):
    def __init__(self, window, menu) -> None:
        super().__init__(window)
        self.window = window
        self.menu = menu
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._key = None
        self.none_action = self._action(self.tr("The inputs as they are"), None)
        menu.addSeparator()
        self.actions: dict[str, QAction] = {}
        for kind in ("poly", "cross"):
            for degree in range(2, MAX_DEGREE[kind] + 1):
                text = f"{kind}:{degree}"
                title = (self.tr("Powers of x up to degree {d} (z, z², …)") if kind == "poly" else
                         self.tr("Crosses of x1, x2 up to degree {d} (z1, z2, z1², z1·z2, …)")).format(d=degree)
                self.actions[text] = self._action(title, text)
        menu.setToolTipsVisible(True)

    def _action(self, title: str, text: str | None) -> QAction:
        action = self.menu.addAction(title)
        action.setCheckable(True)
        self._group.addAction(action)
        action.triggered.connect(lambda _=False, text=text: self._choose(text))
        return action

    def _choose(self, text: str | None) -> None:
        self._key = None  # the group has checked the entry already: the next frame says if it took
        self.window.post(m.SetFeatures(text))

    def show_frame(self, frame) -> None:
        ds, model = frame.dataset, frame.model
        inputs = 0 if ds is None or (model is not None and model.kind == "function") else ds.d
        current = frame.state.features.text if frame.state.features is not None else None
        key = (inputs, current)
        if key == self._key:
            return
        self._key = key
        self.menu.setEnabled(inputs in (1, 2))
        for text, action in self.actions.items():
            action.setVisible(text.startswith("poly") if inputs == 1 else text.startswith("cross"))
            action.setChecked(text == current)
        self.none_action.setChecked(current is None)
