"""The other cost's surface, beside the one being raced on: the course's lesson that cross-entropy
is convex in a logistic model's parameters while MSE on its sigmoid is not.

Shown when the view asks for both costs (``ViewSettings.both_costs``) and the model is logistic
regression: the same model, the same plane, the same data, the cost the runs are *not* trained
on. It keeps its own ``SurfaceEvaluator``, so a dragged point updates it in O(G^2) as the main
surface is; a new plane is computed as a job, a few rows per block, on the session's executor.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from engine.session.frames import OtherCostFrame
from engine.session.paths import frozen
from engine.stability import stability
from engine.surface import G_MIN, SurfaceEvaluator

GRID = 200  # cells per side, as the main surface's full grid
BLOCK_BUDGET = 0.010  # s per block of rows: a message waits at most about this long
FIRST_ROWS = 4  # rows of the first block, before one has been timed
INLINE_ELEMENTS = 120_000  # (cell, sample) pairs computed at once, not as a job: about 4 ms


def _finished(task):
    task.step(task.G)
    return task


def other_model(state):
    """The model on the cost it is not raced on, when both costs are asked for; else None."""
    model = state.model
    if model is None or not state.view.both_costs or model.kind != "logistic":
        return None
    return dataclasses.replace(model, cost="mse" if model.cost == "cross-entropy" else "cross-entropy")


class _RowsJob:
    """A ``SurfaceTask`` stepped a few rows at a time, each block about BLOCK_BUDGET long."""

    def __init__(self, owner: OtherCost, task) -> None:
        self.task = task
        self._owner = owner
        self._rows = FIRST_ROWS
        self._cancelled = False
        self.ready = True

    def step(self) -> bool:
        if self._cancelled:
            return True
        clock = self._owner.clock
        t0 = clock()
        before = self.task.rows_done
        try:
            done = self.task.step(self._rows)
        except RuntimeError:  # a newer surface began on the evaluator: this one is dropped
            return True
        spent = clock() - t0
        if spent > 0 and self.task.rows_done > before:
            self._rows = max(1, int(BLOCK_BUDGET / (spent / (self.task.rows_done - before))))
        if done:
            self._owner.done(self)
        return done

    def cancel(self) -> None:
        self._cancelled = True


class OtherCost:
    """The other cost's surface over the session's plane, kept in step with the data."""

    def __init__(self, executor, clock, on_change) -> None:
        self.executor = executor
        self.clock = clock
        self._on_change = on_change
        self.evaluator: SurfaceEvaluator | None = None
        self._data_version = None
        self.job: _RowsJob | None = None
        self.serial = 0  # increases whenever the surface it holds changes: frames key on it

    def forget(self) -> None:
        if self.job is not None:
            self.executor.cancel(self.job)
            self.job = None
        if self.evaluator is not None:
            self.evaluator.close()
            self.evaluator = None
        self._changed()

    def refresh(self, state, plane) -> None:
        model = other_model(state)
        if model is None:
            if self.evaluator is not None:
                self.forget()
            return
        ds = state.training
        if self.evaluator is not None and self.evaluator.model != model:
            if self.evaluator.set_penalty(model):  # the λ slider: the data's part of the surface stays
                self._changed()
        if self.evaluator is None or self.evaluator.model != model:
            self.forget()
            self.evaluator = SurfaceEvaluator(model, ds.X, ds.y, threads=1)
            self._data_version = state.data_version
        elif self._data_version != state.data_version:
            self.evaluator.edit_to(ds.X, ds.y)  # a few points moved: O(G^2) each
            self._data_version = state.data_version
            self._changed()
        if plane is None or self.evaluator.last_plane is plane:
            return
        if self.job is not None:
            if self.job.task.plane is plane:
                return  # on its way
            self.executor.cancel(self.job)
            self.job = None
        # a small data set's surface at once (as the main surface's), at the grid that fits the
        # budget; the full grid, when that was coarser, as a job
        quick = int(min(GRID, np.sqrt(INLINE_ELEMENTS / max(self.evaluator.n, 1))))
        if quick >= G_MIN:
            if self.evaluator.adopt(_finished(self.evaluator.begin(plane, quick))) is not None:
                self._changed()
            if quick == GRID:
                return
        self.job = _RowsJob(self, self.evaluator.begin(plane, GRID))
        self.executor.submit(self.job)

    def done(self, job: _RowsJob) -> None:
        if job is not self.job:
            return
        self.job = None
        if self.evaluator is not None and self.evaluator.adopt(job.task) is not None:
            self._changed()

    def surface(self, plane) -> np.ndarray | None:
        """The other cost over ``plane`` [G, G], or None while it is computed (or not asked for)."""
        ev = self.evaluator
        if ev is None or plane is None or ev.last_plane is not plane:
            return None
        return ev.surface()

    @property
    def cost(self) -> str | None:
        return None if self.evaluator is None else self.evaluator.model.cost

    def frame(self, state, plane, thin_to: int | None = None):
        """The frame's ``OtherCostFrame`` (every ``ceil(G / thin_to)``-th cell while the user drags),
        built again only when the surface, the plane or the start changed."""
        loss = self.surface(plane)
        if loss is None:
            return None
        step = int(np.ceil(loss.shape[0] / thin_to)) if thin_to and loss.shape[0] > thin_to else 1
        key = (self.serial, id(plane), step, state.start_theta.tobytes())
        if key == getattr(self, "_frame_key", None):
            return self._frame
        model, ds, start = self.evaluator.model, state.training, state.start_theta
        a, b = plane.grid(loss.shape[0])
        with np.errstate(all="ignore"):
            start_loss = float(model.loss(start[None], ds.X, ds.y)[0])
            curving_down = len(ds.y) > 0 and stability(model, start, ds.X, ds.y).eigenvalues[0] < -1e-12
        self._frame = OtherCostFrame(
            cost=model.cost, a=frozen(a[::step]), b=frozen(b[::step]), loss=frozen(loss[::step, ::step]),
            start_loss=start_loss, convex=not model.sigmoid_mse, negative_curvature=bool(curving_down))
        self._frame_key = key
        return self._frame

    def busy(self) -> bool:
        return self.job is not None

    def _changed(self) -> None:
        self.serial += 1
        self._on_change()
