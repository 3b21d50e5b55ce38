"""When the window paints: the newest frame only, edits at once, the race at up to 60 a second.

A frame that answers an edit is painted at once (edits come at the pace of the hand, and they are
what must feel instant), unless the last frame is still being drawn (a drag faster than the GUI
can draw): then a moment later, so that input is read in between. Frames of the race alone are
painted on a timer, up to 60 a second, fewer if drawing one costs more than a share of the GUI
thread. The loss curves, the race panel and the status bar change little from one frame to the
next: they are refreshed ten times a second, on their own turn of the event loop.
"""
from __future__ import annotations

import gc
import linecache
import math
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from engine.session import Frame

PAINT_INTERVAL_MS = 16  # at most ~60 paints a second
MAX_PAINT_INTERVAL_MS = 33  # never fewer than 30 frames a second
EDIT_GAP = 1.0  # an edit's frame waits until the last frame's cost x this has passed
RACE_BUSY_SHARE = 0.7  # the share of the GUI thread that drawing the race may take
SLOW_PAINT_INTERVAL = 0.1  # s between updates of the loss curves, race panel and status bar


class PaintScheduler(QObject):
    """Keeps the newest frame and decides when the views paint it.

    ``painted(seq, data_version)`` fires once the quick views have taken a frame.
    """

    painted = Signal(int, int)

    def __init__(self, paint_fast, paint_slow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paint_fast = paint_fast  # callables taking a frame
        self._paint_slow = paint_slow
        self.latest: Frame | None = None
        self.painted_seq = -1
        self._painted_version = -1
        self._last_paint = 0.0  # when the last paint ended (an edit's frame waits from here)
        self._last_paint_start = 0.0
        self._last_slow_paint = 0.0
        self._frame_cost = 0.0  # s, smoothed: one frame's cost to the GUI thread
        self._render_since_paint = 0.0  # s spent repainting the window since the last frame
        self._paint_times: list[float] = []
        self.longest_paint = 0.0
        self._slow_identity = None  # the data set and model the slow views last showed
        self._gc_frozen = False
        self.closing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer's 5 % slop costs frames
        self._timer.timeout.connect(self.paint)
        self._slow_timer = QTimer(self)
        self._slow_timer.setSingleShot(True)
        self._slow_timer.timeout.connect(self._slow)

    def on_frame(self, frame: Frame) -> None:
        self.latest = frame
        since = (time.perf_counter() - self._last_paint) * 1000.0
        if frame.data_version != self._painted_version:
            wait = EDIT_GAP * self._frame_cost * 1000.0 - since
            if wait <= 0:
                # on the next turn of the event loop, not inside this one: frames arrive as posted
                # events, and Qt runs every posted event before any timer or input; painting here
                # chained an edit's paint to the repaints and the slow turn around it (40-60 ms
                # with no input read). A zero timer lets input and timers in first (~0.1 ms).
                self._timer.start(0)
                return
        elif self._timer.isActive():
            return
        else:  # the race: frames spaced from the start of the last one's paint, so the period is
            # the interval itself and not the interval plus the paint (that capped the race at ~50)
            wait = self.frame_interval_ms() - (time.perf_counter() - self._last_paint_start) * 1000.0
        if not self._timer.isActive() or self._timer.remainingTime() > wait:
            self._timer.start(max(0, int(math.ceil(wait))))

    def paint(self) -> None:
        frame = self.latest
        if frame is None or frame.seq == self.painted_seq or self.closing:
            return
        t0 = time.perf_counter()
        self._last_paint_start = t0
        self._paint_fast(frame)
        if _identity(frame) != self._slow_identity:
            # another data set or model: the race panel and the curves follow at once, so no
            # view shows the runs of the data before (an edit's lag of 0.1 s there is harmless)
            self._slow_timer.stop()
            self._slow()
        elif not self._slow_timer.isActive():
            wait = SLOW_PAINT_INTERVAL - (t0 - self._last_slow_paint)
            self._slow_timer.start(max(0, int(wait * 1000) + 1))
        self.painted_seq = frame.seq
        self._painted_version = frame.data_version
        now = time.perf_counter()
        self._last_paint = now
        self.longest_paint = max(self.longest_paint, now - t0)
        # what the last frame cost the GUI thread: handing it to the views plus the repaints since
        self._frame_cost = 0.8 * self._frame_cost + 0.2 * ((now - t0) + self._render_since_paint)
        self._render_since_paint = 0.0
        self._paint_times.append(now)
        if len(self._paint_times) > 120:
            del self._paint_times[:-120]
        if not self._gc_frozen and frame.surface is not None:
            # Everything built so far (Qt wrappers, modules, the first data) lives as long as the
            # window: keep it out of the garbage collector's full passes (one took 22 ms here).
            self._gc_frozen = True
            gc.freeze()
        self.painted.emit(frame.seq, frame.data_version)

    def repaint_all(self) -> None:
        """The newest frame again, everywhere (the look changed: presentation mode)."""
        self.painted_seq = -1
        self.paint_all_now()

    def paint_all_now(self) -> None:
        """Every view, the controls and the status bar on the newest frame (a screenshot)."""
        self.paint()
        self._slow_timer.stop()
        self._slow()

    def _slow(self) -> None:
        frame = self.latest
        if frame is None or self.closing:
            return
        self._last_slow_paint = time.perf_counter()
        if _identity(frame) != self._slow_identity:
            # another data set or model: a good moment to drop the source lines that imports and
            # warnings cached (torch's import alone leaves ~40 MB of them; a traceback reads them again)
            linecache.clearcache()
        self._slow_identity = _identity(frame)
        self._paint_slow(frame)

    def rendered(self, seconds: float) -> None:
        """The window spent ``seconds`` repainting (part of what a frame costs)."""
        self._render_since_paint += seconds

    def frame_interval_ms(self) -> float:
        """Time between two frames of the race: 60 a second when the GUI thread can afford it;
        fewer when a frame costs more (big window, slow machine), so that drawing the race leaves
        the GUI thread some room and an edit finds it free."""
        return min(max(PAINT_INTERVAL_MS, self._frame_cost * 1000.0 / RACE_BUSY_SHARE), MAX_PAINT_INTERVAL_MS)

    def paints_per_second(self) -> float:
        now = time.perf_counter()
        recent = [t for t in self._paint_times if now - t <= 1.0]
        if len(recent) < 2:
            return 0.0
        return (len(recent) - 1) / max(recent[-1] - recent[0], 1e-9)

    def stop(self) -> None:
        self.closing = True
        self._timer.stop()
        self._slow_timer.stop()


def _identity(frame: Frame):
    ds = frame.dataset
    return frame.source, None if ds is None else (ds.name, ds.d, ds.task, ds.class_names), frame.model
