"""A seeded storm of what a restless student does: bursts of edits, drags, undo and redo, preset
and model switches, optimiser changes, extreme learning rates, batch modes, plane changes, and
deleting down to nothing. Qt-free: the session test, the window test and ``bench/soak.py`` share it.

``Storm(seed).burst(state)`` gives the next few messages for the state the session is in now (a
mirror of it is enough: the storm only reads sizes and counts). Some messages are refused by
design (an index a stale view could send, a zero or negative rate, a run that does not exist):
those must come back as notices in words, never as exceptions.
"""
from __future__ import annotations

import itertools
import random
from concurrent.futures import Future

import numpy as np

from engine.data import PRESETS
from engine.models import MODELS_FOR_TASK
from engine.optimizers.hypers import defaults
from engine.optimizers.rules import OPTIMIZERS
from engine.session import CooperativeExecutor, Session
from engine.session import messages as m
from engine.session.state import SessionState, ViewSettings

SLOW_PRESETS = ("digits",)  # 1,797 images x 64 pixels: its full surface alone takes seconds


class Storm:
    def __init__(self, seed: int, presets=None) -> None:
        self.rng = random.Random(seed)
        self.presets = tuple(presets or [p for p in PRESETS if p not in SLOW_PRESETS])
        self._drag_ids = itertools.count(1)
        self.edits = 0  # messages that change the data
        self._ranges: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
        kinds = {  # weight of each kind of burst
            self._add: 10, self._drag: 8, self._remove: 6, self._undo_redo: 10, self._clear: 1,
            self._standardize: 1, self._model: 2, self._optimizer: 4, self._rate: 5, self._other_hyper: 2,
            self._batch: 4, self._runs: 4, self._start: 3, self._plane: 4, self._select: 5, self._race: 6,
            self._settings: 3, self._preset: 2,
        }
        self._kinds, self._weights = list(kinds), list(kinds.values())

    def burst(self, state: SessionState) -> list[m.Message]:
        if state.dataset is None or state.model is None:
            return [m.LoadPreset(self.rng.choice(self.presets))]
        kind = self.rng.choices(self._kinds, self._weights)[0]
        out = kind(state)
        self.edits += sum(isinstance(msg, (m.AddPoint, m.MovePoint, m.RemovePoint, m.ClearData, m.Standardize))
                          for msg in out)
        return out

    # -- the data -----------------------------------------------------------------------------------

    def _point(self, state) -> tuple[tuple[float, ...], float]:
        ds, r = state.dataset, self.rng
        key = (ds.name, ds.d)  # the range a data set had when first seen: wandering points must
        if key not in self._ranges:  # not widen it, or the data would grow without end
            self._ranges[key] = (ds.X.min(axis=0), ds.X.max(axis=0)) if ds.n else (np.full(ds.d, -5.0),
                                                                                   np.full(ds.d, 5.0))
        lo, hi = self._ranges[key]
        span = np.maximum(hi - lo, 1.0)
        x = tuple(float(v) for v in lo - 0.25 * span + r.random() * 1.5 * span)
        if r.random() < 0.02:
            x = tuple(v * 1e6 for v in x)  # a point dragged far off: huge but finite
        if ds.task == "regression":
            y = r.gauss(0, 10) * (1e4 if r.random() < 0.02 else 1)
        else:  # now and then a class the data does not have yet (the "new class" button)
            y = float(r.randrange(ds.n_classes + (r.random() < 0.1)))
        return x, y

    def _add(self, state):
        return [m.AddPoint(*self._point(state)) for _ in range(self.rng.randint(1, 3))]

    def _drag(self, state):
        ds = state.dataset
        if not ds.n:
            return self._add(state)
        index, drag = self.rng.randrange(ds.n), next(self._drag_ids)
        moves = []
        for _ in range(self.rng.randint(2, 12)):
            x, y = self._point(state)
            moves.append(m.MovePoint(index, x, y if ds.task == "regression" else None, drag=drag))
        return moves

    def _remove(self, state):
        n = state.dataset.n
        count = self.rng.randint(1, 4)
        if n and self.rng.random() < 0.15:
            count = n  # deleting down to nothing, one click at a time
        out = [m.RemovePoint(self.rng.randrange(max(1, n - k)) if n - k > 0 else 0) for k in range(count)]
        if self.rng.random() < 0.05:
            out.append(m.RemovePoint(n + 3))  # a stale view's index: refused in words
        return out

    def _clear(self, state):
        return [m.ClearData()]

    def _standardize(self, state):
        return [m.Standardize()]

    def _undo_redo(self, state):
        r = self.rng
        out = [m.Undo()] * r.randint(1, 6)
        if r.random() < 0.6:
            out += [m.Redo()] * r.randint(1, 6)
        return out

    # -- the model and the runs ---------------------------------------------------------------------

    def _model(self, state):
        kinds = MODELS_FOR_TASK[state.dataset.task]
        return [m.SetModel(self.rng.choice(kinds), bias=self.rng.random() < 0.8)]

    def _run(self, state) -> int:
        if self.rng.random() < 0.03:
            return len(state.runs) + 2  # a run that does not exist: refused in words
        return self.rng.randrange(len(state.runs))

    def _optimizer(self, state):
        return [m.SetOptimizer(self._run(state), self.rng.choice(OPTIMIZERS))]

    def _rate(self, state):
        r = self.rng
        lr = r.choice([10 ** r.uniform(-6, 3), 1e6, 0.0, -0.1, float("nan"), 10 ** r.uniform(-3, 0)])
        return [m.SetHyper(self._run(state), "lr", lr)]

    def _other_hyper(self, state):
        k = self._run(state)
        if k >= len(state.runs):
            return [m.SetHyper(k, "lr", 0.1)]
        keys = [key for key in defaults(state.runs[k].spec.optimizer) if key != "lr"]
        if not keys:
            return [m.SetHyper(k, "lr", 0.01)]
        key = self.rng.choice(keys)
        value = self.rng.choice([True, False] if isinstance(defaults(state.runs[k].spec.optimizer)[key], bool)
                                else [0.0, 0.5, 0.9, 0.999, 1.0, 2.0, -1.0])
        return [m.SetHyper(k, key, value)]

    def _batch(self, state):
        n = max(1, state.dataset.n)
        batch = self.rng.choice([None, 1, 2, self.rng.randint(1, n), n, n + 7, 0])
        return [m.SetBatch(self._run(state), batch, shuffle=self.rng.random() < 0.7,
                           drop_last=self.rng.random() < 0.3)]

    def _runs(self, state):
        r = self.rng
        choice = r.random()
        if choice < 0.25:  # more removed than added, as a class does: a race stays a few runs
            return [m.AddRun()]
        if choice < 0.4:
            return [m.DuplicateRun(self._run(state))]
        if choice < 0.9:
            return [m.RemoveRun(self._run(state))]
        return [m.SetVisible(self._run(state), r.random() < 0.5)]

    def _start(self, state):
        p = state.model.n_params
        scale = 10 ** self.rng.uniform(-1, 3)
        theta = tuple(self.rng.gauss(0, scale) for _ in range(p))
        if self.rng.random() < 0.5:  # dragging the start: many moves, the last one final
            return [m.SetStart(tuple(v * t / 5 for v in theta), final=t == 5) for t in range(1, 6)]
        return [m.SetStart(theta)]

    def _plane(self, state):
        names = state.model.param_names()
        two = "params=" + ",".join(self.rng.sample(names, 2)) if len(names) > 1 else "auto"
        specs = ["auto", "optimum", "pca", two, "params=nope,also_nope"]
        return [m.SetPlane(self.rng.choice(specs))]

    # -- what is shown, the race, the settings ------------------------------------------------------

    def _select(self, state):
        r, ds = self.rng, state.dataset
        choice = r.random()
        if choice < 0.4:
            return [m.SelectSample(r.randrange(ds.n + 2) if ds.n and r.random() < 0.9 else None)]
        if choice < 0.7:
            return [m.SelectRun(self._run(state))]
        if choice < 0.9:
            return [m.ShowFeatures(r.randrange(ds.d), r.randrange(ds.d))]
        return [m.SetThreshold(r.random())]

    def _race(self, state):
        r = self.rng
        choice = r.random()
        if choice < 0.3:
            return [m.Play(r.random() < 0.6)]
        if choice < 0.5:
            return [m.StepOnce()]
        if choice < 0.8:
            return [m.RunSteps(r.randint(1, 300))]
        return [m.Reset()]

    def _settings(self, state):
        r = self.rng
        choice = r.random()
        if choice < 0.3:
            return [m.SetSpeed(r.choice([10 ** r.uniform(0, 4), 0.0, 1e9]))]
        if choice < 0.5:
            return [m.SetLimit(r.choice([0, 1, 50, 10_000, 10**9]), r.choice(["steps", "epochs"]))]
        if choice < 0.65:
            return [m.SetSeed(r.choice([0, 1, 42, -1]))]
        if choice < 0.8:
            return [m.SetRestartOnEdit(r.random() < 0.5)]
        return [m.SetView(ViewSettings(r.random() < 0.5, r.random() < 0.5, r.random() < 0.5))]

    def _preset(self, state):
        return [m.LoadPreset(self.rng.choice(self.presets))]


