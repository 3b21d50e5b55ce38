"""Race ▸ Learning-rate sweep: one optimiser at many learning rates, or momentum's (lr, β) map.

The selected run's optimiser and hyper-parameters are raced at K learning rates (log scale), each
a row of one race on the session's export thread (``RunSweep``); the dialog stays open beside the
window, with a progress bar and Cancel, and draws the result when it comes: the final cost
against the rate with the critical rate 2(1 + β)/λmax marked, or the map of steps to the target
over (lr, β) with the boundary lr·λmax = 2 + 2β drawn over it.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from engine.session import Frame
from engine.session import messages as m
from engine.surface.look import colour_image
from engine.sweeps import MAX_GRID, MAX_RATES, MAX_SWEEP_STEPS
from gui.views import colors

CRITICAL_COLOR = "#B00020"


def _rate_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(6)
    box.setRange(1e-6, 100.0)
    box.setValue(value)
    box.setKeyboardTracking(False)
    return box


class SweepDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle(self.tr("Learning-rate sweep"))
        self.setModal(False)
        self.resize(640, 560)
        self.run_label = QLabel()
        self.lo, self.hi = _rate_box(1e-4), _rate_box(1.0)
        self.count = QSpinBox()
        self.count.setRange(1, MAX_RATES)
        self.count.setValue(30)
        self.steps = QSpinBox()
        self.steps.setRange(1, MAX_SWEEP_STEPS)
        self.steps.setGroupSeparatorShown(True)
        self.steps.setValue(300)
        self.phase = QCheckBox(self.tr("(lr, β) map of momentum"))
        self.phase.setToolTip(self.tr("Race every pair of a learning rate and a momentum β (up to {n} × {n}) and "
                                      "colour each by the steps it takes to get near the optimum").format(n=MAX_GRID))
        self.beta_lo = QDoubleSpinBox()
        self.beta_hi = QDoubleSpinBox()
        for box, value in ((self.beta_lo, 0.0), (self.beta_hi, 0.95)):
            box.setRange(0.0, 0.999)
            box.setDecimals(3)
            box.setSingleStep(0.05)
            box.setValue(value)
        self.beta_count = QSpinBox()
        self.beta_count.setRange(1, MAX_GRID)
        self.beta_count.setValue(20)
        form = QFormLayout()
        form.addRow(self.tr("Optimiser of"), self.run_label)
        rates = QHBoxLayout()
        for widget in (self.lo, QLabel(self.tr("to")), self.hi, QLabel(self.tr("in")), self.count,
                       QLabel(self.tr("rates"))):
            rates.addWidget(widget)
        form.addRow(self.tr("Learning rates"), rates)
        form.addRow(self.tr("Steps"), self.steps)
        betas = QHBoxLayout()
        for widget in (self.phase, self.beta_lo, QLabel(self.tr("to")), self.beta_hi, QLabel(self.tr("in")),
                       self.beta_count):
            betas.addWidget(widget)
        form.addRow(self.tr("Momentum β"), betas)
        self.start_button = QPushButton(self.tr("Sweep"))
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        self._plot_widget = pg.PlotWidget(background=colors.BACKGROUND)
        self.plot = self._plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        colors.style_plot(self.plot)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self._plot_widget, 1)
        self.start_button.clicked.connect(self._start)
        self.cancel_button.clicked.connect(lambda: self.window.post(m.CancelSweep()))
        self.phase.toggled.connect(self._on_phase)
        self._shown = None
        self._on_phase(False)

    def _on_phase(self, on: bool) -> None:
        for box in (self.beta_lo, self.beta_hi, self.beta_count):
            box.setEnabled(on)
        self.count.setMaximum(MAX_GRID if on else MAX_RATES)

    def _start(self) -> None:
        frame = self.window._latest
        if frame is None:
            return
        betas = (self.beta_lo.value(), self.beta_hi.value(), self.beta_count.value()) if self.phase.isChecked() \
            else None
        self.window.post(m.RunSweep(frame.selected_run, self.lo.value(), self.hi.value(), self.count.value(),
                                    self.steps.value(), betas))

    # -- from frames --------------------------------------------------------------------------

    def show_frame(self, frame: Frame) -> None:
        if 0 <= frame.selected_run < len(frame.runs):
            run = frame.runs[frame.selected_run]
            self.run_label.setText(f"{run.label} ({run.optimizer})")
            momentum_like = run.optimizer in ("gd", "sgd", "momentum")
            self.phase.setEnabled(momentum_like)
            if not momentum_like and self.phase.isChecked():
                self.phase.setChecked(False)
        running = frame.sweep_progress is not None
        self.progress.setValue(int(1000 * (frame.sweep_progress or (1.0 if frame.sweep is not None else 0.0))))
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if frame.sweep is not self._shown:
            self._shown = frame.sweep
            self._draw(frame.sweep)

    def _draw(self, result) -> None:
        self.plot.clear()
        if result is None:
            self.status.setText(self.tr("Nothing swept yet for this data and start."))
            return
        if result.request.kind == "rates":
            self._draw_rates(result)
        else:
            self._draw_phase(result)

    def _draw_rates(self, result) -> None:
        rates = np.array(result.request.rates)
        final = np.where(np.isfinite(result.final_loss) & (result.final_loss > 0), result.final_loss, np.nan)
        self.plot.setLogMode(x=True, y=True)
        colors.set_axis_label(self.plot, "bottom", self.tr("learning rate"))
        colors.set_axis_label(self.plot, "left", self.tr("cost after {n} steps").format(n=result.request.steps))
        ok = ~result.diverged
        self.plot.plot(rates[ok], final[ok], pen=pg.mkPen(colors.OUTLINE_COLOR, width=2), symbol="o", symbolSize=6,
                       symbolBrush=pg.mkBrush("#0072B2"))
        if (~ok).any():
            top = np.nanmax(final[ok]) if ok.any() else 1.0
            self.plot.plot(rates[~ok], np.full((~ok).sum(), top), pen=None, symbol="x", symbolSize=10,
                           symbolPen=pg.mkPen(CRITICAL_COLOR, width=2), symbolBrush=None)
        text = self.tr("{ok} of {n} rates converge or keep falling; × diverged.").format(ok=int(ok.sum()),
                                                                                        n=len(rates))
        if result.critical_lr is not None:
            line = pg.InfiniteLine(pos=math.log10(result.critical_lr), angle=90,
                                   pen=pg.mkPen(CRITICAL_COLOR, width=1.5, style=Qt.PenStyle.DashLine))
            self.plot.addItem(line)
            text += " " + self.tr("Dashed: the critical rate {lr} = 2(1 + β)/λmax of the Hessian at the start.").format(
                lr=f"{result.critical_lr:.4g}")
        self.status.setText(text)

    def _draw_phase(self, result) -> None:
        rates = np.log10(np.array(result.request.rates))
        betas = np.array(result.request.betas)
        steps = result.steps_to_target.astype(np.float64)
        value = np.where(steps > 0, np.log10(np.maximum(steps, 1)), np.nan)
        top = np.nanmax(value) if np.isfinite(value).any() else 1.0
        shade = np.where(np.isfinite(value), value / max(top, 1e-9), 1.0)
        rgb = colour_image(shade, 0.0, 1.0)  # the surface's colours: dark is few steps
        rgb[result.diverged] = (90, 0, 20)  # dark red: diverged
        rgb[(steps <= 0) & ~result.diverged] = (200, 200, 200)  # grey: not near the optimum in time
        self.plot.setLogMode(x=False, y=False)
        image = pg.ImageItem(rgb.transpose(1, 0, 2))  # x: lr, y: β
        dx = (rates[-1] - rates[0]) / max(len(rates) - 1, 1) or 1.0
        dy = (betas[-1] - betas[0]) / max(len(betas) - 1, 1) or 0.05
        image.setRect(rates[0] - dx / 2, betas[0] - dy / 2, dx * len(rates), dy * len(betas))
        self.plot.addItem(image)
        colors.set_axis_label(self.plot, "bottom", self.tr("log₁₀ learning rate"))
        colors.set_axis_label(self.plot, "left", self.tr("momentum β"))
        text = self.tr("Colour: steps to get near the optimum (dark: fast, light: slow; grey: not in {n} steps; dark "
                       "red: diverged).").format(n=result.request.steps)
        if result.lam_max:
            beta = np.linspace(betas[0], betas[-1], 100)
            boundary = np.log10(2 * (1 + beta) / result.lam_max)
            self.plot.plot(boundary, beta, pen=pg.mkPen("#FFFFFF", width=3))
            self.plot.plot(boundary, beta, pen=pg.mkPen("#000000", width=1.5, style=Qt.PenStyle.DashLine))
            text += " " + self.tr("Line: lr·λmax = 2 + 2β, beyond which heavy-ball momentum diverges.")
        self.status.setText(text)
