"""Everything the user set, in one immutable value: the ``SessionState``.

Messages replace it (``dataclasses.replace``) rather than change it, so a frame can carry the
state it was drawn from, a session file is its JSON form, and undo is putting an older value back.
What the race has *done* (parameters, histories) is not here: that is the ``Race``, rebuilt from
this state step for step, since every race is seeded.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from engine.data import Dataset
from engine.features import Features, expanded
from engine.models import Model
from engine.race import MAX_UPDATES, RunSpec

LIMIT_UNITS = ("steps", "epochs")
CURVES_Y = ("cost", "size", "angle")  # what the loss curves draw against the step
SPEED_MIN, SPEED_MAX = 1.0, 10_000.0
DEFAULT_SPEED = 300.0
MAX_RUNS = 64  # the most runs one race holds: in the window, the command line and a session file
DEFAULT_LIMIT = 10_000  # the tutorials' longest recipe: line-30, 10 000 epochs of full-batch GD


@dataclass(frozen=True)
class RunSettings:
    """One racer as the user set it: its optimiser and batching (``spec``), colour and visibility."""

    spec: RunSpec
    color: str
    visible: bool = True

    @property
    def label(self) -> str:
        return self.spec.label


@dataclass(frozen=True)
class DataSource:
    """Where the data came from, as the Data box names it."""

    kind: str = "preset"  # "preset" | "file" | "session"
    name: str = ""  # the preset's name, or the file's name
    path: str | None = None


@dataclass(frozen=True)
class Limit:
    """When every run stops: after ``count`` steps, or ``count`` passes over the data."""

    count: int = DEFAULT_LIMIT
    unit: str = "steps"

    def __post_init__(self) -> None:
        if self.unit not in LIMIT_UNITS:
            raise ValueError(f"a race stops after a number of steps or epochs, not {self.unit!r}")
        if isinstance(self.count, bool) or int(self.count) != self.count or not 0 <= self.count <= MAX_UPDATES:
            raise ValueError(f"the number of {self.unit} to stop after must be a whole number from 0 to "
                             f"{MAX_UPDATES:,}, not {self.count}")
        object.__setattr__(self, "count", int(self.count))


@dataclass(frozen=True)
class ViewSettings:
    """How the views draw (saved with a session, but not a change worth asking to save)."""

    surface_log: bool = True
    curves_log: bool = True
    curves_epochs: bool = False
    curves_y: str = "cost"  # the loss curves' y: "cost", "size" (‖θ‖) or "angle" (to the max-margin direction)
    both_costs: bool = False  # logistic regression: the other cost's surface beside (engine/session/other_cost.py)
    images: bool = False  # features that form a square image (digits): the data view draws the samples as images


@dataclass(frozen=True, eq=False)
class SessionState:
    dataset: Dataset | None = None
    data_version: int = 0  # increases with every change of the data, undo included
    source: DataSource = field(default_factory=DataSource)
    model: Model | None = None
    runs: tuple[RunSettings, ...] = ()
    start: np.ndarray | None = None  # [P], read-only; None: zeros
    seed: int = 0
    shuffle_rng: str = "generator"  # engine.race.SHUFFLE_RNGS: a DataLoader's own generator, or torch's global one
    clip: float | None = None  # every run's gradient clipped to this norm (clip_grad_norm_); None: not clipped
    features: Features | None = None  # poly:D or cross:D, standardisation fitted (engine/features.py); None: as is
    speed: float = DEFAULT_SPEED  # steps per second
    playing: bool = True
    limit: Limit = field(default_factory=Limit)
    restart_on_edit: bool = False
    selected_run: int = 0
    selected_sample: int | None = None
    inspecting: bool = False  # the step inspector is shown: frames carry the selected run's step taken apart
    inspected_update: int | None = None  # the run's update number shown there (None: its latest)
    shown_features: tuple[int, int] = (0, 1)
    plane: str = "auto"  # "auto" | "optimum" | "pca" | "params=NAME,NAME"
    threshold: float = 0.5
    view: ViewSettings = field(default_factory=ViewSettings)
    next_color: int = 0  # the colour index the next new run gets
    revision: int = 0  # increases with every change a session file keeps (the window's unsaved mark)

    def with_(self, **changes) -> SessionState:
        return replace(self, **changes)

    @property
    def specs(self) -> list[RunSpec]:
        return [run.spec for run in self.runs]

    @property
    def design(self) -> Dataset | None:
        """The data as the model sees it: the expanded features (engine/features.py), or the data set."""
        return None if self.dataset is None else expanded(self.dataset, self.features)

    @property
    def training(self) -> Dataset | None:
        """The rows the runs train on: the design without its held-out test rows."""
        return None if self.dataset is None else self.design.training

    def model_inputs(self, X) -> np.ndarray:
        """Raw inputs (points of the data view) as the model's features."""
        return np.asarray(X, dtype=np.float64) if self.features is None else self.features.expand(X)

    @property
    def start_theta(self) -> np.ndarray:
        """The start as a vector of the model's size (zeros unless the user moved it)."""
        p = self.model.n_params if self.model is not None else 0
        if self.start is not None and self.start.shape == (p,):
            return self.start
        if self.model is not None and self.model.kind == "function":  # its own start, off its minima
            return np.array(self.model.default_start, dtype=np.float64)
        return np.zeros(p)


def frozen_vector(values) -> np.ndarray:
    """A read-only float copy: what the state keeps of a vector."""
    out = np.array(values, dtype=np.float64, copy=True).reshape(-1)
    out.setflags(write=False)
    return out


# Fields whose change makes a session "unsaved" (selection, playing and the views' looks do not).
SAVED_FIELDS = ("dataset", "source", "model", "runs", "start", "seed", "shuffle_rng", "clip", "features", "speed",
                "limit",
                "restart_on_edit", "plane", "threshold")


def changed_fields(old: SessionState, new: SessionState) -> set[str]:
    """The fields whose values differ (arrays and data sets by identity: they are immutable)."""
    out = set()
    for name in SessionState.__dataclass_fields__:
        a, b = getattr(old, name), getattr(new, name)
        if a is b:
            continue
        if isinstance(a, (np.ndarray, Dataset)) or isinstance(b, (np.ndarray, Dataset)):
            out.add(name)
        elif a != b:
            out.add(name)
    return out
