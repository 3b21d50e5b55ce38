"""The worker: the only owner of engine state, living on its own QThread.

The GUI never touches the race, the surface or the data the engine trains on. It *posts* messages
(``worker.set_dataset(ds, version)``, ``worker.play(True)``, ...), which are safe to call from any
thread: each one lands in a mailbox and wakes the worker's event loop. The worker drains the
mailbox, applies every message, recomputes only what the messages made stale, and emits one
immutable :class:`~gui.frame.Frame` of numpy copies.

Training runs in short chunks driven by a QTimer *inside* the worker thread, so an edit never
waits behind a long loop: between two chunks the event loop delivers the newest messages. A newer
data edit replaces a pending older one (a drag of a point sends many; only the latest matters).
Frames go out at most ~60 times a second while racing, and at once after an edit.
"""
from __future__ import annotations

import math
import re
import threading
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from engine.data import Dataset, DataError
from engine.models import Model
from gui.frame import Frame, RegionFrame, RunFrame, SurfaceFrame, frozen
from gui.views.colors import run_color

FRAME_INTERVAL = 1.0 / 60.0  # s between two frames while racing
TICK_MS = 4  # the race timer's period
CHUNK_BUDGET = 0.006  # s of stepping per tick, so edits are handled within a few ms
DRAG_CHUNK_BUDGET = 0.002  # s per tick while the user drags: the next move waits less
# After an edit the race waits until the window has painted it (or this long): stepping holds
# the GIL, and a race running beside the GUI thread's paint was measured to double the time from
# a drag to its picture (line-30: 13.6 ms paused, 30 ms racing).
EDIT_HOLD_MAX = 0.05
MAX_BACKLOG = 0.1  # s of owed steps kept when the engine cannot keep up with the speed asked
REGION_GRID = 100
REGION_RATE = 15.0  # decision-region updates a second, at most
SURFACE_GRID = 200
DRAG_GRID = 100  # while the user drags, frames carry every other cell of the surface
PREVIEW_BUDGET = 0.008  # s a surface may take while the user drags; above it, a coarser preview
IDLE_MS = 150  # quiet time after the last edit before the slow work (refine, optimum) runs
MAX_PATH_POINTS = 4000  # trajectory points per run in a frame (the path is thinned beyond)
MAX_HISTORY_POINTS = 4000  # loss values per run in a frame (beyond, each stretch's min and max)
OPTIMUM_INLINE = 0.01  # s: an optimum slower than this is found on a helper thread
OPTIMUM_WAIT_PARAMS = 60  # a slice needs the optimum: wait for it up to this many parameters
OPTIMUM_MAX_PARAMS = 2000  # beyond, the solver is too slow to be worth showing
RANGE_CHECK_INTERVAL = 0.5  # s between checks whether the runs left the drawn plane
CONVERGED_TOL = 1e-7  # a run within this relative gap of the optimum's loss counts as converged

MODEL_CHOICES = {"regression": ("linear",), "binary": ("logistic", "softmax"), "multiclass": ("softmax",)}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Worker", text)


def default_runs(dataset: Dataset, model: Model) -> list:
    """GD, Momentum, RMSprop and Adam with learning rates that make a visible race on this data.

    GD's (and Momentum's) rate is the course's where the tutorial gives one, else about 1/L, L the
    largest curvature of the cost at the start (from the data's second moments), so GD is as fast
    as it can be without diverging. Adaptive methods take steps of roughly their rate in every
    parameter, whatever the curvature: 0.01 and 0.05, tuned on line-30 and logistic-2d.
    """
    from engine.race import RunSpec

    lr_gd = _gd_rate(dataset, model)
    if dataset.name == "line-30":
        lr_gd, lr_rms, lr_adam = 1e-3, 0.01, 0.1
    elif dataset.name == "logistic-2d":
        lr_gd, lr_rms, lr_adam = 1.0, 0.05, 0.1
    else:
        lr_rms, lr_adam = 0.01, 0.05
    # digits stands in for the tutorials' MNIST lesson, trained in mini-batches of 256
    batch = 256 if dataset.name == "digits" else None
    return [
        RunSpec("GD", "gd", {"lr": _round_rate(lr_gd)}),
        RunSpec("Momentum", "momentum", {"lr": _round_rate(lr_gd), "momentum": 0.9}, batch=batch),
        RunSpec("RMSprop", "rmsprop", {"lr": lr_rms}, batch=batch),
        RunSpec("Adam", "adam", {"lr": lr_adam}, batch=batch),
    ]


def _gd_rate(dataset: Dataset, model: Model) -> float:
    X = dataset.X
    if len(X) == 0 or not np.all(np.isfinite(X)):
        return 0.01
    Xa = np.hstack([X, np.ones((len(X), 1))]) if model.bias else X
    lam = float(np.linalg.eigvalsh(Xa.T @ Xa / len(X))[-1])
    curvature = {"linear": 2.0, "logistic": 0.25, "softmax": 0.5}[model.kind] * max(lam, 1e-12)
    return 1.0 / curvature


def _round_rate(lr: float) -> float:
    """A learning rate a student can read: one significant digit."""
    exponent = math.floor(math.log10(lr))
    return float(f"{math.floor(lr / 10**exponent)}e{exponent}")


def make_model(dataset: Dataset, kind: str | None = None, bias: bool = True) -> Model:
    kinds = MODEL_CHOICES[dataset.task]
    kind = kind if kind in kinds else kinds[0]
    n_classes = dataset.n_classes if kind == "softmax" else 1
    return Model(kind, dataset.d, n_classes, bias)


