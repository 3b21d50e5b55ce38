"""The penalty on the toolbar: none, L2 (ridge), L1 (lasso) or both, and its strength λ on a log
slider from 1e-4 to 10. The cost becomes cost + λ·Σw² (L2) and/or + λ·Σ|w| (L1), never on the
bias; the surface, the optimum and the curves follow as the slider moves (the session keeps the
data's part of the surface, so dragging it stays smooth)."""
from __future__ import annotations

import math

from PySide6.QtCore import QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QSlider

from engine.session import messages as m

LOW, HIGH, PER_DECADE = -4, 1, 20  # λ = 10^(LOW + i / PER_DECADE), i = 0 .. (HIGH - LOW) * PER_DECADE
DEFAULT_LAMBDA = 0.01
KINDS = ("none", "l2", "l1", "both")
DRAG_POST_MS = 120


def lam_of(index: int) -> float:
    return float(f"{10 ** (LOW + index / PER_DECADE):.3g}")  # 0.0112, not 0.011220184543019636


def index_of(lam: float) -> int:
    i = round((math.log10(max(lam, 10.0**LOW)) - LOW) * PER_DECADE)
    return max(0, min((HIGH - LOW) * PER_DECADE, i))


class PenaltyControl(QObject):
    """Adds its widgets to ``toolbar``; ``show_frame`` follows the session's model."""

    def __init__(self, window, toolbar) -> None:
        super().__init__(window)
        self.window = window
        self.label = QLabel(" " + self.tr("Penalty:") + " ")
        self.combo = QComboBox()
        for kind, text in zip(KINDS, (self.tr("none"), self.tr("L2 (ridge)"), self.tr("L1 (lasso)"),
                                      self.tr("L2 + L1"))):
            self.combo.addItem(text, kind)
        self.combo.setToolTip(self.tr("Add a penalty on the weights to the cost (never on the bias): L2 adds "
                                      "λ·Σw², L1 adds λ·Σ|w| and sets weights exactly to 0"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, (HIGH - LOW) * PER_DECADE)
        self.slider.setFixedWidth(90)
        self.slider.setValue(index_of(DEFAULT_LAMBDA))
        self.slider.setToolTip(self.tr("The penalty's strength λ, from 0.0001 to 10 (a log scale)"))
        self.value = QLabel()
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance("λ 0.0001"))
        self.actions = [toolbar.addWidget(w) for w in (self.label, self.combo, self.slider, self.value)]
        self._shown = None
        self._lam = DEFAULT_LAMBDA  # the slider's steps, or the model's own value (a file, the CLI)
        self.combo.activated.connect(lambda _i: self._post())
        self.slider.valueChanged.connect(self._slid)
        # a drag posts a few times a second, not at every pixel: each λ restarts the race
        self._drag_timer = QTimer(self)
        self._drag_timer.setSingleShot(True)
        self._drag_timer.setInterval(DRAG_POST_MS)
        self._drag_timer.timeout.connect(self._post)
        self.slider.sliderReleased.connect(self._post)
        self._show_value()

    def _slid(self, index: int) -> None:
        self._lam = lam_of(index)
        if self.slider.isSliderDown():
            self._show_value()
            if not self._drag_timer.isActive():
                self._drag_timer.start()
            return
        self._post()

    def _post(self) -> None:
        self._drag_timer.stop()
        kind = self.combo.currentData()
        self._show_value()
        lam = self._lam
        l2 = lam if kind in ("l2", "both") else 0.0
        l1 = lam if kind in ("l1", "both") else 0.0
        self.window.post(m.SetPenalty(l2=l2, l1=l1))

    def _show_value(self) -> None:
        on = self.combo.currentData() != "none"
        self.slider.setEnabled(on and self.combo.isEnabled())
        self.value.setText(f"λ {self._lam:g}" if on else "")

    def show_frame(self, frame) -> None:
        model = frame.model
        l2, l1 = (model.l2, model.l1) if model is not None else (0.0, 0.0)
        function = model is None or model.kind == "function"
        key = (l2, l1, function)
        if key == self._shown or self.slider.isSliderDown():
            return
        self._shown = key
        kind = "both" if l2 and l1 else "l2" if l2 else "l1" if l1 else "none"
        with QSignalBlocker(self.combo), QSignalBlocker(self.slider):
            self.combo.setCurrentIndex(KINDS.index(kind))
            if kind != "none":
                self._lam = l2 or l1
                self.slider.setValue(index_of(self._lam))
        self.combo.setEnabled(not function)
        tip = self.tr("The cost is the data's cost + {terms}").format(
            terms=" + ".join(t for t in (f"{l2:g}·Σw²" if l2 else "", f"{l1:g}·Σ|w|" if l1 else "") if t))
        self.value.setToolTip(tip if kind != "none" else "")
        self._show_value()
