"""The training-set cost per step for every visible run.

Histories can hold 100 000 steps: each is reduced to a min/max envelope of a few thousand points
before drawing, so every spike of a noisy SGD curve stays visible and painting stays cheap.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from engine.session import Frame, RunFrame
from engine.surface.look import log_ticks

from . import colors
from .stable_range import SteadyViewBox

MAX_POINTS = 4000  # per curve, after the envelope


def envelope(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ~max_points points that keep the minimum and the maximum of every stretch of ``y``."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    if n <= max_points:
        return x, y
    block = math.ceil(n / (max_points // 2))
    m = (n // block) * block
    yb = y[:m].reshape(-1, block)
    with np.errstate(invalid="ignore"):
        low = np.fmin.reduce(yb, axis=1)  # NaN (a blow-up) only where the whole block is NaN
        high = np.fmax.reduce(yb, axis=1)
    xs = np.repeat(x[:m:block], 2)
    ys = np.stack([low, high], axis=1).reshape(-1)
    return np.concatenate([xs, x[m:]]), np.concatenate([ys, y[m:]])


def _same_array(a, b) -> bool:
    if a is None or b is None:
        return a is b
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f" and b.dtype.kind == "f")


class CurvesView(QWidget):
    """Loss curves of the race: log-scale and steps/epochs toggles, the optimum's loss as a dashed line.

    Signals: log_scale_changed(bool), x_in_epochs_changed(bool): the user switched a toggle.
    Slots: show_frame(frame), set_log_scale(bool), set_x_in_epochs(bool).
    """

    log_scale_changed = Signal(bool)
    x_in_epochs_changed = Signal(bool)
    y_changed = Signal(str)  # "cost" | "size" | "angle"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seq: int | None = None
        self._frame: Frame | None = None
        self._log_scale = True
        self._epochs = False
        self._legend_key = None
        self._optimum_value: float | None = None
        self._optimum_unbounded = False
        self._lines: list[pg.PlotDataItem] = []
        self._drawn_key = None  # what the curves drawn show (_changed)
        self._drawn_arrays: list = []
        self._bounds: list[pg.PlotDataItem] = []  # GD on MSE: the predicted envelope, dashed

        self._log_box = QCheckBox(self.tr("Log scale"))
        self._log_box.setChecked(True)
        self._log_box.setToolTip(self.tr("Costs fall over orders of magnitude: a log scale shows the late progress"))
        self._x_combo = QComboBox()
        self._x_combo.addItem(self.tr("steps"), False)
        self._x_combo.addItem(self.tr("epochs"), True)
        self._x_combo.setToolTip(self.tr("One step is one update; one epoch is one pass over the training data"))
        controls = QHBoxLayout()
        controls.setContentsMargins(4, 2, 4, 2)
        controls.addWidget(QLabel(self.tr("x axis:")))
        controls.addWidget(self._x_combo)
        self._y = "cost"
        self._y_combo = QComboBox()
        self._y_combo.addItem(self.tr("cost"), "cost")
        self._y_combo.addItem(self.tr("‖θ‖"), "size")
        self._y_combo.addItem(self.tr("angle to max margin"), "angle")
        self._y_combo.setToolTip(self.tr("The training cost; the size of the parameters ‖θ‖; or the angle between θ "
                                         "and the max-margin direction. On separable data the cost has no minimum: "
                                         "‖θ‖ grows like log(step) for ever while the angle falls to 0 (x on a log "
                                         "scale)"))
        controls.addWidget(QLabel("  " + self.tr("y:")))
        controls.addWidget(self._y_combo)
        controls.addStretch(1)
        controls.addWidget(self._log_box)
        # The legend sits above the plot, so it never hides a curve.
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(f"color: {colors.TEXT_COLOR};")

        # a steady auto-range: the curves grow every refresh, the axes are redrawn only in jumps
        self._plot_widget = pg.PlotWidget(background=colors.BACKGROUND, viewBox=SteadyViewBox())
        self.plot: pg.PlotItem = self._plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        colors.style_plot(self.plot, left=self.tr("training cost"), bottom=self.tr("step"))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLogMode(y=True)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.getAxis("left").setWidth(64)  # room for labels like 1e-12 beside the axis title
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.plot.enableAutoRange()
        self.plot.getViewBox().sigYRangeChanged.connect(self._update_log_ticks)
        self.plot.getViewBox().sigXRangeChanged.connect(self._update_log_ticks)

        self.optimum_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen(colors.OUTLINE_COLOR, width=1.5, style=Qt.PenStyle.DashLine), label="",
            labelOpts={"position": 0.03, "anchors": [(0, 1), (0, 1)], "color": colors.TEXT_COLOR,
                       "fill": pg.mkBrush(255, 255, 255, 200)})
        self.optimum_line.setVisible(False)
        self.optimum_line.setZValue(10)
        self.plot.addItem(self.optimum_line)
        self._tests: list = []  # each run's test cost, dashed
        self.best_test = pg.ScatterPlotItem(symbol="t", size=13, pen=pg.mkPen(colors.OUTLINE_COLOR, width=1))
        self.best_test.setZValue(12)
        self.best_test.setToolTip(self.tr("The lowest test cost: early stopping would stop here"))
        self.plot.addItem(self.best_test)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self.legend)
        layout.addWidget(self._plot_widget, 1)

        self._log_box.toggled.connect(self._on_log_box)
        self._x_combo.currentIndexChanged.connect(self._on_x_combo)
        self._y_combo.currentIndexChanged.connect(self._on_y_combo)

    def _on_log_box(self, on: bool) -> None:
        self.set_log_scale(on)
        self.log_scale_changed.emit(bool(on))

    def _on_x_combo(self, _index: int) -> None:
        on = bool(self._x_combo.currentData())
        self.set_x_in_epochs(on)
        self.x_in_epochs_changed.emit(on)

    def _on_y_combo(self, _index: int) -> None:
        kind = self._y_combo.currentData()
        self.set_y(kind)
        self.y_changed.emit(kind)

    # -- public slots -------------------------------------------------------------------------------

    def set_y(self, kind: str) -> None:
        """What the curves show: the cost, or ‖θ‖ or its angle to the max-margin direction against
        log(step) (a linear y: ‖θ‖ ~ log(step) is then a straight line)."""
        index = max(self._y_combo.findData(kind), 0)
        if self._y_combo.currentIndex() != index:
            self._y_combo.blockSignals(True)
            self._y_combo.setCurrentIndex(index)
            self._y_combo.blockSignals(False)
        if kind == self._y:
            return
        self._y = kind
        cost = kind == "cost"
        self._log_box.setEnabled(cost)
        self.plot.setLogMode(x=not cost, y=self._log_scale and cost)
        labels = {"cost": self.tr("training cost"), "size": self.tr("‖θ‖"), "angle": self.tr("angle (°)")}
        colors.set_axis_label(self.plot, "left", labels[kind])
        self._legend_key = None
        if self._frame is not None:
            self._draw(self._frame)
        self._update_log_ticks()
        self._place_optimum()
        self.plot.enableAutoRange()

    def set_log_scale(self, on: bool) -> None:
        on = bool(on)
        if self._log_box.isChecked() != on:
            self._log_box.blockSignals(True)
            self._log_box.setChecked(on)
            self._log_box.blockSignals(False)
        if on == self._log_scale:
            return
        self._log_scale = on
        self.plot.setLogMode(y=on and self._y == "cost")
        if self._frame is not None:
            self._draw(self._frame)
        self._update_log_ticks()
        self._place_optimum()
        self.plot.enableAutoRange()

    def set_x_in_epochs(self, on: bool) -> None:
        on = bool(on)
        index = 1 if on else 0
        if self._x_combo.currentIndex() != index:
            self._x_combo.blockSignals(True)
            self._x_combo.setCurrentIndex(index)
            self._x_combo.blockSignals(False)
        if on == self._epochs:
            return
        self._epochs = on
        colors.set_axis_label(self.plot, "bottom", self.tr("epoch") if on else self.tr("step"))
        if self._frame is not None:
            self._draw(self._frame)
        self.plot.enableAutoRange()

    def show_frame(self, frame: Frame) -> None:
        if frame.seq == self._seq:
            return
        self._seq = frame.seq
        self._frame = frame
        self.set_log_scale(frame.state.view.curves_log)
        self.set_x_in_epochs(frame.state.view.curves_epochs)
        self.set_y(frame.state.view.curves_y)
        if self._changed(frame):
            self._draw(frame)
        self.plot.getViewBox().set_tight(not frame.playing)

    def _changed(self, frame: Frame) -> bool:
        """Whether the curves differ from those drawn. While the user drags a point the race waits,
        so the histories stand still: redrawing them anyway repainted the whole plot ten times a
        second (3-10 ms each, beside the edit's own paint)."""
        key = (self._y, self._log_scale, self._epochs, frame.optimum_current, frame.optimum_loss,
               frame.optimum_status, tuple((run.visible, run.color, run.label, run.status, run.steps, run.epoch,
                                            run.converged_at, run.diverged_at, run.best_test_step, run.envelope)
                                           for run in frame.runs))
        arrays = [array for run in frame.runs for array in (run.loss_history, run.size_history, run.angle_history,
                                                             run.history_steps, run.test_loss_history,
                                                             run.test_history_steps)]
        same = key == self._drawn_key and len(arrays) == len(self._drawn_arrays) \
            and all(_same_array(a, b) for a, b in zip(arrays, self._drawn_arrays))
        self._drawn_key, self._drawn_arrays = key, arrays
        return not same

    # -- drawing --------------------------------------------------------------------------------------

    def _x_of(self, run: RunFrame, n: int) -> np.ndarray:
        steps = getattr(run, "history_steps", None)
        x = np.asarray(steps, dtype=np.float64) if steps is not None and len(steps) == n else np.arange(n, dtype=np.float64)
        if self._epochs and run.steps > 0:
            x = x * (run.epoch / run.steps)
        return x

    def _item(self, items: list, k: int) -> pg.PlotDataItem:
        while len(items) <= k:
            line = pg.PlotDataItem(connect="finite")
            line._color = None
            line.setZValue(5)
            self.plot.addItem(line)
            items.append(line)
        return items[k]

    def _shown_history(self, run: RunFrame):
        if self._y == "size":
            return run.size_history
        if self._y == "angle":
            return run.angle_history
        return run.loss_history

    def _draw(self, frame: Frame) -> None:
        for k, run in enumerate(frame.runs):
            line = self._item(self._lines, k)
            values = self._shown_history(run)
            if not run.visible or values is None or len(values) == 0 or run.loss_history is None \
                    or len(values) != len(run.loss_history):
                line.setVisible(False)
                continue
            if line._color != colors.pen_key(run.color):
                line._color = colors.pen_key(run.color)
                line.setPen(colors.run_pen(run.color, 2.2))
            history = self._plottable(values)
            x = self._x_of(run, len(history))
            if self._y != "cost":  # log(step): step 0 has no place, and points spread evenly in log(step)
                keep = np.unique(np.geomspace(1, len(x), min(len(x), MAX_POINTS)).round().astype(np.int64) - 1)
                line.setData(x[keep], np.where(x[keep] > 0, history[keep], np.nan))
            else:
                line.setData(*envelope(x, history))
            line.setVisible(True)
        for k in range(len(frame.runs), len(self._lines)):
            self._lines[k].setVisible(False)
        self._draw_bounds(frame)
        self._draw_tests(frame)
        self._update_legend(frame)
        current = frame.optimum_current and frame.optimum_loss is not None and np.isfinite(frame.optimum_loss)
        self._optimum_value = frame.optimum_loss if current else None  # never the optimum of the data before
        self._optimum_unbounded = frame.optimum_status == "unbounded"
        self._place_optimum()

    def _draw_bounds(self, frame: Frame) -> None:
        """Plain GD on MSE: L* + (L₀ − L*)·ρ²ᵏ, the most its cost can be after k steps (a straight
        line on the log scale while the excess dominates)."""
        for k, run in enumerate(frame.runs):
            line = self._item(self._bounds, k)
            if self._y != "cost" or run.envelope is None or not run.visible or run.loss_history is None or not len(run.loss_history):
                line.setVisible(False)
                continue
            rate, excess, optimum = run.envelope
            x = self._x_of(run, len(run.loss_history))
            steps = np.linspace(0.0, float(run.steps), 200)
            first = float(x[0]) if len(x) else 0.0
            scale = (float(x[-1]) - first) / run.steps if run.steps and len(x) > 1 else 1.0
            y = optimum + excess * np.power(rate, steps)
            if line._color != ("bound", colors.pen_key(run.color)):
                line._color = ("bound", colors.pen_key(run.color))
                line.setPen(pg.mkPen(run.color, width=1.3, style=Qt.PenStyle.DotLine))
                line.setZValue(4)
            line.setData(first + steps * scale, self._plottable(y))
            line.setToolTip(self.tr("{run}: the most its cost can be after k steps, L* + (L₀ − L*)·ρ²ᵏ with "
                                    "ρ = max|1 − γλ| = {rho} (λ: the Hessian's eigenvalues)").format(
                run=run.label, rho=f"{math.sqrt(rate):.4g}"))
            line.setVisible(True)
        for k in range(len(frame.runs), len(self._bounds)):
            self._bounds[k].setVisible(False)

    def _draw_tests(self, frame: Frame) -> None:
        """With a test set: each run's test cost dashed in its colour, and a triangle where it was
        lowest (where early stopping would have stopped: after it, the run learns the training
        points, not the rule)."""
        xs, ys, brushes = [], [], []
        for k, run in enumerate(frame.runs):
            line = self._item(self._tests, k)
            values = run.test_loss_history
            own_steps = values is not None and run.test_history_steps is not None \
                and len(run.test_history_steps) == len(values)
            if self._y != "cost" or values is None or not run.visible or run.loss_history is None \
                    or not (own_steps or len(values) == len(run.loss_history)) or not len(values):
                line.setVisible(False)
                continue
            if line._color != ("test", colors.pen_key(run.color)):
                line._color = ("test", colors.pen_key(run.color))
                line.setPen(pg.mkPen(run.color, width=1.8, style=Qt.PenStyle.DashLine))
                line.setZValue(4)
            history = self._plottable(values)
            if own_steps:
                x = np.asarray(run.test_history_steps, dtype=np.float64)
                x = x * (run.epoch / run.steps) if self._epochs and run.steps > 0 else x
            else:
                x = self._x_of(run, len(history))
            line.setData(*envelope(x, history))
            line.setVisible(True)
            if run.best_test_step is not None and np.isfinite(history).any():
                best = int(np.nanargmin(history))
                xs.append(float(x[best]))
                ys.append(float(np.log10(history[best]) if self._log_scale else history[best]))
                brushes.append(pg.mkBrush(run.color))
        for k in range(len(frame.runs), len(self._tests)):
            self._tests[k].setVisible(False)
        self.best_test.setData(xs, ys)
        self.best_test.setBrush(brushes)  # after the points: one brush per run, in its colour
        self.best_test.setVisible(bool(xs))

    def _plottable(self, values) -> np.ndarray:
        """Non-finite values (a blow-up) become gaps; so does a cost of exactly 0 on a log scale."""
        y = np.array(values, dtype=np.float64)
        y[~np.isfinite(y)] = np.nan
        if self._log_scale and self._y == "cost":
            y[y <= 0] = np.nan
        return y

    def _place_optimum(self) -> None:
        value = self._optimum_value
        if value is None or self._y != "cost" or (self._log_scale and value <= 0):  # a perfect fit has no place on a log axis
            self.optimum_line.setVisible(False)
            return
        self.optimum_line.setVisible(True)  # first: a hidden line's label ignores new text
        self.optimum_line.setValue(math.log10(value) if self._log_scale else value)
        text = self.tr("no finite optimum: the cost falls towards {loss}") if self._optimum_unbounded \
            else self.tr("optimum: {loss}")
        self.optimum_line.label.setFormat(text.format(loss=f"{value:.5g}"))

    def _update_log_ticks(self, *_) -> None:
        """Decades (or 1-2-5 steps in a short range) with plain labels: 0.01, 0.1, 1, 10."""
        axis = self.plot.getAxis("left")
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        bottom = self.plot.getAxis("bottom")
        bottom.setTicks(None if self._y == "cost" else [log_ticks(x0, x1)])  # log(step) for ‖θ‖ and the angle
        if not self._log_scale or self._y != "cost":
            axis.setTicks(None)
            return
        axis.setTicks([log_ticks(y0, y1)])

    def _run_name(self, run: RunFrame) -> str:
        if run.status == "diverged":
            step = run.diverged_at if run.diverged_at is not None else run.steps
            return self.tr("{run} (diverged at step {step})").format(run=run.label, step=step)
        if run.status == "converged":
            return self.tr("{run} (converged at step {step})").format(run=run.label, step=run.converged_at)
        return run.label

    def _update_legend(self, frame: Frame) -> None:
        key = tuple((self._run_name(run), run.color) for run in frame.runs if run.visible)
        bounded = self._y == "cost" and any(run.envelope is not None and run.visible for run in frame.runs)
        no_angle = self._y == "angle" and all(run.angle_history is None for run in frame.runs)
        tested = self._y == "cost" and any(run.test_loss_history is not None and run.visible for run in frame.runs)
        if (key, bounded, no_angle, tested) == self._legend_key:
            return
        self._legend_key = (key, bounded, no_angle, tested)
        parts = [f'<span style="color:{color}; font-size:14pt;">━</span>&nbsp;{name}' for name, color in key]
        if no_angle:
            parts.append('<span style="color:#B00020;">' + self.tr("No max-margin direction: the classes are not "
                                                                   "separated by a line (logistic regression only)")
                         + "</span>")
        if bounded:
            parts.append('<span style="color:#555555;">┈ ' + self.tr("GD's predicted bound (L₀ − L*)·ρ²ᵏ") + "</span>")
        if tested:
            parts.append('<span style="color:#555555;">╌ ' + self.tr("test set") + " ▼ "
                         + self.tr("lowest test cost") + "</span>")
        self.legend.setText("&nbsp;&nbsp; ".join(parts))
