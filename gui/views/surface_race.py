"""The race drawn on the loss surface: each run's path and where it is now, a note where one blew
up, a warning when paths leave the slice, and the arrow of an unbounded optimum."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from engine.session import Frame, SurfaceFrame

from . import colors
from .surface_parts import RunArtists

# A path further than this fraction of the plane's extent from the slice is "off the slice".
OFF_SLICE_FRACTION = 0.05


class RaceOnSurfaceMixin:
    """Needs the surface view's plot items (``plot``, ``view_box``, ``current``, ``warning``,
    ``unbounded_*``), ``_runs``, ``_far_box``, ``_plane_key``, ``_unbounded_dir`` and ``_surface``."""

    def _place_unbounded_arrow(self) -> None:
        """An arrow from inside the map to its edge, pointing where the loss keeps falling."""
        items = (self.unbounded_line, self.unbounded_arrow, self.unbounded_text)
        direction = self._unbounded_dir
        if direction is None or self._plane_key is None or not any(direction) or self._surface is None:
            for item in items:
                item.setVisible(False)
            return
        a0, a1, b0, b1 = self._plane_key[:4]
        sx, sy = self.view_box.viewPixelSize()
        if not (sx > 0 and sy > 0):
            sx = sy = 1.0
        # Work in screen pixels so the arrow points where the eye expects on a stretched plot.
        ux, uy = direction[0] / sx, direction[1] / sy
        norm = math.hypot(ux, uy)
        ux, uy = ux / norm, uy / norm
        ca, cb = 0.5 * (a0 + a1), 0.5 * (b0 + b1)
        half_w, half_h = 0.5 * (a1 - a0) / sx, 0.5 * (b1 - b0) / sy
        t = min(half_w / abs(ux) if ux else math.inf, half_h / abs(uy) if uy else math.inf)
        tip = (ca + 0.94 * t * ux * sx, cb + 0.94 * t * uy * sy)
        tail = (ca + 0.55 * t * ux * sx, cb + 0.55 * t * uy * sy)
        self.unbounded_line.setData([tail[0], tip[0]], [tail[1], tip[1]])
        self.unbounded_arrow.setPos(*tip)
        self.unbounded_arrow.setStyle(angle=math.degrees(math.atan2(uy, -ux)))
        # Beside the head, inside the map: left of it when it points right, below it when it points up.
        self.unbounded_text.setPos(*tip)
        self.unbounded_text.setAnchor((0.5 + 0.5 * ux, -0.35 if uy >= 0 else 1.35))  # clear of the head
        for item in items:
            item.setVisible(True)

    def _draw_runs(self, frame: Frame, surface: SurfaceFrame) -> None:
        while len(self._runs) < len(frame.runs):
            self._runs.append(RunArtists(self.plot))
        spots_x, spots_y, brushes, symbols = [], [], [], []
        span = min(abs(surface.a[-1] - surface.a[0]), abs(surface.b[-1] - surface.b[0])) or 1.0
        off_slice = []
        for k, run in enumerate(frame.runs):
            artists = self._runs[k]
            path = np.asarray(run.path_ab, dtype=np.float64).reshape(-1, 2)
            if not run.visible or len(path) == 0:
                artists.hide()
                continue
            if artists.color != colors.pen_key(run.color):
                artists.color = colors.pen_key(run.color)
                artists.path.setPen(colors.run_pen(run.color, 2.5))
            finite = np.isfinite(path).all(axis=1)
            # A run that blows up leaves the map by orders of magnitude: clip far-away points so Qt
            # never strokes coordinates near 1e300; the direction of the escape stays visible.
            path = np.clip(path, self._far_box[0], self._far_box[1])
            # Antialiased strokes cost about half of this view's paint: smooth edges when the
            # picture stands still (paused, screenshots), fast strokes while it moves.
            artists.path.opts["antialias"] = not frame.playing
            artists.path.setData(path[:, 0], path[:, 1])  # connect="finite" stops at a blow-up
            artists.path.setVisible(True)
            last = np.flatnonzero(finite)
            diverged = run.status == "diverged"
            if len(last):
                x, y = path[last[-1]]
                spots_x.append(x)
                spots_y.append(y)
                brushes.append(pg.mkBrush(run.color))
                symbols.append("x" if diverged else "o")
                if diverged:
                    step = run.diverged_at if run.diverged_at is not None else run.steps
                    artists.label.setText(self.tr("{run} diverged at step {step}").format(run=run.label, step=step))
                    (x0, x1), (y0, y1) = self.view_box.viewRange()  # keep the note on screen
                    artists.label.setPos(min(max(x, x0), x0 + 0.6 * (x1 - x0)), min(max(y, y0 + 0.08 * (y1 - y0)), y1))
            artists.label.setVisible(diverged and len(last) > 0)
            if not surface.exact and not diverged and run.path_distance is not None and len(run.path_distance):
                distance = np.asarray(run.path_distance, dtype=np.float64)
                distance = distance[np.isfinite(distance)]
                if distance.size and distance.max() > OFF_SLICE_FRACTION * span:
                    off_slice.append((run.label, float(distance.max())))
        for k in range(len(frame.runs), len(self._runs)):
            self._runs[k].hide()
        self.current.setData(spots_x, spots_y, brush=brushes, symbol=symbols, pen=pg.mkPen(colors.OUTLINE_COLOR, width=1.5))
        if off_slice:
            names = ", ".join(f"{label} ({distance:.2g})" for label, distance in off_slice)
            self.warning.setText(self.tr(
                "Off the slice: {runs} — these paths move away from this plane (greatest distance in "
                "brackets); you see their shadow on it, and the map is not the loss they feel."
            ).format(runs=names))
        self.warning.setVisible(bool(off_slice))
