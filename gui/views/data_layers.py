"""What the models make of the data, drawn over it: decision regions and their boundary (two
shown features), each run's line or S-curve (one feature), and the residuals H(x) − y.

Everything is painted from the frame (``frame.regions``, ``frame.fit``); nothing here calls
the model.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt

from engine.surface.look import decision_boundary

from . import colors
from .data_editing import CLASSES_1D, CLASSES_2D, REGRESSION, layout_kind

REGION_MAX_ALPHA = 0.55  # the most opaque a decision region gets (fully confident)


class ModelLayersMixin:
    """Needs ``_dataset``, ``_shown``, ``_threshold``, ``plot``, ``view_box``, ``regions``, ``boundary``,
    ``residuals``, ``predictions``, ``threshold_line`` and ``_run_lines``."""

    def _draw_frame(self, frame) -> None:
        self._draw_regions(frame)
        self._draw_run_lines()

    def _draw_mistakes(self, frame, regions) -> None:
        """Cross the points the selected run gets wrong, and say whose regions are drawn and where
        the features off the axes are held (the regions are a slice through that point)."""
        wrong = None if regions is None else regions.wrong
        if wrong is None or len(wrong) != len(self._xs) or frame is None or not 0 <= regions.run < len(frame.runs):
            self.wrong_marks.setVisible(False)
            self.regions_note.setVisible(False)
            self._mistakes_of = None
            return
        shown = getattr(self, "_mistakes_of", None)  # the regions and points they were drawn for (held: no id reuse)
        if shown is not None and shown[0] is regions and shown[1] is self._xs:
            return
        self._mistakes_of = (regions, self._xs)
        rows = np.flatnonzero(wrong)
        self.wrong_marks.setData(self._xs[rows], self._ys[rows])
        run = frame.runs[regions.run].label
        self.wrong_marks.setToolTip(self.tr("✕: the {n} points {run} classifies wrongly").format(n=len(rows), run=run))
        self.wrong_marks.setVisible(bool(len(rows)))
        text = self.tr("regions of {run} · ✕ {n} wrong").format(run=run, n=len(rows))
        ds = frame.dataset
        if ds is not None and ds.has_test and len(ds.test_mask) == len(wrong):
            text += " " + self.tr("({t} of them test points)").format(t=int(np.count_nonzero(wrong & ds.test_mask)))
        if regions.held_features:
            if regions.held_sample is not None:
                held = self.tr("other {n} features held at sample {i}").format(n=regions.held_features,
                                                                              i=regions.held_sample)
            else:
                held = self.tr("other {n} features held at their mean").format(n=regions.held_features)
            text += " · " + held
        self.regions_note.setText(text)
        self.regions_note.setVisible(True)

    def _draw_regions(self, frame) -> None:
        ds = self._dataset
        regions = frame.regions if frame is not None else None
        usable = (
            regions is not None and ds is not None and layout_kind(ds) == CLASSES_2D
            and tuple(frame.shown_features) == tuple(self._shown)
            and regions.proba.ndim == 3 and regions.proba.size > 0
        )
        self.regions.setVisible(usable)
        self.boundary.setVisible(usable)
        self._draw_mistakes(frame, regions if usable else None)
        if not usable:
            self._regions = None
            return
        if regions is self._regions and self._regions_threshold == self._threshold:
            return
        self._regions, self._regions_threshold = regions, self._threshold
        proba = np.asarray(regions.proba, dtype=np.float64)
        h, w, c = proba.shape
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
        self.regions.setImage(rgba, autoLevels=False, levels=None, rect=QRectF(x0, y0, x1 - x0, y1 - y0))
        if regions.boundary is not None and (c != 2 or regions.threshold == self._threshold):
            bx, by = regions.boundary  # made with the frame, on the worker's thread
        else:  # the threshold moved since (dragged here, the session not yet told)
            bx, by = decision_boundary(proba, regions.x_range, regions.y_range, self._threshold)
        self.boundary.setData(bx, by)

    def _draw_run_lines(self) -> None:
        """Each visible run's model on the data: a line (regression) or an S-curve (one feature)."""
        frame, ds = self._frame, self._dataset
        fit = frame.fit if frame is not None and ds is not None and frame.data_version == self._drawn_version else None
        kind = layout_kind(ds) if ds is not None else None
        binary_1d = kind == CLASSES_1D and ds.n_classes == 2
        self.threshold_line.setVisible(bool(binary_1d))
        if binary_1d:
            self.threshold_line.setValue(self._threshold)
        runs = frame.runs if fit is not None and kind in (REGRESSION, CLASSES_1D) else ()
        if kind == REGRESSION and fit is not None and frame.shown_features[0] != self._shown[0]:
            runs = ()  # computed over another feature than the one shown: wait for the next frame
        while len(self._run_lines) < len(runs):
            line = pg.PlotDataItem(connect="finite")
            line.setZValue(5)
            self.plot.addItem(line)
            line._color = None
            self._run_lines.append(line)
        for line in self._run_lines[len(runs):]:
            line.setVisible(False)
        self._draw_residuals(frame if runs else None, ds, kind)
        if not runs:
            return
        x0, x1 = self.view_box.viewRange()[0]
        for k, run in enumerate(runs):
            line = self._run_lines[k]
            if not run.visible or k >= len(fit.y):
                line.setVisible(False)
                continue
            if line._color != colors.pen_key(run.color):
                line._color = colors.pen_key(run.color)
                line.setPen(colors.run_pen(run.color, 2.5))
            xs, ys = fit.x, fit.y[k]
            if fit.linear and len(xs) == 2 and np.isfinite(ys).all():  # a straight line reaches any view
                slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
                xs = np.array([min(x0, xs[0]), max(x1, xs[1])])
                ys = fit.y[k][0] + slope * (xs - fit.x[0])
            line.setData(xs, ys)
            line.setVisible(True)

    def _draw_residuals(self, frame, ds, kind) -> None:
        """Regression: a segment from each point to the selected run's prediction, H(x) − y made visible."""
        fit = frame.fit if frame is not None else None
        run = None
        if fit is not None and fit.predictions is not None and kind == REGRESSION and 0 <= frame.selected_run < len(frame.runs):
            run = frame.runs[frame.selected_run]
        if run is None or not run.visible or ds.n == 0 or len(fit.predictions) != ds.n:
            self.residuals.setVisible(False)
            self.predictions.setVisible(False)
            return
        predictions = np.asarray(fit.predictions, dtype=np.float64)
        if self._residual_color != colors.pen_key(run.color):
            self._residual_color = colors.pen_key(run.color)
            self.residuals.setPen(colors.run_pen(run.color, 1.5, style=Qt.PenStyle.DotLine))
            self.predictions.setPen(colors.run_pen(run.color, 2))
        x = ds.X[:, self._shown[0]]
        self.residuals.setData(np.repeat(x, 2), np.stack([ds.y, predictions], axis=1).reshape(-1))
        self.residuals.setVisible(True)
        # With several features a point's prediction is off the drawn line: mark it.
        self.predictions.setVisible(ds.d > 1)
        if ds.d > 1:
            self.predictions.setData(x, predictions)
