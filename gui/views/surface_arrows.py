"""The step inspector's three arrows on the loss surface, from where the inspected step began:
−γ·g (what plain gradient descent would do at this rate), what the optimiser's rule added to it
(momentum, Adam's scaling, decay) and the step it actually took. They share one scale, set by the
step taken: when it is too small (or large) to see at the plot's scale, all three are drawn ×s
and say so. Adam's −γ·g may then run far off the plot: its scaling cancels most of it."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

STYLES = {  # (colour, width, dashed)
    "gradient": ("#555555", 2.0, True),
    "extra": ("#A50026", 2.0, False),
    "step": ("#000000", 3.0, False),
}
SMALLEST, LARGEST, DRAWN = 0.04, 0.45, 0.15  # arrow length as a share of the plot's size


class StepArrows:
    def __init__(self, plot) -> None:
        self._plot = plot
        self._items: dict[str, tuple[pg.PlotCurveItem, pg.ArrowItem]] = {}
        for key, (color, width, dashed) in STYLES.items():
            pen = pg.mkPen(color, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            line = pg.PlotCurveItem(pen=pen)
            head = pg.ArrowItem(headLen=12, tailLen=0, brush=pg.mkBrush(color), pen=pg.mkPen(color))
            for item in (line, head):
                item.setZValue(60)
                item.setVisible(False)
                plot.addItem(item)
            self._items[key] = (line, head)
        self.scale_label = pg.TextItem(anchor=(0, 0), color="#202020", fill=pg.mkBrush(255, 255, 255, 200))
        self.scale_label.setZValue(61)
        self.scale_label.setVisible(False)
        plot.addItem(self.scale_label)
        self.scale = 1.0

    def show(self, inspection, ranges) -> None:
        """``inspection``: the frame's InspectionFrame (None hides them); ``ranges``: the plot's
        ((a0, a1), (b0, b1)), for the shared scale."""
        if inspection is None or inspection.theta_ab is None or not inspection.arrows_ab:
            self.hide()
            return
        (a0, a1), (b0, b1) = ranges
        width, height = max(a1 - a0, 1e-300), max(b1 - b0, 1e-300)
        sizes = {key: math.hypot(da / width, db / height) for key, (da, db) in inspection.arrows_ab.items()}
        size = sizes.get("step", 0.0)
        if not (math.isfinite(size) and size > 0.0):  # no step (a held run): the largest of the others
            size = max((s for s in sizes.values() if math.isfinite(s)), default=0.0)
        if size <= 0.0:
            self.hide()
            return
        self.scale = 1.0 if SMALLEST <= size <= LARGEST else DRAWN / size
        a, b = inspection.theta_ab
        for key, (line, head) in self._items.items():
            da, db = inspection.arrows_ab.get(key, (0.0, 0.0))
            da, db = da * self.scale, db * self.scale
            visible = math.isfinite(da) and math.isfinite(db) and math.hypot(da / width, db / height) > 1e-3
            line.setVisible(visible)
            head.setVisible(visible)
            if visible:
                line.setData([a, a + da], [b, b + db])
                # the head's angle in screen terms: the plot's axes are scaled differently
                box = self._plot.getViewBox()
                px = box.mapViewToDevice(pg.Point(a + da, b + db)) - box.mapViewToDevice(pg.Point(a, b))
                head.setStyle(angle=180.0 + math.degrees(math.atan2(px.y(), px.x())))
                head.setPos(a + da, b + db)
        self.scale_label.setText(QCoreApplication.translate("SurfaceView", "step arrows ×{s}").format(
            s=f"{self.scale:.3g}") if self.scale != 1.0 else "")
        self.scale_label.setVisible(self.scale != 1.0)
        self.scale_label.setPos(a, b)  # hangs below and right of where the step starts, off its arrows' heads

    def hide(self) -> None:
        for line, head in self._items.values():
            line.setVisible(False)
            head.setVisible(False)
        self.scale_label.setVisible(False)
