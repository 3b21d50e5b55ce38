"""The other cost's surface, beside the raced one: cross-entropy next to MSE on the sigmoid, on the
same plane and the same data, so a student sees one bowl and one landscape of shoulders and flats.

It paints the session's ``OtherCostFrame`` (engine/session/other_cost.py): a heat map with contour
lines in the shared colours, the start, and where each run is now (the same parameters, read on
this cost). It shows the main plot's extent, with the same axis labels.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt
from PySide6.QtWidgets import QLabel

from engine.session import Frame
from engine.surface import look
from gui.words import shown

from . import colors


def cost_title(cost: str, convex: bool, curving_down: bool = False) -> str:
    """What a surface is of, in the course's words (the view's title over each of the two)."""
    translate = QCoreApplication.translate
    if cost == "mse":
        text = translate("OtherCostPlot", "MSE on the sigmoid: not convex")
        if curving_down:
            text += translate("OtherCostPlot", " (curves down at the start)")
        return text
    return translate("OtherCostPlot", "Cross-entropy: convex")


class OtherCostPlot(QObject):
    """Its ``title`` and ``plot_widget`` are laid out by the surface view, in one grid with its own
    title and plot, so the two titles share a row and the two maps line up whatever the words."""

    def __init__(self, colormap: pg.ColorMap, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = None
        self._log_scale = True
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.title.setStyleSheet(f"color: {colors.TEXT_COLOR}; font-weight: bold;")
        self.plot_widget = pg.PlotWidget(background=colors.BACKGROUND)
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        colors.style_plot(self.plot)
        self.plot.getViewBox().disableAutoRange()
        self.image = pg.ImageItem(axisOrder="col-major")  # image[i, j] is at (a[i], b[j])
        self.image.setLookupTable(colormap.getLookupTable(nPts=256))
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.contours = pg.PlotDataItem(connect="finite", pen=pg.mkPen(*look.CONTOUR_RGBA, width=1))
        self.plot.addItem(self.contours)
        self.runs = pg.ScatterPlotItem(size=11, pxMode=True, pen=pg.mkPen(colors.OUTLINE_COLOR, width=1))
        self.runs.setZValue(30)
        self.plot.addItem(self.runs)
        self.start = pg.ScatterPlotItem(size=14, symbol="o", pen=pg.mkPen(colors.OUTLINE_COLOR, width=2.5),
                                        brush=pg.mkBrush(255, 255, 255, 200))
        self.start.setZValue(40)
        self.plot.addItem(self.start)

    def setVisible(self, on: bool) -> None:
        self.title.setVisible(on)
        self.plot_widget.setVisible(on)

    def isVisible(self) -> bool:
        return self.plot_widget.isVisible()

    def show_frame(self, frame: Frame, log_scale: bool) -> None:
        other, surface = frame.other_cost, frame.surface
        if other is None or surface is None:
            self.image.clear()
            self.contours.setData([], [])
            self.runs.setData([], [])
            self.start.setData([], [])
            self._key = None
            self.title.setText(self.tr("Computing the other cost…") if frame.state.view.both_costs else " ")
            return
        self.title.setText(cost_title(other.cost, other.convex, other.negative_curvature))
        key = (id(other), log_scale)
        if key != self._key:
            self._key = key
            a, b = np.asarray(other.a), np.asarray(other.b)
            z = look.display_values(other.loss, log_scale)
            a0, a1 = look.cell_edges(a)
            b0, b1 = look.cell_edges(b)
            lo, hi = look.colour_range(z)
            self.image.setImage(z, autoLevels=False, levels=(lo, hi), rect=QRectF(a0, b0, a1 - a0, b1 - b0))
            xs, ys = look.contour_polyline(a, b, z.T, look.contour_levels(lo, hi, log_scale))
            self.contours.setData(xs, ys)
            self.plot.getViewBox().setRange(xRange=(a0, a1), yRange=(b0, b1), padding=0.0)
            colors.set_axis_label(self.plot, "bottom", shown(surface.a_label))
            colors.set_axis_label(self.plot, "left", shown(surface.b_label))
        self.start.setData([surface.start_ab[0]], [surface.start_ab[1]])
        xs, ys, brushes = [], [], []
        for run in frame.runs:
            if run.visible and len(run.path_ab) and np.all(np.isfinite(run.path_ab[-1])):
                xs.append(float(run.path_ab[-1][0]))
                ys.append(float(run.path_ab[-1][1]))
                brushes.append(pg.mkBrush(run.color))
        self.runs.setData(xs, ys, brush=brushes)