class _Mailbox:
    """Messages from any thread to the worker, in order; a coalescing message replaces the pending
    one of the same name (a newer edit makes an older, unapplied one pointless)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[tuple[str, tuple]] = []

    def put(self, name: str, args: tuple, coalesce: bool) -> None:
        with self._lock:
            if coalesce:
                self._items = [item for item in self._items if item[0] != name]
            self._items.append((name, args))

    def take(self) -> list[tuple[str, tuple]]:
        with self._lock:
            items, self._items = self._items, []
        return items


class Worker(QObject):
    """Owns the dataset, model, race, surface evaluator, plane and optimum; emits Frames."""

    frame_ready = Signal(object)  # Frame
    dataset_loaded = Signal(object, int)  # a preset the worker loaded for the window (dataset, 0)
    error = Signal(str)  # something the user asked for could not be done, in words
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mail = _Mailbox()
        self._wake.connect(self._drain, Qt.QueuedConnection)
        self._timer: QTimer | None = None
        self._idle: QTimer | None = None
        self._seq = 0
        self._last_emit = 0.0
        # engine state (worker thread only)
        self.dataset: Dataset | None = None
        self.version = 0
        self.model: Model | None = None
        self.race = None
        self.specs: list = []
        self.colors: list[str] = []
        self.visible: list[bool] = []
        self._color_counter = 0
        self.start_theta: np.ndarray | None = None
        self.seed = 0
        self.speed = 300.0
        self.playing = True
        self.restart_on_edit = False
        self.selected_run = 0
        self.selected_sample: int | None = None
        self.shown_features = (0, 1)
        self.plane_spec = "auto"
        self.message: str | None = None
        self.data_ok = False
        self._owed = 0.0
        self._last_tick = time.perf_counter()
        self._chunk = 1
        self._evaluator = None
        self._plane = None
        self._surface_loss = None
        self._surface_grid = SURFACE_GRID
        self._surface_frame: SurfaceFrame | None = None
        self._surface_frame_preview = False
        self._optimum = None
        self._optimum_stale = True
        self._surface_stale = True
        self._surface_coarse = False
        self._evaluator_stale = False  # the evaluator's data is older than the dataset
        self._plane_stale = True
        self._regions_key = None
        self._regions: RegionFrame | None = None
        self._regions_time = 0.0
        self._regions_run = -1
        self._history_cache: dict = {}
        self._paths: dict = {}  # run -> _PathCache
        self._surface_cost = 0.0  # s a full surface takes at the full grid
        self._surface_costs: list[float] = []
        self._optimum_cost = 0.0
        self._optimum_job = None  # (version, model) being solved on the helper thread
        self._optimum_cost_known = False
        self._pool = None
        self._last_edit = 0.0
        self._hold_version: int | None = None  # an edit whose paint the race waits for
        self._hold_since = 0.0
        self._last_range_check = 0.0
        self.stats = {"steps_per_second": 0.0}
        self._steps_window = (time.perf_counter(), 0)

    # ------------------------------------------------------------------------------------------
    # Messages: callable from any thread

    def _post(self, name: str, *args, coalesce: bool = False) -> None:
        self._mail.put(name, args, coalesce)
        self._wake.emit()

    def load_preset(self, name: str, seed: int | None = None) -> None:
        self._post("load_preset", name, seed, coalesce=True)

    def load_dataset(self, dataset: Dataset, version: int) -> None:
        """A new data set (a preset, a CSV): model, runs and plane start afresh."""
        self._post("load_dataset", dataset, version, coalesce=True)

    def set_dataset(self, dataset: Dataset, version: int) -> None:
        """An edit of the current data (a point added, moved, removed): the race goes on."""
        self._post("set_dataset", dataset, version, coalesce=True)

    def set_model(self, kind: str, bias: bool = True) -> None:
        self._post("set_model", kind, bias)

    def set_runs(self, specs: list) -> None:
        self._post("set_runs", list(specs))

    def set_hyper(self, k: int, key: str, value) -> None:
        self._post("set_hyper", k, key, value)

    def set_optimizer(self, k: int, name: str) -> None:
        self._post("set_optimizer", k, name)

    def set_batch(self, k: int, batch: int | None, shuffle: bool | None = None, drop_last: bool | None = None) -> None:
        self._post("set_batch", k, batch, shuffle, drop_last)

    def set_visible(self, k: int, visible: bool) -> None:
        self._post("set_visible", k, visible)

    def add_run(self, spec=None) -> None:
        self._post("add_run", spec)

    def remove_run(self, k: int) -> None:
        self._post("remove_run", k)

    def duplicate_run(self, k: int) -> None:
        self._post("duplicate_run", k)

    def set_start(self, theta, final: bool = True) -> None:
        self._post("set_start", np.array(theta, dtype=np.float64), final, coalesce=not final)

    def set_plane(self, spec: str) -> None:
        self._post("set_plane", spec)

    def select_sample(self, i: int | None) -> None:
        self._post("select_sample", i)

    def select_run(self, k: int) -> None:
        self._post("select_run", k)

    def set_shown_features(self, i: int, j: int) -> None:
        self._post("set_shown_features", i, j)

    def play(self, playing: bool) -> None:
        self._post("play", bool(playing))

    def step_once(self) -> None:
        self._post("step_once")

    def reset(self) -> None:
        self._post("reset")

    def run_steps(self, n: int) -> None:
        """n steps of every run at once (paused): screenshots, tests."""
        self._post("run_steps", int(n))

    def edit_painted(self, version: int) -> None:
        """The window has painted the frame of data version ``version``: the race may go on."""
        self._post("edit_painted", int(version), coalesce=True)

    def set_speed(self, steps_per_second: float) -> None:
        self._post("set_speed", float(steps_per_second), coalesce=True)

    def set_seed(self, seed: int) -> None:
        self._post("set_seed", int(seed))

    def set_restart_on_edit(self, on: bool) -> None:
        self._post("set_restart_on_edit", bool(on))

    def request_frame(self) -> None:
        self._post("request_frame", coalesce=True)

    # ------------------------------------------------------------------------------------------
    # Life cycle (worker thread)

    @Slot()
    def start(self) -> None:
        """Connected to QThread.started: the timers must be created in the worker's thread."""
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setTimerType(Qt.PreciseTimer)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._on_idle)
        self._drain()

    @Slot()
    def shutdown(self) -> None:
        """Stop the timers and hand the object back to the GUI thread (called blocking-queued)."""
        for timer in (self._timer, self._idle):
            if timer is not None:
                timer.stop()
        self._mail.take()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self._evaluator is not None:
            self._evaluator.close()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

    # ------------------------------------------------------------------------------------------
    # Applying messages

    @Slot()
    def _drain(self) -> None:
        items = self._mail.take()
        if not items or self._timer is None:
            if items:  # not started yet: keep them for start()
                for name, args in items:
                    self._mail.put(name, args, False)
            return
        if all(name == "edit_painted" for name, _ in items):
            for _, args in items:  # a paint acknowledged: nothing new to draw
                self._do_edit_painted(*args)
            self._update_timer()
            return
        for name, args in items:
            try:
                getattr(self, "_do_" + name)(*args)
            except (DataError, ValueError, IndexError, KeyError) as error:
                self.error.emit(str(error))
            except Exception as error:  # a bug must not stop the frames: report it, go on
                self._report(error)
        self._guarded(self._refresh, True)
        self._guarded(self._emit, True)
        self._update_timer()

    def _report(self, error: Exception) -> None:
        import traceback

        traceback.print_exception(error)
        self.error.emit(_tr("Internal error: {error}").format(error=f"{type(error).__name__}: {error}"))

    def _guarded(self, function, *args) -> None:
        try:
            function(*args)
        except Exception as error:
            self._report(error)

    def _do_request_frame(self) -> None:
        pass

    def _do_edit_painted(self, version: int) -> None:
        if self._hold_version is not None and version >= self._hold_version:
            self._hold_version = None

    def _do_load_preset(self, name: str, seed: int | None) -> None:
        from engine.data import load_preset

        if seed is not None:
            self.seed = seed
        # Loaded here, off the GUI thread (scikit-learn's import alone takes over a second); the
        # window puts it in its document, which sends it back with a version through load_dataset.
        self.dataset_loaded.emit(load_preset(name, seed=self.seed), 0)

    def _do_load_dataset(self, dataset: Dataset, version: int) -> None:
        self.dataset = dataset
        self.version = version
        self.model = make_model(dataset)
        self.specs = []
        self.selected_sample = self._default_sample(dataset)
        self.shown_features = (0, 1 if dataset.d > 1 else 0)
        self.plane_spec = "auto"
        self.start_theta = None
        self._rebuild(runs=None)

    def _do_set_dataset(self, dataset: Dataset, version: int) -> None:
        if dataset is self.dataset or version < self.version:
            return
        old = self.dataset
        self.dataset = dataset
        self.version = version
        if old is None or old.d != dataset.d or old.task != dataset.task:
            self._do_load_dataset(dataset, version)
            return
        if self.selected_sample is not None and self.selected_sample >= dataset.n:
            self.selected_sample = dataset.n - 1 if dataset.n else None
        if dataset.n and self.selected_sample is None:
            self.selected_sample = 0
        wanted = make_model(dataset, self.model.kind, self.model.bias)
        if wanted != self.model or self.race is None or not self.data_ok:
            self._rebuild(runs=self.specs)  # e.g. a new class: softmax grows an output
            return
        if not self._check_data():
            return
        self._last_edit = time.perf_counter()
        self._hold_version, self._hold_since = version, self._last_edit
        self.race.set_data(dataset.X, dataset.y)
        self._update_surface_points(old, dataset)
        self._optimum_stale = True
        if self.restart_on_edit:
            self.race.reset(self.start_theta)
            self._clear_history()
        self._idle.start()

    def _update_surface_points(self, old: Dataset, new: Dataset) -> None:
        """Apply a point moved, added or removed to the surface in O(G^2); else recompute it."""
        edits = _point_edits(old, new)
        ev = self._evaluator
        if edits is None or ev is None or self._surface_loss is None or ev.last_plane is not self._plane:
            self._evaluator_stale = True
            self._surface_stale = True
            return
        try:
            for kind, *args in edits:
                loss = getattr(ev, kind)(*args)
        except ValueError:  # out of step: start it afresh
            self._evaluator_stale = True
            self._surface_stale = True
            return
        if edits:
            self._surface_loss = loss
            self._surface_frame = None

    def _do_set_model(self, kind: str, bias: bool) -> None:
        if self.dataset is None:
            return
        model = make_model(self.dataset, kind, bias)
        if model == self.model:
            return
        self.model = model
        self.start_theta = None
        self.plane_spec = "auto"
        self._rebuild(runs=None)

    def _do_set_runs(self, specs: list) -> None:
        self._rebuild(runs=list(specs))

    def _do_set_hyper(self, k: int, key: str, value) -> None:
        if self.race is None:
            return
        self.race.set_hyper(k, key, value)
        self.specs = list(self.race.runs)

    def _do_set_optimizer(self, k: int, name: str) -> None:
        """A new optimiser for run k: the race starts again (a new optimiser has no state to keep)."""
        from engine.optimizers import defaults
        from engine.race import RunSpec

        old = self.specs[k]
        hyper = dict(defaults(name))
        if "lr" in old.hyper:
            hyper["lr"] = old.hyper["lr"]
        label = _label_for(name, [s.label for i, s in enumerate(self.specs) if i != k])
        self.specs[k] = RunSpec(label, name, hyper, old.batch, old.shuffle, old.drop_last)
        self._rebuild(runs=self.specs, keep_plane=True)

    def _do_set_batch(self, k: int, batch, shuffle, drop_last) -> None:
        if self.race is None:
            return
        self.race.set_batch(k, batch, shuffle, drop_last)
        self.specs = list(self.race.runs)

    def _do_set_visible(self, k: int, visible: bool) -> None:
        if 0 <= k < len(self.visible):
            self.visible[k] = visible

    def _do_add_run(self, spec) -> None:
        from engine.optimizers import defaults
        from engine.race import RunSpec

        if self.race is None:
            return
        if spec is None:
            lr = self.specs[-1].hyper.get("lr", 0.01) if self.specs else 0.01
            hyper = dict(defaults("sgd"))
            hyper["lr"] = lr
            spec = RunSpec(_label_for("sgd", [s.label for s in self.specs]), "sgd", hyper, batch=1)
        self.race.add_run(spec)
        self.specs = list(self.race.runs)
        self.colors.append(self._next_color())
        self.visible.append(True)
        self._clear_history()

    def _do_remove_run(self, k: int) -> None:
        if self.race is None or not 0 <= k < len(self.specs) or len(self.specs) <= 1:
            return
        self.race.remove_run(k)
        self.specs = list(self.race.runs)
        del self.colors[k]
        del self.visible[k]
        self.selected_run = min(self.selected_run, len(self.specs) - 1)
        self._clear_history()

    def _do_duplicate_run(self, k: int) -> None:
        if self.race is None or not 0 <= k < len(self.specs):
            return
        label = _label_for(self.specs[k].optimizer, [s.label for s in self.specs], self.specs[k].label)
        self.race.duplicate_run(k, label)
        self.specs = list(self.race.runs)
        self.colors.append(self._next_color())
        self.visible.append(True)
        self._clear_history()

    def _do_set_start(self, theta: np.ndarray, final: bool) -> None:
        if self.model is None or theta.shape != (self.model.n_params,) or not np.all(np.isfinite(theta)):
            return
        self.start_theta = theta
        if self.race is not None:
            self.race.reset(theta)
            self._clear_history()
            self._owed = 0.0
        if final and self._plane is not None and self._plane.kind not in ("exact", "params"):
            self._plane_stale = True
        self._surface_frame = None  # the start marker moved

    def _do_set_plane(self, spec: str) -> None:
        self.plane_spec = spec
        self._plane_stale = True

    def _do_select_sample(self, i) -> None:
        if self.dataset is not None and i is not None and 0 <= int(i) < self.dataset.n:
            self.selected_sample = int(i)
        elif i is None:
            self.selected_sample = None

    def _do_select_run(self, k: int) -> None:
        if 0 <= k < len(self.specs):
            self.selected_run = k
            self._regions_key = None

    def _do_set_shown_features(self, i: int, j: int) -> None:
        if self.dataset is not None and 0 <= i < self.dataset.d and 0 <= j < self.dataset.d:
            self.shown_features = (i, j)
            self._regions_key = None

    def _do_play(self, playing: bool) -> None:
        self.playing = playing
        self._last_tick = time.perf_counter()
        self._owed = 0.0

    def _do_step_once(self) -> None:
        self.playing = False
        if self.race is not None and self.data_ok:
            self.race.step(1)

    def _do_run_steps(self, n: int) -> None:
        if self.race is not None and self.data_ok:
            self.race.step(n)
            self._last_range_check = 0.0  # check at once whether the runs left the plane

    def _do_reset(self) -> None:
        if self.race is not None:
            self.race.reset(self.start_theta)
            self._clear_history()
            self._owed = 0.0

    def _do_set_speed(self, speed: float) -> None:
        self.speed = min(max(speed, 1.0), 10000.0)
        self._owed = min(self._owed, 1.0)

    def _do_set_seed(self, seed: int) -> None:
        self.seed = seed
        if self.race is not None:
            self._rebuild(runs=self.specs, keep_plane=True)

    def _do_set_restart_on_edit(self, on: bool) -> None:
        self.restart_on_edit = on

    # ------------------------------------------------------------------------------------------
    # Building engine state

    def _default_sample(self, dataset: Dataset) -> int | None:
        """Wine: the first test sample of a seeded 80/20 split, as the tutorial shows; else 0."""
        if dataset.n == 0:
            return None
        if dataset.name == "wine" and dataset.n >= 2:
            from engine.data import split_indices

            return int(split_indices(dataset.n, 0.2, self.seed)[1][0])
        return 0

    def _next_color(self) -> str:
        color = run_color(self._color_counter)
        self._color_counter += 1
        return color

    def _check_data(self) -> bool:
        """Is the data trainable? If not, say why (in the frame) and pause the race."""
        try:
            self.dataset.validate_for_training()
        except DataError as error:
            self.message = str(error)
            self.data_ok = False
            return False
        self.message = None
        self.data_ok = True
        return True

    def _rebuild(self, runs: list | None, keep_plane: bool = False) -> None:
        """A new race (new model, new runs or new data set): everything derived is recomputed."""
        from engine.race import Race

        self.race = None
        self._clear_history()
        self._regions_key = None
        self._surface_frame = None
        if self.dataset is None:
            return
        if self.model is None:
            self.model = make_model(self.dataset)
        if not self._check_data():
            self._evaluator = None
            self._surface_loss = None
            if runs:
                self.specs = list(runs)
            return
        if not runs:
            runs = default_runs(self.dataset, self.model)
            self.colors = []
            self._color_counter = 0
            self.selected_run = len(runs) - 1  # Adam: the tutorials' choice, and the one that shows most soonest
        if len(self.colors) != len(runs):
            self.colors = [self._next_color() for _ in runs] if not self.colors else (
                self.colors[: len(runs)] + [self._next_color() for _ in range(len(runs) - len(self.colors))])
            self.visible = (self.visible + [True] * len(runs))[: len(runs)]
        if self.start_theta is None or self.start_theta.shape != (self.model.n_params,):
            self.start_theta = np.zeros(self.model.n_params)
        self.race = Race(self.model, self.dataset.X, self.dataset.y, runs, self.start_theta, seed=self.seed)
        self.specs = list(self.race.runs)
        self.selected_run = min(self.selected_run, len(self.specs) - 1)
        if self._evaluator is not None:
            self._evaluator.close()
        self._evaluator = None
        self._surface_loss = None
        self._surface_costs, self._surface_cost = [], 0.0
        self._optimum = None
        self._optimum_stale = True
        self._optimum_cost_known = False
        if self._optimum_job is not None and self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)  # its result would be for old data
            self._pool = None
        self._optimum_job = None
        self._surface_stale = True
        if not keep_plane:
            self._plane_stale = True
        self._owed = 0.0

    # ------------------------------------------------------------------------------------------
    # Surface, optimum, regions

    def _refresh(self, interactive: bool) -> None:
        """Recompute what the messages made stale; cheap work now, slow work when idle."""
        if self.race is None or not self.data_ok:
            return
        if self._optimum_stale:
            first = self._optimum is None and self._optimum_job is None
            quick = self.model.kind == "linear" or (self._optimum_cost_known and self._optimum_cost <= OPTIMUM_INLINE)
            if first or quick or not self._dragging():
                self._compute_optimum(wait=first and 2 < self.model.n_params <= OPTIMUM_WAIT_PARAMS)
            # else: mid-drag, a slow optimum waits for the pause (the idle timer); solving it
            # for every intermediate position would only compete with the drawing
        if self._plane_stale:
            self._compute_plane()
        if self._surface_stale:
            self._compute_surface(interactive)

    def _compute_optimum(self, wait: bool = False) -> None:
        """The optimum of the current data: at once when it is quick (least squares) or needed
        now (the first plane of a big model); otherwise on a helper thread, so the race and the
        edits go on meanwhile, with its result posted back as a message."""
        from engine.optimum import find_optimum

        token = (self.version, self.model)
        if self.model.n_params > OPTIMUM_MAX_PARAMS:
            self._optimum, self._optimum_stale = None, False
            return
        quick = self.model.kind == "linear" or (self._optimum_cost_known and self._optimum_cost <= OPTIMUM_INLINE)
        if not (wait or quick):
            if self._optimum_job is None:
                self._optimum_job = token
                model, X, y = self.model, self.dataset.X, self.dataset.y
                future = self._optimum_pool().submit(_timed, find_optimum, model, X, y)
                future.add_done_callback(lambda f, token=token: self._post("optimum_ready", token, f))
            return
        t0 = time.perf_counter()
        try:
            self._optimum = find_optimum(self.model, self.dataset.X, self.dataset.y)
        except (ValueError, FloatingPointError, np.linalg.LinAlgError):
            self._optimum = None
        self._optimum_cost = time.perf_counter() - t0
        self._optimum_cost_known = True
        self._optimum_stale = False
        self._surface_frame = None

    def _optimum_pool(self):
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="optimum")
        return self._pool

    def _do_optimum_ready(self, token, future) -> None:
        if token == self._optimum_job:
            self._optimum_job = None
        try:
            result, cost = future.result()
        except (ValueError, FloatingPointError, np.linalg.LinAlgError):
            result, cost = None, self._optimum_cost
        self._optimum_cost, self._optimum_cost_known = cost, True
        if token != (self.version, self.model):
            if self._optimum_stale and self._optimum_job is None:  # the data moved on meanwhile: once more with the newest
                self._compute_optimum()
            return
        self._optimum = result
        self._optimum_stale = False
        self._surface_frame = None
        if not self._dragging() and self._should_replan():
            self._plane_stale = True

    def _optimum_theta(self) -> np.ndarray | None:
        opt = self._optimum
        if opt is None or opt.status != "finite" or opt.theta is None:
            return None
        return np.asarray(opt.theta, dtype=np.float64)

    def _compute_plane(self) -> None:
        from engine import surface

        model, start = self.model, self.start_theta
        optimum = self._optimum_theta()
        spec = self.plane_spec or "auto"
        plane = None
        try:
            if spec.startswith("params="):
                # names hold commas themselves (weight[0,1]): split outside the brackets
                names = re.findall(r"[A-Za-z_]\w*(?:\[[^\]]*\])?", spec.split("=", 1)[1])
                if len(names) != 2:
                    raise ValueError(_tr("choose two parameters for the plane, e.g. weight[0,1] and bias[0]"))
                anchor = optimum if optimum is not None else start
                plane = surface.params_plane(model, names[0], names[1], anchor)
            elif spec == "optimum" and optimum is not None and np.linalg.norm(optimum - start) > 1e-12:
                plane = surface.optimum_plane(start, optimum, seed=self.seed)
            elif spec == "pca" and self.race is not None:
                trajectories = [self.race.trajectory(k) for k in range(len(self.specs))]
                plane = surface.pca_plane(trajectories)
        except ValueError as error:
            self.error.emit(str(error))
        if plane is None:
            plane = self._default_plane(optimum)
        points = [start[None, :]]
        if optimum is not None:
            points.append(optimum[None, :])
        if self.race is not None:
            points.append(self.race.theta[self.race.active] if self.race.active.any() else start[None, :])
        self._plane = surface.fit_ranges(plane, np.vstack(points), margin=0.15)
        self._plane_stale = False
        self._surface_stale = True
        self._surface_frame = None

    def _default_plane(self, optimum):
        """Exact for two parameters, start → optimum (or the falling direction) for more; while the
        optimum is unknown, the two parameters the cost is steepest in at the start."""
        from engine import surface

        if self.model.n_params == 2 or self._optimum is not None:
            return surface.default_plane(self.model, self.start_theta, self._optimum, seed=self.seed)
        grad = self.model.grad(self.start_theta[None, :], self.dataset.X, self.dataset.y)[0]
        top = np.argsort(-np.abs(grad), kind="stable")[:2]
        names = self.model.param_names()
        return surface.params_plane(self.model, names[top[0]], names[top[1]], self.start_theta)

    def _compute_surface(self, interactive: bool) -> None:
        from engine.surface import G_MIN, SurfaceEvaluator

        if self._plane is None:
            return
        grid = SURFACE_GRID
        if interactive and self._surface_cost > PREVIEW_BUDGET:
            grid = max(G_MIN, int(SURFACE_GRID * math.sqrt(PREVIEW_BUDGET / self._surface_cost)))
        t0 = time.perf_counter()
        if self._evaluator is None:
            # one thread: the worker has one core, the GUI thread needs the other
            self._evaluator = SurfaceEvaluator(self.model, self.dataset.X, self.dataset.y, threads=1)
        elif self._evaluator_stale:
            if self._evaluator.last_plane is self._plane and grid == self._surface_grid:
                self._evaluator_stale = False
                self._surface_loss = self._evaluator.set_data(self.dataset.X, self.dataset.y)
                grid = -1  # done: set_data recomputed the same plane and grid
            else:
                self._evaluator.set_data(self.dataset.X, self.dataset.y)
        self._evaluator_stale = False
        if grid > 0:
            self._surface_loss = self._evaluator.evaluate(self._plane, grid)
            self._surface_grid = grid
        elapsed = time.perf_counter() - t0
        if self._surface_grid == SURFACE_GRID:
            # the least of the last few: one slow call (the GUI thread holding the GIL) must not
            # switch a cheap surface to previews
            self._surface_costs = (self._surface_costs + [elapsed])[-3:]
            self._surface_cost = min(self._surface_costs)
        self._surface_coarse = self._surface_grid != SURFACE_GRID
        self._surface_stale = False
        self._surface_frame = None
        if self._surface_coarse:
            self._idle.start()

    @Slot()
    def _on_idle(self) -> None:
        self._guarded(self._idle_work)

    def _idle_work(self) -> None:
        """The user paused: find the optimum if it was deferred, refine a preview surface."""
        if self.race is None or not self.data_ok:
            return
        if self._optimum_stale:
            self._compute_optimum()
        if not self._optimum_stale and self._should_replan():
            self._plane_stale = True
        if self._plane_stale:
            self._compute_plane()
        if self._surface_coarse or self._surface_stale:
            self._compute_surface(interactive=False)
        self._emit(force=True)

    def _follow_runs(self) -> None:
        """Zoom the plane out when the path of a run that is doing well (loss below its start's)
        leaves it: racing off towards an unbounded optimum, or a momentum zig-zag swinging past
        the edge. The ranges only grow, with a margin; a run blowing up is left to run off."""
        plane, race = self._plane, self.race
        if plane is None or race is None or self._surface_loss is None or len(self.specs) == 0:
            return
        losses = race.loss
        first = np.array([self._history(k)[1][0] for k in range(race.k)])
        good = race.active & np.isfinite(losses) & (losses <= first) & np.all(np.isfinite(race.theta), axis=1)
        if not good.any():
            return
        a, b, _ = plane.project(race.theta[good])
        if self.model.n_params == 2:
            # on the exact plane, whole paths (momentum's zig-zag, Adam's first overshoot); on a
            # slice only current points: projected paths of big models kept re-widening it
            paths = [self._path(k)[0] for k in np.flatnonzero(good)]
            a = np.concatenate([a] + [path[:, 0] for path in paths])
            b = np.concatenate([b] + [path[:, 1] for path in paths])
            keep = np.isfinite(a) & np.isfinite(b)
            a, b = a[keep], b[keep]
        (a0, a1), (b0, b1) = plane.a_range, plane.b_range
        if np.all((a >= a0) & (a <= a1) & (b >= b0) & (b <= b1)):
            return
        a_all = np.concatenate([a, [a0, a1]])
        b_all = np.concatenate([b, [b0, b1]])
        from engine.surface import fit_ranges

        self._plane = fit_ranges(plane, (a_all, b_all), margin=0.25)
        self._surface_stale = True
        self._surface_frame = None
        self._compute_surface(interactive=True)

    def _dragging(self) -> bool:
        return time.perf_counter() - self._last_edit < 0.8 * IDLE_MS / 1000.0

    def _should_replan(self) -> bool:
        """After the optimum changed: does the plane follow it (a start → optimum slice, the
        stand-in used while it was unknown, or an optimum that left the drawn range)?"""
        plane = self._plane
        if plane is None or self._optimum is None:
            return False
        if plane.kind == "optimum":
            return True
        if plane.kind == "params" and self.plane_spec == "auto" and self.model.n_params > 2:
            return True
        return self._optimum_theta() is not None and self._plane_outgrown()

    def _plane_outgrown(self) -> bool:
        """Is the optimum off the drawn range? Then the plane's ranges are fitted again."""
        a, b, _ = self._plane.project(self._optimum_theta()[None, :])
        (a0, a1), (b0, b1) = self._plane.a_range, self._plane.b_range
        return not (a0 <= a[0] <= a1 and b0 <= b[0] <= b1)

    def _make_surface_frame(self) -> SurfaceFrame | None:
        if self._plane is None or self._surface_loss is None:
            return None
        preview = self._dragging() and self._surface_loss.shape[0] > DRAG_GRID
        if self._surface_frame is not None and self._surface_frame_preview == preview:
            return self._surface_frame
        self._surface_frame_preview = preview
        plane = self._plane
        a, b = plane.grid(self._surface_loss.shape[0])
        loss = self._surface_loss
        if preview:  # every other cell: exact values, a quarter of the drawing work for the GUI
            step = int(math.ceil(loss.shape[0] / DRAG_GRID))
            a, b, loss = a[::step], b[::step], loss[::step, ::step]
        sa, sb, _ = plane.project(self.start_theta[None, :])
        optimum_ab = direction_ab = None
        opt = self._optimum
        if opt is not None and opt.status == "finite":
            oa, ob, dist = plane.project(np.asarray(opt.theta)[None, :])
            optimum_ab = (float(oa[0]), float(ob[0]))
        elif opt is not None and opt.status == "unbounded" and opt.direction is not None:
            d = np.asarray(opt.direction, dtype=np.float64)
            du, dv = float(d @ plane.u), float(d @ plane.v)
            norm = math.hypot(du, dv)
            direction_ab = (du / norm, dv / norm) if norm > 1e-12 else None
        self._surface_frame = SurfaceFrame(
            a=frozen(a), b=frozen(b), loss=frozen(loss),
            a_label=plane.a_label, b_label=plane.b_label, exact=plane.kind == "exact",
            description=_plane_description(plane), start_ab=(float(sa[0]), float(sb[0])),
            optimum_ab=optimum_ab, optimum_direction_ab=direction_ab, plane=plane,
        )
        return self._surface_frame

    def _make_regions(self) -> RegionFrame | None:
        ds, model = self.dataset, self.model
        if ds is None or model is None or not ds.is_classification or self.race is None or ds.n == 0:
            return None
        k = min(self.selected_run, len(self.specs) - 1)
        theta = self.race.theta[k]
        i, j = self.shown_features
        key = (theta.tobytes(), i, j, self.version)
        if key == self._regions_key:
            return self._regions
        # The regions move slowly as a run learns: REGION_RATE updates a second are enough, and
        # an unchanged RegionFrame lets the data view skip redrawing its background.
        now = time.perf_counter()
        if (self._regions is not None and self._regions_key is not None and self._regions_key[1:3] == (i, j)
                and self._regions_run == k and now - self._regions_time < 1.0 / REGION_RATE):
            return self._regions
        self._regions_time, self._regions_run = now, k
        X = ds.X
        x_range = _padded_range(X[:, i])
        y_range = _padded_range(X[:, j]) if ds.d > 1 else (-0.5, 1.5)
        xs = np.linspace(*x_range, REGION_GRID)
        ys = np.linspace(*y_range, REGION_GRID)
        gx, gy = np.meshgrid(xs, ys)  # row = y, column = x
        grid = np.tile(X.mean(axis=0), (gx.size, 1))
        grid[:, i] = gx.ravel()
        if ds.d > 1:
            grid[:, j] = gy.ravel()
        with np.errstate(all="ignore"):
            proba = model.predict_proba(theta[None, :], grid)[0]
        if model.kind == "logistic":
            proba = np.stack([1.0 - proba, proba], axis=-1)
        proba = np.nan_to_num(proba, nan=1.0 / proba.shape[-1])
        self._regions = RegionFrame(x_range, y_range, frozen(proba.reshape(REGION_GRID, REGION_GRID, -1)))
        self._regions_key = key
        return self._regions

    # ------------------------------------------------------------------------------------------
    # Racing

    def _update_timer(self) -> None:
        if self._timer is None:
            return
        racing = self.playing and self.race is not None and self.data_ok and bool(self.race.active.any())
        if racing and not self._timer.isActive():
            self._last_tick = time.perf_counter()
            self._owed = 0.0
            self._timer.start()
        elif not racing and self._timer.isActive():
            self._timer.stop()

    @Slot()
    def _tick(self) -> None:
        try:
            self._race_chunk()
        except Exception as error:  # stop racing rather than fail on every tick
            self.playing = False
            self._update_timer()
            self._report(error)
            self._guarded(self._emit, True)

    def _race_chunk(self) -> None:
        if not (self.playing and self.race is not None and self.data_ok):
            self._update_timer()
            return
        now = time.perf_counter()
        if self._hold_version is not None:
            if now - self._hold_since < EDIT_HOLD_MAX:
                self._last_tick = now  # the race waits for the edit's picture, and owes nothing
                return
            self._hold_version = None
        budget = DRAG_CHUNK_BUDGET if self._dragging() else CHUNK_BUDGET
        self._owed = min(self._owed + (now - self._last_tick) * self.speed, self.speed * MAX_BACKLOG + 1.0)
        self._last_tick = now
        todo = int(self._owed)
        done = 0
        while done < todo:
            n = min(todo - done, self._chunk)
            t0 = time.perf_counter()
            self.race.step(n)
            spent = time.perf_counter() - t0
            done += n
            # size the next sub-chunk so that it takes about a third of the budget
            per_step = spent / n
            self._chunk = max(1, min(10000, int(budget / 3 / max(per_step, 1e-7))))
            if time.perf_counter() - now > budget:
                break
        self._owed -= done
        if done:
            self._count_steps(done)
            self._emit(force=False)
        if not self.race.active.any():
            self._emit(force=True)
            self._update_timer()

    def _count_steps(self, done: int) -> None:
        t0, count = self._steps_window
        now = time.perf_counter()
        count += done
        if now - t0 >= 0.5:
            self.stats["steps_per_second"] = count / (now - t0)
            self._steps_window = (now, 0)
        else:
            self._steps_window = (t0, count)

    # ------------------------------------------------------------------------------------------
    # Frames

    def _emit(self, force: bool) -> None:
        now = time.perf_counter()
        if not force and now - self._last_emit < FRAME_INTERVAL:
            return
        if not force and now - self._last_edit < 2 * FRAME_INTERVAL:
            return  # the user is dragging: the edits' own frames carry the race along
        if now - self._last_range_check > RANGE_CHECK_INTERVAL and not self._dragging():
            self._last_range_check = now
            self._follow_runs()
        frame = self.build_frame()
        if frame is None:
            return
        self._last_emit = now
        self.frame_ready.emit(frame)

    def build_frame(self) -> Frame | None:
        ds = self.dataset
        if ds is None or self.model is None:
            return None
        self._seq += 1
        race = self.race
        runs: tuple[RunFrame, ...] = ()
        surface = sample_output = None
        optimum_loss = None
        regions = None
        step = 0
        if race is not None and self.data_ok:
            surface = self._make_surface_frame()
            optimum_loss = float(self._optimum.loss) if self._optimum is not None and self._optimum.status == "finite" else None
            runs = tuple(self._run_frame(k, optimum_loss) for k in range(len(self.specs)))
            sample_output = self._sample_output()
            regions = self._make_regions()
            step = int(race.t)
        else:
            runs = tuple(self._idle_run_frame(k) for k in range(len(self.specs)))
        opt_status = self._optimum.status if (self._optimum is not None and self.data_ok) else "unknown"
        return Frame(
            seq=self._seq, data_version=self.version, dataset=ds, model=self.model,
            shown_features=self.shown_features if ds.d > 1 else (0, 0), runs=runs,
            selected_run=self.selected_run, selected_sample=self.selected_sample,
            sample_output=sample_output, surface=surface, regions=regions,
            optimum_status=opt_status, optimum_loss=optimum_loss,
            playing=self.playing and self.data_ok, step=step, message=self.message,
            extras={"speed": self.speed, "steps_per_second": self.stats["steps_per_second"],
                    "seed": self.seed, "restart_on_edit": self.restart_on_edit,
                    "plane_spec": self.plane_spec,
                    "surface_preview": self._surface_coarse or self._surface_frame_preview,
                    "surface_grid": self._surface_grid, "settled": self._settled()},
        )

    def _clear_history(self) -> None:
        self._history_cache.clear()
        self._paths.clear()

    def _settled(self) -> bool:
        """Nothing left to refine: the surface at full resolution and the optimum up to date."""
        return not (self._surface_coarse or self._surface_stale or self._optimum_stale or self._plane_stale
                    or self._optimum_job is not None or self._surface_frame_preview)

    def _history(self, k: int):
        """(history_steps, losses) of run k for a frame: thinned to MAX_HISTORY_POINTS, read from
        the race's buffers without copying the whole history, cached while the run is unchanged."""
        race = self.race
        key = (int(race.t), int(race.steps[k]), int(race.diverged_at[k]), race.k)
        cached = self._history_cache.get(k)
        if cached is not None and cached[0] == key:
            return cached[1]
        view = race.history(k)
        m = len(view.loss)
        if m > MAX_HISTORY_POINTS:
            idx = _envelope(view.loss, MAX_HISTORY_POINTS // 2)
            losses, history_steps = view.loss[idx], frozen(view.steps(idx))
        else:
            losses = view.loss
            history_steps = None if view.plain else frozen(view.steps(np.arange(m)))
        value = (history_steps, frozen(losses))
        self._history_cache[k] = (key, value)
        return value

    def _path(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Run k's trajectory on the plane, (a, b) [M', 2] and distance [M'], for drawing.

        Only the rows added since the last frame are projected; the drawn path keeps a point
        each time the path has gone a small fraction of the plane further (so a crawl towards the
        optimum costs a handful of points, a zig-zag keeps every zig), at most MAX_PATH_POINTS.
        """
        race, plane = self.race, self._plane
        view = race.history(k)
        key = (id(plane), view.stride, view.first_row, race.k)
        cache = self._paths.get(k)
        if cache is None or cache.key != key or cache.rows > len(view.theta):
            cache = self._paths[k] = _PathCache(key, plane)
        cache.extend(view.theta)
        return cache.drawn()

    def _run_frame(self, k: int, optimum_loss: float | None) -> RunFrame:
        race, spec = self.race, self.specs[k]
        history_steps, losses = self._history(k)
        if self._plane is not None:
            path_ab, path_distance = self._path(k)
        else:
            path_ab, path_distance = np.zeros((0, 2)), np.zeros(0)
        diverged = int(race.diverged_at[k])
        loss = float(losses[-1]) if len(losses) else float("nan")
        status = "diverged" if diverged >= 0 else ("running" if self.playing else "paused")
        if diverged < 0 and optimum_loss is not None and math.isfinite(loss):
            if loss - optimum_loss <= CONVERGED_TOL * max(1.0, abs(optimum_loss)):
                status = "converged"
        return RunFrame(
            label=spec.label, color=self.colors[k], visible=self.visible[k], optimizer=spec.optimizer,
            hyper=dict(spec.hyper), batch=spec.batch, status=status,
            diverged_at=diverged if diverged >= 0 else None, steps=int(race.steps[k]),
            epoch=float(race.epoch()[k]), theta=frozen(race.theta[k]), loss_history=losses,
            test_loss_history=None, path_ab=frozen(path_ab), path_distance=frozen(path_distance),
            history_steps=history_steps, loss=loss,
        )

    def _idle_run_frame(self, k: int) -> RunFrame:
        spec = self.specs[k]
        p = self.model.n_params
        start = self.start_theta if self.start_theta is not None and len(self.start_theta) == p else np.zeros(p)
        return RunFrame(
            label=spec.label, color=self.colors[k] if k < len(self.colors) else run_color(k),
            visible=self.visible[k] if k < len(self.visible) else True, optimizer=spec.optimizer,
            hyper=dict(spec.hyper), batch=spec.batch, status="paused", diverged_at=None, steps=0, epoch=0.0,
            theta=frozen(start), loss_history=frozen(np.zeros(0)), test_loss_history=None,
            path_ab=frozen(np.zeros((0, 2))), path_distance=frozen(np.zeros(0)),
        )

    def _sample_output(self) -> np.ndarray | None:
        i = self.selected_sample
        if i is None or self.dataset is None or not 0 <= i < self.dataset.n:
            return None
        with np.errstate(all="ignore"):
            out = self.model.predict_proba(self.race.theta, self.dataset.X[i : i + 1])[:, 0]
        if self.model.kind == "logistic":
            out = np.stack([1.0 - out, out], axis=-1)
        return frozen(out)


class _PathCache:
    """One run's trajectory projected on one plane, extended row by row as the race goes.

    Only new rows are projected (the last stored row is "now" and is redone each time). The
    drawn path keeps a row each time the path has gone RESOLUTION of the plane's size further,
    so a long crawl towards the optimum costs a few points and every zig of a zig-zag stays.
    Memory is that of the kept points (halved when they pile up), not of the whole history.
    """

    RESOLUTION = 1.0 / 300.0  # a couple of pixels of a plot
    MAX_KEPT = 4 * MAX_PATH_POINTS

    def __init__(self, key, plane) -> None:
        self.key = key
        self.plane = plane
        self.rows = 0  # rows seen
        self.final = 0  # rows decided (kept or dropped) for good: all but the newest
        self._kept_ab = np.zeros((0, 2))
        self._kept_dist = np.zeros(0)
        self._last = None  # (ab [2], cum, bucket) of row final - 1
        self._now = (np.zeros((0, 2)), np.zeros(0))
        (a0, a1), (b0, b1) = plane.a_range, plane.b_range
        self.scale = np.array([1.0 / (a1 - a0), 1.0 / (b1 - b0)])

    def extend(self, theta_rows: np.ndarray) -> None:
        m = len(theta_rows)
        if m == 0:
            return
        start = min(self.final, m - 1)
        with np.errstate(all="ignore"):
            a, b, dist = self.plane.project(theta_rows[start:m])
        ab = np.column_stack([a, b])
        if self._last is None:
            previous_ab, base, previous_bucket = ab[0], 0.0, -1.0
        else:
            previous_ab, base, previous_bucket = self._last
        steps = np.diff(np.vstack([previous_ab[None, :], ab]), axis=0) * self.scale
        lengths = np.nan_to_num(np.hypot(steps[:, 0], steps[:, 1]), nan=0.0, posinf=0.0)
        cum = base + np.cumsum(lengths)
        bucket = np.floor(cum / self.RESOLUTION)
        done = m - 1 - start  # rows decided now: all but the newest
        if done > 0:
            flags = np.diff(np.concatenate([[previous_bucket], bucket[:done]])) > 0
            self._kept_ab = np.concatenate([self._kept_ab, ab[:done][flags]])
            self._kept_dist = np.concatenate([self._kept_dist, dist[:done][flags]])
            self._last = (ab[done - 1], cum[done - 1], bucket[done - 1])
            self.final = m - 1
            if len(self._kept_dist) > self.MAX_KEPT:
                self._kept_ab, self._kept_dist = self._kept_ab[::2].copy(), self._kept_dist[::2].copy()
        self._now = (ab[-1:], dist[-1:])
        self.rows = m

    def drawn(self) -> tuple[np.ndarray, np.ndarray]:
        ab = np.concatenate([self._kept_ab, self._now[0]])
        dist = np.concatenate([self._kept_dist, self._now[1]])
        if len(dist) > MAX_PATH_POINTS:
            keep = _thin(len(dist), MAX_PATH_POINTS)
            ab, dist = ab[keep], dist[keep]
        return ab, dist


def _timed(function, *args):
    t0 = time.perf_counter()
    return function(*args), time.perf_counter() - t0


def _point_edits(old: Dataset, new: Dataset) -> list | None:
    """The evaluator calls that turn ``old`` into ``new`` when one or a few points moved, one was
    added at the end or one removed; None when it is more than that (recompute instead)."""
    if old.task != new.task or old.d != new.d:
        return None
    if old.n == new.n:
        changed = np.flatnonzero(np.any(old.X != new.X, axis=1) | (old.y != new.y))
        if len(changed) > 4:
            return None
        return [("update_point", int(i), old.X[i], old.y[i], new.X[i], new.y[i]) for i in changed]
    if new.n == old.n + 1 and np.array_equal(old.X, new.X[:-1]) and np.array_equal(old.y, new.y[:-1]):
        return [("add_point", new.X[-1], new.y[-1])]
    if new.n == old.n - 1 and old.n > 1:
        same = np.all(old.X[:-1] == new.X, axis=1) & (old.y[:-1] == new.y)
        i = int(np.argmin(same)) if not same.all() else old.n - 1
        if np.array_equal(old.X[i + 1:], new.X[i:]) and np.array_equal(old.y[i + 1:], new.y[i:]):
            return [("remove_point", i)]
    return None


def _thin(n: int, limit: int) -> np.ndarray:
    """About ``limit`` indices spread over range(n), always with the first and the last.

    For n > limit the spacing exceeds 1, so the rounded indices are distinct and increasing."""
    if n <= limit:
        return np.arange(n)
    return np.linspace(0, n - 1, limit).round().astype(np.int64)


def _envelope(values: np.ndarray, buckets: int) -> np.ndarray:
    """Indices that keep the shape of a long curve in about 2 x ``buckets`` points: the lowest and
    the highest value of each of ``buckets`` equal stretches (a noisy SGD curve keeps its band),
    plus the first and the last point."""
    n = len(values)
    width = n // buckets
    if width < 2:
        return _thin(n, 2 * buckets)
    block = np.nan_to_num(values[: buckets * width], nan=np.inf).reshape(buckets, width)
    base = np.arange(buckets) * width
    idx = np.concatenate([[0], base + block.argmin(axis=1), base + block.argmax(axis=1), [n - 1]])
    return np.unique(idx)


def _padded_range(values: np.ndarray, pad: float = 0.1) -> tuple[float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return lo - pad * span, hi + pad * span


def _label_for(optimizer: str, taken: list[str], base: str | None = None) -> str:
    names = {"gd": "GD", "sgd": "SGD", "momentum": "Momentum", "adagrad": "Adagrad", "rmsprop": "RMSprop",
             "adam": "Adam", "adamw": "AdamW"}
    base = base or names.get(optimizer, optimizer)
    if base not in taken:
        return base
    n = 2
    while f"{base} {n}" in taken:
        n += 1
    return f"{base} {n}"


def _plane_description(plane) -> str:
    kind = getattr(plane, "kind", "")
    if kind == "exact":
        return _tr("the whole parameter space")
    if kind == "params":
        return _tr("a slice: {a} and {b} vary, the other parameters held").format(a=plane.a_label, b=plane.b_label)
    if kind == "optimum" and "falling" in plane.a_label:
        return _tr("a slice from the start along the direction in which the loss keeps falling (no finite optimum)")
    if kind == "optimum":
        return _tr("a slice through the start and the optimum")
    if kind == "pca":
        return _tr("a slice along the two main directions of the paths (PCA)")
    return _tr("a slice of the parameter space")


class WorkerThread:
    """The worker plus its QThread, started and stopped together."""

    def __init__(self) -> None:
        self.thread = QThread()
        self.thread.setObjectName("descent-lab-worker")
        self.worker = Worker()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.start)
        self._stopped = False

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Stop racing, hand the worker back, quit the thread and wait for it (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        if self.thread.isRunning():
            from PySide6.QtCore import QMetaObject

            QMetaObject.invokeMethod(self.worker, "shutdown", Qt.BlockingQueuedConnection)
            self.thread.quit()
            self.thread.wait()
