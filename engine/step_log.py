"""The last updates of every run, kept whole so one can be taken apart afterwards.

The race's history keeps θ and the cost after every step; to show *why* a step went where it did
(the step inspector) it also takes the gradient the optimiser was given, the optimiser's state
before the step (m, v, the step count…), the hyper-parameters then and the samples of the batch.
A ring of ``capacity`` slots keeps the most recent steps of every run (sized to a memory budget, so
a big model keeps fewer); a change of the runs themselves (added, removed, restarted, reset)
starts it afresh, since its rows are the runs.
"""
from __future__ import annotations

import numpy as np

LOG_BUDGET = 4_000_000  # floats the log may hold (32 MB)
MAX_CAPACITY = 2_000  # steps kept per run at most
MIN_CAPACITY = 50


class StepLog:
    def __init__(self, k: int, n_params: int, n_samples: int, state_shapes: dict[str, tuple[int, ...]]) -> None:
        per_step = max(1, k * (2 * n_params + sum(int(np.prod(s)) for s in state_shapes.values())))
        self.capacity = int(max(MIN_CAPACITY, min(MAX_CAPACITY, LOG_BUDGET // per_step)))
        c = self.capacity
        self.theta = np.zeros((c, k, n_params))  # θ before the step
        self.grad = np.zeros((c, k, n_params))  # the gradient the optimiser was given (clipped, if so)
        self.state = {key: np.zeros((c, k, *shape[1:]), dtype=np.float64 if key != "has_momentum_buffer" else bool)
                      for key, shape in state_shapes.items()}
        self.update = np.full((c, k), -1, dtype=np.int64)  # each run's own update number made here (-1: idle)
        self.race_step = np.full(c, -1, dtype=np.int64)
        self.hypers: list[tuple[dict, ...] | None] = [None] * c
        self.n_samples = n_samples
        self.batch: np.ndarray | None = None  # packed bits [c, k, ceil(n/8)]: the samples in each batch
        self.count = 0

    def record(self, race_step: int, theta, grad, state: dict[str, np.ndarray], hypers, active, updates,
               weights) -> None:
        """One step, before the optimiser takes it: ``updates`` is each run's own count after it."""
        slot = self.count % self.capacity
        self.count += 1
        self.theta[slot] = theta
        self.grad[slot] = grad
        for key, array in self.state.items():
            array[slot] = state[key]
        self.update[slot] = np.where(active, updates, -1)
        self.race_step[slot] = race_step
        self.hypers[slot] = hypers
        if weights is None:
            if self.batch is not None:
                self.batch[slot] = 0xFF  # every sample
        else:
            if self.batch is None:
                self.batch = np.full((self.capacity, *weights.shape[:1], (self.n_samples + 7) // 8), 0xFF,
                                     dtype=np.uint8)
            self.batch[slot] = np.packbits(weights > 0, axis=1)

    def slot_of(self, k: int, update: int) -> int | None:
        """Where run k's update number ``update`` (1 = its first) is kept, or None (too old, not yet)."""
        hits = np.flatnonzero(self.update[:, k] == update)
        return int(hits[-1]) if len(hits) else None

    def updates_kept(self, k: int) -> tuple[int, int] | None:
        """The first and last of run k's updates the log still has."""
        kept = self.update[:, k][self.update[:, k] > 0]
        return (int(kept.min()), int(kept.max())) if kept.size else None

    def batch_of(self, slot: int, k: int) -> np.ndarray | None:
        """The samples of run k's batch at ``slot`` (None: the whole data set)."""
        if self.batch is None:
            return None
        bits = np.unpackbits(self.batch[slot, k])[: self.n_samples].astype(bool)
        return None if bits.all() else np.flatnonzero(bits)
