"""The step inspector: the selected run's update rule written out with one step's numbers.

A scrubber (slider and number; Left/Right on the slider step back and forth) picks the run's
update among the last ones the race keeps; "Latest" follows the race. The rule's lines are the
pseudocode of its update rule, each with the numbers put in and what it gives; below, the same
race step of every run side by side (|g|, |Δθ| and how far each step is from plain GD's γ|g|).
The arrows on the surface (−γ·g, what the rule added, the step taken) are the surface view's.
"""
from __future__ import annotations

import html
import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.session import Frame
from gui.words import shown

from . import colors


class Scrubber(QSlider):
    """A slider that keeps its arrow keys while it has the keyboard: the window's Right arrow
    (one race step) would otherwise take them, and Left/Right are how one steps back and forth."""

    KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in self.KEYS:
            event.accept()
            return True
        return super().event(event)


class InspectorView(QWidget):
    """Signals: update_requested(object): an update number, or None to follow the latest."""

    update_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seq = -1
        self._shown_key = None
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.slider = Scrubber(Qt.Orientation.Horizontal)
        self.slider.setToolTip(self.tr("Which update of the run to take apart (Left/Right: one back, one on)"))
        self.spin = QSpinBox()
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(self.tr("The run's update number"))
        self.latest = QCheckBox(self.tr("Latest"))
        self.latest.setChecked(True)
        self.latest.setToolTip(self.tr("Follow the race: show each new step as it is taken"))
        header = QHBoxLayout()
        header.setContentsMargins(4, 2, 4, 2)
        header.addWidget(self.title, 1)
        header.addWidget(QLabel(self.tr("update")))
        header.addWidget(self.spin)
        header.addWidget(self.latest)
        self.rule = QLabel()
        self.rule.setTextFormat(Qt.TextFormat.RichText)
        self.rule.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rule.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule.setStyleSheet(f"color: {colors.TEXT_COLOR};")
        self.compare = QLabel()
        self.compare.setTextFormat(Qt.TextFormat.RichText)
        self.compare.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(4, 0, 4, 0)
        columns.addWidget(self.rule, 3)
        columns.addWidget(self.compare, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumHeight(30)  # a tab beside the race: it must not make the bottom row taller
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.slider)
        layout.addWidget(scroll, 1)
        self.slider.valueChanged.connect(self._on_pick)
        self.spin.valueChanged.connect(self._on_pick)
        self.latest.toggled.connect(self._on_latest)
        self._show_empty()

    # -- from the user ------------------------------------------------------------------------

    def _on_pick(self, value: int) -> None:
        if self.latest.isChecked():
            self.latest.blockSignals(True)
            self.latest.setChecked(False)
            self.latest.blockSignals(False)
        self.update_requested.emit(int(value))

    def _on_latest(self, on: bool) -> None:
        self.update_requested.emit(None if on else int(self.spin.value()))

    # -- from frames --------------------------------------------------------------------------

    def show_frame(self, frame: Frame) -> None:
        if frame.seq == self._seq:
            return
        self._seq = frame.seq
        inspection = frame.inspection
        if inspection is None or inspection.run >= len(frame.runs):
            self._show_empty()
            return
        run = frame.runs[inspection.run]
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
            widget.setRange(inspection.first, inspection.last)
            if not (widget is self.spin and widget.hasFocus()) and not (widget is self.slider and widget.isSliderDown()):
                widget.setValue(inspection.update)
            widget.blockSignals(False)
        for widget in (self.slider, self.spin, self.latest):
            widget.setEnabled(True)
        self.latest.blockSignals(True)
        self.latest.setChecked(frame.state.inspected_update is None)
        self.latest.blockSignals(False)
        self.title.setText(self.tr("{run}: update {n} (race step {t}); kept: {first} to {last}").format(
            run=run.label, n=inspection.update, t=inspection.race_step, first=inspection.first, last=inspection.last))
        key = (inspection.run, inspection.update, inspection.race_step, tuple(inspection.lines), inspection.compare)
        if key == self._shown_key:
            return
        self._shown_key = key
        self.rule.setText(self._rule_html(inspection, run))
        self.compare.setText(self._compare_html(frame, inspection))
        self.compare.setMinimumWidth(self.compare.sizeHint().width())  # the rule scrolls, the table is whole

    def _show_empty(self) -> None:
        self._shown_key = None
        self.title.setText(self.tr("No step to take apart yet: press Play or Step"))
        self.rule.setText("")
        self.compare.setText("")
        for widget in (self.slider, self.spin, self.latest):
            widget.setEnabled(False)

    def _rule_html(self, inspection, run) -> str:
        hyper = ", ".join(f"{key} = {value:g}" if isinstance(value, float) else f"{key} = {value}"
                          for key, value in inspection.hyper.items())
        rows = []
        for line in inspection.lines:
            words = ", ".join(part for part in (line.inputs, shown(line.note)) if part)
            inputs = f"<span style='color:#555'>{html.escape(words)}</span>" if words else ""
            rows.append(f"<tr><td style='padding-right:10px'>{html.escape(line.formula)}</td>"
                        f"<td style='padding-right:10px'>{inputs}</td>"
                        f"<td><b>{html.escape(line.value)}</b></td></tr>")
        warning = "" if inspection.matches else (
            "<p style='color:#B00020'>" + html.escape(self.tr("This rebuilt step differs from the step the race "
                                                              "took: please report it.")) + "</p>")
        return (f"<p><span style='color:{run.color}'>●</span> <b>{html.escape(run.label)}</b> "
                f"({html.escape(inspection.optimizer)}: {html.escape(hyper)})</p>"
                f"<table style='font-family: monospace'>{''.join(rows)}</table>{warning}")

    def _compare_html(self, frame: Frame, inspection) -> str:
        run_word, plain_word = html.escape(self.tr("Run")), html.escape(self.tr("× plain GD"))
        head = (f"<tr><th align='left'>{run_word}</th><th align='right'>|g|</th>"
                f"<th align='right'>|Δθ|</th><th align='right'>{plain_word}</th></tr>")
        rows = []
        for other in inspection.compare:
            if other.run >= len(frame.runs):
                continue
            run = frame.runs[other.run]
            ratio = f"{other.ratio:.3g}" if math.isfinite(other.ratio) else "—"
            weight = "bold" if other.run == inspection.run else "normal"
            rows.append(f"<tr style='font-weight:{weight}'><td><span style='color:{run.color}'>●</span> "
                        f"{html.escape(run.label)}</td><td align='right'>{other.gradient_norm:.3g}</td>"
                        f"<td align='right'>{other.step_norm:.3g}</td><td align='right'>{ratio}</td></tr>")
        note = html.escape(self.tr("Race step {t} of every run. × plain GD: |Δθ| / (γ·|g|), 1 for plain gradient "
                                   "descent; momentum and adaptive steps differ.").format(t=inspection.race_step))
        return f"<table cellspacing='4'>{head}{''.join(rows)}</table><p style='color:#555'>{note}</p>"
