"""The data, editable: click adds a point, drag moves one, right click or Delete removes one.

The points come from the ``DataDocument`` (so an edit shows at once, before the worker has
answered); what the models make of them (each run's line, the decision regions, the class
boundaries) comes from the newest ``Frame``. Every edit is a command on the document's undo
stack; a drag pushes one ``MovePoint`` per mouse move with the same drag id, so every
intermediate position reaches the worker and the whole drag is one undo step.

Three layouts, chosen from the data:
- regression: the target against one feature (a picker when there are several),
- classification with one feature: the class (0 or 1) against x, with each run's sigmoid,
- classification with two or more features: two shown features, the background shaded by the
  selected run's predicted class, its opacity by the probability.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.data import DataError, Dataset
from engine.models import TASK_OF_KIND
from gui.commands import AddPoint, MovePoint, RemovePoint, new_drag_id
from gui.document import DataDocument
from gui.frame import Frame, RegionFrame

from . import colors
from .surface_view import contour_polyline

PICK_RADIUS_PX = 10.0
REGION_MAX_ALPHA = 0.55  # the most opaque a decision region gets (fully confident)
CURVE_POINTS = 200

REGRESSION, CLASSES_1D, CLASSES_2D = "regression", "classes-1d", "classes-2d"


class _PassiveScatter(pg.ScatterPlotItem):
    """Points that leave clicks to the view box (which selects, adds and removes)."""

    def mouseClickEvent(self, ev) -> None:
        ev.ignore()


class _EditViewBox(pg.ViewBox):
    """A ViewBox that offers clicks and drags to the data view before panning."""

    def __init__(self, editor: DataView) -> None:
        super().__init__()
        self._editor = editor
        self.setMenuEnabled(False)

    def mouseClickEvent(self, ev) -> None:
        point = self.mapToView(ev.pos())
        if self._editor._on_click(point.x(), point.y(), ev.button()):
            ev.accept()
            return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and axis is None:
            if ev.isStart():
                start = self.mapToView(ev.buttonDownPos())
                if self._editor.begin_drag(start.x(), start.y()) is not None:
                    ev.accept()
                    return
            elif self._editor.dragging():
                ev.accept()
                point = self.mapToView(ev.pos())
                self._editor.drag_to(point.x(), point.y())
                if ev.isFinish():
                    self._editor.end_drag()
                return
        super().mouseDragEvent(ev, axis)


class DataView(QWidget):
    """The data set, the models' predictions on it, and editing by mouse and keyboard.

    Signals:
        shown_features_changed(int, int): the user picked other features to show.
        sample_selected(int): the user clicked a point.
    Slots: show_frame(frame), set_current_class(c), set_threshold(t), select_sample(i).
    """

    shown_features_changed = Signal(int, int)
    sample_selected = Signal(int)

    def __init__(self, document: DataDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._seq: int | None = None
        self._frame: Frame | None = None
        self._dataset: Dataset | None = None
        self._shown = (0, 1)
        self._data_key = None
        self._current_class = 0
        self._threshold = 0.5
        self._selected: int | None = None
        self._frame_selected: int | None = None
        self._hovered: int | None = None
        self._drag_index: int | None = None
        self._drag_id: int | None = None
        self._xs = np.empty(0)
        self._ys = np.empty(0)
        self._regions: RegionFrame | None = None
        self._regions_threshold = None
        self._run_lines: list[pg.PlotDataItem] = []
        self._point_style: str | None = None  # "regression" | "classes": how the point items look

        # -- feature pickers ---------------------------------------------------------------------
        self._feature_x_label = QLabel(self.tr("x axis:"))
        self._feature_x = QComboBox()
        self._feature_y_label = QLabel(self.tr("y axis:"))
        self._feature_y = QComboBox()
        self._feature_x.setToolTip(self.tr("The feature along the horizontal axis"))
        self._feature_y.setToolTip(self.tr("The feature along the vertical axis; the others are held at their mean"))
        for combo in (self._feature_x, self._feature_y):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(260)
        pickers = QHBoxLayout()
        pickers.setContentsMargins(4, 2, 4, 2)
        for w in (self._feature_x_label, self._feature_x, self._feature_y_label, self._feature_y):
            pickers.addWidget(w)
            w.setVisible(False)
        self._held_note = QLabel(self.tr("lines: other features at their mean · ○ prediction for each point"))
        self._held_note.setStyleSheet("color: #555555;")
        self._held_note.setVisible(False)
        pickers.addWidget(self._held_note)
        pickers.addStretch(1)
        self.class_legend = QLabel()
        self.class_legend.setTextFormat(Qt.TextFormat.RichText)
        self.class_legend.setWordWrap(True)
        self.class_legend.setToolTip(self.tr("A click adds a point of the underlined class (keys 1 to 9 switch)"))
        self.class_legend.setVisible(False)
        self._legend_key = None

        # -- the plot ------------------------------------------------------------------------------
        self.view_box = _EditViewBox(self)
        self._plot_widget = pg.PlotWidget(background=colors.BACKGROUND, viewBox=self.view_box)
        self.plot: pg.PlotItem = self._plot_widget.getPlotItem()
        self.plot.hideButtons()
        colors.style_plot(self.plot)
        self.view_box.disableAutoRange()

        self.regions = pg.ImageItem(axisOrder="row-major")  # proba[i, j]: row i is y, column j is x
        self.regions.setZValue(-10)
        self.plot.addItem(self.regions)
        self.boundary = pg.PlotDataItem(connect="finite", pen=pg.mkPen(colors.OUTLINE_COLOR, width=2))
        self.boundary.setZValue(-5)
        self.plot.addItem(self.boundary)
        self.residuals = pg.PlotDataItem(connect="pairs")
        self.residuals.setZValue(4)
        self.residuals.setVisible(False)
        self._residual_color = None
        self.plot.addItem(self.residuals)
        self.predictions = _PassiveScatter(size=9, pxMode=True, symbol="o", brush=pg.mkBrush(255, 255, 255, 220))
        self.predictions.setZValue(6)
        self.predictions.setVisible(False)
        self.plot.addItem(self.predictions)
        self.threshold_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#666666", width=1.5, style=Qt.PenStyle.DashLine))
        self.threshold_line.setVisible(False)
        self.plot.addItem(self.threshold_line)
        # One scatter item per class, each with one symbol and one brush: setData with per-point
        # style lists costs milliseconds for digits' 1797 points, on every step of a drag.
        self._point_items: list[_PassiveScatter] = []
        self._point_pen = pg.mkPen(colors.OUTLINE_COLOR, width=1)
        self.highlight = _PassiveScatter(size=22, pxMode=True, brush=None,
                                            pen=pg.mkPen(colors.OUTLINE_COLOR, width=2.5))
        self.highlight.setZValue(12)
        self.plot.addItem(self.highlight)
        self.hover_ring = _PassiveScatter(size=20, pxMode=True, brush=None,
                                             pen=pg.mkPen("#D55E00", width=2))
        self.hover_ring.setZValue(11)
        self.plot.addItem(self.hover_ring)

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMaximumWidth(420)
        self.message.setStyleSheet("background: rgba(255,255,255,230); color: #202020; border: 1px solid #888;"
                                   "border-radius: 4px; padding: 8px; font-size: 13pt;")
        self.message.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.message.setVisible(False)
        self._flash_text: str | None = None
        self._frame_message: str | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)

        self.readout = QLabel(" ")
        self.readout.setStyleSheet(f"color: {colors.TEXT_COLOR};")
        self.readout.setToolTip(self.tr("Click: add a point or select one · drag: move · right click or Delete: remove"))

        stack = QGridLayout()
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self._plot_widget, 0, 0)
        stack.addWidget(self.message, 0, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(pickers)
        layout.addWidget(self.class_legend)
        layout.addLayout(stack, 1)
        layout.addWidget(self.readout)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._feature_x.currentIndexChanged.connect(self._on_feature_picked)
        self._feature_y.currentIndexChanged.connect(self._on_feature_picked)
        self._plot_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.view_box.sigRangeChanged.connect(lambda *_: self._draw_run_lines())
        document.dataset_changed.connect(self._on_dataset_changed)
        if document.dataset is not None:
            self._on_dataset_changed(document.dataset, document.version)

    # -- public slots --------------------------------------------------------------------------------

    def shown_features(self) -> tuple[int, int]:
        return self._shown

    def set_current_class(self, c: int) -> None:
        """The class a click adds (the main window's class buttons, keys 1 to 9)."""
        self._current_class = max(0, int(c))
        self._update_class_legend()

    def current_class(self) -> int:
        return self._current_class

    def set_threshold(self, threshold: float) -> None:
        """Binary classification: the probability above which a point is class 1."""
        self._threshold = float(threshold)
        if self._frame is not None:
            self._regions = None  # repaint the regions with the new boundary
            self._draw_frame(self._frame)

    def select_sample(self, i: int | None) -> None:
        """Highlight point ``i`` (no signal: use a click for that)."""
        self._selected = None if i is None else int(i)
        self._draw_highlight()

    def show_frame(self, frame: Frame) -> None:
        if frame.seq == self._seq:
            return
        self._seq = frame.seq
        self._frame = frame
        if self._dataset is None and frame.dataset is not None:
            self._set_dataset(frame.dataset)
        if frame.selected_sample != self._frame_selected:
            self._frame_selected = frame.selected_sample
            self.select_sample(frame.selected_sample)
        self._frame_message = frame.message
        self._update_message()
        self._draw_frame(frame)

    # -- the data --------------------------------------------------------------------------------------

    def _on_dataset_changed(self, dataset: Dataset, _version: int = 0) -> None:
        self._set_dataset(dataset)

    @staticmethod
    def _frame_fits(frame: Frame | None, ds: Dataset | None) -> bool:
        """Whether the frame was computed for this kind of data (a new preset reaches the document
        a moment before the worker's first frame for it)."""
        if frame is None or ds is None or frame.model is None:
            return False
        model = frame.model
        if model.n_features != ds.d or TASK_OF_KIND.get(model.kind) != ds.task:
            return False
        return frame.dataset is None or frame.dataset.feature_names == ds.feature_names

    def _layout_kind(self, ds: Dataset) -> str:
        if ds.task == "regression":
            return REGRESSION
        return CLASSES_1D if ds.d == 1 else CLASSES_2D

    def _set_dataset(self, ds: Dataset) -> None:
        identity = (ds.name, ds.task, ds.d, ds.feature_names, ds.target_name)
        previous = self._dataset
        self._dataset = ds
        if previous is None or identity != (previous.name, previous.task, previous.d, previous.feature_names,
                                            previous.target_name):
            self._set_up_pickers(ds)
        self._draw_points()

    def _set_up_pickers(self, ds: Dataset) -> None:
        kind = self._layout_kind(ds)
        names = list(ds.feature_names)
        shown = self._default_features(ds)
        if kind == REGRESSION:
            shown = (shown[0], shown[0])
        self._shown = shown
        for combo, pick in ((self._feature_x, shown[0]), (self._feature_y, shown[1])):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(pick)
            combo.blockSignals(False)
        x_picker = (kind == REGRESSION and ds.d > 1) or (kind == CLASSES_2D and ds.d > 2)
        y_picker = kind == CLASSES_2D and ds.d > 2
        self._feature_x_label.setVisible(x_picker)
        self._feature_x.setVisible(x_picker)
        self._feature_y_label.setVisible(y_picker)
        self._feature_y.setVisible(y_picker)
        self._feature_x_label.setText(self.tr("x axis:") if y_picker else self.tr("feature:"))
        self._held_note.setVisible(kind == REGRESSION and ds.d > 1)
        self._regions = None
        self._data_key = None
        if x_picker and shown != (0, 1):
            # After the current event: whoever loads the new data into the worker (and resets its
            # features to the first two) hears of the dataset before this request arrives.
            QTimer.singleShot(0, self, lambda: self.shown_features_changed.emit(*self._shown))

    @staticmethod
    def _default_features(ds: Dataset) -> tuple[int, int]:
        """The first two features, unless one of them never changes (digits' corner pixels):
        then the two that vary most."""
        if ds.d < 2:
            return 0, 0
        if ds.n < 2:
            return 0, 1
        spread = ds.X.std(axis=0)
        if spread[0] > 1e-9 * (spread.max() or 1.0) and spread[1] > 1e-9 * (spread.max() or 1.0):
            return 0, 1
        first, second = np.argsort(-spread, kind="stable")[:2]
        return int(first), int(second)

    def _on_feature_picked(self) -> None:
        ds = self._dataset
        if ds is None:
            return
        fx = max(self._feature_x.currentIndex(), 0)
        fy = fx if self._layout_kind(ds) == REGRESSION else max(self._feature_y.currentIndex(), 0)
        if (fx, fy) == self._shown:
            return
        self._shown = (fx, fy)
        self._regions = None
        self._draw_points()
        if self._frame is not None:
            self._draw_frame(self._frame)
        self.shown_features_changed.emit(fx, fy)

    def _coordinates(self, ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
        """Where each point is drawn."""
        kind = self._layout_kind(ds)
        fx, fy = self._shown
        if kind == REGRESSION:
            return ds.X[:, fx], ds.y.astype(np.float64)
        if kind == CLASSES_1D:
            return ds.X[:, 0], ds.y.astype(np.float64)
        return ds.X[:, fx], ds.X[:, fy]

    def _draw_points(self) -> None:
        ds = self._dataset
        if ds is None:
            return
        xs, ys = self._coordinates(ds)
        self._xs, self._ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
        groups = 1 if ds.task == "regression" else ds.n_classes
        while len(self._point_items) < groups:
            c = len(self._point_items)
            item = _PassiveScatter(pxMode=True, hoverable=False, size=12, symbol=colors.class_symbol(c),
                                   brush=pg.mkBrush(colors.class_color(c)), pen=self._point_pen)
            item.setZValue(10)
            self.plot.addItem(item)
            self._point_items.append(item)
        if ds.task == "regression":
            self._point_items[0].setData(self._xs, self._ys, symbol="o", size=10,
                                         brush=pg.mkBrush(colors.POINT_COLOR), pen=pg.mkPen("w", width=1))
            self._point_style = "regression"
        else:
            if self._point_style != "classes":  # first classes, or back from a regression set
                self._point_style = "classes"
                self._point_items[0].setData([], [], symbol=colors.class_symbol(0), size=12,
                                             brush=pg.mkBrush(colors.class_color(0)), pen=self._point_pen)
            labels = ds.y.astype(np.int64)
            for c in range(groups):
                mine = labels == c
                self._point_items[c].setData(self._xs[mine], self._ys[mine])
        for item in self._point_items[groups:]:
            item.setData([], [])
        self._update_axes(ds)
        self._update_class_legend()
        self._draw_highlight()
        if self._frame is not None:
            self._draw_run_lines()

    _SYMBOL_GLYPHS = {"o": "●", "s": "■", "t": "▼", "d": "◆", "star": "★", "p": "⬟", "h": "⬢", "t1": "▲",
                      "x": "✕", "+": "✚"}

    def _update_class_legend(self) -> None:
        """Each class's marker and name; the class a click adds is underlined."""
        ds = self._dataset
        if ds is None or ds.task == "regression":
            self.class_legend.setVisible(False)
            return
        key = (ds.class_names, self._current_class)
        if key == self._legend_key:
            return
        self._legend_key = key
        parts = []
        for c, name in enumerate(ds.class_names):
            glyph = self._SYMBOL_GLYPHS.get(colors.class_symbol(c), "●")
            text = f"<u><b>{name}</b></u>" if c == self._current_class else name
            parts.append(f'<span style="color:{colors.class_color(c)}; font-size:13pt;">{glyph}</span>&nbsp;{text}')
        self.class_legend.setText(self.tr("classes:") + "&nbsp;&nbsp;" + "&nbsp;&nbsp; ".join(parts))
        self.class_legend.setVisible(True)

    def drawn_points(self) -> tuple[np.ndarray, np.ndarray]:
        """Where the points are drawn (data order): x and y."""
        return self._xs.copy(), self._ys.copy()

    def _update_axes(self, ds: Dataset) -> None:
        kind = self._layout_kind(ds)
        fx, fy = self._shown
        if kind == REGRESSION:
            x_label, y_label = ds.feature_names[fx], ds.target_name
        elif kind == CLASSES_1D:
            x_label = ds.feature_names[0]
            y_label = self.tr("class · P(class {c})").format(c=ds.class_names[-1]) if ds.task == "binary" \
                else self.tr("class")
        else:
            x_label, y_label = ds.feature_names[fx], ds.feature_names[fy]
        colors.set_axis_label(self.plot, "bottom", x_label)
        colors.set_axis_label(self.plot, "left", y_label)
        key = (ds.name, ds.task, ds.d, self._shown)
        if key == self._data_key:
            return  # an edit: the view stays where the user is working (even after a clear)
        self._data_key = key
        xs, ys = self._xs[np.isfinite(self._xs)], self._ys[np.isfinite(self._ys)]
        if not len(xs) or not len(ys):
            return
        x0, x1 = float(xs.min()), float(xs.max())
        y0, y1 = float(ys.min()), float(ys.max())
        if kind == CLASSES_1D:
            y0, y1 = 0.0, float(max(1, ds.n_classes - 1))
        pad_x = 0.08 * ((x1 - x0) or 1.0)
        pad_y = 0.08 * ((y1 - y0) or 1.0)
        if kind == REGRESSION:  # include the origin's row when it is near: lines start from b = 0
            y0 = min(y0, 0.0) if y0 > 0 and y0 < 0.3 * (y1 - y0) else y0
        self.view_box.setRange(xRange=(x0 - pad_x, x1 + pad_x), yRange=(y0 - pad_y, y1 + pad_y), padding=0.0)

    def _draw_highlight(self) -> None:
        i = self._selected
        if i is not None and 0 <= i < len(self._xs):
            self.highlight.setData([self._xs[i]], [self._ys[i]])
        else:
            self.highlight.setData([], [])
        h = self._hovered
        if h is not None and 0 <= h < len(self._xs) and h != i:
            self.hover_ring.setData([self._xs[h]], [self._ys[h]])
        else:
            self.hover_ring.setData([], [])

    # -- what the models make of it ------------------------------------------------------------------

    def _draw_frame(self, frame: Frame) -> None:
        self._draw_regions(frame)
        self._draw_run_lines()

    def _draw_regions(self, frame: Frame) -> None:
        ds = self._dataset or frame.dataset
        regions = frame.regions
        usable = (
            regions is not None
            and self._frame_fits(frame, ds)
            and self._layout_kind(ds) == CLASSES_2D
            and tuple(frame.shown_features) == self._shown
            and regions.proba.ndim == 3
            and regions.proba.size > 0
        )
        self.regions.setVisible(usable)
        self.boundary.setVisible(usable)
        if not usable:
            self._regions = None
            return
        if regions is self._regions and self._regions_threshold == self._threshold:
            return
        self._regions, self._regions_threshold = regions, self._threshold
        proba = np.asarray(regions.proba, dtype=np.float64)
        h, w, c = proba.shape
        if not np.isfinite(proba).all():  # a diverged run: undecided where it has no number
            proba = np.nan_to_num(proba, nan=1.0 / c, posinf=1.0, neginf=0.0)
        if c == 2:  # binary: class 1 where P(1) >= threshold; confidence by the distance from it
            p1 = proba[..., 1]
            t = self._threshold
            label = (p1 >= t).astype(np.int64)
            confidence = np.where(label == 1, (p1 - t) / max(1.0 - t, 1e-9), (t - p1) / max(t, 1e-9))
        else:
            label = proba.argmax(axis=2)
            top = proba.max(axis=2)
            confidence = (top - 1.0 / c) / (1.0 - 1.0 / c)
        rgba = np.empty((h, w, 4), dtype=np.uint8)
        rgba[..., :3] = colors.class_rgb_table(c)[label]
        rgba[..., 3] = (np.clip(confidence, 0.0, 1.0) * REGION_MAX_ALPHA * 255).astype(np.uint8)
        (x0, x1), (y0, y1) = regions.x_range, regions.y_range
        self.regions.setImage(rgba, autoLevels=False, levels=None,
                              rect=QRectF(x0, y0, x1 - x0, y1 - y0))
        xs, ys = np.linspace(x0, x1, w), np.linspace(y0, y1, h)
        if c == 2:
            bx, by = contour_polyline(xs, ys, proba[..., 1], [self._threshold])
        else:
            ordered = np.sort(proba, axis=2)
            first, second = ordered[..., -1], ordered[..., -2]
            parts_x, parts_y = [], []
            for k in range(c):
                pk = proba[..., k]
                margin = np.where(label == k, first - second, pk - first)  # > 0 exactly inside class k
                if (margin > 0).any() and (margin < 0).any():
                    px, py = contour_polyline(xs, ys, margin, [0.0])
                    parts_x.append(px)
                    parts_y.append(py)
            bx = np.concatenate(parts_x) if parts_x else np.empty(0)
            by = np.concatenate(parts_y) if parts_y else np.empty(0)
        self.boundary.setData(bx, by)

    def _draw_run_lines(self) -> None:
        """Each visible run's model on the data: a line (regression) or a sigmoid (one feature)."""
        frame, ds = self._frame, self._dataset
        if not self._frame_fits(frame, ds):
            frame = None
        kind = self._layout_kind(ds) if ds is not None else None
        runs = frame.runs if frame is not None and kind in (REGRESSION, CLASSES_1D) else ()
        binary_1d = kind == CLASSES_1D and ds.task == "binary"
        self.threshold_line.setVisible(bool(binary_1d))
        if binary_1d:
            self.threshold_line.setValue(self._threshold)
        if kind == CLASSES_1D and not binary_1d:
            runs = ()
        while len(self._run_lines) < len(runs):
            line = pg.PlotDataItem(connect="finite")
            line.setZValue(5)
            self.plot.addItem(line)
            line._color = None
            self._run_lines.append(line)
        for line in self._run_lines[len(runs):]:
            line.setVisible(False)
        self._draw_residuals(frame, ds, kind)
        if not runs:
            return
        model = frame.model
        x0, x1 = self.view_box.viewRange()[0]
        n = 2 if kind == REGRESSION else CURVE_POINTS
        grid = np.linspace(x0, x1, n)
        inputs = np.repeat(self._feature_means(ds)[None], n, axis=0)
        inputs[:, self._shown[0] if kind == REGRESSION else 0] = grid
        visible = [k for k, run in enumerate(runs) if run.visible]
        thetas = np.stack([np.asarray(runs[k].theta, dtype=np.float64) for k in visible]) if visible else None
        outputs = None
        if thetas is not None and model is not None and thetas.shape[1] == model.n_params:
            with np.errstate(all="ignore"):
                outputs = model.predict_proba(thetas, inputs)  # [K', n]
        for k, run in enumerate(runs):
            line = self._run_lines[k]
            if outputs is None or k not in visible:
                line.setVisible(False)
                continue
            if line._color != run.color:
                line._color = run.color
                line.setPen(pg.mkPen(run.color, width=2.5))
            values = outputs[visible.index(k)]
            line.setData(grid, np.where(np.isfinite(values), values, np.nan))
            line.setVisible(True)

    def _draw_residuals(self, frame: Frame | None, ds: Dataset | None, kind: str | None) -> None:
        """Regression: a segment from each point to the selected run's prediction, H(x) − y made visible."""
        run = None
        if frame is not None and kind == REGRESSION and 0 <= frame.selected_run < len(frame.runs):
            run = frame.runs[frame.selected_run]
        model = frame.model if frame is not None else None
        theta = None if run is None else np.asarray(run.theta, dtype=np.float64)
        if (run is None or not run.visible or ds.n == 0 or model is None or model.n_features != ds.d
                or theta.shape != (model.n_params,) or not np.isfinite(theta).all()):
            self.residuals.setVisible(False)
            self.predictions.setVisible(False)
            return
        with np.errstate(all="ignore"):
            predictions = model.predict_proba(theta[None], ds.X)[0]
        if self._residual_color != run.color:
            self._residual_color = run.color
            pen = pg.mkPen(run.color, width=1.5, style=Qt.PenStyle.DotLine)
            self.residuals.setPen(pen)
            self.predictions.setPen(pg.mkPen(run.color, width=2))
        x = ds.X[:, self._shown[0]]
        self.residuals.setData(np.repeat(x, 2), np.stack([ds.y, predictions], axis=1).reshape(-1))
        self.residuals.setVisible(True)
        # With several features a point's prediction is off the drawn line: mark it.
        self.predictions.setVisible(ds.d > 1)
        if ds.d > 1:
            self.predictions.setData(x, predictions)

    def _feature_means(self, ds: Dataset) -> np.ndarray:
        if ds.n == 0:
            return np.zeros(ds.d)
        return ds.X.mean(axis=0)

    # -- editing ---------------------------------------------------------------------------------------------

    def _point_at(self, x: float, y: float) -> int | None:
        """The point drawn within a few pixels of (x, y) in data coordinates, nearest first."""
        if not len(self._xs):
            return None
        sx, sy = self.view_box.viewPixelSize()
        if not (sx > 0 and sy > 0):
            return None
        d2 = ((self._xs - x) / sx) ** 2 + ((self._ys - y) / sy) ** 2
        d2 = np.where(np.isfinite(d2), d2, np.inf)
        i = int(np.argmin(d2))
        return i if d2[i] <= PICK_RADIUS_PX**2 else None

    def _on_click(self, x: float, y: float, button) -> bool:
        ds = self.document.dataset
        if ds is None:
            return False
        hit = self._point_at(x, y)
        if button == Qt.MouseButton.RightButton:
            if hit is None:
                return False
            self._remove(hit)
            return True
        if button != Qt.MouseButton.LeftButton:
            return False
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if hit is not None:
            self.select_sample(hit)
            self.sample_selected.emit(hit)
            return True
        self._push(lambda: AddPoint(self.document, *self._new_point(ds, x, y)))
        return True

    def _new_point(self, ds: Dataset, x: float, y: float):
        kind = self._layout_kind(ds)
        row = self._feature_means(ds)
        if kind == REGRESSION:
            row[self._shown[0]] = x
            return row, float(y)
        label = self._current_class
        if kind == CLASSES_1D:
            row[0] = x
            return row, label
        row[self._shown[0]] = x
        row[self._shown[1]] = y
        return row, label

    def _moved_point(self, ds: Dataset, i: int, x: float, y: float):
        kind = self._layout_kind(ds)
        row = np.array(ds.X[i], dtype=np.float64)
        if kind == REGRESSION:
            row[self._shown[0]] = x
            return row, float(y)
        if kind == CLASSES_1D:
            row[0] = x
            return row, None
        row[self._shown[0]] = x
        row[self._shown[1]] = y
        return row, None

    def _remove(self, i: int) -> None:
        if self._push(lambda: RemovePoint(self.document, i)):
            if self._selected is not None:
                self._selected = None if self._selected == i else self._selected - (self._selected > i)
            self._hovered = None
            self._draw_highlight()

    def _push(self, make_command) -> bool:
        """Build a command and push it; a refused edit shows its reason instead of raising."""
        try:
            command = make_command()
        except (DataError, IndexError, ValueError) as error:
            self._flash(str(error))
            return False
        self.document.undo_stack.push(command)
        return True

    def dragging(self) -> bool:
        return self._drag_index is not None

    def begin_drag(self, x: float, y: float) -> int | None:
        """Start moving the point under (x, y), if there is one; returns its index."""
        if self.document.dataset is None:
            return None
        hit = self._point_at(x, y)
        if hit is None:
            return None
        self._drag_index = hit
        self._drag_id = new_drag_id()
        self._plot_widget.setCursor(Qt.CursorShape.ClosedHandCursor)
        return hit

    def drag_to(self, x: float, y: float) -> None:
        i = self._drag_index
        ds = self.document.dataset
        if i is None or ds is None or i >= ds.n:
            return
        row, label = self._moved_point(ds, i, x, y)
        self._push(lambda: MovePoint(self.document, i, row, label, drag_id=self._drag_id))

    def end_drag(self) -> None:
        self._drag_index = None
        self._drag_id = None
        self._plot_widget.unsetCursor()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            target = self._hovered if self._hovered is not None else self._selected
            if target is not None and self.document.dataset is not None and target < self.document.dataset.n:
                self._remove(target)
                event.accept()
                return
        super().keyPressEvent(event)

    # -- hover and messages ------------------------------------------------------------------------------

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if self.dragging() or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return
        point = self.view_box.mapSceneToView(scene_pos)
        hit = self._point_at(point.x(), point.y())
        if hit != self._hovered:
            self._hovered = hit
            self._draw_highlight()
            if hit is None:
                self._plot_widget.unsetCursor()
            else:
                self._plot_widget.setCursor(Qt.CursorShape.OpenHandCursor)
        self.readout.setText(self._describe(hit, point.x(), point.y()))

    def _describe(self, i: int | None, x: float, y: float) -> str:
        ds = self._dataset
        if ds is None:
            return ""
        kind = self._layout_kind(ds)
        if i is None or i >= ds.n:
            return f"x = {x:.3g}, y = {y:.3g}"
        fx, fy = self._shown
        if kind == REGRESSION:
            return self.tr("point {i}: {x} = {xv}, {t} = {tv}").format(
                i=i, x=ds.feature_names[fx], xv=f"{ds.X[i, fx]:.4g}", t=ds.target_name, tv=f"{ds.y[i]:.4g}")
        cls = ds.class_names[int(ds.y[i])]
        if kind == CLASSES_1D:
            return self.tr("point {i}: {x} = {xv}, class {c}").format(
                i=i, x=ds.feature_names[0], xv=f"{ds.X[i, 0]:.4g}", c=cls)
        return self.tr("point {i}: {x} = {xv}, {y} = {yv}, class {c}").format(
            i=i, x=ds.feature_names[fx], xv=f"{ds.X[i, fx]:.4g}", y=ds.feature_names[fy],
            yv=f"{ds.X[i, fy]:.4g}", c=cls)

    def _flash(self, text: str) -> None:
        self._flash_text = text
        self._update_message()
        self._flash_timer.start(3500)

    def _end_flash(self) -> None:
        self._flash_text = None
        self._update_message()

    def _update_message(self) -> None:
        text = self._flash_text or self._frame_message
        if text:
            self.message.setText(text)
        self.message.setVisible(bool(text))