class DeferredPool:
    """A pool whose calls wait until ``flush()``: like the optimum's thread, which answers later,
    but deterministic. A mirror session that never flushes answers messages without computing
    optima at all (digits' takes a second)."""

    def __init__(self) -> None:
        self._calls: list[tuple[Future, object, tuple, dict]] = []

    def submit(self, fn, *args, **kwargs) -> Future:
        future: Future = Future()
        self._calls.append((future, fn, args, kwargs))
        return future

    @property
    def waiting(self) -> bool:
        return bool(self._calls)

    def flush(self) -> None:
        calls, self._calls = self._calls, []
        for future, fn, args, kwargs in calls:
            if not future.set_running_or_notify_cancel():
                continue  # cancelled meanwhile (a newer edit)
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as error:  # delivered by future.result(), like a real pool
                future.set_exception(error)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self._calls.clear()


class DocumentSession(Session):
    """A session that keeps the document only: messages change its state exactly as the app's,
    but it never races, solves or draws (what a run has done is not part of the document). The
    window's storm runs one beside the window to know what each painted frame must show."""

    def __init__(self) -> None:
        super().__init__(clock=lambda: 0.0, executor=CooperativeExecutor(), pool=DeferredPool())
        self.derived.follow_runs = lambda *args, **kwargs: None

    def step(self, n: int) -> None:
        pass

    def _refresh(self) -> None:
        pass


def document(state: SessionState) -> tuple:
    """What a session file keeps of ``state`` and what the window shows of it, as one comparable
    value (revision and data version, which count messages, left out)."""
    start = None if state.start is None else tuple(state.start.tolist())
    return (state.dataset, state.source, state.model, state.runs, start, state.seed, state.speed, state.limit,
            state.restart_on_edit, state.plane, state.threshold, state.view, state.next_color, state.playing,
            state.selected_run, state.selected_sample, state.shown_features)
