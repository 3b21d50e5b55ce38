"""What each run predicts for the selected sample.

- softmax: grouped bars, one group per class, one bar per run in its colour; the true class is
  marked by a grey band behind its group;
- binary: each run's sigmoid probability P(class 1) as a bar, the threshold as a line the user
  moves (or types in), and the class each run predicts with it;
- regression: each run's prediction as a bar, the true target as a dashed line, and the squared
  error of each run.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.session import Frame
from gui.metrics_words import flagged_text

from . import colors

GROUP_WIDTH = 0.8  # the share of a class slot the bars of one group fill


class ProbabilityView(QWidget):
    """Bars of the selected sample's class probabilities (or predictions) for every visible run.

    Signals:
        threshold_changed(float): the binary decision threshold the user set (0..1).
        run_selected(int): the user clicked the bar of run k.
    Slots: show_frame(frame), set_threshold(t).
    """

    threshold_changed = Signal(float)
    run_selected = Signal(int)  # the user clicked a run's bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seq: int | None = None
        self._frame: Frame | None = None
        self._threshold = 0.5
        self._mode: str | None = None
        self._ticks_key = None
        self._legend_key = None
        self._range_key = None
        self._bars: list[pg.BarGraphItem] = []
        self._captions: dict[int, str] = {}  # run index -> what it predicts, shown in the legend
        # The legend is rich text whose numbers change every racing frame: laying it out and
        # painting it cost ~3.5 ms a frame. The window sets this False and refreshes it ten times
        # a second (show_legend); on its own, the view keeps it with the bars.
        self.legend_every_frame = True
        self._legend_args: tuple | None = None

        self.title = QLabel()
        self.title.setStyleSheet(f"color: {colors.TEXT_COLOR}; font-weight: bold; font-size: 11pt;")
        self.title.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet(f"color: {colors.TEXT_COLOR};")
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._threshold_label = QLabel(self.tr("Threshold:"))
        self.threshold_box = QDoubleSpinBox()
        self.threshold_box.setRange(0.0, 1.0)
        self.threshold_box.setSingleStep(0.05)
        self.threshold_box.setDecimals(2)
        self.threshold_box.setValue(self._threshold)
        self.threshold_box.setToolTip(self.tr("A probability at or above the threshold is predicted as class 1"))
        header = QHBoxLayout()
        header.setContentsMargins(4, 2, 4, 2)
        header.addWidget(self.title, 1)
        header.addWidget(self._threshold_label)
        header.addWidget(self.threshold_box)
        for w in (self._threshold_label, self.threshold_box):
            w.setVisible(False)

        self._plot_widget = pg.PlotWidget(background=colors.BACKGROUND)
        self.plot: pg.PlotItem = self._plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        colors.style_plot(self.plot)
        self.plot.showGrid(y=True, alpha=0.25)

        self.truth_band = pg.BarGraphItem(x=[0], height=[1], width=0.96, brush=pg.mkBrush(0, 0, 0, 28), pen=None)
        self.truth_band.setZValue(-5)
        self.plot.addItem(self.truth_band)
        self.threshold_line = pg.InfiniteLine(
            pos=self._threshold, angle=0, movable=True, pen=pg.mkPen("#444444", width=2, style=Qt.PenStyle.DashLine),
            hoverPen=pg.mkPen("#D55E00", width=3))
        self.threshold_line.setToolTip(self.tr("Drag to move the threshold"))
        self.threshold_line.setBounds((0.0, 1.0))
        self.threshold_line.setZValue(20)
        self.plot.addItem(self.threshold_line)
        self.truth_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen(colors.OUTLINE_COLOR, width=2, style=Qt.PenStyle.DashLine),
            label="", labelOpts={"position": 0.98, "anchors": [(1, 1), (1, 1)], "color": colors.TEXT_COLOR,
                                 "fill": pg.mkBrush(255, 255, 255, 210)})
        self.truth_line.setZValue(20)
        self.plot.addItem(self.truth_line)

        self.message = QLabel(self.tr("Click a point in the data view to see what each run predicts for it."))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {colors.TEXT_COLOR}; font-size: 11pt; padding: 12px;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.legend)
        # two classes: what the threshold does to the selected run's flags (the screening lesson)
        self.flagged = QLabel()
        self.flagged.setWordWrap(True)
        self.flagged.setStyleSheet("color: #303030;")
        self.flagged.setToolTip(self.tr("Lower the threshold: more points are flagged, fewer true ones are "
                                        "missed (recall rises), more flags are false (precision falls)"))
        self.flagged.setVisible(False)
        layout.addWidget(self.flagged)
        layout.addWidget(self._plot_widget, 1)
        layout.addWidget(self.message, 1)
        self._show_plot(False)

        self._bar_slots: list[tuple[float, float, int]] = []  # (left, right, run) of every bar drawn
        self._plot_widget.scene().sigMouseClicked.connect(self._on_click)
        self.threshold_box.valueChanged.connect(self._on_threshold_box)
        self.threshold_line.sigPositionChanged.connect(self._on_threshold_line)

    # -- public ---------------------------------------------------------------------------------------

    def threshold(self) -> float:
        return self._threshold

    def set_threshold(self, threshold: float) -> None:
        self.threshold_box.setValue(float(threshold))

    def show_frame(self, frame: Frame) -> None:
        if frame.seq == self._seq:
            return
        self._seq = frame.seq
        self._frame = frame
        if frame.threshold != self._threshold and not self.threshold_box.hasFocus() and not self.threshold_line.moving:
            self._threshold = frame.threshold
            for widget, setter in ((self.threshold_box, self.threshold_box.setValue),
                                   (self.threshold_line, self.threshold_line.setValue)):
                widget.blockSignals(True)
                setter(frame.threshold)
                widget.blockSignals(False)
        self._draw(frame)

    # -- drawing -------------------------------------------------------------------------------------------

    def _show_plot(self, on: bool) -> None:
        self._plot_widget.setVisible(on)
        self.legend.setVisible(on)
        if not on or self._frame is None or self._frame.dataset is None or self._frame.dataset.n_classes != 2:
            self.flagged.setVisible(False)
        self.message.setVisible(not on)

    def _draw(self, frame: Frame) -> None:
        ds = frame.dataset
        i = frame.selected_sample
        output = frame.sample_output
        if ds is None or i is None or output is None or not 0 <= i < ds.n or not frame.runs:
            self._show_plot(False)
            on_function = frame.model is not None and frame.model.kind == "function"
            self.title.setText(self.tr("A function has no samples: no predictions to show") if on_function
                               else self.tr("No sample selected"))
            self._set_threshold_controls(ds is not None and ds.n_classes == 2)
            return
        self._show_plot(True)
        output = np.asarray(output, dtype=np.float64)
        visible = [k for k, run in enumerate(frame.runs) if run.visible and k < len(output)]
        if ds.task == "regression":
            self.title.setText(self.tr("Sample {i} · true {target} = {value}").format(
                i=i, target=ds.target_name, value=f"{ds.y[i]:.4g}"))
            self._draw_regression(frame, visible, output.reshape(len(output), -1)[:, 0], float(ds.y[i]))
        elif ds.n_classes == 2:
            self.title.setText(self.tr("Sample {i} · true class: {name}").format(i=i, name=ds.class_names[int(ds.y[i])]))
            p1 = output[:, -1] if output.ndim == 2 else output
            self._draw_binary(frame, visible, p1)
            self._show_flagged(frame)
        else:
            self.title.setText(self.tr("Sample {i} · true class: {name}").format(i=i, name=ds.class_names[int(ds.y[i])]))
            self._draw_softmax(frame, visible, output.reshape(len(output), -1), int(ds.y[i]))
        self._legend_args = (frame, visible)
        if self.legend_every_frame:
            self.show_legend()

    def _show_flagged(self, frame: Frame) -> None:
        k = frame.selected_run
        metrics = frame.runs[k].metrics if 0 <= k < len(frame.runs) else None
        text = flagged_text(metrics, frame.runs[k].label, frame.dataset.class_names[1]) if metrics else ""
        self.flagged.setText(text)
        self.flagged.setVisible(bool(text))

    def _set_threshold_controls(self, on: bool) -> None:
        self._threshold_label.setVisible(on)
        self.threshold_box.setVisible(on)
        self.threshold_line.setVisible(on)

    def _ensure_items(self, count: int) -> None:
        while len(self._bars) < count:
            bar = pg.BarGraphItem(x=[0], height=[0], width=0.5)
            self.plot.addItem(bar)
            self._bars.append(bar)
        for bar in self._bars:
            bar.setVisible(False)
        self._captions = {}
        self._bar_slots = []

    def _set_ticks(self, key, ticks) -> None:
        if key != self._ticks_key:
            self._ticks_key = key
            self.plot.getAxis("bottom").setTicks([ticks])

    def _set_range(self, key, x_range, y_range) -> None:
        if key != self._range_key:
            self._range_key = key
            self.plot.setRange(xRange=x_range, yRange=y_range, padding=0.0)

    def show_legend(self) -> None:
        """The legend for the bars last drawn (the window calls this on its slow, 10 Hz turn)."""
        if self._legend_args is not None:
            self._set_legend(*self._legend_args)
            self._legend_args = None

    def _set_legend(self, frame: Frame, visible: list[int]) -> None:
        """Run colours with what each run predicts, a few runs per row (never over the bars)."""
        cell_width = 250 if frame.dataset.task == "regression" else 200  # pixels, roughly
        per_row = max(1, min(len(visible), self.width() // cell_width))
        cells = []
        for k in visible:
            run = frame.runs[k]
            caption = self._captions.get(k, "")
            cells.append(f'<td><span style="color:{run.color}; font-size:14pt;">■</span>&nbsp;<b>{run.label}</b>'
                         f'&nbsp;{caption}&nbsp;&nbsp;</td>')
        rows = ["<tr>" + "".join(cells[i:i + per_row]) + "</tr>" for i in range(0, len(cells), per_row)]
        text = "<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>"
        if text != self._legend_key:
            self._legend_key = text
            self.legend.setText(text)

    def _draw_softmax(self, frame: Frame, visible: list[int], probs: np.ndarray, true_class: int) -> None:
        self._set_threshold_controls(False)
        self.truth_line.setVisible(False)
        names = frame.dataset.class_names
        n_classes = probs.shape[1]
        self._ensure_items(len(frame.runs))
        width = GROUP_WIDTH / max(len(visible), 1)
        slots = np.arange(n_classes, dtype=np.float64)
        for r, k in enumerate(visible):
            run = frame.runs[k]
            heights = np.where(np.isfinite(probs[k]), probs[k], 0.0)
            bar = self._bars[k]
            centres = slots - GROUP_WIDTH / 2 + width * (r + 0.5)
            bar.setOpts(x=centres, height=heights, width=width,
                        brush=pg.mkBrush(run.color), pen=pg.mkPen(colors.OUTLINE_COLOR, width=0.8))
            bar.setVisible(True)
            self._bar_slots += [(c - width / 2, c + width / 2, k) for c in centres]
            if np.isfinite(probs[k]).all():
                best = int(np.argmax(probs[k]))
                name = names[best] if best < len(names) else str(best)
                self._captions[k] = self.tr("→ {name} ({p})").format(name=name, p=f"{probs[k, best]:.2f}")
            else:
                self._captions[k] = self.tr("diverged")
        self.truth_band.setOpts(x=[true_class], height=[1.0], width=0.96)
        self.truth_band.setVisible(True)
        self._set_ticks(("softmax", names), [(c, names[c] if c < len(names) else str(c)) for c in range(n_classes)])
        colors.set_axis_label(self.plot, "left", self.tr("probability"))
        colors.set_axis_label(self.plot, "bottom", self.tr("class (grey: the true one)"))
        self._set_range(("softmax", n_classes), (-0.6, n_classes - 0.4), (0.0, 1.05))

    def _draw_binary(self, frame: Frame, visible: list[int], p1: np.ndarray) -> None:
        self._set_threshold_controls(True)
        self.truth_line.setVisible(False)
        self.truth_band.setVisible(False)
        names = frame.dataset.class_names
        self._ensure_items(len(frame.runs))
        for r, k in enumerate(visible):
            run = frame.runs[k]
            p = float(p1[k])
            finite = np.isfinite(p)
            bar = self._bars[k]
            bar.setOpts(x=[r], height=[p if finite else 0.0], width=0.6, brush=pg.mkBrush(run.color),
                        pen=pg.mkPen(colors.OUTLINE_COLOR, width=0.8))
            bar.setVisible(True)
            self._bar_slots.append((r - 0.3, r + 0.3, k))
            if finite:
                predicted = names[1] if p >= self._threshold else names[0]
                self._captions[k] = self.tr("{p} → class {name}").format(p=f"{p:.3f}", name=predicted)
            else:
                self._captions[k] = self.tr("diverged")
        self._set_ticks(("runs", tuple(frame.runs[k].label for k in visible)),
                        [(r, frame.runs[k].label) for r, k in enumerate(visible)])
        colors.set_axis_label(self.plot, "left", self.tr("P({name})").format(name=names[1]))
        colors.set_axis_label(self.plot, "bottom", self.tr("run"))
        self._set_range(("binary", len(visible)), (-0.6, max(len(visible), 1) - 0.4), (0.0, 1.02))

    def _draw_regression(self, frame: Frame, visible: list[int], predictions: np.ndarray, truth: float) -> None:
        self._set_threshold_controls(False)
        self.truth_band.setVisible(False)
        self._ensure_items(len(frame.runs))
        shown = []
        for r, k in enumerate(visible):
            run = frame.runs[k]
            value = float(predictions[k])
            finite = np.isfinite(value)
            bar = self._bars[k]
            bar.setOpts(x=[r], height=[value if finite else 0.0], width=0.6, brush=pg.mkBrush(run.color),
                        pen=pg.mkPen(colors.OUTLINE_COLOR, width=0.8))
            bar.setVisible(True)
            self._bar_slots.append((r - 0.3, r + 0.3, k))
            if finite:
                error = (value - truth) ** 2
                self._captions[k] = self.tr("ŷ = {value}, (ŷ − y)² = {error}").format(
                    value=f"{value:.4g}", error=f"{error:.3g}")
                shown.append(value)
            else:
                self._captions[k] = self.tr("diverged")
        self.truth_line.setVisible(True)  # first: a hidden line's label ignores new text
        self.truth_line.setValue(truth)
        self.truth_line.label.setFormat(self.tr("true {target} = {value}").format(
            target=frame.dataset.target_name, value=f"{truth:.4g}"))
        self._set_ticks(("runs", tuple(frame.runs[k].label for k in visible)),
                        [(r, frame.runs[k].label) for r, k in enumerate(visible)])
        colors.set_axis_label(self.plot, "left", self.tr("ŷ ({target})").format(target=frame.dataset.target_name))
        colors.set_axis_label(self.plot, "bottom", self.tr("run"))
        values = np.array(shown + [truth, 0.0])
        low, high = float(values.min()), float(values.max())
        span = (high - low) or 1.0
        # Re-range only when the values leave the current view or shrink well inside it.
        (_, _), (y0, y1) = self.plot.getViewBox().viewRange()
        outside = low < y0 or high > y1 or (y1 - y0) > 4 * span
        key = ("regression", len(visible))
        if outside or key != self._range_key:
            self._range_key = key
            self.plot.setRange(xRange=(-0.6, max(len(visible), 1) - 0.4),
                               yRange=(low - 0.05 * span, high + 0.12 * span), padding=0.0)

    def run_at(self, x: float) -> int | None:
        """The run whose bar covers x (plot coordinates), if any."""
        for left, right, k in self._bar_slots:
            if left <= x <= right:
                return k
        return None

    def _on_click(self, event) -> None:
        view_box = self.plot.getViewBox()
        if not self._plot_widget.isVisible() or not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        k = self.run_at(view_box.mapSceneToView(event.scenePos()).x())
        if k is not None:
            self.run_selected.emit(k)

    # -- the threshold ---------------------------------------------------------------------------------------

    def _on_threshold_box(self, value: float) -> None:
        value = float(value)
        if value == self._threshold:
            return
        self._threshold = value
        if abs(self.threshold_line.value() - value) > 1e-9:
            self.threshold_line.blockSignals(True)
            self.threshold_line.setValue(value)
            self.threshold_line.blockSignals(False)
        if self._frame is not None:
            self._draw(self._frame)
        self.threshold_changed.emit(value)

    def _on_threshold_line(self) -> None:
        value = round(float(self.threshold_line.value()), 2)
        if value != self.threshold_box.value():
            self.threshold_box.setValue(value)
