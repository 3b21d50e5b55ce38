"""Adding, restarting, forking and removing a race's runs while it goes on (the other half of
``engine.race``, kept apart so each stays small): every per-run array, the optimiser bank, the
history columns and the batch schedule grow or shrink together."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.optimizers import OptimizerBank
from engine.runs import RunSpec


class RosterEditing:
    """Needs ``Race``'s per-run arrays, ``_bank``, history buffers, ``_write_birth``,
    ``_init_schedule`` and ``_new_log``."""

    def add_run(self, spec: RunSpec) -> None:
        """A new run that starts now from the race's start."""
        bank = OptimizerBank([spec.optimizer], [spec.hyper], self.model.n_params)
        self._append(spec, bank, self.start, born=self.t, epochs=0.0)

    def restart_run(self, k: int, spec: RunSpec) -> None:
        """Run k becomes ``spec`` (another optimiser) and starts again from the start, now; the
        other runs go on as they were."""
        fresh = OptimizerBank([spec.optimizer], [spec.hyper], self.model.n_params)
        parts = [bank for bank in (self._bank.select(list(range(k))) if k else None, fresh,
                                   self._bank.select(list(range(k + 1, self.k))) if k + 1 < self.k else None)
                 if bank is not None]
        bank = parts[0]
        for part in parts[1:]:
            bank = bank.concat(part)
        self._bank = bank
        self.runs[k] = spec
        self.theta[k] = self.start
        self.diverged_at[k] = -1
        self._steps[k] = 0
        self._epochs[k] = 0.0
        self._write_birth(k, self.start)
        self._init_schedule(np.array([k]))
        self._limit = None
        self._new_log()

    def duplicate_run(self, k: int, label: str | None = None) -> None:
        """A copy of run k as it is now (parameters, optimiser state, history): a fork in the race."""
        spec = replace(self.runs[k], label=label or f"{self.runs[k].label} copy")
        self._append(spec, self._bank.select([k]), self.theta[k], born=self.born[k], epochs=self._epochs[k],
                     source=k)

    def _append(self, spec, bank, theta, born, epochs, source: int | None = None) -> None:
        self._limit = None
        self.runs.append(spec)
        self._bank = self._bank.concat(bank)
        self.theta = np.vstack([self.theta, theta])
        self.born = np.append(self.born, born)
        self.diverged_at = np.append(self.diverged_at, -1 if source is None else self.diverged_at[source])
        self.stop_at = np.append(self.stop_at, np.iinfo(np.int64).max)
        self._steps = np.append(self._steps, 0 if source is None else self._steps[source])
        self._epochs = np.append(self._epochs, epochs)
        column = self._theta_buf[:, -1:] if source is None else self._theta_buf[:, source : source + 1]
        self._theta_buf = np.concatenate([self._theta_buf, column.copy()], axis=1)
        loss_column = self._loss_buf[:, -1:] if source is None else self._loss_buf[:, source : source + 1]
        self._loss_buf = np.concatenate([self._loss_buf, loss_column.copy()], axis=1)
        steps_column = self._steps_buf[:, -1:] if source is None else self._steps_buf[:, source : source + 1]
        self._steps_buf = np.concatenate([self._steps_buf, steps_column.copy()], axis=1)
        self._new_log()
        self._order = np.vstack([self._order, np.arange(self.n)])
        self._pos = np.append(self._pos, 0)
        self._loaders.append(None)
        self._init_schedule(np.array([self.k - 1]))
        if source is None:  # the new run's history starts at its birth row with the start point
            self._write_birth(self.k - 1, theta)
            self._epochs[-1] = 0.0

    def remove_run(self, k: int) -> None:
        self._limit = None
        keep = np.array([i for i in range(self.k) if i != k], dtype=np.int64)
        self.runs = [self.runs[i] for i in keep]
        self._bank = self._bank.select(list(keep))
        self.theta = self.theta[keep]
        self.born = self.born[keep]
        self.diverged_at = self.diverged_at[keep]
        self.stop_at = self.stop_at[keep]
        self._steps = self._steps[keep]
        self._epochs = self._epochs[keep]
        self._theta_buf = self._theta_buf[:, keep].copy()
        self._loss_buf = self._loss_buf[:, keep].copy()
        self._steps_buf = self._steps_buf[:, keep].copy()
        self._order = self._order[keep]
        self._new_log()
        self._pos = self._pos[keep]
        self._loaders = [self._loaders[i] for i in keep]
        self._init_schedule(np.array([], dtype=np.int64))

