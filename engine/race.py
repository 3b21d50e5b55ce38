"""K optimisers racing from one start over the same data.

One step is one update of every running run; one epoch is one pass over the data. Each run has
its own optimiser, hyper-parameters and batch mode (full batch, stochastic = batch 1, mini-batch
of size b). All runs share one forward pass per step: a run's mini-batch is expressed as a row of
sample weights, so the gradient of K different mini-batches is one batched call of the model.

The full training-set cost after every update is recorded for every run, together with the
parameters (thinned by halving once a long race outgrows the history budget), so the views can
play a trajectory back. A run whose loss or parameters go non-finite, or whose loss exceeds
``DIVERGENCE_FACTOR`` times its initial loss, stops and is marked diverged at that step; the others
go on.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np

from engine.models import Model
from engine.optimizers import OptimizerBank
from engine.race_roster import RosterEditing
from engine.run_history import HistoryReading, RunHistory
from engine.runs import RunSpec, initial_theta, parse_opt_spec
from engine.shuffling import SHUFFLE_RNGS, LoaderOrder, check_shuffle_rng
from engine.step_log import StepLog

__all__ = ["DIVERGENCE_FACTOR", "MAX_LENGTH", "Race", "RunHistory", "RunSpec", "SHUFFLE_RNGS", "initial_theta",
           "parse_opt_spec"]

DIVERGENCE_FACTOR = 1e6
LOSS_CEILING = 1e300  # a cost this large has lost all precision: the run has blown up
MAX_UPDATES = 1_000_000  # the most updates a run may be asked to make (steps, or epochs x batches)
MAX_LENGTH = MAX_UPDATES
# floats of parameter history kept before thinning (32 MB; growing it by doubling briefly holds 1.5x):
# digits' four runs keep ~770 rows, enough for paths and test curves, and the window stays in memory
HISTORY_BUDGET = 4_000_000
LOSS_BUDGET = 4_000_000  # floats of loss history kept before thinning


def check_clip(clip: float | None) -> float | None:
    """The largest gradient norm a run's update may use (None: no clipping)."""
    if clip is None:
        return None
    if isinstance(clip, bool) or not (np.isfinite(clip) and clip > 0):
        raise ValueError(f"the gradient clipping norm must be a number above 0, not {clip}")
    return float(clip)


def clip_grad_norm(grad: np.ndarray, max_norm: float) -> np.ndarray:
    """Each run's gradient scaled as torch.nn.utils.clip_grad_norm_ scales it: by
    max_norm / (norm + 1e-6) when that is below 1 (the row is all of the run's parameters). The
    norm is torch's own (its summation differs from numpy's in the last bit, and a clipped run
    on a curved valley amplifies that bit within a hundred steps)."""
    import torch

    norm = torch.linalg.vector_norm(torch.from_numpy(grad), dim=1).numpy()
    with np.errstate(all="ignore"):
        scale = np.minimum(max_norm / (norm + 1e-6), 1.0)
    return grad * scale[:, None]


