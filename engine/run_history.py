"""Reading a race's stored history: which rows belong to a run, and read-only views of them.

The race (``engine.race``) writes the rows (every update, thinned by halving past its budget);
this is the other half, what the views and the command line read, kept apart so each stays small.
"""
from __future__ import annotations

import numpy as np


class HistoryReading:
    """The read side of ``Race``: it uses the race's buffers (``_loss_buf``, ``_theta_buf``,
    ``_steps_buf``), its ``_stride``, ``_rows``, ``born`` and ``_steps``."""

    def _born_row(self) -> np.ndarray:
        return self.born // self._stride  # each run's first row: its start (see _write_birth)

    def _last_row(self, k: int) -> int:
        """The first row at or after the run stopped: it holds where the run stopped. Found by the
        run's own update count, which never falls along its rows (``born + steps`` would be the
        race's step only for a run never held: one held at a limit and raced on later lags it)."""
        first = int(self._born_row()[k])
        column = self._steps_buf[first : self._rows, k]
        return int(min(first + np.searchsorted(column, self._steps[k], side="left"), self._rows - 1))

    def history(self, k: int, to_now: bool = False) -> "RunHistory":
        """Run k's stored history as read-only views into the race's buffers: no copy, for
        callers that read every frame. Valid until the race steps or changes again.

        A run that stopped (its limit, or held by the caller) ends where it stopped; ``to_now``
        takes it on to the race's present instead (its cost on data edited since, and the steps it
        makes when it goes on): what a window showing the race as it runs needs."""
        return RunHistory(self, k, to_now)

    def history_steps(self, k: int) -> np.ndarray:
        """The run's step number of each stored history row (0, 1, 2, ... until thinned)."""
        view = self.history(k)
        return view.steps(np.arange(len(view.loss)))

    def trajectory(self, k: int, to_now: bool = False) -> np.ndarray:
        """The run's parameters at its stored steps: [M, P], from the start to now."""
        return self.history(k, to_now).theta.copy()

    def loss_history(self, k: int) -> np.ndarray:
        """The run's training-set cost at its stored steps: loss_history(k)[i] is after
        i * stride updates of a run raced from step 0 (the last is where it is or stopped)."""
        return self.history(k).loss.copy()


class RunHistory:
    """One run's stored history rows as read-only views into its race's buffers.

    ``loss[i]`` and ``theta[i]`` are after the run's ``steps([i])``-th update; the last row is
    "now". ``stride`` and ``first_row`` change when the race thins its history or the run is
    replaced, so a cache keyed on them knows when to start again. ``plain`` means row i is step i.
    """

    def __init__(self, race, k: int, to_now: bool = False) -> None:  # race: engine.race.Race
        self.first_row = int(race._born_row()[k])
        last = race._rows - 1 if to_now and race.diverged_at[k] < 0 else race._last_row(k)
        self.stride = int(race._stride)
        self.born = int(race.born[k])
        self.loss = race._loss_buf[self.first_row : last + 1, k]
        self.theta = race._theta_buf[self.first_row : last + 1, k]
        self._steps = race._steps_buf[self.first_row : last + 1, k]
        for array in (self.loss, self.theta, self._steps):
            array.flags.writeable = False
        m = len(self._steps)
        self.plain = self.stride == 1 and self.first_row == self.born and (m == 0 or self._steps[-1] == m - 1)

    def steps(self, idx: np.ndarray) -> np.ndarray:
        """The run's own number of updates at the stored rows ``idx``."""
        return self._steps[np.asarray(idx)].copy()
