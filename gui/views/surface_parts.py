"""Pieces of the surface view: the plane selector, each run's artists, the plane in words, and
the loss read off the drawn grid under the cursor."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from gui.words import shown

from . import colors

translate = QCoreApplication.translate  # spelled so that pyside6-lupdate finds the texts


def describe_plane(surface) -> str:
    """What the drawn plane is, in words."""
    if surface.kind == "exact" and surface.plane.a_label == "x" and surface.plane.b_label == "y":
        text = translate("SurfaceView", "f(x, y) over x and y; the stars are its minima") if surface.minima_ab \
            else translate("SurfaceView", "f(x, y) over x and y")
    elif surface.kind == "exact":
        text = translate("SurfaceView", "the whole parameter space")
    elif surface.kind == "params":
        text = translate("SurfaceView", "a slice: {a} and {b} vary, the other parameters held").format(
            a=shown(surface.a_label), b=shown(surface.b_label))
    elif surface.kind == "optimum" and "falling" in surface.a_label:
        text = translate("SurfaceView", "a slice from the start along the direction in which the loss keeps "
                                        "falling (no finite optimum)")
    elif surface.kind == "optimum":
        text = translate("SurfaceView", "a slice through the start and the optimum")
    elif surface.kind == "pca":
        text = translate("SurfaceView", "a slice along the two main directions of the paths (PCA)")
    else:
        text = translate("SurfaceView", "a slice of the parameter space")
    if surface.preview:
        text += " · " + translate("SurfaceView", "a coarser grid while the full one is computed")
    return text


def loss_at(surface, a: float, b: float) -> float:
    """The loss at (a, b), interpolated between the four grid cells around it (the grid's values
    are exact; between them the surface is smooth at this scale)."""
    a_grid, b_grid = np.asarray(surface.a), np.asarray(surface.b)
    loss = np.asarray(surface.loss)
    i = int(np.clip(np.searchsorted(a_grid, a) - 1, 0, len(a_grid) - 2))
    j = int(np.clip(np.searchsorted(b_grid, b) - 1, 0, len(b_grid) - 2))
    ta = float(np.clip((a - a_grid[i]) / (a_grid[i + 1] - a_grid[i]), 0.0, 1.0))
    tb = float(np.clip((b - b_grid[j]) / (b_grid[j + 1] - b_grid[j]), 0.0, 1.0))
    corners = loss[i:i + 2, j:j + 2]
    if not np.isfinite(corners).all():
        return float(loss[i + int(round(ta)), j + int(round(tb))])
    return float((1 - ta) * (1 - tb) * corners[0, 0] + ta * (1 - tb) * corners[1, 0]
                 + (1 - ta) * tb * corners[0, 1] + ta * tb * corners[1, 1])


class RunArtists:
    """What one run draws on the surface: its path and, when it blew up, a label."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.path = pg.PlotDataItem(connect="finite", antialias=True)
        self.path.setZValue(20)
        self.label = pg.TextItem(anchor=(0, 1), color=colors.TEXT_COLOR, fill=pg.mkBrush(255, 255, 255, 200))
        self.label.setZValue(40)
        plot.addItem(self.path)
        plot.addItem(self.label)
        self.color = None

    def hide(self) -> None:
        self.path.setVisible(False)
        self.label.setVisible(False)


class PlaneControls(QWidget):
    """The plane selector of a model with more than two parameters (a two-parameter model is drawn whole)."""

    plane_requested = Signal(str)  # "auto" | "optimum" | "pca" | "params=NAME,NAME"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = QLabel(translate("SurfaceView", "Plane:"))
        self.combo = QComboBox()
        self.combo.addItem(translate("SurfaceView", "Automatic"), "auto")
        self.combo.addItem(translate("SurfaceView", "Two parameters"), "params")
        self.combo.addItem(translate("SurfaceView", "Start → optimum"), "optimum")
        self.combo.addItem(translate("SurfaceView", "PCA of the trajectories"), "pca")
        self.combo.setToolTip(translate("SurfaceView", "Which 2-D slice through the parameters the map shows"))
        self.param_a = QComboBox()
        self.param_b = QComboBox()
        self.param_a.setToolTip(translate("SurfaceView", "Parameter along the horizontal axis"))
        self.param_b.setToolTip(translate("SurfaceView", "Parameter along the vertical axis"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self._label, self.combo, self.param_a, self.param_b):
            layout.addWidget(w)
        self._names: tuple[str, ...] = ()
        self.combo.currentIndexChanged.connect(self._on_mode)
        self.param_a.currentIndexChanged.connect(self._on_params)
        self.param_b.currentIndexChanged.connect(self._on_params)
        self._show_params(False)

    def show_frame(self, frame) -> None:
        model = frame.model
        self.setVisible(model is not None and model.n_params > 2)
        names = tuple(model.param_names()) if model is not None else ()
        if names != self._names:
            self._names = names
            for combo, pick in ((self.param_a, 0), (self.param_b, 1)):
                combo.blockSignals(True)
                combo.clear()
                combo.addItems(list(names))
                combo.setCurrentIndex(min(pick, len(names) - 1))
                combo.blockSignals(False)
        spec = frame.state.plane
        mode = "params" if spec.startswith("params=") else spec
        if self.combo.currentData() != mode and not self.combo.view().isVisible():
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(max(self.combo.findData(mode), 0))
            self.combo.blockSignals(False)
        if mode == "params":
            from engine.session.planes import split_names

            parts = split_names(spec[len("params="):])
            for combo, name in zip((self.param_a, self.param_b), parts):
                if combo.currentText() != name and combo.findText(name) >= 0 and not combo.view().isVisible():
                    combo.blockSignals(True)
                    combo.setCurrentIndex(combo.findText(name))
                    combo.blockSignals(False)
        self._show_params(mode == "params")

    def _show_params(self, on: bool) -> None:
        self.param_a.setVisible(on)
        self.param_b.setVisible(on)

    def _on_mode(self) -> None:
        mode = self.combo.currentData()
        self._show_params(mode == "params")
        if mode == "params":
            self._on_params()
        else:
            self.plane_requested.emit(mode)

    def _on_params(self) -> None:
        if self.combo.currentData() != "params":
            return
        first, second = self.param_a.currentText(), self.param_b.currentText()
        if first and second and first != second:
            self.plane_requested.emit(f"params={first},{second}")
