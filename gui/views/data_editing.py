"""Editing the data with the mouse and keyboard: click adds (Shift+click: to the test set), drag
moves, right click or Delete removes.

Each gesture becomes a message (``AddPoint``, ``MovePoint``, ``RemovePoint``) emitted through the
view's ``edit_requested`` signal; the session applies it (and keeps it for undo), and the next
frame shows it. A drag sends a move per mouse event, all with one drag id: one undo step.
"""
from __future__ import annotations

import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from engine.session import messages as m

PICK_RADIUS_PX = 10.0
REGRESSION, CLASSES_1D, CLASSES_2D = "regression", "classes-1d", "classes-2d"

_drag_ids = itertools.count(1)


def layout_kind(ds) -> str:
    if ds.task == "regression":
        return REGRESSION
    return CLASSES_1D if ds.d == 1 else CLASSES_2D


class PassiveScatter(pg.ScatterPlotItem):
    """Points that leave clicks to the view box (which selects, adds and removes)."""

    def mouseClickEvent(self, ev) -> None:
        ev.ignore()


class EditViewBox(pg.ViewBox):
    """A ViewBox that offers clicks and drags to the data view before panning."""

    def __init__(self, editor) -> None:
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


class EditingMixin:
    """The data view's gestures. Needs ``_dataset``, ``_xs``, ``_ys``, ``_shown``,
    ``_current_class``, ``view_box``, ``_plot_widget`` and the ``edit_requested`` signal."""

    _drag_index: int | None = None
    _drag_id: int | None = None

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
        ds = self._dataset
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
        row, label = self._new_point(ds, x, y)
        # Shift+click: a point of the test set (drawn hollow; the runs never train on it)
        test = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.edit_requested.emit(m.AddPoint(tuple(float(v) for v in row), float(label), test=test))
        return True

    def _feature_means(self, ds) -> np.ndarray:
        return np.zeros(ds.d) if ds.n == 0 else ds.X.mean(axis=0)

    def _new_point(self, ds, x: float, y: float):
        """A new point where the user clicked; the features not shown at their mean."""
        kind = layout_kind(ds)
        row = self._feature_means(ds)
        if kind == REGRESSION:
            row[self._shown[0]] = x
            return row, float(y)
        if kind == CLASSES_1D:
            row[0] = x
            return row, self._current_class
        row[self._shown[0]] = x
        row[self._shown[1]] = y
        return row, self._current_class

    def _moved_point(self, ds, i: int, x: float, y: float):
        kind = layout_kind(ds)
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
        self.edit_requested.emit(m.RemovePoint(int(i)))
        self._hovered = None
        self._draw_highlight()

    def dragging(self) -> bool:
        return self._drag_index is not None

    def begin_drag(self, x: float, y: float) -> int | None:
        """Start moving the point under (x, y), if there is one; returns its index."""
        if self._dataset is None:
            return None
        hit = self._point_at(x, y)
        if hit is None:
            return None
        self._drag_index = hit
        self._drag_id = next(_drag_ids)
        self._plot_widget.setCursor(Qt.CursorShape.ClosedHandCursor)
        return hit

    def drag_to(self, x: float, y: float) -> None:
        i, ds = self._drag_index, self._dataset
        if i is None or ds is None or i >= ds.n:
            return
        row, label = self._moved_point(ds, i, x, y)
        self.edit_requested.emit(m.MovePoint(i, tuple(float(v) for v in row), None if label is None else float(label),
                                             drag=self._drag_id))

    def end_drag(self) -> None:
        self._drag_index = None
        self._drag_id = None
        self._plot_widget.unsetCursor()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            target = self._hovered if self._hovered is not None else self._selected
            if target is not None and self._dataset is not None and target < self._dataset.n:
                self._remove(target)
                event.accept()
                return
        super().keyPressEvent(event)
