"""The data view's words: what the pointer is over (the read-out under the plot) and the message
over the plot (a refused edit's reason for a few seconds, or the frame's own message)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from .data_editing import CLASSES_1D, REGRESSION, layout_kind


class ReadoutMixin:
    """Needs ``DataView``'s ``view_box``, ``readout``, ``message``, ``_dataset``, ``_shown``,
    ``_hovered``, ``_flash_text``, ``_frame_message``, ``_flash_timer`` and ``_point_at``."""

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
        text = self._describe_point(i, x, y)
        ds = self._dataset
        if ds is not None and i is not None and i < ds.n and ds.test_mask[i]:
            text += self.tr(" (test set)")
        return text

    def _describe_point(self, i: int | None, x: float, y: float) -> str:
        ds = self._dataset
        if ds is None:
            return ""
        kind = layout_kind(ds)
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

    def flash(self, text: str) -> None:
        """Show a refused edit's reason over the plot for a few seconds."""
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
