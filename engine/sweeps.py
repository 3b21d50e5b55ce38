"""Many races at once: one optimiser at K learning rates, or momentum over an (lr, β) grid.

Every setting is a row of one race (the bank steps them all in one call), raced in chunks so a
thread can report progress and stop when asked. For each row: the final cost, whether it
diverged, and the steps it took to come within ``TARGET`` of the way from the start's cost to the
optimum's (or, with no finite optimum, to a hundredth of the start's cost). The critical rate of
the data's Hessian at the start (``engine/stability.py``) goes with it: for momentum β the
boundary lr·λmax = 2(1 + β) that the phase map draws.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field, replace

import numpy as np

from engine.race import Race, RunSpec
from engine.stability import critical_lr, stability
from engine.words import translate

MAX_RATES = 100
MAX_GRID = 40  # the phase map: at most 40 x 40 settings
MAX_SWEEP_STEPS = 100_000
TARGET = 0.01  # "reached": within 1 % of the way from the start's cost to the optimum's
CHUNK = 50  # steps between two looks at the cancel flag


class SweepCancelled(Exception):
    pass


@dataclass
class SweepProgress:
    done: int = 0
    total: int = 0
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class SweepRequest:
    """``rates`` (log-spaced, lo to hi) for ``base``; with ``betas`` the (lr, β) map of momentum."""

    base: RunSpec
    rates: tuple[float, ...]
    steps: int
    betas: tuple[float, ...] | None = None

    @property
    def kind(self) -> str:
        return "phase" if self.betas is not None else "rates"


@dataclass(frozen=True)
class SweepResult:
    request: SweepRequest
    final_loss: np.ndarray  # [K] (rates) or [B, K] (phase: row β, column lr)
    diverged: np.ndarray  # same shape, bool
    steps_to_target: np.ndarray  # same shape; -1: not reached within the steps
    target: float  # the cost counted as "reached"
    lam_max: float | None  # the Hessian's largest curvature at the start (full batch), else None
    critical_lr: float | None  # for the base's own momentum (rates) or plain GD (phase)


def request_of(base: RunSpec, lo: float, hi: float, k: int, steps: int,
               betas: tuple[float, float, int] | None = None) -> SweepRequest:
    """A checked request: K rates from lo to hi (log scale), or a K x B grid with β from b0 to b1."""
    limit = MAX_GRID if betas is not None else MAX_RATES
    if not (0 < lo <= hi and math.isfinite(hi)):
        raise ValueError(translate("Sweep", "The learning rates must be positive, the first no larger than the last."))
    if not (1 <= k <= limit) or (k > 1 and lo == hi):
        raise ValueError(translate("Sweep", "Sweep 1 to {limit} learning rates (more than one needs a range).")
                         .format(limit=limit))
    if not 1 <= steps <= MAX_SWEEP_STEPS:
        raise ValueError(translate("Sweep", "A sweep races 1 to {most} steps.").format(most=f"{MAX_SWEEP_STEPS:,}"))
    rates = tuple(float(v) for v in np.geomspace(lo, hi, k))
    grid = None
    if betas is not None:
        b0, b1, kb = betas
        if base.optimizer not in ("gd", "sgd", "momentum"):
            raise ValueError(translate("Sweep", "The (lr, β) map is for momentum (SGD's momentum β)."))
        if not (0.0 <= b0 <= b1 < 1.0) or not (1 <= kb <= MAX_GRID):
            raise ValueError(translate("Sweep", "β runs from 0 up to below 1, in 1 to {limit} values.").format(
                limit=MAX_GRID))
        grid = tuple(float(v) for v in np.linspace(b0, b1, kb))
    return SweepRequest(base, rates, int(steps), grid)


def specs_of(request: SweepRequest) -> list[RunSpec]:
    base = request.base
    if request.betas is None:
        return [replace(base, label=f"lr={lr:.6g}", hyper={**base.hyper, "lr": lr}) for lr in request.rates]
    momentum = "momentum" if base.optimizer in ("gd", "sgd") else base.optimizer
    return [RunSpec(f"lr={lr:.6g},β={beta:.3g}", momentum, {**base.hyper, "lr": lr, "momentum": beta}, base.batch,
                    base.shuffle, base.drop_last)
            for beta in request.betas for lr in request.rates]


def run(request: SweepRequest, model, X, y, start, seed: int = 0, optimum_loss: float | None = None,
        progress: SweepProgress | None = None, clip: float | None = None) -> SweepResult:
    """Race every setting of ``request`` to its steps (SweepCancelled if ``progress.cancel`` is set)."""
    progress = progress or SweepProgress()
    specs = specs_of(request)
    race = Race(model, X, y, specs, start, seed=seed, clip=clip)
    race.stop_at[:] = request.steps
    progress.total = request.steps
    start_loss = float(race.loss[0])
    if optimum_loss is not None and math.isfinite(optimum_loss) and optimum_loss < start_loss:
        target = optimum_loss + TARGET * (start_loss - optimum_loss)
    else:
        target = TARGET * start_loss if start_loss > 0 else start_loss - 1.0
    reached = np.full(race.k, -1, dtype=np.int64)
    while race.active.any():
        if progress.cancel.is_set():
            raise SweepCancelled()
        race.step(CHUNK)
        progress.done = int(min(race.t, request.steps))
    for k in range(race.k):
        losses = race.loss_history(k)
        hits = np.flatnonzero(losses <= target)
        if len(hits) and (race.diverged_at[k] < 0 or hits[0] < race.diverged_at[k]):
            reached[k] = int(race.history_steps(k)[hits[0]])
    final = np.array([race.loss_history(k)[-1] for k in range(race.k)])
    diverged = race.diverged_at >= 0
    full_batch = request.base.batch is None or request.base.batch >= len(X)
    lam_max = None
    if full_batch and model.n_params <= 2000:
        with np.errstate(all="ignore"):
            lam_max = stability(model, np.asarray(start, dtype=np.float64), X, y).lam_max
    critical = None
    if lam_max is not None:
        hyper = request.base.hyper if request.betas is None else {**request.base.hyper, "momentum": 0.0}
        critical = critical_lr("momentum" if request.betas is not None else request.base.optimizer, hyper, lam_max)
    shape = (len(request.betas), len(request.rates)) if request.betas is not None else (len(request.rates),)
    return SweepResult(request, final.reshape(shape), diverged.reshape(shape), reached.reshape(shape), target,
                       lam_max, critical)
