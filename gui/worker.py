"""The worker: the Qt adapter that runs the session on its own thread.

Everything it drives lives in ``engine.session`` (Qt-free, tested without a display). The worker
only gives it a thread, a mailbox and a timer:

- ``post(message)`` is safe from any thread: the message lands in the mailbox (a newer message
  with the same coalescing key replaces a pending one: a drag sends many moves) and wakes the
  worker's event loop;
- the worker applies every waiting message, answers with a frame at once, then gives the session
  turns on a timer: a chunk of the race, then blocks of slow work (surfaces, the optimum) until a
  message is waiting or the turn's time is up, so a message never waits behind a long computation;
- frames and notices go out as signals carrying immutable values.
"""
from __future__ import annotations

import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from engine.session import CooperativeExecutor, Notice, Session
from engine.session import messages as m

JOB_BUDGET = 0.008  # s of slow work per turn (after the race's chunk): while both are due, each gets about half


class Mailbox:
    """Messages from any thread to the worker, in order; a message with a coalescing key replaces
    a pending one with the same key right before it (a newer move makes the older one pointless)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[m.Message] = []

    def put(self, message: m.Message) -> None:
        """A message replaces the pending one with its key only when that one is the last: a
        message never jumps past another (an undo, a new data set) posted in between."""
        key = message.coalesce()
        with self._lock:
            if key is not None and self._items and self._items[-1].coalesce() == key:
                self._items[-1] = message
            else:
                self._items.append(message)

    def take(self) -> list[m.Message]:
        with self._lock:
            items, self._items = self._items, []
        return items

    def pending(self) -> bool:
        return bool(self._items)


class Worker(QObject):
    """Runs a ``Session``: messages in (``post``), ``Frame``s and ``Notice``s out."""

    frame_ready = Signal(object)  # engine.session.Frame
    notice = Signal(object)  # engine.session.Notice
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mail = Mailbox()
        self._wake.connect(self._drain, Qt.QueuedConnection)
        self._timer: QTimer | None = None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="optimum")
        self._export_pool = ThreadPoolExecutor(1, thread_name_prefix="export")  # GIFs: seconds of painting
        self.session = Session(executor=CooperativeExecutor(), pool=self._pool, export_pool=self._export_pool,
                               notify=self._notify)
        self._jobs_started: float | None = None
        self._painted = -1  # the newest data version the window has painted (set from the GUI thread)
        self._stopped = False

    def post(self, message: m.Message) -> None:
        self._mail.put(message)
        self._wake.emit()

    def _notify(self) -> None:
        """From the optimum's thread when its result is in; a worker stopped (or gone) meanwhile ignores it."""
        if self._stopped:
            return
        try:
            self._wake.emit()
        except RuntimeError:  # the Qt object was deleted with the window
            pass

    def painted(self, version: int) -> None:
        """The window has painted ``version`` (from the GUI thread: one int, no message, no frame)."""
        if version > self._painted:
            self._painted = version
            self._wake.emit()

    # -- life cycle (worker thread) ---------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Connected to QThread.started: the timer must be created in the worker's thread."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.timeout.connect(self._turn)
        self._drain()

    @Slot()
    def shutdown(self) -> None:
        """Stop the timer and hand the object back to the GUI thread (called blocking-queued)."""
        self._stopped = True  # a late wake (the optimum's thread finishing) finds nothing to do
        if self._timer is not None:
            self._timer.stop()
        self._mail.take()
        self.session.close()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

    # -- turns ------------------------------------------------------------------------------------

    @Slot()
    def _drain(self) -> None:
        if self._timer is None or self._stopped:  # not started yet (start() drains), or stopped
            return
        self.session.painted(self._painted)
        items = self._mail.take()
        for message in items:
            self._guarded(self.session.apply, message)
        if items:
            self._emit(force=True)  # the answer first, before any more stepping or computing
        self._turn()

    @Slot()
    def _turn(self) -> None:
        if self._stopped:
            return
        self._jobs_started = None
        self._guarded(self.session.advance, self._should_stop)
        self._emit(force=False)
        wait = self.session.wait()
        if self._timer is not None:
            if wait is None:
                self._timer.stop()
            else:
                self._timer.start(max(0, int(wait * 1000)))

    def _emit(self, force: bool) -> None:
        frame = self._guarded(self.session.frame, force)
        if frame is not None:
            self.frame_ready.emit(frame)
        for notice in self.session.take_notices():
            self.notice.emit(notice)

    def _should_stop(self) -> bool:
        """Asked before each block of slow work: stop for a message, or when the turn's share is spent."""
        now = time.perf_counter()
        if self._jobs_started is None:
            self._jobs_started = now
        return self._mail.pending() or now - self._jobs_started > JOB_BUDGET

    def _guarded(self, function, *args):
        try:
            return function(*args)
        except Exception as error:  # a bug must not stop the frames: report it, keep everything
            traceback.print_exception(error)
            self.notice.emit(Notice("error", "Something went wrong inside Descent Lab (the details are in the "
                                    "terminal). Your data and settings are kept; if it happens again, save "
                                    "the session and restart."))
            return None


class WorkerThread:
    """The worker plus its QThread, started and stopped together."""

    def __init__(self) -> None:
        self.thread = QThread()
        self.thread.setObjectName("descent-lab-worker")
        self.worker = Worker()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.start)
        self._stopped = False

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Stop racing, hand the worker back, quit the thread and wait for it (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        if self.thread.isRunning():
            QMetaObject.invokeMethod(self.worker, "shutdown", Qt.BlockingQueuedConnection)
            self.thread.quit()
            self.thread.wait()