class Race(HistoryReading, RosterEditing):
    """K runs of one model from one start; the only mutable state of a race."""

    def __init__(self, model: Model, X, y, runs: Sequence[RunSpec], start, seed: int = 0,
                 shuffle_rng: str = "generator", clip: float | None = None):
        self.model = model
        self.clip = check_clip(clip)
        self.log: StepLog | None = None
        self.seed = seed
        self.shuffle_rng = check_shuffle_rng(shuffle_rng)
        self.start = initial_theta(model, start, seed)
        self._set_arrays(X, y)
        self.runs: list[RunSpec] = []
        k = len(runs)
        p = model.n_params
        self.theta = np.tile(self.start, (k, 1))
        self._bank = OptimizerBank([r.optimizer for r in runs], [r.hyper for r in runs], p)
        self.runs = list(runs)
        self.t = 0  # global step counter
        self.born = np.zeros(k, dtype=np.int64)  # global step at which each run started
        self.diverged_at = np.full(k, -1, dtype=np.int64)
        self.stop_at = np.full(k, np.iinfo(np.int64).max)  # a run pauses after this many updates
        self._steps = np.zeros(k, dtype=np.int64)
        self._epochs = np.zeros(k)
        self._init_schedule(np.arange(k))
        self._reset_history()

    # -- data ---------------------------------------------------------------------------------

    def _set_arrays(self, X, y) -> None:
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.model.n_features or X.shape[0] == 0:
            raise ValueError(f"the data must be [N, {self.model.n_features}] with N >= 1, got {X.shape}")
        self.X = X
        self.y = np.asarray(y, dtype=np.float64 if self.model.kind != "softmax" else np.int64)

    def set_data(self, X, y) -> None:
        """New data, same runs: parameters and optimiser state are kept and the race goes on.

        The next step's gradient is taken again on the new data over the same mini-batches (when
        the number of points is the same), so no run skips a batch; the cost now, and the size of
        a blow-up, are measured on the new data."""
        old_n = self.n
        self._set_arrays(X, y)
        if self.n != old_n:
            self._init_schedule(np.arange(self.k))
            self._new_log()  # its batches are rows of the old data
        elif self._current is not None:
            self._current = self._forward(self.theta, self._current_weights)[1]
        self._limit = None
        self._loss_buf[self._rows - 1] = self._forward(self.theta, None)[0]

    @property
    def n(self) -> int:
        return self.X.shape[0]

    @property
    def k(self) -> int:
        return len(self.runs)

    # -- batches ------------------------------------------------------------------------------

    def _batch_sizes(self, rows) -> np.ndarray:
        return np.array([min(self.runs[i].batch or self.n, self.n) for i in rows], dtype=np.int64)

    def _init_schedule(self, rows: np.ndarray) -> None:
        """Each run walks through its own permutation of the samples; (re)start it at its head."""
        if not hasattr(self, "_order") or self._order.shape != (self.k, self.n):
            self._order = np.tile(np.arange(self.n), (self.k, 1))
            self._pos = np.zeros(self.k, dtype=np.int64)
            rows = np.arange(self.k)
            self._loaders = [None] * self.k
        for k in rows:
            self._loaders[int(k)] = None  # a run starting at its head draws its batches afresh
        self._size = self._batch_sizes(range(self.k))
        self._shuffle = np.array([r.shuffle for r in self.runs], dtype=bool)
        self._drop_last = np.array([r.drop_last for r in self.runs], dtype=bool)
        self._all_full_batch = bool(np.all(self._size >= self.n))
        full, rest = np.divmod(self.n, self._size)
        self._epoch_per_step = 1.0 / np.where(self._drop_last, full, full + (rest > 0)).clip(min=1)
        self._pos[rows] = 0
        self._reshuffle(rows)
        self._current = None

    def _reshuffle(self, rows: np.ndarray) -> None:
        rows = rows[self._shuffle[rows] & (self._size[rows] < self.n)] if len(rows) else rows
        for k in rows:
            self._order[k] = self._epoch_order(int(k))

    def _epoch_order(self, k: int) -> np.ndarray:
        """Run k's order of the samples for its next epoch: that of a torch DataLoader
        (engine/shuffling.py), drawn from the run's own loader, started afresh at its head."""
        loader = self._loaders[k]
        if loader is None:
            layer = (self.model.n_features, self.model.n_outputs, self.model.bias)
            loader = self._loaders[k] = LoaderOrder(self.n, self.seed, self.shuffle_rng, layer)
        return loader.next_epoch()

    def batches_per_epoch(self) -> np.ndarray:
        """Updates per pass over the data for each run (drop_last skips the short batch)."""
        return np.rint(1.0 / self._epoch_per_step).astype(np.int64)

    def _next_weights(self) -> np.ndarray | None:
        """Sample weights [K, N] of each run's next mini-batch (None when every run is full batch)."""
        if self._all_full_batch:
            return None
        # Start a new epoch (reshuffled) where the last batch has been used up or would be short.
        end_of_epoch = self._pos >= self.n
        end_of_epoch |= self._drop_last & (self._pos + self._size > self.n)
        if end_of_epoch.any():
            rows = np.flatnonzero(end_of_epoch)
            self._pos[rows] = 0
            self._reshuffle(rows)
        column = np.arange(self.n)
        in_batch = (column >= self._pos[:, None]) & (column < (self._pos + self._size)[:, None])
        count = in_batch.sum(axis=1, keepdims=True)
        weights = np.zeros((self.k, self.n))
        np.put_along_axis(weights, self._order, in_batch / count, axis=1)
        self._pos += self._size
        return weights

    # -- stepping -----------------------------------------------------------------------------

    @property
    def active(self) -> np.ndarray:
        """Runs that still step: not diverged and not at their step limit."""
        return (self.diverged_at < 0) & (self._steps < self.stop_at)

    def _forward(self, theta: np.ndarray, weights):
        return self.model.loss_and_grad(theta, self.X, self.y, weights, full_loss=True)

    def step(self, n: int = 1) -> None:
        """n updates of every running run.

        The training-set cost at θ_t and the mini-batch gradient at θ_t come from one forward
        pass; the gradient is computed one step ahead and kept until the next update.
        """
        for _ in range(int(n)):
            active = self.active
            if not active.any():
                return
            if self._current is None:
                self._current_weights = self._next_weights()
                self._current = self._forward(self.theta, self._current_weights)[1]
            grad = self._current if self.clip is None else clip_grad_norm(self._current, self.clip)
            if self.log is not None:
                self.log.record(self.t + 1, self.theta, grad, self._bank.arrays, self._bank.hypers, active,
                                self._steps + active, self._current_weights)
            self._epochs += active * self._epoch_per_step
            new_theta = self._bank.step(self.theta, grad, active)
            weights = self._next_weights()
            with np.errstate(all="ignore"):
                loss, next_grad = self._forward(new_theta, weights)
            self.t += 1
            self._steps += active
            # NaN fails every comparison, so one test catches non-finite and exploding losses
            bad = ~(loss <= self._divergence_limit) | ~(np.abs(loss) <= LOSS_CEILING)  # a function falls to -inf
            if bad.any() or not np.isfinite(new_theta).all():
                bad = active & (bad | ~np.isfinite(new_theta).all(axis=1))
            if bad.any():
                self.diverged_at[bad] = self._steps[bad]
                new_theta[bad] = np.where(np.isfinite(new_theta[bad]), new_theta[bad], self.theta[bad])
            self.theta = new_theta
            self._current, self._current_weights = next_grad, weights
            self._record(loss)

    @property
    def _divergence_limit(self) -> np.ndarray:
        """DIVERGENCE_FACTOR times the cost at the start, on the data as it is now (every run
        starts there; recomputed when the data or the runs change)."""
        if self._limit is None:
            with np.errstate(all="ignore"):
                initial = float(self._forward(self.start[None], None)[0][0])
            # a finite limit even for a start whose cost is near the float range's end (features of
            # 1e150): the product would be inf, and inf lets every blow-up pass
            # (a function's value may start at 0 or below: its limit is a millionfold rise in size)
            size = max(abs(initial), self.model.divergence_floor) if np.isfinite(initial) else LOSS_CEILING
            limit = DIVERGENCE_FACTOR * size if size < LOSS_CEILING / DIVERGENCE_FACTOR else LOSS_CEILING
            self._limit = np.full(self.k, limit)
        return self._limit

    def limit_steps(self, *, steps: int | None = None, epochs: int | None = None, capped: bool = False) -> np.ndarray:
        """Each run's number of updates for ``steps`` updates or ``epochs`` passes over the data
        (a pass is each run's own number of batches); with neither, no limit. More than
        MAX_UPDATES is refused, or with ``capped`` cut to MAX_UPDATES (the window: a limit in
        epochs set on small data grows with the data and with smaller batches)."""
        if steps is not None and epochs is not None:
            raise ValueError("give a number of steps or of epochs, not both")
        for value, what in ((steps, "steps"), (epochs, "epochs")):
            if value is not None and (isinstance(value, bool) or int(value) != value or value < 0):
                raise ValueError(f"the number of {what} must be a whole number, 0 or more, not {value}")
        if epochs is not None:
            per_epoch = [int(b) for b in self.batches_per_epoch()]
            updates = [int(epochs) * b for b in per_epoch]  # Python ints: no overflow
            if capped:
                updates = [min(u, MAX_UPDATES) for u in updates]
            if updates and max(updates) > MAX_UPDATES:
                k = updates.index(max(updates))
                raise ValueError(f"{int(epochs):,} epochs of {self.runs[k].label} are {max(updates):,} updates "
                                 f"({per_epoch[k]:,} batches an epoch): at most {MAX_UPDATES:,} updates per run")
            return np.array(updates, dtype=np.int64)
        if steps is not None:
            if int(steps) > MAX_UPDATES:
                raise ValueError(f"{int(steps):,} steps is more than this app races: at most {MAX_UPDATES:,} updates "
                                 "per run")
            return np.full(self.k, int(steps), dtype=np.int64)
        return np.full(self.k, np.iinfo(np.int64).max)

    def run_to(self, *, steps: int | None = None, epochs: int | None = None, chunk: int = 1000) -> None:
        """Race until every run has made ``steps`` updates or ``epochs`` passes (or diverged):
        what the CLI's ``run`` and ``surface`` commands both do."""
        self.stop_at[:] = self.limit_steps(steps=steps, epochs=epochs)
        while self.active.any():
            self.step(min(chunk, int((self.stop_at - self._steps)[self.active].max())))

    # -- history ------------------------------------------------------------------------------

    def keep_step_log(self, on: bool = True) -> None:
        """Keep the last steps whole (engine/step_log.py) for the step inspector, or stop."""
        self._log_on = on
        self._new_log()

    def _new_log(self) -> None:
        if not getattr(self, "_log_on", False):
            self.log = None
            return
        shapes = {key: array.shape for key, array in self._bank.arrays.items()}
        self.log = StepLog(self.k, self.model.n_params, self.n, shapes)

    def _reset_history(self) -> None:
        self._new_log()  # its rows are the runs as they are now
        self._stride = 1  # global steps between stored rows: row r is the race at step r * stride
        self._rows = 0
        self._tail = False  # the last row is "now", between two stored steps (only when thinned)
        cap = 1024
        self._theta_buf = np.empty((cap, self.k, self.model.n_params))
        self._loss_buf = np.empty((cap, self.k))
        self._steps_buf = np.empty((cap, self.k), dtype=np.int64)  # each run's own updates at each row
        self._current = None
        self._current_weights = None
        self._limit = None
        self._record(self._forward(self.theta, None)[0])

    def _record(self, loss: np.ndarray) -> None:
        """Store the race now. Rows stay at steps 0, stride, 2 stride, ... so ``loss[i]`` is the
        cost after i * stride updates; between those steps "now" is kept in one extra tail row,
        which the next stored step overwrites (never a stored row: that lied about its step)."""
        if self._tail:
            row = self._rows - 1
        else:
            if self._rows == len(self._loss_buf):
                self._grow()
            row = self._rows
            self._rows += 1
        self._theta_buf[row] = self.theta
        self._loss_buf[row] = loss
        self._steps_buf[row] = self._steps
        self._tail = self.t % self._stride != 0

    def _grow(self) -> None:
        cap = len(self._loss_buf)
        if 2 * cap * self.k * max(self.model.n_params, 1) > HISTORY_BUDGET or 2 * cap * self.k > LOSS_BUDGET:
            # thin: keep every other row (no tail now: it is only grown to append), halve the
            # resolution from now on. A run born at an odd row keeps its start: it moves to the
            # kept row before its birth, where the race had not reached it yet.
            keep = (self._rows + 1) // 2
            births = [(k, b) for k, b in enumerate(self._born_row()) if b % 2 and b < self._rows]
            saved = [(k, b, self._theta_buf[b, k].copy(), self._loss_buf[b, k], self._steps_buf[b, k])
                     for k, b in births]
            self._theta_buf[:keep] = self._theta_buf[0 : 2 * keep : 2]
            self._loss_buf[:keep] = self._loss_buf[0 : 2 * keep : 2]
            self._steps_buf[:keep] = self._steps_buf[0 : 2 * keep : 2]
            for k, b, theta, loss, steps in saved:
                self._theta_buf[b // 2, k], self._loss_buf[b // 2, k], self._steps_buf[b // 2, k] = theta, loss, steps
            self._rows = keep
            self._stride *= 2
            return
        self._theta_buf = np.concatenate([self._theta_buf, np.empty_like(self._theta_buf)])
        self._loss_buf = np.concatenate([self._loss_buf, np.empty_like(self._loss_buf)])
        self._steps_buf = np.concatenate([self._steps_buf, np.empty_like(self._steps_buf)])

    def _write_birth(self, k: int, theta) -> None:
        """Run k starts now at ``theta``: its first row (the stored step at or before now) and
        "now" hold the start with 0 updates, so its history begins at its start however thinned."""
        loss = self._forward(np.asarray(theta)[None], None)[0][0]
        self.born[k] = self.t
        for row in {self.t // self._stride, self._rows - 1}:
            self._theta_buf[row, k] = theta
            self._loss_buf[row, k] = loss
            self._steps_buf[row, k] = 0

    @property
    def steps(self) -> np.ndarray:
        """Updates done by each run (a diverged run stopped at its divergence)."""
        return self._steps.copy()

    @property
    def loss(self) -> np.ndarray:
        """Each run's current training-set cost."""
        return self._loss_buf[self._rows - 1].copy()

    @property
    def status(self) -> list[str]:
        return ["diverged" if d >= 0 else "running" for d in self.diverged_at]

    def epoch(self) -> np.ndarray:
        """Passes over the data done by each run (fractional within an epoch)."""
        return self._epochs.copy()

    # -- changes while racing -----------------------------------------------------------------

    def set_hyper(self, k: int, key: str, value) -> None:
        """Change one run's hyper-parameter at once; its parameters and state are kept."""
        self._bank.set_hyper(k, key, value)
        self.runs[k] = replace(self.runs[k], hyper=self._bank.hyper(k))

    def set_batch(self, k: int, batch: int | None, shuffle: bool | None = None, drop_last: bool | None = None) -> None:
        spec = self.runs[k]
        self.runs[k] = replace(
            spec,
            batch=batch,
            shuffle=spec.shuffle if shuffle is None else shuffle,
            drop_last=spec.drop_last if drop_last is None else drop_last,
        )
        self._init_schedule(np.array([k]))

    def reset(self, start=None) -> None:
        """Every run back to the start (optionally a new one) with fresh state and history."""
        if start is not None:
            self.start = initial_theta(self.model, start, self.seed)
        self.theta = np.tile(self.start, (self.k, 1))
        self._bank.reset()
        self.t = 0
        self.born[:] = 0
        self._steps[:] = 0
        self.diverged_at[:] = -1
        self._epochs[:] = 0
        self._order = np.empty((0, 0))
        self._init_schedule(np.arange(self.k))
        self._reset_history()
