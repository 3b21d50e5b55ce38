"""Sessions on disk, as the user sees them: New, Open, Save, Save As, Open Recent, autosave, the
offer to restore after a crash, and the question before closing with unsaved changes.

The session itself reads and writes the files (on the worker thread, ``engine.session.files``);
this controller asks for names, keeps the recent list, and tells the user what happened. An
autosave copy is written a few seconds after any change to the user's data folder, one per
running window (``autosave-<pid>.dlab.json``); a clean exit removes it, so a copy whose process is
gone is what a crash or a kill left behind, and the next start offers it back.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.data import DataError, write_csv
from engine.session import Frame, Notice
from engine.session import messages as m
from engine.session.files import SUFFIX

AUTOSAVE_DELAY_MS = 3000
RECENT_MAX = 8
FILE_FILTER = "Sessions and data (*.dlab.json *.csv);;Descent Lab sessions (*.dlab.json);;CSV files (*.csv);;All files (*)"


def data_folder() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or Path.home() / ".descent-lab")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class SessionFiles(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.path: str | None = None  # the session file the window shows, once saved or opened
        self._path_source = None  # the data set that file holds: another one makes the session untitled
        self._frame: Frame | None = None
        self._autosaved_revision: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.autosave)
        self.autosave_path = data_folder() / f"autosave-{os.getpid()}{SUFFIX}"
        # Questions go through these, so tests can answer them without a dialog.
        self.ask_unsaved = self._ask_unsaved
        self.ask_restore = self._ask_restore

    # -- following the session -------------------------------------------------------------------

    def on_frame(self, frame: Frame) -> None:
        self._frame = frame
        if self.path is not None and frame.source != self._path_source:
            # another data set (a preset, a CSV, an undone open): not what that file holds, so
            # Save asks for a name instead of overwriting the lesson
            self.path = None
        if frame.unsaved and frame.state.revision != self._autosaved_revision and not self._timer.isActive():
            self._timer.start()

    def autosave(self) -> None:
        frame = self._frame
        if frame is None or not frame.unsaved or frame.state.dataset is None:
            return
        self._autosaved_revision = frame.state.revision
        self.window.post(m.SaveSession(str(self.autosave_path), autosave=True))

    def on_notice(self, notice: Notice) -> bool:
        """Handle what concerns files; True when it was one of those."""
        latest = self.window._latest
        if notice.kind == "saved":
            self.path = notice.path
            self._path_source = latest.source if latest is not None else None
            self._add_recent(notice.path)
            self.window.statusBar().showMessage(self.tr("Saved {name}").format(name=Path(notice.path).name), 4000)
            return True
        if notice.kind == "opened":
            if notice.path is not None:
                self.path = notice.path if notice.path.lower().endswith((SUFFIX, ".json")) else None
                self._path_source = latest.source if latest is not None else None
                self._add_recent(notice.path)
            return True
        return notice.kind == "autosaved"

    def title(self, frame: Frame) -> str:
        """The window title: the session file (or the data set) and a mark when unsaved."""
        name = Path(self.path).name if self.path else (frame.source.name or (frame.dataset.name if frame.dataset else ""))
        mark = "*" if frame.unsaved else ""
        return f"{name}{mark} — Descent Lab" if name else "Descent Lab"

    # -- the File menu ----------------------------------------------------------------------------

    def new(self) -> None:
        self.path = None
        self.window.post(m.NewSession())

    def open(self) -> None:
        start = str(Path(self.path).parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open"), start, self.tr(FILE_FILTER))
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """A session or a CSV (the command line, the recent list, a dialog); errors come back as notices."""
        self.window.post(m.OpenFile(str(path)))

    def save(self) -> None:
        if self.path:
            self.window.post(m.SaveSession(self.path))
        else:
            self.save_as()

    def save_as(self) -> bool:
        path = self._ask_save_path()
        if path is None:
            return False
        self.window.post(m.SaveSession(path))
        return True

    def _ask_save_path(self) -> str | None:
        """A session file name from the save dialog, ending in .dlab.json (None: cancelled)."""
        frame = self._frame
        name = (frame.dataset.name if frame is not None and frame.dataset is not None else "session") + SUFFIX
        start = str(Path(self.path).parent / name) if self.path else name
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save session"), start,
                                              self.tr("Descent Lab sessions (*.dlab.json)"))
        if not path:
            return None
        return path if path.lower().endswith(SUFFIX) else path + SUFFIX

    def export_csv(self) -> None:
        frame = self._frame
        if frame is None or frame.dataset is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export data as CSV"), f"{frame.dataset.name}.csv",
                                              self.tr("CSV files (*.csv)"))
        if not path:
            return
        try:
            write_csv(frame.dataset, path)
        except (DataError, OSError, ValueError) as error:
            self.window.show_error(str(error), self.tr("Could not save the file"))

    # -- recent files ------------------------------------------------------------------------------

    def recent(self) -> list[str]:
        value = QSettings().value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [p for p in (value or []) if isinstance(p, str)]

    def _add_recent(self, path: str | None) -> None:
        if not path:
            return
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent() if p != path]
        QSettings().setValue("recent/files", files[:RECENT_MAX])

    def fill_recent_menu(self, menu) -> None:
        menu.clear()
        files = [p for p in self.recent() if Path(p).exists()]
        QSettings().setValue("recent/files", files)
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, path=path: self.open_path(path))
        if not files:
            menu.addAction(self.tr("(no recent files)")).setEnabled(False)

    # -- crashes and closing -----------------------------------------------------------------------

    def offer_restore(self) -> bool:
        """After a crash or a kill: offer the newest autosave a dead window left. True if restored."""
        leftovers = []
        for path in data_folder().glob(f"autosave-*{SUFFIX}"):
            try:
                pid = int(path.name[len("autosave-"):-len(SUFFIX)])
            except ValueError:
                continue
            if pid != os.getpid() and not _alive(pid):
                leftovers.append(path)
        if not leftovers:
            return False
        newest = max(leftovers, key=lambda p: p.stat().st_mtime)
        restore = self.ask_restore(newest)
        if restore:
            self.window.post(m.OpenFile(str(newest), recovered=True))
        for path in leftovers:  # restored or declined: either way it has been offered once
            if path != newest or not restore:
                path.unlink(missing_ok=True)
        if restore:  # this window's own autosave takes over from here
            QTimer.singleShot(AUTOSAVE_DELAY_MS * 2, lambda: newest.unlink(missing_ok=True))
        return restore

    def _ask_restore(self, path: Path) -> bool:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
        answer = QMessageBox.question(
            self.window, self.tr("Restore the last session?"),
            self.tr("Descent Lab did not close normally last time. Restore the session it saved at {when}?")
            .format(when=when), QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        return answer == QMessageBox.Yes

    def confirm_close(self) -> bool:
        """Save / Discard / Cancel when there are unsaved changes; True when the window may close."""
        frame = self._frame
        if frame is None or not frame.unsaved or frame.dataset is None:
            return True
        answer = self.ask_unsaved()
        if answer == "cancel":
            return False
        if answer == "save":
            path = self.path or self._ask_save_path()
            return path is not None and self.save_now(path)
        return True

    def save_now(self, path: str) -> bool:
        """Write the session shown now, at once (closing cannot wait for the worker)."""
        from engine.session import files

        try:
            files.save(self._frame.state, path)
        except (OSError, ValueError) as error:
            self.window.show_error(str(error), self.tr("Could not save the session"), modal=True)
            return False
        self._add_recent(path)
        return True

    def _ask_unsaved(self) -> str:
        box = QMessageBox(QMessageBox.Warning, self.tr("Unsaved changes"),
                          self.tr("The session has changes that are not saved. Save them before closing?"),
                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, self.window)
        box.setDefaultButton(QMessageBox.Save)
        answer = box.exec()
        return {QMessageBox.Save: "save", QMessageBox.Discard: "discard"}.get(answer, "cancel")

    def clean_exit(self) -> None:
        self._timer.stop()
        self.autosave_path.unlink(missing_ok=True)
