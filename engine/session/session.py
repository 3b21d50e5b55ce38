"""The session: the one home of everything between the engine and the views.

It holds the ``SessionState`` (what the user set), the ``Race`` built from it (what the runs have
done), the derived optimum, plane and surface, and the undo history. The worker feeds it
messages (``apply``), gives it turns (``advance``: a chunk of the race and blocks of slow work),
and sends on the frames it builds (``frame``). Time comes from an injected clock and slow work
goes through an injected executor, so tests replay messages deterministically, without Qt.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from engine.data import DataError, Dataset
from engine.features import expanded
from engine.models import model_for
from engine.race import MAX_UPDATES, Race
from engine.session import policy
from engine.session.derived import Derived
from engine.session.frames import Frame
from engine.session.history import History, UndoStep
from engine.session.jobs import InlinePool, SynchronousExecutor
from engine.session.messages import Message
from engine.session.pacing import Pacer
from engine.session.snapshot import FrameBuilder
from engine.session.state import SAVED_FIELDS, RunSettings, SessionState, changed_fields
from engine.words import translate, words_of

TICK = 0.004  # s between two turns while racing
EXPORT_LOOK = 0.1  # s between looks at an animation being written (its progress bar)
CHECK_EVERY = 50  # steps between convergence checks when many steps are asked for at once


@dataclass(frozen=True)
class Notice:
    """Something to tell the user once: an error in words, or that a file was saved or opened."""

    kind: str  # "error" | "info" | "saved" | "opened" | "autosaved"
    text: str
    title: str | None = None
    path: str | None = None
    revision: int = 0


class Session:
    def __init__(self, *, clock: Callable[[], float] = time.perf_counter, executor=None, pool=None,
                 export_pool=None, notify: Callable[[], None] | None = None) -> None:
        self.clock = clock
        self.executor = executor if executor is not None else SynchronousExecutor()
        self.pool = pool if pool is not None else InlinePool()
        self.export_pool = export_pool if export_pool is not None else InlinePool()  # films (GIFs) are painted here
        self.notify = notify
        self.export = None  # the animation being written (animation_handlers.Export)
        self.sweeping = None  # the sweep being raced (sweep_handlers.SweepJob)
        self.sweep_result = None  # (the state it was raced for, engine.sweeps.SweepResult)
        self._export_seen = -1
        self.pacer = Pacer(clock)
        self.derived = Derived(self.executor, self.pool, self.pacer, notify)
        self.history = History()
        self.builder = FrameBuilder(self.pacer)
        self.state = SessionState()
        self.race: Race | None = None
        self.message: str | None = "Loading…"  # why there is nothing to train on, in words
        self.converged_at = np.zeros(0, dtype=np.int64)
        self.notices: list[Notice] = []
        self.saved_revision = 0  # the revision last saved or opened: the window's "unsaved" mark
        self.plane_start = np.zeros(0)  # the start the plane was fitted for (it follows a released drag)
        self.pca_request = 0
        self._frame_wanted = True

    # -- messages -----------------------------------------------------------------------------

    def apply(self, message: Message) -> None:
        """Apply one message; a refusal (bad data, a bad value) becomes an error notice, never a crash."""
        from engine.session.handlers import all_handlers

        handler = all_handlers().get(type(message))
        if handler is None:
            raise TypeError(f"no handler for {type(message).__name__}")
        try:
            handler(self, message)
        except (DataError, ValueError, OSError) as error:  # refusals worded for the user (a bare
            self.tell("error", str(error))  # IndexError or KeyError is a bug: the worker reports it)
        self._frame_wanted = True
        self._refresh()

    def painted(self, version: int) -> None:
        """The window has painted data version ``version``: a race held for an edit's picture goes on."""
        self.pacer.painted(version)

    def tell(self, kind: str, text: str, title: str | None = None, path: str | None = None) -> None:
        self.notices.append(Notice(kind, text, title, path, self.state.revision))

    def mark_frame_wanted(self) -> None:
        self._frame_wanted = True

    def take_notices(self) -> list[Notice]:
        notices, self.notices = self.notices, []
        return notices

    # -- the state and the race ---------------------------------------------------------------

    def set_state(self, new: SessionState) -> set[str]:
        """Replace the state; a change a session file keeps bumps the revision. The selections
        are kept in range here, whatever changed the runs or the data (undo, a file, an edit)."""
        new = _in_range(new)
        changed = changed_fields(self.state, new)
        if changed & set(SAVED_FIELDS) and new.revision == self.state.revision:
            new = replace(new, revision=self.state.revision + 1)
        self.state = new
        self._frame_wanted = True
        return changed

    def push_undo(self, text: str, before: SessionState, after: SessionState, fields, merge=None) -> None:
        self.history.push(UndoStep(text, {f: getattr(before, f) for f in fields}, {f: getattr(after, f) for f in fields},
                                   merge))

    def rebuild(self, forget: bool = False) -> None:
        """A new race from the state (every run from the start); ``forget``: a new data set or
        model, so nothing derived applies either."""
        state = self.state
        if forget:
            self.derived.forget()
        self.builder.clear()
        self.race = None
        self.converged_at = np.full(len(state.runs), -1, dtype=np.int64)
        if state.dataset is None or state.model is None:
            self.message = translate("Session", "Loading…")
            return
        self.message = _trouble(state.training)
        if self.message is not None:
            return
        start = state.start_theta
        self.race = Race(state.model, state.training.X, state.training.y, state.specs, start, seed=state.seed,
                         shuffle_rng=state.shuffle_rng, clip=state.clip)
        self.race.keep_step_log()  # the step inspector takes any of the last steps apart
        self.plane_start = start  # a new race starts where the state says: the plane follows it
        self.apply_stops()
        self.pacer.restart()

    def data_changed(self, old: Dataset | None) -> None:
        """The data was edited (same features and task): the race goes on over the new landscape,
        unless a new class needs a bigger model or the data cannot be trained on."""
        state = self.state
        self.pacer.edited(state.data_version)
        wanted = _model_fitting(state)
        if wanted != state.model:  # a point of a new class: softmax grows an output
            self.set_state(state.with_(model=wanted, start=None))
            self.rebuild(forget=True)
            return
        training = state.training
        trouble = _trouble(training)
        if trouble is not None or self.race is None:
            self.rebuild()
            return
        before = None if old is None else expanded(old, state.features).training
        if before is None or before is not training and not before == training:
            self.race.set_data(training.X, training.y)  # a test point moved: the race's data are the same
        self.builder.curves.clear()  # the cost now is the new data's
        self.builder.tests.clear()
        self.converged_at[:] = -1  # the landscape moved: a run that had arrived may move again
        if state.restart_on_edit:
            self.reset_race()
        self.apply_stops()

    def reconcile(self, old: SessionState) -> None:
        """Bring the race in line with a state that changed in many ways at once (undo, a file)."""
        new = self.state
        if new.dataset is None:
            self.rebuild(forget=True)
            return
        if new.model is not None and (old.dataset is not new.dataset or old.features != new.features):
            fitted = _model_fitting(new)
            if fitted != new.model:  # undoing a new class's first point: softmax loses that output
                self.set_state(new.with_(model=fitted, start=None))
                self.rebuild(forget=True)
                return
        renamed = (old.dataset is None or old.dataset.name != new.dataset.name or old.source != new.source
                   or old.dataset.d != new.dataset.d or old.dataset.task != new.dataset.task)
        same_race = [r.spec for r in old.runs] == [r.spec for r in new.runs] and old.model == new.model \
            and old.seed == new.seed and old.shuffle_rng == new.shuffle_rng and _same(old.start, new.start) \
            and old.clip == new.clip
        if renamed or old.model != new.model or old.features != new.features:
            self.rebuild(forget=True)
        elif not same_race or self.race is None:
            if old.dataset is not new.dataset:
                self.pacer.edited(new.data_version)
            self.rebuild()
        elif old.dataset is not new.dataset:
            self.data_changed(old.dataset)

    def reset_race(self) -> None:
        if self.race is None:
            return
        self.race.reset(self.state.start_theta)
        self.builder.clear()
        self.converged_at[:] = -1
        self.apply_stops()
        self.pacer.restart()

    def apply_stops(self) -> None:
        """Each run's step limit, and the converged ones held where they arrived."""
        race = self.race
        if race is None:
            return
        limit = self.state.limit
        race.stop_at[:] = race.limit_steps(**{limit.unit: limit.count}, capped=True)
        self._tell_capped(race, limit)
        held = self.converged_at >= 0
        race.stop_at[held] = np.minimum(race.stop_at[held], self.converged_at[held])

    _told_capped = None

    def _tell_capped(self, race, limit) -> None:
        """Say once, in words, when a limit in epochs is more updates than a run may race (the
        data grew, or a batch became smaller, under it): those runs stop at MAX_UPDATES."""
        capped = tuple(run.label for run, batches in zip(race.runs, race.batches_per_epoch())
                       if limit.count * int(batches) > MAX_UPDATES) if limit.unit == "epochs" else ()
        if capped and (limit, capped) != self._told_capped:
            self.tell("info", translate("Session", "{epochs} epochs would be more than {most} updates for {runs}: "
                                                   "they stop at {most} updates.").format(
                epochs=f"{limit.count:,}", most=f"{MAX_UPDATES:,}", runs=", ".join(capped)))
        self._told_capped = (limit, capped) if capped else None

    def run_settings(self, spec, color: str | None = None, visible: bool = True) -> RunSettings:
        """Settings for a new run with the session's next colour (and the state's counter moved on)."""
        if color is None:
            color = policy.run_color(self.state.next_color)
            self.state = self.state.with_(next_color=self.state.next_color + 1)
        return RunSettings(spec, color, visible)

    # -- turns --------------------------------------------------------------------------------

    @property
    def racing(self) -> bool:
        return self.state.playing and self.race is not None and self.message is None and bool(self.race.active.any())

    @property
    def finished(self) -> bool:
        return self.race is not None and self.message is None and not bool(self.race.active.any())

    def advance(self, stop: Callable[[], bool] = lambda: False) -> None:
        """One turn: the steps the race owes by the clock, then blocks of slow work until ``stop()``."""
        if self.racing:
            todo = self.pacer.steps_due(self.state.speed)
            if todo:
                self.pacer.run(todo, self.race.step)
                self._after_steps()
            self.derived.follow_runs(self.race, self.state.model)
        self._refresh()
        if not stop():
            self.executor.run(stop)
        self._refresh()
        if self.builder.thinned and not self.pacer.dragging():
            self._frame_wanted = True  # the hand rests: the surface at its full resolution again

    def step(self, n: int) -> None:
        """n steps of every running run, checked for convergence every CHECK_EVERY steps (so a
        run that arrives is held near where it arrived, even in a long jump)."""
        if self.race is None or self.message is not None:
            return
        while n > 0 and self.race.active.any():
            chunk = min(n, CHECK_EVERY)
            self.race.step(chunk)
            n -= chunk
            self._after_steps()

    def _after_steps(self) -> None:
        """Once a turn: which runs have arrived. When every run is done the race stands still
        (``racing`` is False) while ``playing`` keeps the user's wish: a new race plays at once."""
        self._check_convergence()
        self._frame_wanted = True

    def _check_convergence(self) -> None:
        """A run has arrived when the full-data gradient at its parameters is a millionth of the
        start's and its cost no longer moves (between its last two stored steps)."""
        race = self.race
        active = race.active
        if not active.any():
            return
        rows = np.flatnonzero(active)
        norms = self._gradient_norms(np.vstack([self.state.start_theta[None], race.theta[rows]]))
        tolerance = max(policy.CONVERGED_GRADIENT * norms[0], 1e-300)  # the start's, on the data now
        candidates = rows[norms[1:] <= tolerance]
        arrived = [k for k in candidates if _settled_loss(race.history(k, to_now=True).loss)]
        if arrived:
            self.converged_at[arrived] = race.steps[arrived]
            self.apply_stops()

    def _gradient_norms(self, thetas: np.ndarray) -> np.ndarray:
        ds = self.state.training
        model = self.state.model
        with np.errstate(all="ignore"):
            grad = model.grad(thetas, ds.X, ds.y)
        if model.l1:  # |w|'s corner: a weight at ~0 has arrived once l1 outweighs its pull
            W = model.n_weights
            w, g = thetas[:, :W], grad[:, :W]
            pull = g - model.l1 * np.sign(w)  # the data's (and L2's) gradient alone
            near = np.abs(w) <= 1e-6 * np.maximum(1.0, np.abs(w).max(axis=1, keepdims=True))
            g[near] = (np.sign(pull) * np.maximum(np.abs(pull) - model.l1, 0.0))[near]
        return np.linalg.norm(grad, axis=1)

    def _refresh(self) -> None:
        if self.race is not None and self.message is None:
            self.derived.refresh(self.state, self.race, plane_start=self.plane_start, pca_request=self.pca_request)
            if self.derived.plane_error:
                self.tell("error", self.derived.plane_error)
                self.derived.plane_error = None
        if self.derived.changed:
            self._frame_wanted = True
        seen = tuple(job.progress.done if job is not None else None for job in (self.export, self.sweeping))
        if seen != self._export_seen and any(v is not None for v in seen):
            self._frame_wanted = True  # a progress bar moves
        self._export_seen = seen

    def wait(self) -> float | None:
        """Seconds until the next turn is needed (None: only a message can bring new work)."""
        wait = self._wait()
        if self.export is not None or self.sweeping is not None:  # look in on the background job a few times a second
            return EXPORT_LOOK if wait is None else min(wait, EXPORT_LOOK)
        return wait

    def _wait(self) -> float | None:
        if self.racing:
            return TICK
        if self.executor.runnable:
            return 0.0
        if self._frame_wanted:
            return self.pacer.until_frame()
        if self.builder.thinned or self.derived.plane_deferred:
            return self.pacer.until_dragged() + 0.001
        if self.race is not None and self.derived.plane is not None and self.derived.surface_status(self.state) == "preview":
            return self.pacer.until_idle() + 0.001  # the full surface once the hand rests
        if self.race is not None and not self.derived.optimum_current(self.state) and self.derived.optimum_job is None:
            return self.pacer.until_idle() + 0.001  # an optimum deferred while dragging
        return None

    # -- frames -------------------------------------------------------------------------------

    def frame(self, force: bool = False) -> Frame | None:
        """The next frame, if something changed and one is due (``force``: a frame now, whatever)."""
        if not force and not (self._frame_wanted and self.pacer.frame_due()):
            return None
        if self.pacer.dragging() and not force and self.racing:
            return None  # the edits' own frames carry the race along while the user drags
        frame = self.builder.build(self)
        self.pacer.framed()
        self._frame_wanted = False
        self.derived.changed = False
        return frame

    @property
    def unsaved(self) -> bool:
        return self.state.revision != self.saved_revision

    def close(self) -> None:
        if self.export is not None:
            self.export.progress.cancel.set()  # a half-written animation is removed, not left behind
        if self.sweeping is not None:
            self.sweeping.progress.cancel.set()
        self.derived.close()
        for pool in (self.pool, self.export_pool):
            shutdown = getattr(pool, "shutdown", None)
            if shutdown is not None:
                shutdown(wait=False, cancel_futures=True)


