"""What the window asks of the session: one small immutable message per gesture.

Messages carry plain values (numbers, tuples, immutable data sets), so they can cross from the
GUI thread to the worker without copying or locking. ``Session.apply`` has one handler per type.
A message whose ``coalesce`` key is not None replaces a pending one with the same key: a drag
sends a move per mouse event, and only the newest position matters.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.data import Dataset
from engine.race import RunSpec
from engine.session.state import DataSource, SessionState, ViewSettings


class Message:
    """Base of every message."""

    def coalesce(self) -> Any:
        """A key: a newer message with the same key makes this one pointless (None: never)."""
        return None


# -- data ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadPreset(Message):
    """A course data set; ``seed`` (default: the session's) draws the generated ones."""

    name: str
    seed: int | None = None

    def coalesce(self):
        return "load"


@dataclass(frozen=True)
class LoadFunction(Message):
    """Race on a function of two parameters instead of a data set: a named one
    (``rosenbrock``, ``quadratic:100``) or a typed formula in x and y. Undoable."""

    text: str

    def coalesce(self):
        return "load"


@dataclass(frozen=True)
class OpenFile(Message):
    """A CSV file (a new data set) or a session file (everything), read by the session.
    ``recovered``: an autosaved copy, opened after a crash (it still counts as unsaved)."""

    path: str
    recovered: bool = False


@dataclass(frozen=True)
class LoadDataset(Message):
    """A whole new data set: model, runs and plane start afresh. Undoable."""

    dataset: Dataset
    source: DataSource = DataSource("file", "")
    text: str = "Load data"


@dataclass(frozen=True)
class AddPoint(Message):
    x: tuple[float, ...]  # every feature
    y: float  # the target, or the class number
    test: bool = False  # into the held-out test set (else it trains)


@dataclass(frozen=True)
class SetFeatures(Message):
    """``"poly:D"`` (one input: z, z², …, z^D), ``"cross:D"`` (two inputs: every monomial up to
    degree D) or None (the inputs as they are); engine/features.py."""

    text: str | None


@dataclass(frozen=True)
class SetSplit(Message):
    """Hold out ``fraction`` (0 to 0.5) of the rows as a test set, stratified for classes, drawn
    with ``seed`` (None: the session's seed); 0 puts every row back in training. One undo step."""

    fraction: float
    seed: int | None = None


@dataclass(frozen=True)
class MovePoint(Message):
    """Point ``index`` to ``x`` (and class or target ``y``); moves of one ``drag`` are one undo step."""

    index: int
    x: tuple[float, ...]
    y: float | None = None
    drag: int | None = None

    def coalesce(self):
        return None if self.drag is None else ("move", self.drag, self.index)


@dataclass(frozen=True)
class RemovePoint(Message):
    index: int


@dataclass(frozen=True)
class ClearData(Message):
    """Every point removed; features and classes stay, so the user can start drawing."""


@dataclass(frozen=True)
class Standardize(Message):
    """Every feature to mean 0 and standard deviation 1: a new scale, so the race starts afresh."""


@dataclass(frozen=True)
class EditData(Message):
    """The current data replaced by an edited copy (same features and task), as one undo step."""

    dataset: Dataset
    text: str = "Edit data"


@dataclass(frozen=True)
class Undo(Message):
    pass


@dataclass(frozen=True)
class Redo(Message):
    pass


# -- model and runs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetModel(Message):
    """The model, and the cost it is trained on (None: the kind's own; "mse" on logistic: MSE on
    the sigmoid). A change of cost alone keeps the runs and the start: the same race, another cost."""

    kind: str
    bias: bool = True
    cost: str | None = None


@dataclass(frozen=True)
class SetPenalty(Message):
    """A penalty on the weights added to the cost: l2·Σw² and l1·Σ|w| (the bias is never
    penalised; 0 turns it off). The same runs race on the new cost from the same start."""

    l2: float = 0.0
    l1: float = 0.0


@dataclass(frozen=True)
class CompareWeightDecay(Message):
    """A new race of three Adams from the start: none, an L2 penalty through the gradient
    (torch Adam's ``weight_decay``: wd·θ added to g, then divided by √v̂ like the rest) and
    AdamW's decoupled decay (lr·wd·θ taken off θ directly), at the same rate and ``decay``."""

    decay: float = 0.1


@dataclass(frozen=True)
class SetRuns(Message):
    """Replace every run (a new race)."""

    runs: tuple[RunSpec, ...]


@dataclass(frozen=True)
class SetHyper(Message):
    """One hyper-parameter of one run, from the next step on: the run keeps its place."""

    run: int
    key: str
    value: Any

    def coalesce(self):
        return ("hyper", self.run, self.key)


@dataclass(frozen=True)
class SetOptimizer(Message):
    """Another optimiser for one run: that run starts again from the start (a new optimiser has no
    state to keep); the others go on."""

    run: int
    optimizer: str


@dataclass(frozen=True)
class SetBatch(Message):
    run: int
    batch: int | None  # None: the whole data set; 1: stochastic
    shuffle: bool | None = None
    drop_last: bool | None = None


@dataclass(frozen=True)
class SetVisible(Message):
    run: int
    visible: bool


@dataclass(frozen=True)
class AddRun(Message):
    """A run that starts now from the start (default: SGD in batches of one)."""

    spec: RunSpec | None = None


@dataclass(frozen=True)
class RemoveRun(Message):
    run: int


@dataclass(frozen=True)
class DuplicateRun(Message):
    """A copy of a run as it is now, history and optimiser state included: a fork in the race."""

    run: int


@dataclass(frozen=True)
class SetStart(Message):
    """Every run back to ``theta``; ``final`` on release (a slice through the start follows it then)."""

    theta: tuple[float, ...]
    final: bool = True

    def coalesce(self):
        return None if self.final else "start"


@dataclass(frozen=True)
class SetPlane(Message):
    spec: str  # "auto" | "optimum" | "pca" | "params=NAME,NAME"


# -- what is shown ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SelectSample(Message):
    index: int | None


@dataclass(frozen=True)
class SelectRun(Message):
    run: int


@dataclass(frozen=True)
class ShowFeatures(Message):
    x: int
    y: int


@dataclass(frozen=True)
class SetThreshold(Message):
    threshold: float

    def coalesce(self):
        return "threshold"


@dataclass(frozen=True)
class SetView(Message):
    view: ViewSettings


# -- the race --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Play(Message):
    on: bool


@dataclass(frozen=True)
class StepOnce(Message):
    """One step of every run, then paused."""


@dataclass(frozen=True)
class RunSteps(Message):
    """``n`` steps of every run at once (screenshots, tests)."""

    n: int


@dataclass(frozen=True)
class Reset(Message):
    """Every run back to the start, optimiser state and history cleared."""


@dataclass(frozen=True)
class SetSpeed(Message):
    steps_per_second: float

    def coalesce(self):
        return "speed"


@dataclass(frozen=True)
class SetSeed(Message):
    seed: int


@dataclass(frozen=True)
class SetShuffleRng(Message):
    """Where shuffled mini-batches draw their order (engine.race.SHUFFLE_RNGS)."""

    rng: str


@dataclass(frozen=True)
class SetRestartOnEdit(Message):
    on: bool


@dataclass(frozen=True)
class RunSweep(Message):
    """Race run ``run``'s optimiser at ``count`` learning rates from ``lo`` to ``hi`` (log scale)
    for ``steps`` steps; with ``betas`` (from, to, count) the (lr, β) map of momentum."""

    run: int
    lo: float
    hi: float
    count: int
    steps: int
    betas: tuple[float, float, int] | None = None


@dataclass(frozen=True)
class CancelSweep(Message):
    pass


@dataclass(frozen=True)
class ShowInspector(Message):
    """The step inspector is shown (or hidden): frames take the selected run's step apart."""

    on: bool


@dataclass(frozen=True)
class InspectUpdate(Message):
    """Show the selected run's update number ``update`` (None: follow its latest)."""

    update: int | None

    def coalesce(self):
        return "inspect"


@dataclass(frozen=True)
class SetClip(Message):
    """Clip every run's gradient to this norm (None: no clipping): a new race, from the start."""

    clip: float | None


@dataclass(frozen=True)
class SetLimit(Message):
    count: int
    unit: str = "steps"


# -- the window and files --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession(Message):
    """A fresh session on ``preset`` (undoable: the old data comes back with Ctrl+Z)."""

    preset: str = "line-30"


@dataclass(frozen=True)
class OpenSession(Message):
    """A whole saved session (already read and checked) in place of this one. Undoable."""

    state: SessionState
    path: str | None = None


@dataclass(frozen=True)
class MarkSaved(Message):
    """What the session holds now counts as saved (the window's start: nothing to lose yet)."""


@dataclass(frozen=True)
class ExportRace(Message):
    """Write every run's costs or paths (``what``: "costs" | "paths") to the CSV file ``path``."""

    path: str
    what: str = "costs"


@dataclass(frozen=True)
class SaveSession(Message):
    """Write the session to ``path``; ``autosave`` copies are not the user's file (no "saved")."""

    path: str
    autosave: bool = False


@dataclass(frozen=True)
class ExportAnimation(Message):
    """Film the race as an animated GIF at ``path``, ``width``×``height`` pixels, ``seconds``
    long, on a thread of its own (frames carry its progress). ``shown`` words the film's texts
    in the interface's language (the window's translation; plain English without one)."""

    path: str
    width: int = 800
    height: int = 600
    seconds: float = 8.0
    shown: Any = str


@dataclass(frozen=True)
class CancelExport(Message):
    """Stop the animation being written: no file is left behind."""

