"""The data, editable: click adds a point, drag moves one, right click or Delete removes one.

Everything drawn comes from the newest ``Frame``: the points of its data version and what the
models make of them (each run's line, the decision regions and boundaries), so the picture never
mixes two versions of the data. Gestures go out as messages (``data_editing``).

Three layouts, chosen from the data:
- regression: the target against one feature (a picker when there are several),
- classification with one feature: the class (0 or 1) against x, with each run's S-curve,
- classification with two or more features: two shown features, the background shaded by the
  selected run's predicted class, its opacity by the probability.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from engine.session import Frame
from engine.session.policy import images_offered
from gui.words import shown

from . import colors
from .data_captions import CaptionsMixin
from .data_editing import (
    CLASSES_1D,
    REGRESSION,
    EditingMixin,
    EditViewBox,
    PassiveScatter,
    layout_kind,
)
from .data_layers import ModelLayersMixin
from .data_readout import ReadoutMixin
from .function_card import FunctionCard
from .image_card import ImagesCard


class DataView(EditingMixin, ModelLayersMixin, ReadoutMixin, CaptionsMixin, QWidget):
    """The data set, the models' predictions on it, and editing by mouse and keyboard.

    Signals:
        edit_requested(message): AddPoint, MovePoint or RemovePoint for the session.
        shown_features_changed(int, int): the user picked other features to show.
        sample_selected(int): the user clicked a point.
    Slots: show_frame(frame), set_current_class(c), select_sample(i).
    """

    edit_requested = Signal(object)
    shown_features_changed = Signal(int, int)
    sample_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seq: int | None = None
        self._frame: Frame | None = None
        self._dataset = None
        self._drawn_version = -1
        self._identity = None
        self._shown = (0, 1)
        self._frame_shown = None  # the shown features the last frame's state had
        self._data_key = None
        self._current_class = 0
        self._threshold = 0.5
        self._selected: int | None = None
        self._frame_selected: int | None = None
        self._hovered: int | None = None
        self._xs = np.empty(0)
        self._ys = np.empty(0)
        self._regions = None
        self._regions_threshold = None
        self._run_lines: list[pg.PlotDataItem] = []
        self._residual_color = None
        self._point_style: str | None = None  # "regression" | "classes": how the point items look
        self._groups_drawn: dict[int, tuple] = {}  # group -> the (x, y, test) its item shows
        self._legend_key = None

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
        self._features_note = QLabel()  # the expansion the model sees, when there is one
        self._features_note.setStyleSheet("color: #555555;")
        self._features_note.setVisible(False)
        self._features_key = None
        pickers.addWidget(self._features_note)
        pickers.addStretch(1)
        self.class_legend = QLabel()
        self.class_legend.setTextFormat(Qt.TextFormat.RichText)
        self.class_legend.setWordWrap(True)
        self.class_legend.setToolTip(self.tr("A click adds a point of the underlined class (keys 1 to 9 switch)"))
        self.class_legend.setVisible(False)

        # -- the plot ------------------------------------------------------------------------------
        self.view_box = EditViewBox(self)
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
        self.plot.addItem(self.residuals)
        self.predictions = PassiveScatter(size=9, pxMode=True, symbol="o", brush=pg.mkBrush(255, 255, 255, 220))
        self.predictions.setZValue(6)
        self.predictions.setVisible(False)
        self.plot.addItem(self.predictions)
        self.threshold_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#666666", width=1.5, style=Qt.PenStyle.DashLine))
        self.threshold_line.setVisible(False)
        self.plot.addItem(self.threshold_line)
        # One scatter item per class, each with one symbol and one brush: setData with per-point
        # style lists costs milliseconds for digits' 1797 points, on every step of a drag.
        self._point_items: list[PassiveScatter] = []
        self._point_pen = pg.mkPen(colors.OUTLINE_COLOR, width=1)
        self.highlight = PassiveScatter(size=22, pxMode=True, brush=None, pen=pg.mkPen(colors.OUTLINE_COLOR, width=2.5))
        self.highlight.setZValue(12)
        self.plot.addItem(self.highlight)
        # the step inspector's mini-batch: the samples that step's gradient was taken on
        self.batch_marks = PassiveScatter(size=15, pxMode=True, brush=None, symbol="s",
                                          pen=pg.mkPen("#000000", width=1.5))
        self.batch_marks.setZValue(10)
        self.batch_marks.setVisible(False)
        self.plot.addItem(self.batch_marks)
        self.hover_ring = PassiveScatter(size=20, pxMode=True, brush=None, pen=pg.mkPen("#D55E00", width=2))
        self.hover_ring.setZValue(11)
        self.plot.addItem(self.hover_ring)
        # the selected run's mistakes: a cross on every point it classifies wrongly
        self.wrong_marks = PassiveScatter(size=9, pxMode=True, symbol="x", brush=pg.mkBrush("#C0392B"),
                                          pen=pg.mkPen("#FFFFFF", width=0.6))
        self.wrong_marks.setZValue(10.5)  # over the points (10), under the hover ring
        self.wrong_marks.setVisible(False)
        self.plot.addItem(self.wrong_marks)

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
        self.function_card = FunctionCard()  # in place of the plot during a race on a function
        self.function_card.setVisible(False)
        stack.addWidget(self.function_card, 0, 0)
        self._on_function = False
        self.image_card = ImagesCard()  # in place of the plot when the samples are drawn as images
        self.image_card.setVisible(False)
        self.image_card.sample_clicked.connect(self.sample_selected)
        stack.addWidget(self.image_card, 0, 0)
        self._on_images = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(pickers)
        layout.addWidget(self.class_legend)
        # whose regions these are, and where the features not on the axes are held: a line of its
        # own, so the class legend keeps the width it needs at 1024 pixels
        self.regions_note = QLabel()
        self.regions_note.setStyleSheet("color: #555555;")
        self.regions_note.setWordWrap(True)
        self.regions_note.setVisible(False)
        layout.addWidget(self.regions_note)
        layout.addLayout(stack, 1)
        layout.addWidget(self.readout)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._feature_x.currentIndexChanged.connect(self._on_feature_picked)
        self._feature_y.currentIndexChanged.connect(self._on_feature_picked)
        self._plot_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.view_box.sigRangeChanged.connect(lambda *_: self._draw_run_lines())

    # -- public --------------------------------------------------------------------------------------

    def shown_features(self) -> tuple[int, int]:
        return self._shown

    def set_current_class(self, c: int) -> None:
        """The class a click adds (the main window's class buttons, keys 1 to 9)."""
        self._current_class = max(0, int(c))
        self._update_class_legend()

    def current_class(self) -> int:
        return self._current_class

    def select_sample(self, i: int | None) -> None:
        """Highlight point ``i`` (no signal: use a click for that)."""
        self._selected = None if i is None else int(i)
        self._draw_highlight()

    def drawn_points(self) -> tuple[np.ndarray, np.ndarray]:
        """Where the points are drawn (data order): x and y."""
        return self._xs.copy(), self._ys.copy()

    def show_frame(self, frame: Frame) -> None:
        if frame.seq == self._seq:
            return
        self._seq = frame.seq
        self._frame = frame
        ds = frame.dataset
        if ds is None:
            return
        on_function = frame.model is not None and frame.model.kind == "function"
        if on_function != self._on_function:
            self._show_function_card(on_function)
        if on_function:  # no points to draw: the card says what is raced
            self.function_card.show_model(frame.model)
            return
        images = frame.state.view.images and images_offered(ds)
        if images != self._on_images:
            self._show_image_card(images)
        if images:  # the samples as pictures (digits): the card draws them, framed by the predictions
            if ds is not self._dataset:
                self._dataset = ds
                self._update_class_legend()
            self.image_card.show_frame(frame)
            return
        identity = (ds.name, ds.task, ds.d, ds.feature_names, ds.target_name, frame.source)
        if identity != self._identity:  # another data set: its own features, axes and read-outs
            self._identity = identity
            self._dataset = ds
            self._set_up_pickers(ds, frame.shown_features)
            self._hovered = None
            self.readout.setText(" ")
            if self.dragging():
                self.end_drag()
        if frame.shown_features != self._frame_shown:
            self._frame_shown = frame.shown_features
            if frame.shown_features != self._shown and layout_kind(ds) != CLASSES_1D:
                self._set_up_pickers(ds, frame.shown_features)  # chosen elsewhere: a file, an undo
                self._drawn_version = -1
                self._groups_drawn = {}
        if frame.data_version != self._drawn_version:
            self._dataset = ds
            self._drawn_version = frame.data_version
            self._draw_points()
        if frame.threshold != self._threshold:
            self._threshold = frame.threshold
            self._regions = None
        if frame.selected_sample != self._frame_selected:
            self._frame_selected = frame.selected_sample
            self.select_sample(frame.selected_sample)
        self._show_features(frame.state.features)
        self._frame_message = shown(frame.message) if frame.message else None
        self._update_message()
        self._draw_frame(frame)
        self._draw_batch(frame)

    # -- the data --------------------------------------------------------------------------------------

    def _draw_batch(self, frame: Frame) -> None:
        """The inspected step's mini-batch, squared (nothing for a full-batch step)."""
        batch = frame.inspection.batch if frame.inspection is not None else None
        if batch is None or not len(self._xs) or batch.max() >= len(self._xs):
            self.batch_marks.setVisible(False)
            return
        self.batch_marks.setData(self._xs[batch], self._ys[batch])
        self.batch_marks.setToolTip(self.tr("The {n} samples of the inspected step's mini-batch").format(n=len(batch)))
        self.batch_marks.setVisible(True)

    def _show_image_card(self, on: bool) -> None:
        self._on_images = on
        self._show_card(self.image_card, on, hide=(self.message, self.regions_note))
        self._dataset = None  # the images path sets it (with the class legend) on its next frame

    def _show_function_card(self, on: bool) -> None:
        self._on_function = on
        if on and self._on_images:
            self._on_images = False
            self.image_card.setVisible(False)
        self._show_card(self.function_card, on, hide=(self.class_legend, self.message, self.regions_note))

    def _show_card(self, card, on: bool, hide) -> None:
        """``card`` in place of the plot (or the plot back): the pickers and notes that belong to
        the points go, and everything is set up afresh on the way back."""
        card.setVisible(on)
        self._plot_widget.setVisible(not on)
        self.readout.setVisible(not on)
        if on:
            for w in (self._feature_x_label, self._feature_x, self._feature_y_label, self._feature_y,
                      self._held_note, self._features_note, *hide):
                w.setVisible(False)
            if self.dragging():
                self.end_drag()
        self._features_key = ""  # shown afresh on the way back
        self._legend_key = None
        self._identity = None  # back to the points: set everything up afresh
        self._drawn_version = -1
        self._groups_drawn = {}

    def _coordinates(self, ds) -> tuple[np.ndarray, np.ndarray]:
        """Where each point is drawn."""
        kind = layout_kind(ds)
        fx, fy = self._shown
        if kind == REGRESSION:
            return ds.X[:, fx], ds.y.astype(np.float64)
        if kind == CLASSES_1D:
            return ds.X[:, 0], ds.y.astype(np.float64)
        return ds.X[:, fx], ds.X[:, fy]

    def _draw_points(self) -> None:
        ds = self._dataset
        xs, ys = self._coordinates(ds)
        self._xs, self._ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
        groups = 1 if ds.task == "regression" else ds.n_classes
        while len(self._point_items) < groups:
            c = len(self._point_items)
            item = PassiveScatter(pxMode=True, hoverable=False, size=12, symbol=colors.class_symbol(c),
                                  brush=pg.mkBrush(colors.class_color(c)), pen=self._point_pen)
            item.setZValue(10)
            self.plot.addItem(item)
            self._point_items.append(item)
        test = ds.test_mask
        if self._point_style != ("regression" if ds.task == "regression" else "classes"):
            self._groups_drawn = {}  # the items are about to take the other style's looks
        if ds.task == "regression":
            self._point_style = "regression"
            if self._group_changed(0, self._xs, self._ys, test):
                self._point_items[0].setData(self._xs, self._ys, symbol="o", size=10,
                                             **self._point_looks(test, colors.POINT_COLOR, pg.mkPen("w", width=1)))
        else:
            if self._point_style != "classes":  # first classes, or back from a regression set
                self._point_style = "classes"
                self._point_items[0].setData([], [], symbol=colors.class_symbol(0), size=12,
                                             brush=pg.mkBrush(colors.class_color(0)), pen=self._point_pen)
            labels = ds.y.astype(np.int64)
            for c in range(groups):
                mine = labels == c
                if self._group_changed(c, self._xs[mine], self._ys[mine], test[mine]):
                    self._point_items[c].setData(self._xs[mine], self._ys[mine],
                                                 **self._point_looks(test[mine], colors.class_color(c), self._point_pen))
        for c, item in enumerate(self._point_items[groups:], start=groups):
            self._groups_drawn.pop(c, None)
            if len(item.data):
                item.setData([], [])
        self._update_axes(ds)
        self._update_class_legend()
        self._draw_highlight()

    def _group_changed(self, c: int, xs, ys, test) -> bool:
        """Whether group c's points differ from those drawn. Dragging one point changes one class;
        re-setting every group cost ~0.5 ms each per move (pyqtgraph rebuilds all its spots)."""
        drawn = self._groups_drawn.get(c)
        if drawn is not None and all(a.shape == b.shape and np.array_equal(a, b) for a, b in zip(drawn, (xs, ys, test))):
            return False
        self._groups_drawn[c] = (xs.copy(), ys.copy(), test.copy())
        return True

    def _update_axes(self, ds) -> None:
        kind = layout_kind(ds)
        fx, fy = self._shown
        if kind == REGRESSION:
            x_label, y_label = ds.feature_names[fx], ds.target_name
        elif kind == CLASSES_1D:
            x_label = ds.feature_names[0]
            y_label = self.tr("class · P(class {c})").format(c=ds.class_names[-1]) if ds.n_classes == 2 \
                else self.tr("class")
        else:
            x_label, y_label = ds.feature_names[fx], ds.feature_names[fy]
        colors.set_axis_label(self.plot, "bottom", x_label)
        colors.set_axis_label(self.plot, "left", y_label)
        key = (ds.name, ds.task, ds.d, self._shown, self._identity)
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

    def _point_looks(self, test: np.ndarray, color, pen) -> dict:
        """Brushes and pens of a group's points: filled to train on, hollow (a white face in the
        class's colour) for the held-out test set."""
        solid = pg.mkBrush(color)
        if not test.any():
            return {"brush": solid, "pen": pen}
        hollow, ring = pg.mkBrush(255, 255, 255, 230), pg.mkPen(color, width=2.5)
        return {"brush": [hollow if t else solid for t in test], "pen": [ring if t else pen for t in test]}
