"""The loss surface: heat map, contour lines, the runs' trajectories, the start and the optimum.

The surface arrives in the frame as ``loss[i, j]`` at ``(a[i], b[j])``: the x axis is ``a`` and the
y axis is ``b``. The image item is told its axis order explicitly ("col-major": the first array
index runs along x) so the picture does not depend on pyqtgraph's global ``imageAxisOrder``.
While the session is still computing the surface of new data, the view says so and shows no
picture: never the surface of the data before.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.session import Frame, SurfaceFrame
from engine.surface import look
from gui.words import shown

from . import colors
from .other_cost_plot import OtherCostPlot, cost_title
from .surface_arrows import StepArrows
from .surface_parts import PlaneControls, describe_plane, loss_at
from .surface_race import RaceOnSurfaceMixin


def surface_colormap() -> pg.ColorMap:
    stops = colors.surface_stops()
    return pg.ColorMap(np.linspace(0.0, 1.0, len(stops)), [(*c, 255) for c in stops], name="descent-lab")


class SurfaceView(RaceOnSurfaceMixin, QWidget):
    """Heat map of the loss on the current plane, with the race drawn on it.

    Signals:
        start_moved(theta, final): the user dragged the start marker; ``theta`` = plane.point(a, b);
            ``final`` is True on release.
        plane_requested(str): "auto" | "optimum" | "pca" | "params=NAME,NAME".
        log_scale_changed(bool): the user switched the colour scale.
    """

    start_moved = Signal(object, bool)
    plane_requested = Signal(str)
    log_scale_changed = Signal(bool)
    both_costs_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seq: int | None = None
        self._frame: Frame | None = None
        self._surface: SurfaceFrame | None = None
        self._log_scale = True
        self._plane_key = None
        self._identity = None
        self._runs: list = []  # RunArtists, one per run
        self._display: np.ndarray | None = None
        self._unbounded_dir: tuple[float, float] | None = None
        self._far_box = (np.full(2, -np.inf), np.full(2, np.inf))
        self._hover_ab: tuple[float, float] | None = None
        self._both_on = False  # the other cost's map is shown beside

        self.plane_controls = PlaneControls()
        self.plane_controls.plane_requested.connect(self.plane_requested)
        self._log_box = QCheckBox(self.tr("Log colour scale"))
        self._log_box.setChecked(self._log_scale)
        self._log_box.setToolTip(self.tr("Losses span orders of magnitude: a log scale shows the valley floor"))
        controls = QHBoxLayout()
        controls.setContentsMargins(4, 2, 4, 2)
        controls.addWidget(self.plane_controls)
        controls.addStretch(1)
        self._both_box = QCheckBox(self.tr("Both costs"))
        self._both_box.setToolTip(self.tr("Cross-entropy and MSE on the sigmoid side by side, on the same data "
                                          "and plane: one is convex, the other is not"))
        self._both_box.setVisible(False)
        self._both_box.toggled.connect(self.both_costs_changed)
        controls.addWidget(self._both_box)
        controls.addWidget(self._log_box)

        # -- the plot ------------------------------------------------------------------------------
        self._plot_widget = pg.PlotWidget(background=colors.BACKGROUND)
        self.plot: pg.PlotItem = self._plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        colors.style_plot(self.plot)
        self.plot.showGrid(x=False, y=False)
        self.view_box: pg.ViewBox = self.plot.getViewBox()
        self.view_box.disableAutoRange()

        self.image = pg.ImageItem(axisOrder="col-major")  # image[i, j] is at (a[i], b[j])
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=surface_colormap(), interactive=False, width=14, colorMapMenu=False)
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        colors.style_plot(self.colorbar)
        self.colorbar.axis.setWidth(50)
        self._set_colorbar_label()

        self.contours = pg.PlotDataItem(connect="finite", pen=pg.mkPen(*look.CONTOUR_RGBA, width=1))
        self.contours.setZValue(0)
        self.plot.addItem(self.contours)
        self.current = pg.ScatterPlotItem(size=15, pxMode=True)
        self.current.setZValue(30)
        self.plot.addItem(self.current)
        self._optimum_pens = {
            True: (pg.mkBrush(colors.OPTIMUM_COLOR), pg.mkPen(colors.OUTLINE_COLOR, width=1.5)),
            # being recomputed for the edited data: hollow, dashed, where it was
            False: (pg.mkBrush(255, 255, 255, 90),
                    pg.mkPen(colors.OUTLINE_COLOR, width=1.5, style=Qt.PenStyle.DashLine)),
        }
        self.optimum = pg.ScatterPlotItem(symbol="star", size=24)
        self.optimum.setZValue(35)
        self.optimum.setToolTip(self.tr("The optimum: the lowest loss"))
        self.plot.addItem(self.optimum)

        self.unbounded_line = pg.PlotDataItem(pen=pg.mkPen(colors.OUTLINE_COLOR, width=3))
        self.unbounded_arrow = pg.ArrowItem(headLen=22, tipAngle=40, tailLen=0, brush=colors.OPTIMUM_COLOR,
                                            pen=pg.mkPen(colors.OUTLINE_COLOR, width=1.5))
        self.unbounded_text = pg.TextItem(self.tr("no finite minimum:\nloss keeps falling this way"),
                                          color=colors.TEXT_COLOR, fill=pg.mkBrush(255, 255, 255, 215))
        for item in (self.unbounded_line, self.unbounded_arrow, self.unbounded_text):
            item.setZValue(36)
            item.setVisible(False)
            self.plot.addItem(item)

        self.start = pg.TargetItem(pos=(0, 0), size=18, symbol="o", movable=True,
                                   pen=pg.mkPen(colors.OUTLINE_COLOR, width=2.5), brush=pg.mkBrush(255, 255, 255, 200),
                                   hoverPen=pg.mkPen("#D55E00", width=3), hoverBrush=pg.mkBrush(255, 255, 255, 240),
                                   label=self.tr("start"),
                                   labelOpts={"color": colors.TEXT_COLOR, "offset": (10, -10),
                                              "fill": pg.mkBrush(255, 255, 255, 190)})
        self.start.setZValue(50)
        self.start.setToolTip(self.tr("Drag the start: every run restarts from here"))
        self.start.sigPositionChanged.connect(self._on_start_dragging)
        self.start.sigPositionChangeFinished.connect(self._on_start_released)
        self.plot.addItem(self.start)
        self.step_arrows = StepArrows(self.plot)

        # -- text below the plot: what the plane is, and what is under the cursor ------------------
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet(f"color: {colors.TEXT_COLOR};")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #A33E00;")
        self.warning.setVisible(False)
        self.readout = QLabel(" ")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setStyleSheet(f"color: {colors.TEXT_COLOR}; font-family: monospace;")
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("background: rgba(255,255,255,225); color: #202020; border: 1px solid #888;"
                                   "border-radius: 4px; padding: 8px; font-size: 13pt;")
        self.message.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.message.setVisible(False)

        self.main_title = QLabel()
        self.main_title.setWordWrap(True)
        self.main_title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.main_title.setStyleSheet(f"color: {colors.TEXT_COLOR}; font-weight: bold;")
        self.main_title.setVisible(False)
        self.other_cost = OtherCostPlot(surface_colormap(), self)
        self.other_cost.setVisible(False)
        stack = QGridLayout()  # titles in row 0 (shown with both costs), the maps in row 1
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setHorizontalSpacing(4)
        stack.setVerticalSpacing(0)
        stack.addWidget(self.main_title, 0, 0)
        stack.addWidget(self.other_cost.title, 0, 1)
        stack.addWidget(self._plot_widget, 1, 0)
        stack.addWidget(self.other_cost.plot_widget, 1, 1)
        stack.setColumnStretch(0, 1)
        stack.setRowStretch(1, 1)
        self._stack = stack
        stack.addWidget(self.message, 1, 0, 1, 2, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addLayout(stack, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.warning)
        layout.addWidget(self.readout)

        self._log_box.toggled.connect(self._on_log_box)
        self._plot_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.view_box.sigRangeChanged.connect(lambda *_: self._place_unbounded_arrow())

    # -- public -----------------------------------------------------------------------------------

    def set_log_scale(self, on: bool) -> None:
        """Colour by log10(loss) (True) or by the loss itself."""
        on = bool(on)
        if self._log_box.isChecked() != on:
            self._log_box.blockSignals(True)
            self._log_box.setChecked(on)
            self._log_box.blockSignals(False)
        if on == self._log_scale:
            return
        self._log_scale = on
        self._set_colorbar_label()
        if self._surface is not None:
            self._draw_surface(self._surface)

    def log_scale(self) -> bool:
        return self._log_scale

    def _on_log_box(self, on: bool) -> None:
        self.set_log_scale(on)
        self.log_scale_changed.emit(bool(on))

    def show_frame(self, frame: Frame) -> None:
        if frame.seq == self._seq:
            return
        self._seq = frame.seq
        self._frame = frame
        self.set_log_scale(frame.state.view.surface_log)
        ds = frame.dataset
        identity = None if ds is None else (ds.name, ds.task, ds.d, frame.source, frame.model)
        if identity != self._identity:  # another data set or model: nothing read out before applies
            self._identity = identity
            self._hover_ab = None
            self.readout.setText(" ")
        self.plane_controls.show_frame(frame)
        self._show_both_costs(frame)
        surface = frame.surface
        if frame.message:
            self._show_message(shown(frame.message))
        elif surface is None and frame.surface_status == "computing":
            self._show_message(self.tr("Computing the loss surface…"))
        else:
            self._show_message(None)
        if surface is None:
            self._set_drawn(False)
            self.step_arrows.hide()
            self.description.setText(" ")
            self.readout.setText(" ")
            return
        self._set_drawn(True)
        if not self._same_surface(surface):
            self._draw_surface(surface)
        self._surface = surface
        self._draw_markers(frame, surface)
        self.step_arrows.show(frame.inspection, (tuple(surface.a[[0, -1]]), tuple(surface.b[[0, -1]])))
        self._draw_runs(frame, surface)
        if self._hover_ab is not None and self._plot_widget.underMouse():
            self.hover_at(*self._hover_ab)  # the landscape moved under a still cursor

    # -- drawing ------------------------------------------------------------------------------------

    def _show_both_costs(self, frame: Frame) -> None:
        """The "Both costs" box for logistic regression, and the other cost's plot beside when it is on."""
        model = frame.model
        offered = model is not None and model.kind == "logistic"
        on = offered and frame.state.view.both_costs
        self._both_box.setVisible(offered)
        if self._both_box.isChecked() != on:
            with QSignalBlocker(self._both_box):
                self._both_box.setChecked(on)
        self._both_on = on
        self._stack.setColumnStretch(1, 1 if on else 0)
        self.other_cost.setVisible(on)
        self.main_title.setVisible(on)
        if on:
            curving_down = frame.curvature is not None and frame.curvature[0] < 0
            title = cost_title(model.cost, not model.sigmoid_mse, curving_down)
            self.main_title.setText(self.tr("{cost} (the runs train on it)").format(cost=title))
            self.other_cost.show_frame(frame, self._log_scale)

    def _set_drawn(self, on: bool) -> None:
        for item in (self.image, self.contours, self.current, self.start):
            item.setVisible(on)
        self.colorbar.setVisible(on and not self._both_on)  # two maps share the width: the colour bar gives way
        for side in ("left", "bottom"):
            if self.plot.getAxis(side).isVisible() != on:
                self.plot.showAxis(side, on)
        if not on:
            self._surface = None
            if self._plane_key is not None:  # no axes of a plane that is not drawn any more
                self._plane_key = None
                colors.set_axis_label(self.plot, "bottom", "")
                colors.set_axis_label(self.plot, "left", "")
            self.optimum.setVisible(False)
            for item in (self.unbounded_line, self.unbounded_arrow, self.unbounded_text):
                item.setVisible(False)
            for run in self._runs:
                run.hide()
            self.warning.setVisible(False)

    def _same_surface(self, surface: SurfaceFrame) -> bool:
        old = self._surface
        if old is None or self._display is None:
            return False
        if old is surface:
            return True
        return (old.loss.shape == surface.loss.shape and np.array_equal(old.a, surface.a)
                and np.array_equal(old.b, surface.b) and np.array_equal(old.loss, surface.loss, equal_nan=True))

    def _draw_surface(self, surface: SurfaceFrame) -> None:
        a = np.asarray(surface.a, dtype=np.float64)
        b = np.asarray(surface.b, dtype=np.float64)
        picture = surface.picture
        if picture is None or picture.log_scale != self._log_scale:  # the scale switched since
            picture = look.surface_picture(a, b, surface.loss, self._log_scale)
        z = picture.display
        self._display = z
        a0, a1 = look.cell_edges(a)
        b0, b1 = look.cell_edges(b)
        lo, hi = picture.levels
        self.image.setImage(z, autoLevels=False, levels=(lo, hi), rect=QRectF(a0, b0, a1 - a0, b1 - b0))
        self.colorbar.setLevels((lo, hi))
        self.colorbar.axis.setTicks([look.log_ticks(lo, hi)] if self._log_scale else None)
        self.contours.setData(picture.contour_x, picture.contour_y)

        reach = 100.0 * max(a1 - a0, b1 - b0)
        centre = np.array([0.5 * (a0 + a1), 0.5 * (b0 + b1)])
        self._far_box = (centre - reach, centre + reach)
        key = (a0, a1, b0, b1, surface.a_label, surface.b_label)
        if key != self._plane_key:
            self._plane_key = key
            self.view_box.setRange(xRange=(a0, a1), yRange=(b0, b1), padding=0.0)
            colors.set_axis_label(self.plot, "bottom", shown(surface.a_label))
            colors.set_axis_label(self.plot, "left", shown(surface.b_label))

    def _draw_markers(self, frame: Frame, surface: SurfaceFrame) -> None:
        if not self.start.moving and surface.start_ab is not None:
            self.start.setPos(float(surface.start_ab[0]), float(surface.start_ab[1]))
        if frame.optimum_status == "finite" and surface.optimum_ab is not None:
            brush, pen = self._optimum_pens[bool(frame.optimum_current)]
            stars = surface.minima_ab or (surface.optimum_ab,)  # a function may have several (Himmelblau: 4)
            self.optimum.setData([float(a) for a, _ in stars], [float(b) for _, b in stars], brush=brush, pen=pen)
            if surface.minima_ab:
                self.optimum.setToolTip(self.tr("A minimum of the function: the lowest value"))
            else:
                self.optimum.setToolTip(self.tr("The optimum: the lowest loss") if frame.optimum_current else
                                        self.tr("The optimum before the last edit: the new one is being computed"))
            self.optimum.setVisible(True)
        else:
            self.optimum.setVisible(False)
        direction = surface.optimum_direction_ab if frame.optimum_status == "unbounded" else None
        self._unbounded_dir = None if direction is None else (float(direction[0]), float(direction[1]))
        self._place_unbounded_arrow()
        text = describe_plane(surface)
        if self.description.text() != text:
            self.description.setText(text)

    def _set_colorbar_label(self) -> None:
        self.colorbar.getAxis("left").setLabel(
            self.tr("loss (log scale)") if self._log_scale else self.tr("loss"), color=colors.FOREGROUND)

    def _show_message(self, text: str | None) -> None:
        if text:
            self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- the start marker ---------------------------------------------------------------------------

    def _theta_at(self, a: float, b: float) -> np.ndarray:
        plane = self._surface.plane if self._surface is not None else None
        if plane is not None and hasattr(plane, "point"):
            return np.asarray(plane.point(a, b), dtype=np.float64)
        return np.array([a, b], dtype=np.float64)

    def _on_start_dragging(self, *_):
        if self.start.moving and self._surface is not None:
            pos = self.start.pos()
            self.start_moved.emit(self._theta_at(pos.x(), pos.y()), False)

    def _on_start_released(self, *_):
        if self._surface is None:
            return
        pos = self.start.pos()
        self.start_moved.emit(self._theta_at(pos.x(), pos.y()), True)

    # -- hover read-out --------------------------------------------------------------------------------

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if self._surface is None or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return
        point = self.view_box.mapSceneToView(scene_pos)
        self._hover_ab = (point.x(), point.y())
        self.hover_at(point.x(), point.y())

    def hover_at(self, a: float, b: float) -> str:
        """Show (and return) the parameters and the loss at (a, b) of the current plane, read off the
        frame's grid (exact at its cells, interpolated between them)."""
        surface = self._surface
        if surface is None:
            return ""
        loss = loss_at(surface, a, b)
        text = f"{shown(surface.a_label)} = {a:.4g},  {shown(surface.b_label)} = {b:.4g}    "
        text += self.tr("loss ≈ {loss}").format(loss=f"{loss:.6g}")
        other = self._frame.other_cost if self._frame is not None and self._both_on else None
        if other is not None:
            text += self.tr(" (other cost ≈ {loss})").format(loss=f"{loss_at(other, a, b):.6g}")
        plane = surface.plane
        if not surface.exact and plane is not None and hasattr(plane, "point"):
            theta = np.asarray(plane.point(a, b), dtype=np.float64)
            values = ", ".join(f"{v:.3g}" for v in theta[:6])
            more = ", …" if theta.size > 6 else ""
            text += f"    θ = [{values}{more}]"
        self.readout.setText(text)
        return text
