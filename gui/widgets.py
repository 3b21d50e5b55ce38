"""Small widgets of the race panel: a number box that reads as a student writes, a colour
swatch, and the learning-rate slider (its log scale, and the critical rate marked on it)."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSlider, QStyle, QStyleOptionSlider, QWidget

LR_MIN_EXP, LR_MAX_EXP = -6.0, 1.0  # the slider spans 1e-6 .. 10
SLIDER_STEPS = 700
CRITICAL_COLOR = "#B00020"  # the critical rate's mark, and "diverged" in the race panel


class ScientificSpinBox(QDoubleSpinBox):
    """A spin box that shows 0.001, 1e-06 or 250 as a student would write them; arrows step ×/÷ 2
    when ``log_steps`` (learning rates), else by 1/10 of the magnitude."""

    def __init__(self, minimum: float, maximum: float, log_steps: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setDecimals(12)
        self.setRange(minimum, maximum)
        self._log = log_steps
        self.setKeyboardTracking(False)
        self.setButtonSymbols(QAbstractSpinBox.UpDownArrows)
        self.setMinimumWidth(78)

    def textFromValue(self, value: float) -> str:
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text, pos):
        from PySide6.QtGui import QValidator

        stripped = text.strip().replace(",", ".")
        if stripped in ("", "-", ".", "e", "-.") or stripped.endswith(("e", "e-", "e+")):
            return QValidator.Intermediate, text, pos
        try:
            float(stripped)
        except ValueError:
            return QValidator.Invalid, text, pos
        return QValidator.Acceptable, text, pos

    def stepBy(self, steps: int) -> None:
        value = self.value()
        if self._log and value > 0:
            self.setValue(value * (2.0 ** steps))
        elif value:
            self.setValue(value + steps * 10 ** math.floor(math.log10(abs(value))) / 10)
        else:
            self.setValue(value + steps * self.singleStep())


class Swatch(QWidget):
    """The run's colour, as a small filled circle."""

    def __init__(self, color: str, parent=None) -> None:
        super().__init__(parent)
        self.color = color
        self.setFixedSize(14, 14)

    def set_color(self, color: str) -> None:
        if color != self.color:
            self.color = color
            self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QColor("#202020"))
        painter.setBrush(QColor(self.color))
        painter.drawEllipse(1, 1, 12, 12)


def lr_to_slider(lr: float) -> int:
    if lr <= 0:
        return 0
    x = (math.log10(lr) - LR_MIN_EXP) / (LR_MAX_EXP - LR_MIN_EXP)
    return int(round(min(max(x, 0.0), 1.0) * SLIDER_STEPS))


def slider_to_lr(position: int) -> float:
    exp = LR_MIN_EXP + (LR_MAX_EXP - LR_MIN_EXP) * position / SLIDER_STEPS
    value = 10**exp
    digits = 2 - math.floor(math.log10(value))  # three significant digits
    return round(value, max(digits, 0))


class LearningRateSlider(QSlider):
    """The learning-rate slider with the run's critical rate marked on its groove: a red tick
    where, for this data, the run starts to diverge (``set_critical``; None: no mark)."""

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Horizontal, parent)
        self.setRange(0, SLIDER_STEPS)
        self._critical: int | None = None

    def set_critical(self, lr: float | None) -> None:
        inside = lr is not None and 10.0**LR_MIN_EXP <= lr <= 10.0**LR_MAX_EXP  # off the scale: no mark
        position = lr_to_slider(lr) if inside else None
        if position != self._critical:
            self._critical = position
            self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._critical is None:
            return
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderGroove, self)
        handle = self.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        x = groove.x() + handle.width() / 2 + QStyle.sliderPositionFromValue(0, SLIDER_STEPS, self._critical, span)
        painter = QPainter(self)
        painter.setPen(QPen(QColor(CRITICAL_COLOR), 2))
        painter.drawLine(QPointF(x, 1), QPointF(x, self.height() - 2))
        painter.end()

