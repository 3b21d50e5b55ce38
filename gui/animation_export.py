"""File ▸ Export ▸ The race as an animated GIF: a size and a length, a file name, a progress bar.

The session films the race and writes the GIF on a thread of its own (``ExportAnimation``); the
frames carry its progress, which the bar shows. The bar does not block the window (the race, the
edits and the menus go on) and its Cancel button stops the export (``CancelExport``): nothing is
left behind. The film's words (step counter, legend) come out in the interface's language.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
)

from engine.animation import SIZES
from engine.animation.gif import MAX_SECONDS
from engine.session import Frame
from engine.session import messages as m
from gui.words import shown

DEFAULT_SIZE = (1024, 768)  # the projector's
DEFAULT_SECONDS = 8.0


class AnimationExport(QObject):
    """The dialogs for ``window`` (a MainWindow); the choices are kept for the next export."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.size = DEFAULT_SIZE
        self.seconds = DEFAULT_SECONDS
        self.progress: QProgressDialog | None = None
        self._cancelled = False  # Cancel pressed: the bar stays away until that export has ended

    def ask(self) -> None:
        frame = self.window._latest
        if frame is None or frame.dataset is None:
            return
        if not self._choose(frame):
            return
        exports = self.window.exports  # the folder and the name the other exports start from
        path, _ = exports._ask(self.tr("Export the race as an animated GIF"), f"{exports._stem()}-race.gif",
                               self.tr("GIF animations (*.gif)"))
        if not path:
            return
        if not path.lower().endswith(".gif"):
            path += ".gif"  # the dialog asked about overwriting the name without it: ask for this one
            if Path(path).exists() and QMessageBox.question(
                    self.window, self.tr("Export the race as an animated GIF"),
                    self.tr("{file} already exists. Replace it?").format(file=Path(path).name)) != QMessageBox.Yes:
                return
        width, height = self.size
        self.window.post(m.ExportAnimation(path, width, height, self.seconds, shown))

    def _choose(self, frame: Frame) -> bool:
        dialog, size, length = self.dialog(frame)
        if dialog.exec() != QDialog.Accepted:
            return False
        self.size, self.seconds = SIZES[size.currentIndex()], float(length.value())
        return True

    def dialog(self, frame: Frame) -> tuple[QDialog, QComboBox, QDoubleSpinBox]:
        """The size-and-length dialog (not yet shown), with its two controls."""
        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.tr("The race as an animated GIF"))
        dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 52)
        form = QFormLayout(dialog)
        steps = frame.step  # the race's steps: the film's clock
        shown_runs = sum(1 for run in frame.runs if run.visible)
        about = QLabel(self.tr("The film shows the race so far ({steps} steps, {runs} runs shown) on the loss "
                               "surface as it is now, with each run's cost.").format(steps=f"{steps:,}",
                                                                                     runs=shown_runs))
        about.setWordWrap(True)
        form.addRow(about)
        size = QComboBox(dialog)
        for width, height in SIZES:
            size.addItem(f"{width} × {height}")
        size.setCurrentIndex(SIZES.index(self.size) if self.size in SIZES else 0)
        form.addRow(self.tr("Size (pixels):"), size)
        length = QDoubleSpinBox(dialog)
        length.setRange(1.0, MAX_SECONDS)
        length.setDecimals(0)
        length.setSuffix(self.tr(" s"))
        length.setValue(self.seconds)
        form.addRow(self.tr("Length:"), length)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, dialog)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Choose a file…"))
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        return dialog, size, length

    def on_frame(self, frame: Frame) -> None:
        """The progress bar follows the session: shown while a GIF is written, gone once it ends."""
        fraction = frame.export_progress
        if fraction is None:
            self._cancelled = False
            self._close_bar()
            return
        if self._cancelled:
            return
        if self.progress is None:
            bar = self.progress = QProgressDialog(self.tr("Writing the animation…"), self.tr("Cancel"), 0, 100,
                                                  self.window)
            bar.setWindowTitle(self.tr("Export the race as an animated GIF"))
            bar.setWindowModality(Qt.NonModal)  # the window goes on working meanwhile
            bar.setAutoClose(False)
            bar.setAutoReset(False)
            bar.setMinimumDuration(0)
            bar.canceled.connect(self._cancel)
            bar.show()
        self.progress.setValue(int(round(100 * fraction)))

    def _cancel(self) -> None:
        self.window.post(m.CancelExport())
        self._cancelled = True
        self._close_bar()

    def _close_bar(self) -> None:
        if self.progress is not None:
            bar, self.progress = self.progress, None
            bar.canceled.disconnect(self._cancel)
            bar.reset()
            bar.hide()
            bar.deleteLater()
