"""Derived state: the optimum, the plane and the surface, each computed from the session's state.

One invalidation rule for all three: a value is shown as current only while the inputs it was
computed from (its *key*) equal the inputs of the state now. Nothing is marked stale by hand;
when the key differs, the value is recomputed (or, when that is slow, a job is submitted) and
until it is back the frame says it is being computed.

- The optimum is quick (least squares, small cross-entropy problems) and found at once, or slow
  (digits: 0.3 s) and found on the pool; while the user drags, a slow one waits until the hand
  rests. Optima are remembered by data content, so undo and re-selecting a preset cost nothing.
- The plane follows the plane policy (``planes.choose_plane``); a slice through the optimum
  waits for it. The runs and the optimum leaving the drawn extent widen it (same plane, new
  ranges).
- The surface: point edits update it in O(G^2) at once; a new plane or data set gets a coarse
  preview first, then the full grid once the user is idle, both in blocks of rows.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from engine.optimum import Optimum, find_optimum
from engine.session import planes
from engine.session.jobs import FutureJob
from engine.session.other_cost import OtherCost
from engine.session.pacing import Pacer
from engine.surface import G_MIN, Plane, SurfaceEvaluator, fit_ranges
from engine.words import words_of

SURFACE_GRID = 200  # cells per side of the full surface
PREVIEW_BUDGET = 0.03  # s a preview surface may take
BLOCK_BUDGET = 0.010  # s per block of surface rows: a message waits at most about this long
OPTIMUM_INLINE = 0.01  # s: an optimum expected to take longer is found on the pool
INLINE_SURFACE = 0.004  # s: a surface expected to take less is computed at once, not as a job
OPTIMUM_MAX_PARAMS = 2000  # beyond, the solver is too slow to be worth showing
OPTIMA_KEPT = 16
OPTIMUM_COST_DECAY = 0.7  # per solve: a 1 s solve keeps the next ~14 on the pool
FOLLOW_INTERVAL = 0.5  # s between checks whether the runs left the drawn plane
CELL_COST = 1.5e-9  # s per (cell, sample, wrong class) of a cross-entropy surface, until measured


class SurfaceJob:
    """A ``SurfaceTask`` run a block of rows at a time, each block about BLOCK_BUDGET long."""

    def __init__(self, derived: Derived, task, refine: bool) -> None:
        self.task = task
        self.refine = refine  # the full grid over a preview: it waits until the hand rests
        self._derived = derived
        self._row_time = 0.0
        self._cancelled = False

    @property
    def ready(self) -> bool:
        return self._cancelled or not self.refine or self._derived.pacer.idle()

    def step(self) -> bool:
        if self._cancelled:
            return True
        clock = self._derived.pacer.clock
        if self._row_time > 0:  # measured: the rows that fit in a block on this machine now
            rows = max(1, int(BLOCK_BUDGET / self._row_time))
        else:  # not measured yet (or a clock that does not move): the cost model's guess
            rows = self._derived.expected_rows(self.task)
        t0 = clock()
        before = self.task.rows_done
        done = self.task.step(rows)
        spent = clock() - t0
        if self.task.rows_done > before and spent > 0:
            # quick to rise, slow to fall: one block slowed by the GUI thread's paint makes the
            # next ones smaller, one lucky block does not make them long
            measured = spent / (self.task.rows_done - before)
            self._row_time = max(measured, 0.8 * self._row_time + 0.2 * measured)
            self._derived.learn_row_time(measured, self.task.G)
        if done:
            self._derived.surface_done(self)
        return done

    def cancel(self) -> None:
        self._cancelled = True


class Derived:
    def __init__(self, executor, pool, pacer: Pacer, notify: Callable[[], None] | None = None) -> None:
        self.executor = executor
        self.pool = pool
        self.pacer = pacer
        self.notify = notify
        self.changed = True  # something a frame shows changed since the last frame
        self._optima: OrderedDict = OrderedDict()  # (model, data hash) -> Optimum
        self._optimum_costs: dict[tuple, float] = {}
        self._cell_cost = CELL_COST
        self._last_follow = -1e9
        self.other = OtherCost(executor, pacer.clock, self._mark_changed)  # the other cost, beside (other_cost.py)
        self.forget()

    def _mark_changed(self) -> None:
        self.changed = True

    def forget(self) -> None:
        """A new model or data set: nothing derived applies any more."""
        for job in (getattr(self, "surface_job", None), getattr(self, "optimum_job", None)):
            if job is not None:
                self.executor.cancel(job)
        if getattr(self, "evaluator", None) is not None:
            self.evaluator.close()
        self.other.forget()
        self.optimum: Optimum | None = None
        self.optimum_key = None
        self.optimum_serial = getattr(self, "optimum_serial", 0) + 1
        self.plane_error: str | None = None
        self.optimum_job: FutureJob | None = None
        self.optimum_job_key = None
        self.plane: Plane | None = None
        self.plane_key = None
        self.plane_serial = getattr(self, "plane_serial", 0)  # never reused: frames key on it
        self.evaluator: SurfaceEvaluator | None = None
        self.evaluator_key = None  # (model, data version) the evaluator holds
        self.surface_job: SurfaceJob | None = None
        self.changed = True

    # -- the one rule -------------------------------------------------------------------------

    def refresh(self, state, race, *, plane_start, pca_request: int) -> None:
        """Bring optimum, plane and surface in line with ``state`` (quick work now, slow work as jobs)."""
        if state.dataset is None or state.model is None or race is None:
            return
        self._refresh_optimum(state)
        self._refresh_plane(state, race, plane_start, pca_request)
        self._refresh_surface(state)
        self.other.refresh(state, self.plane)

    # -- the optimum --------------------------------------------------------------------------

    def optimum_current(self, state) -> bool:
        return self.optimum_key == (state.model, state.data_version)

    def optimum_status(self, state) -> str:
        """"finite" | "unbounded" (current or not: see optimum_current) | "computing" | "unavailable"."""
        if state.model is not None and state.model.n_params > OPTIMUM_MAX_PARAMS:
            return "unavailable"
        if self.optimum is None:
            return "unavailable" if self.optimum_current(state) else "computing"
        return self.optimum.status

    def _refresh_optimum(self, state) -> None:
        key = (state.model, state.data_version)
        if self.optimum_key == key:
            return
        model, ds = state.model, state.training
        if model.n_params > OPTIMUM_MAX_PARAMS:
            self._set_optimum(key, None)
            return
        content = (model, hash(ds))
        if content in self._optima:
            self._optima.move_to_end(content)
            self._set_optimum(key, self._optima[content])
            return
        expected = self._optimum_costs.get((model.kind, model.n_params))
        closed_form = model.kind == "linear" and not model.l1
        quick = closed_form or (expected is not None and expected <= OPTIMUM_INLINE) or (
            expected is None and model.n_params <= 60)
        if quick and not closed_form and self.pacer.dragging() and self.optimum is not None:
            # Mid-drag even a quick iterative solve waits for the pause (blobs: ~8 ms per move, the
            # separability check and Newton): the slice keeps still meanwhile (_refresh_plane), and
            # the frames say the optimum shown is the data's before the drag (optimum_current).
            return
        if quick:
            t0 = self.pacer.clock()
            self._set_optimum(key, _solve(model, ds.X, ds.y), content)
            self._learn_optimum_cost(model, self.pacer.clock() - t0)
            return
        if self.pacer.dragging() and self.optimum is not None:
            return  # mid-drag a slow optimum waits for the pause: it would only compete with the drawing
        self._wanted_optimum_key = key
        if self.optimum_job is not None and self.optimum_job_key == key:
            return
        # An older job still running is left to finish (a thread cannot be stopped): its result
        # is remembered for its data, and this one queues behind it on the pool. One still queued
        # is superseded: edits come faster than slow solves, and each queued job held its own copy
        # of the data (a 20-minute storm grew 338 of them, +86 MB, and a pool never idle).
        previous = self.optimum_job
        if previous is not None and previous.future.cancel():
            self.executor.cancel(previous)
        started = self.pacer.clock()
        job_box: list[FutureJob] = []

        def done(future, key=key, content=content, started=started):
            if self.optimum_job is job_box[0]:
                self.optimum_job, self.optimum_job_key = None, None
            result = future.result() if future.exception() is None else None
            self._learn_optimum_cost(model, self.pacer.clock() - started)
            if key == self._wanted_optimum_key:
                self._set_optimum(key, result, content)
            elif result is not None:
                self._remember(content, result)

        job = FutureJob(self.pool, _solve, (model, ds.X, ds.y), done, self.notify)
        job_box.append(job)
        self.optimum_job, self.optimum_job_key = job, key
        self.executor.submit(job)

    _wanted_optimum_key = None
    plane_deferred = False  # a new optimum's slice waits for the end of a drag (_refresh_plane)

    def _learn_optimum_cost(self, model, seconds: float) -> None:
        """Quick to rise, slow to fall: nearly separable data can make Newton take a second where
        it took 14 ms a moment before (breast-cancer mid-drag); one quick solve must not bring the
        next slow one back onto the worker's thread, freezing every move of a drag."""
        key = (model.kind, model.n_params)
        self._optimum_costs[key] = max(seconds, OPTIMUM_COST_DECAY * self._optimum_costs.get(key, 0.0))

    def _set_optimum(self, key, optimum: Optimum | None, content=None) -> None:
        if optimum is not self.optimum:
            self.optimum_serial += 1
        self.optimum, self.optimum_key = optimum, key
        self._wanted_optimum_key = key
        if content is not None and optimum is not None:
            self._remember(content, optimum)
        self.changed = True

    def _remember(self, content, optimum: Optimum) -> None:
        self._optima[content] = optimum
        while len(self._optima) > OPTIMA_KEPT:
            self._optima.popitem(last=False)

    # -- the plane ----------------------------------------------------------------------------

    def _refresh_plane(self, state, race, plane_start, pca_request: int) -> None:
        model, spec = state.model, state.plane
        try:
            needs = planes.needs_optimum(model, spec)
        except ValueError:
            spec, needs = "auto", planes.needs_optimum(model, "auto")
        optimum = self.optimum if self.optimum is not None and self.optimum.status in ("finite", "unbounded") else None
        unavailable = needs and self.optimum_status(state) == "unavailable"
        token = self.optimum_serial if needs and not unavailable else None
        start = np.asarray(plane_start, dtype=np.float64)
        # the penalty alone does not move a plane (one through the optimum moves with the optimum's
        # token): dragging the λ slider keeps the surface's data part, updated in O(G²)
        key = (model.unpenalised, spec, start.tobytes(), state.seed, token, pca_request if spec == "pca" else 0)
        if key == self.plane_key:
            self.plane_deferred = False
            self._fit_optimum_in(state)
            return
        if self.pacer.dragging() and self.plane is not None and self.plane_key is not None \
                and key[:4] == self.plane_key[:4] and key[5:] == self.plane_key[5:]:
            # Mid-drag, only the optimum the slice goes through moved: the slice stays, so the
            # surface follows each move in O(G²) (edit_to) instead of a new preview surface per
            # move (wine: ~20 ms of the worker each, and the next move waited for it). It moves
            # to the new optimum when the hand rests (the session's wait looks in then).
            self.plane_deferred = True
            return
        self.plane_deferred = False
        if needs and optimum is None and not unavailable:
            return  # the slice goes through the optimum: the frame says "computing" meanwhile
        ds = state.training
        points = [race.trajectory(k, to_now=True) for k in range(race.k)] if spec == "pca" else [race.theta]
        try:
            if unavailable:
                plane = planes.steepest_plane(model, ds.X, ds.y, start)
            else:
                plane = planes.choose_plane(model, ds.X, ds.y, spec, start, optimum, trajectories=points,
                                            seed=state.seed)
        except ValueError as error:  # said once; the automatic plane is drawn instead
            self.plane_error = words_of(error)
            auto_needs = planes.needs_optimum(model, "auto")
            plane = planes.choose_plane(model, ds.X, ds.y, "auto", start, optimum, seed=state.seed) \
                if not auto_needs or optimum is not None else planes.steepest_plane(model, ds.X, ds.y, start)
        self.plane_key = key
        self._set_plane(plane)

    def _set_plane(self, plane: Plane) -> None:
        self.plane = plane
        self.plane_serial += 1
        self.changed = True

    def _fit_optimum_in(self, state) -> None:
        """A finite optimum that moved off the drawn extent (the data changed) widens it."""
        plane, opt = self.plane, self.optimum
        if plane is None or opt is None or opt.status != "finite" or not self.optimum_current(state):
            return
        a, b, _ = plane.project(np.asarray(opt.theta, dtype=np.float64)[None])
        (a0, a1), (b0, b1) = plane.a_range, plane.b_range
        if a0 <= a[0] <= a1 and b0 <= b[0] <= b1:
            return
        self._set_plane(fit_ranges(plane, (np.array([a0, a1, a[0]]), np.array([b0, b1, b[0]])), margin=0.15))

    def follow_runs(self, race, model, now: bool = False) -> None:
        """Zoom the plane out when the path of a run that is doing well (loss below its start's)
        leaves it: racing off towards an unbounded optimum, or a momentum zig-zag swinging past
        the edge. The ranges only grow, with a margin; a run blowing up is left to run off."""
        t = self.pacer.clock()
        if not now and (t - self._last_follow < FOLLOW_INTERVAL or self.pacer.dragging()):
            return
        self._last_follow = t
        plane = self.plane
        if plane is None or race is None or race.k == 0 or self.evaluator is None:
            return
        losses = race.loss
        first = np.array([race.history(k, to_now=True).loss[0] for k in range(race.k)])
        good = race.active & np.isfinite(losses) & (losses <= first) & np.all(np.isfinite(race.theta), axis=1)
        if not good.any():
            return
        a, b, _ = plane.project(race.theta[good])
        if model.n_params == 2:
            # on the exact plane, whole paths (momentum's zig-zag, Adam's first overshoot); on a
            # slice only current points: projected paths of big models kept re-widening it
            paths = [plane.project(race.history(k, to_now=True).theta) for k in np.flatnonzero(good)]
            a = np.concatenate([a] + [p[0] for p in paths])
            b = np.concatenate([b] + [p[1] for p in paths])
            keep = np.isfinite(a) & np.isfinite(b)
            a, b = a[keep], b[keep]
        if model.kind == "function":  # a saddle's runs fall for ever: follow them to 3 windows, not 1e48
            (x0, x1), (y0, y1) = model.domain
            a = np.clip(a, x0 - (x1 - x0), x1 + (x1 - x0))
            b = np.clip(b, y0 - (y1 - y0), y1 + (y1 - y0))
        (a0, a1), (b0, b1) = plane.a_range, plane.b_range
        if np.all((a >= a0) & (a <= a1) & (b >= b0) & (b <= b1)):
            return
        self._set_plane(fit_ranges(plane, (np.concatenate([a, [a0, a1]]), np.concatenate([b, [b0, b1]])),
                                   margin=0.25))

    # -- the surface --------------------------------------------------------------------------

    def _refresh_surface(self, state) -> None:
        model, ds = state.model, state.training
        if self.evaluator is not None and self.evaluator_key[0] != model and self.evaluator.set_penalty(model):
            self.evaluator_key = (model, self.evaluator_key[1])  # the λ slider: the data's part stays
            self.changed = True
        if self.evaluator is None or self.evaluator_key[0] != model:
            if self.evaluator is not None:
                self.evaluator.close()
            # one thread: the worker has one core, the GUI thread needs the other
            self.evaluator = SurfaceEvaluator(model, ds.X, ds.y, threads=1)
            self.evaluator_key = (model, state.data_version)
        elif self.evaluator_key[1] != state.data_version:
            self.evaluator.edit_to(ds.X, ds.y)  # a few points: the surface follows in O(G^2)
            self.evaluator_key = (model, state.data_version)
            self.changed = True
        plane = self.plane
        if plane is None:
            return
        current = self.evaluator.last_plane is plane
        full = current and self.evaluator.last_grid >= SURFACE_GRID
        job = self.surface_job
        if full:
            if job is not None:
                self.executor.cancel(job)
                self.surface_job = None
            return
        if job is not None and job.task.plane is plane:
            return  # on its way
        if job is not None:
            self.executor.cancel(job)
            self.surface_job = None
        if current:  # a preview is shown: the full grid once the hand rests
            if self.pacer.idle():
                self._submit(plane, SURFACE_GRID, refine=True)
            return
        self._submit(plane, self.preview_grid(model, ds.n), refine=False)

    def _submit(self, plane: Plane, G: int, refine: bool) -> None:
        job = SurfaceJob(self, self.evaluator.begin(plane, G), refine=refine)
        if self.expected_cost(G) <= INLINE_SURFACE:  # MSE, a few points: done before the frame goes
            while not job.step():
                pass
            return
        self.surface_job = job
        self.executor.submit(job)

    def expected_cost(self, G: int) -> float:
        """Seconds a surface of G x G cells is expected to take (MSE: next to nothing)."""
        model, n = self.evaluator.model, self.evaluator.n
        if model.kind in ("linear", "function"):  # six sums, or f on the grid in one call
            return 0.0
        return self._cell_cost * G * G * max(n, 1) * max(model.n_classes - 1, 1)

    def preview_grid(self, model, n: int) -> int:
        """The grid a surface of this size can be drawn at within PREVIEW_BUDGET (MSE: always full)."""
        if model.kind in ("linear", "function"):
            return SURFACE_GRID
        per_cell = self._cell_cost * max(n, 1) * max(model.n_classes - 1, 1)
        return int(min(SURFACE_GRID, max(G_MIN, math.sqrt(PREVIEW_BUDGET / per_cell))))

    def expected_rows(self, task) -> int:
        """Rows of a block expected to fit in BLOCK_BUDGET, by the cost per cell last measured."""
        model, n = self.evaluator.model, self.evaluator.n
        per_row = self._cell_cost * task.G * max(n, 1) * max(model.n_classes - 1, 1)
        return max(1, int(BLOCK_BUDGET / max(per_row, 1e-12)))

    def learn_row_time(self, row_time: float, G: int) -> None:
        model, n = self.evaluator.model, self.evaluator.n
        if model.kind not in ("linear", "function") and n:
            self._cell_cost = row_time / (G * n * max(model.n_classes - 1, 1))

    def surface_done(self, job: SurfaceJob) -> None:
        if self.surface_job is job:
            self.surface_job = None
        elif self.surface_job is not None:
            return  # a newer surface is on its way
        if self.evaluator is None or job.task.plane is not self.plane:
            return
        if self.evaluator.adopt(job.task) is not None:
            self.changed = True

    def surface_status(self, state) -> str:
        """"ready" (full grid), "preview" (a coarser one, refining), "computing" (none yet) or "none"."""
        if state.dataset is None or state.model is None:
            return "none"
        ev = self.evaluator
        if self.plane is None or ev is None or ev.last_plane is not self.plane or self.evaluator_key[1] != state.data_version:
            return "computing"
        return "ready" if ev.last_grid >= SURFACE_GRID else "preview"

    def surface(self) -> np.ndarray | None:
        ev = self.evaluator
        if ev is None or self.plane is None or ev.last_plane is not self.plane:
            return None
        return ev.surface()

    def busy(self) -> bool:
        """Jobs are out (the frame is not settled)."""
        return self.surface_job is not None or self.optimum_job is not None or self.other.busy()

    def close(self) -> None:
        self.forget()


def _solve(model, X, y) -> Optimum | None:
    """The optimum, or None when the solver cannot get one (it must never take the app down)."""
    try:
        return find_optimum(model, X, y)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError):
        return None
