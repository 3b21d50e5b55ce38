"""When to step and when to draw, by a clock the session is given (a fake one in tests).

The race owes ``speed`` steps per second of the clock, paid in chunks sized to take a few
milliseconds each (the worker answers messages between chunks). A backlog the machine cannot
pay is forgiven, not accumulated. Frames go out at most ``FRAME_RATE`` times a second while racing;
after an edit, the race waits until the window has painted it (a race running beside the GUI
thread's paint was measured to double the time from a drag to its picture).
"""
from __future__ import annotations

from collections.abc import Callable

FRAME_RATE = 60.0
CHUNK_BUDGET = 0.006  # s of stepping per turn, so messages are answered within a few ms
DRAG_CHUNK_BUDGET = 0.002  # s per turn while the user drags: the next move waits less
EDIT_HOLD_MAX = 0.05  # s the race waits for an edit's picture at most
MAX_BACKLOG = 0.1  # s of owed steps kept when the engine cannot keep up with the speed asked
DRAG_TIME = 0.12  # s after an edit during which the user counts as dragging
IDLE_TIME = 0.15  # s after the last edit before the slow work (full surface, optimum) runs


class Pacer:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._owed = 0.0
        self._last_tick: float | None = None
        self._chunk = 1
        self._last_frame = -1e9
        self._last_edit = -1e9
        self._hold_version: int | None = None
        self._hold_since = 0.0
        self._window = (clock(), 0)
        self.steps_per_second = 0.0

    # -- the user's hand ---------------------------------------------------------------------------

    def edited(self, version: int) -> None:
        """An edit of the data: the race waits for its picture."""
        now = self.clock()
        self._last_edit = now
        self._hold_version, self._hold_since = version, now

    def painted(self, version: int) -> None:
        if self._hold_version is not None and version >= self._hold_version:
            self._hold_version = None

    def dragging(self) -> bool:
        return self.clock() - self._last_edit < DRAG_TIME

    def until_dragged(self) -> float:
        return max(0.0, DRAG_TIME - (self.clock() - self._last_edit))

    def idle(self) -> bool:
        return self.clock() - self._last_edit >= IDLE_TIME

    def until_idle(self) -> float:
        return max(0.0, IDLE_TIME - (self.clock() - self._last_edit))

    # -- racing ------------------------------------------------------------------------------------

    def restart(self) -> None:
        """Play pressed or the race rebuilt: nothing is owed for the time before."""
        self._owed = 0.0
        self._last_tick = self.clock()

    def steps_due(self, speed: float) -> int:
        """Steps owed now at ``speed`` per second (0 while the race waits for an edit's picture)."""
        now = self.clock()
        if self._last_tick is None:
            self._last_tick = now
        if self._hold_version is not None:
            if now - self._hold_since < EDIT_HOLD_MAX:
                self._last_tick = now  # the race waits, and owes nothing for the wait
                return 0
            self._hold_version = None
        self._owed = min(self._owed + (now - self._last_tick) * speed, speed * MAX_BACKLOG + 1.0)
        self._last_tick = now
        return int(self._owed + 1e-6)  # 0.05 s at 200 steps/s is 10 steps, not 9.999999

    def run(self, todo: int, step: Callable[[int], None]) -> int:
        """Call ``step(n)`` in sub-chunks until ``todo`` steps are done or the budget is spent."""
        budget = DRAG_CHUNK_BUDGET if self.dragging() else CHUNK_BUDGET
        t0 = self.clock()
        done = 0
        while done < todo:
            n = min(todo - done, self._chunk)
            t1 = self.clock()
            step(n)
            spent = self.clock() - t1
            done += n
            # size the next sub-chunk so that it takes about a third of the budget
            self._chunk = max(1, min(10000, int(budget / 3 / max(spent / n, 1e-7))))
            if self.clock() - t0 > budget:
                break
        self._owed -= done
        self._count(done)
        return done

    def _count(self, done: int) -> None:
        t0, count = self._window
        now = self.clock()
        count += done
        if now - t0 >= 0.5:
            self.steps_per_second = count / (now - t0)
            self._window = (now, 0)
        else:
            self._window = (t0, count)

    # -- frames ------------------------------------------------------------------------------------

    def frame_due(self) -> bool:
        return self.clock() - self._last_frame >= 1.0 / FRAME_RATE

    def until_frame(self) -> float:
        return max(0.0, 1.0 / FRAME_RATE - (self.clock() - self._last_frame))

    def framed(self) -> None:
        """A frame went out. Frames keep to a 1/FRAME_RATE grid: one that leaves late (the turn
        was stepping when it fell due) does not push the next one later, or the race would show
        ~50 frames a second instead of 60; a frame more than a period late starts a new grid."""
        now = self.clock()
        period = 1.0 / FRAME_RATE
        on_grid = self._last_frame + period
        self._last_frame = on_grid if 0.0 <= now - on_grid < period else now