def _model_fitting(state: SessionState):
    """The state's model sized for its data (a softmax has one output per class), of the same
    kind (and cost) when that kind fits the task, else the task's first. A function is its own model."""
    if state.model.kind == "function":
        return state.model
    try:
        return model_for(state.design, state.model.kind, state.model.bias, state.model.cost, state.model.l2,
                         state.model.l1)
    except ValueError:
        return model_for(state.design, None, state.model.bias, l2=state.model.l2, l1=state.model.l1)


def _in_range(state: SessionState) -> SessionState:
    changes = {}
    if state.runs and not 0 <= state.selected_run < len(state.runs):
        changes["selected_run"] = min(max(state.selected_run, 0), len(state.runs) - 1)
    ds = state.dataset
    if ds is not None and state.selected_sample is not None and not 0 <= state.selected_sample < ds.n:
        changes["selected_sample"] = ds.n - 1 if ds.n else None
    if ds is not None and ds.d and not all(0 <= f < ds.d for f in state.shown_features):
        changes["shown_features"] = (0, min(1, ds.d - 1))
    return state.with_(**changes) if changes else state


def _settled_loss(losses: np.ndarray) -> bool:
    if len(losses) < 2:
        return True
    last, before = float(losses[-1]), float(losses[-2])
    return abs(last - before) <= policy.CONVERGED_LOSS_CHANGE * max(abs(last), 1e-300)


def _trouble(dataset: Dataset) -> str | None:
    try:
        dataset.validate_for_training()
    except DataError as error:
        return words_of(error)
    return None


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and bool(np.array_equal(a, b))
