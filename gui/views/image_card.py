"""The data as images (digits, or any data whose features form a square picture): a page of
samples, each framed in the colour of the class the selected run predicts for it; the selected
sample large, with its true and predicted class; and the selected run's weight vectors, one
picture per class, updating as the run learns (softmax on images: each class's weights become a
template of its digit). A click on a sample selects it."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from engine.session.policy import image_side

from . import colors
from . import image_tiles as tiles

COLS, ROWS = 12, 8  # a page of samples
UNKNOWN = np.array([190, 190, 190], dtype=np.uint8)  # no prediction yet


def _image_box(layout, row: int, col: int, **kwargs) -> tuple[pg.ViewBox, pg.ImageItem]:
    box = layout.addViewBox(row=row, col=col, **kwargs)
    box.setAspectLocked(True)
    box.invertY(True)
    box.setMouseEnabled(False, False)
    box.setMenuEnabled(False)
    image = pg.ImageItem(axisOrder="row-major")
    box.addItem(image)
    return box, image


class ImagesCard(QWidget):
    sample_clicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._page = 0
        self._followed = None  # the selection the page last moved to
        self._grid_key = self._big_key = self._weights_key = None
        self._frame = None
        self.page_label = QLabel()
        self.page_label.setStyleSheet(f"color: {colors.TEXT_COLOR};")
        self.prev_button, self.next_button = QToolButton(), QToolButton()
        for button, text, step in ((self.prev_button, "◀", -1), (self.next_button, "▶", 1)):
            button.setText(text)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, step=step: self._turn(step))
        self.prev_button.setToolTip(self.tr("The previous page of samples"))
        self.next_button.setToolTip(self.tr("The next page of samples"))
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.page_label, 1)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)

        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(colors.BACKGROUND)
        self.canvas.ci.setContentsMargins(2, 2, 2, 2)
        self.grid_box, self.grid = _image_box(self.canvas.ci, 0, 0)
        self.big_box, self.big = _image_box(self.canvas.ci, 0, 1)
        self.canvas.ci.layout.setColumnStretchFactor(0, 3)
        self.canvas.ci.layout.setColumnStretchFactor(1, 2)
        self.weights_box, self.weights = _image_box(self.canvas.ci, 1, 0, colspan=2)
        self.canvas.ci.layout.setRowStretchFactor(0, 4)
        self.canvas.ci.layout.setRowStretchFactor(1, 1)
        self.canvas.scene().sigMouseClicked.connect(self._on_click)

        self.big_label = QLabel()
        self.big_label.setStyleSheet(f"color: {colors.TEXT_COLOR};")
        self.weights_label = QLabel()
        self.weights_label.setStyleSheet("color: #555555;")
        self.weights_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.big_label)
        layout.addWidget(self.weights_label)

    # -- the frame -------------------------------------------------------------------------------

    def show_frame(self, frame) -> None:
        ds = frame.dataset
        side = image_side(ds)
        if side is None:
            return
        self._frame = frame
        selected = frame.selected_sample
        if selected is not None and selected != self._followed and 0 <= selected < ds.n:
            self._followed = selected
            self._page = selected // (COLS * ROWS)  # the page follows a selection made elsewhere
        self._page = min(self._page, max(0, (ds.n - 1) // (COLS * ROWS)))
        regions = frame.regions
        predicted = regions.predicted if regions is not None and regions.predicted is not None \
            and len(regions.predicted) == ds.n else None
        self._draw_grid(frame, side, predicted)
        self._draw_big(frame, side, predicted)
        self._draw_weights(frame, side)

    def _levels(self, frame) -> tuple[float, float]:
        """Ink levels over the whole data set (the same grey means the same value on every page),
        found once per data version."""
        if getattr(self, "_levels_of", (None,))[0] != frame.data_version:
            X = frame.dataset.X
            levels = (float(np.nanmin(X)), float(np.nanmax(X))) if X.size else (0.0, 1.0)
            self._levels_of = (frame.data_version, levels)
        return self._levels_of[1]

    def _border(self, predicted, rows) -> np.ndarray:
        if predicted is None:
            return np.repeat(UNKNOWN[None], len(rows), axis=0)
        table = colors.class_rgb_table(self._frame.dataset.n_classes)
        return table[np.clip(predicted[rows], 0, len(table) - 1)]

    def _draw_grid(self, frame, side: int, predicted) -> None:
        ds = frame.dataset
        per_page = COLS * ROWS
        first = self._page * per_page
        rows = np.arange(first, min(ds.n, first + per_page))
        # the page's own predictions, not the array's identity: a new regions frame that changes
        # nothing on this page draws nothing
        shown = None if predicted is None else predicted[rows].tobytes()
        key = (frame.data_version, first, shown, frame.selected_sample, self._run_label(frame))
        if key == self._grid_key:
            return
        self._grid_key = key
        lo, hi = self._levels(frame)
        pictures = tiles.grey(ds.X[rows].reshape(len(rows), side, side), lo, hi)
        borders = self._border(predicted, rows)
        if frame.selected_sample is not None and first <= frame.selected_sample < first + len(rows):
            borders[frame.selected_sample - first] = (0, 0, 0)  # the selected sample: framed in black
        self.grid.setImage(tiles.layout(pictures, borders, COLS), autoLevels=False, levels=(0, 255))
        self.grid_box.autoRange(padding=0.01)
        self.page_label.setText(self.tr("samples {a}–{b} of {n} · frame: the class {run} predicts").format(
            a=first, b=first + len(rows) - 1, n=ds.n, run=self._run_label(frame)))
        self.prev_button.setEnabled(first > 0)
        self.next_button.setEnabled(first + per_page < ds.n)

    def _draw_big(self, frame, side: int, predicted) -> None:
        ds, i = frame.dataset, frame.selected_sample
        key = (frame.data_version, i, None if predicted is None or i is None or i >= ds.n else int(predicted[i]),
               self._run_label(frame))
        if key == self._big_key:
            return
        self._big_key = key
        if i is None or not 0 <= i < ds.n:
            self.big.clear()
            self.big_label.setText(self.tr("Click a sample to see it large"))
            return
        lo, hi = self._levels(frame)
        picture = tiles.grey(ds.X[i].reshape(1, side, side), lo, hi)
        self.big.setImage(tiles.layout(picture, self._border(predicted, np.array([i])), 1),
                          autoLevels=False, levels=(0, 255))
        self.big_box.autoRange(padding=0.02)
        truth = ds.class_names[int(ds.y[i])]
        text = self.tr("sample {i}: class {truth}").format(i=i, truth=truth)
        if predicted is not None:
            guess = ds.class_names[int(predicted[i])]
            text += " · " + self.tr("{run} predicts {guess}").format(run=self._run_label(frame), guess=guess)
        self.big_label.setText(text)

    def _draw_weights(self, frame, side: int) -> None:
        model, k = frame.model, frame.selected_run
        if model is None or model.kind not in ("logistic", "softmax") or not 0 <= k < len(frame.runs) \
                or model.n_features != side * side:
            self.weights.clear()
            self.weights_label.setText("")
            self._weights_key = None  # drawn afresh when they can be again
            return
        theta = np.asarray(frame.runs[k].theta, dtype=np.float64)
        key = (theta.tobytes(), model, self._run_label(frame), frame.dataset.class_names)
        if key == self._weights_key:
            return
        self._weights_key = key
        W = model.unpack(theta[None])[0][0]  # [out, d]
        scale = float(np.abs(W).max()) if np.isfinite(W).all() else 0.0
        pictures = tiles.diverging(W.reshape(len(W), side, side), scale)
        table = colors.class_rgb_table(max(len(W), frame.dataset.n_classes))
        classes = range(len(W)) if model.kind == "softmax" else [1]  # logistic: the weights of class 1
        borders = np.array([table[c] for c in classes], dtype=np.uint8)
        self.weights.setImage(tiles.layout(pictures, borders, len(W)), autoLevels=False, levels=(0, 255))
        self.weights_box.autoRange(padding=0.02)
        names = frame.dataset.class_names
        order = f"{names[classes[0]]} … {names[classes[-1]]}" if len(classes) > 1 else str(names[classes[0]])
        self.weights_label.setText(self.tr("weights of {run}, one picture per class ({order}, framed in its "
                                           "colour): vermillion pixels vote for the class, blue against "
                                           "(largest |w| = {scale})").format(
            run=self._run_label(frame), order=order, scale=f"{scale:.3g}"))

    def _run_label(self, frame) -> str:
        k = frame.selected_run
        return frame.runs[k].label if 0 <= k < len(frame.runs) else ""

    # -- the user --------------------------------------------------------------------------------

    def _turn(self, step: int) -> None:
        frame = self._frame
        if frame is None:
            return
        self._page = max(0, self._page + step)
        self._grid_key = None
        self.show_frame(frame)

    def _on_click(self, event) -> None:
        frame = self._frame
        if frame is None or event.button() != Qt.MouseButton.LeftButton:
            return
        side = image_side(frame.dataset)
        if side is None or not self.grid_box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.grid_box.mapSceneToView(event.scenePos())
        per_page = COLS * ROWS
        count = min(per_page, frame.dataset.n - self._page * per_page)
        k = tiles.tile_at(point.x(), point.y(), side, COLS, count)
        if k is not None:
            sample = self._page * per_page + k
            self._followed = sample  # clicked here: the page stays
            self.sample_clicked.emit(sample)
