"""View ▸ Presentation mode (F5): for a projector, text and the runs' lines 1.5× larger, the
advanced controls tucked away, and the compact layout so the plots keep their room.

It acts at once, on the running window: the application font, every plot's tick and label
fonts, and the pens of the runs' paths, fits and loss curves (the views remake a pen when its
key, colour and scale, changes). What is tucked away (the seed, "Restart on edit", the selected
run's hyper-parameter form, the frame rate) stays as it was set and comes back when the mode ends.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gui.views import colors

SETTING = "view/presentation"


class PresentationMixin:
    """For ``MainWindow``: needs ``advanced_actions`` (toolbar actions to hide), ``race_panel``,
    ``fps_label``, ``scheduler`` and the layout mixin."""

    presenting = False

    def _build_presentation(self) -> None:
        self.presentation_action = self._action(
            self.tr("Presentation mode"), self.set_presentation, "F5",
            self.tr("Larger text and lines for a projector, the advanced controls tucked away (F5)"), checkable=True)
        self._normal_font = QApplication.instance().font()

    def set_presentation(self, on: bool) -> None:
        on = bool(on)
        if on == self.presenting:
            return
        self.presenting = on
        QSettings().setValue(SETTING, on)
        app = QApplication.instance()
        font = self._normal_font
        if on:
            font = type(font)(font)
            font.setPointSizeF(font.pointSizeF() * colors.PRESENTATION_SCALE)
        app.setFont(font)
        colors.set_scale(colors.PRESENTATION_SCALE if on else 1.0)
        for widget in self.findChildren(pg.PlotWidget):
            colors.restyle_plot(widget.plotItem)
        for action in self.advanced_actions:
            action.setVisible(not on)
        self.race_panel.show_details(not on)
        self.fps_label.setVisible(not on)
        if self.presentation_action.isChecked() != on:
            self.presentation_action.setChecked(on)
        if self.isVisible():  # else the first show lays the docks out
            self._adapt_layout(force=True)
        for view in (*self.views_every_frame, *self.views_slow):
            if hasattr(view, "_seq"):
                view._seq = -1  # a view skips a frame it has painted: this one must be drawn again
        self.scheduler.repaint_all()  # the runs' pens, at the new width, without waiting for a frame

    def end_presentation_quietly(self) -> None:
        """Closing: the application's font and the plots' scale back to normal (the choice stays
        saved for the next start)."""
        if self.presenting:
            QApplication.instance().setFont(self._normal_font)
            colors.set_scale(1.0)
            self.presenting = False

    def restore_presentation(self) -> None:
        if QSettings().value(SETTING, False) in (True, "true"):
            self.set_presentation(True)
