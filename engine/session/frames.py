"""The immutable snapshots the session builds and the views paint.

A ``Frame`` holds read-only numpy copies and the ``SessionState`` it was built from, so the GUI
thread can keep the newest one and paint it whenever it likes, without locks. Everything a view
shows comes from here (a view never calls the model): each run's path and curve, the surface,
the decision regions, the models' lines over the data, the selected sample's probabilities, and
what is still being computed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.data import Dataset
from engine.models import Model
from engine.session.paths import frozen
from engine.session.state import DataSource, SessionState

__all__ = ["FitFrame", "Frame", "RegionFrame", "RunFrame", "SurfaceFrame", "frozen"]


@dataclass(frozen=True)
class RunFrame:
    """One run of the race as the views see it."""

    label: str
    color: str  # "#rrggbb"
    visible: bool
    optimizer: str  # gd | sgd | momentum | adagrad | rmsprop | adam | adamw
    hyper: dict
    batch: int | None  # None: full batch
    status: str  # "running" | "paused" | "converged" | "diverged" | "stopped" (at the step limit)
    diverged_at: int | None
    steps: int
    epoch: float
    theta: np.ndarray  # [P] current parameters
    loss_history: np.ndarray  # full training-set cost after each update (thinned past 4000 values)
    path_ab: np.ndarray  # [M, 2] trajectory projected on the surface plane (subsampled if long)
    path_distance: np.ndarray  # [M] distance of each trajectory point from the plane
    history_steps: np.ndarray | None = None  # the step of each loss_history value; None: 0, 1, 2 ...
    loss: float = float("nan")  # the current full training-set cost
    converged_at: int | None = None
    critical_lr: float | None = None  # full batch: above it the run diverges (engine/stability.py), else None
    at_minimum: bool = False  # a race on a function: the run is at one of its known minima (within its tolerance)
    # plain full-batch GD on MSE: its excess cost is at most excess·ρ²ᵏ after k updates, ρ = max|1 − γλ|;
    # (ρ², excess at its first step, the optimum's cost), else None
    envelope: tuple[float, float, float] | None = None
    # when the loss curves draw ‖θ‖ or its angle to the max-margin direction: one value per loss_history value
    size_history: np.ndarray | None = None
    angle_history: np.ndarray | None = None  # degrees; None when no max-margin direction (not separable)
    # with a test set held out: the cost on it, one value per loss_history value, and the step
    # where it was lowest (early stopping would stop there)
    test_loss_history: np.ndarray | None = None
    test_history_steps: np.ndarray | None = None  # the steps of its values when thinned apart from loss_history
    best_test_step: int | None = None
    # classes: {"train": {...}, "test": {...}} accuracy and confusion (two classes: precision,
    # recall) at the session's threshold (engine/metrics.py)
    metrics: dict | None = None


@dataclass(frozen=True)
class InspectedLine:
    """One line of the update rule: its formula, the numbers put in, and what it gives."""

    formula: str
    inputs: str  # e.g. "β₁ = 0.9, m = (0.41, −0.8)"
    value: str  # e.g. "(0.422, −0.84)", or "‖·‖ 1.2 · largest bias[1] −0.4" for many parameters
    note: str = ""  # a few words (a Words)


@dataclass(frozen=True)
class InspectedRun:
    """Run k at the inspected race step, for the side-by-side comparison."""

    run: int
    update: int
    gradient_norm: float
    step_norm: float
    ratio: float  # |Δθ| / (γ |g|): 1 for plain GD; more or less where momentum or scaling act


@dataclass(frozen=True)
class InspectionFrame:
    run: int
    update: int  # the run's own update number shown
    first: int  # the first and last updates the log still keeps
    last: int
    race_step: int
    optimizer: str
    hyper: dict
    lines: tuple[InspectedLine, ...]
    theta_ab: tuple[float, float] | None  # where the step starts on the surface's plane
    arrows_ab: dict  # "gradient" (−γ·g), "extra" (what the rule added), "step" (Δθ taken): (da, db)
    compare: tuple[InspectedRun, ...]
    batch: np.ndarray | None  # the samples of the step's batch (None: all of them)
    matches: bool  # the rebuilt step equals the one the race took


@dataclass(frozen=True)
class SurfaceFrame:
    """The loss over the current plane: ``loss[i, j]`` is at (a[i], b[j])."""

    a: np.ndarray  # [G]
    b: np.ndarray  # [G]
    loss: np.ndarray  # [G, G]
    a_label: str  # e.g. "w" or "weight[0,1]" or "start → optimum"
    b_label: str
    kind: str  # "exact" | "params" | "optimum" | "pca": what the plane is (the view words it)
    start_ab: tuple[float, float]
    start_loss: float  # the cost at the start, on the frame's data
    optimum_ab: tuple[float, float] | None  # None when unbounded or unknown
    optimum_direction_ab: tuple[float, float] | None  # the way the loss falls when unbounded
    plane: object  # engine.surface.Plane (immutable): theta at (a, b) for hover read-outs
    preview: bool = False  # a coarser grid while the full one is computed
    minima_ab: tuple[tuple[float, float], ...] = ()  # a function's known minima (Himmelblau has four)
    picture: object | None = None  # engine.surface.look.SurfacePicture for the view's log scale

    @property
    def exact(self) -> bool:
        return self.kind == "exact"


@dataclass(frozen=True)
class OtherCostFrame:
    """The cost the runs are not trained on, over the same plane (engine/session/other_cost.py)."""

    cost: str  # "mse" (on the sigmoid) or "cross-entropy"
    a: np.ndarray  # [G]
    b: np.ndarray  # [G]
    loss: np.ndarray  # [G, G], row i is a[i], column j is b[j]
    start_loss: float  # this cost at the start
    convex: bool  # cross-entropy is; MSE on the sigmoid is not
    negative_curvature: bool  # its Hessian at the start has a direction curving down


@dataclass(frozen=True)
class RegionFrame:
    """The selected run's predictions over the data view's two shown features."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    proba: np.ndarray  # [H, W, C] class probabilities (binary: C = 2), row i is y, column j is x
    run: int = 0  # whose regions: the selected run
    held_sample: int | None = None  # more than two features: the others are this sample's (None: their mean)
    held_features: int = 0  # how many features are held (d − 2)
    wrong: np.ndarray | None = None  # [N] bool: the points this run classifies wrongly (at the threshold)
    predicted: np.ndarray | None = None  # [N] the class this run predicts for every point
    threshold: float = 0.5  # the binary threshold ``boundary`` was drawn at
    boundary: tuple[np.ndarray, np.ndarray] | None = None  # look.decision_boundary, made on the worker


@dataclass(frozen=True)
class FitFrame:
    """What the data view draws of the models over one feature (the others at their mean).

    ``y[k]`` is run k's prediction (regression) or P(last class) (one feature, two classes) at
    ``x``, a grid wider than the data; ``predictions`` is the selected run's prediction for every
    point (regression: the residuals), or None.
    """

    x: np.ndarray  # [M]
    y: np.ndarray  # [K, M], NaN where a run has no number
    predictions: np.ndarray | None  # [N]
    linear: bool  # straight lines: the view may extend them past x


@dataclass(frozen=True)
class Frame:
    seq: int  # increases with every frame; the views skip one they have painted
    state: SessionState  # every setting, as it was when the frame was built
    runs: tuple[RunFrame, ...]
    step: int  # the race's step
    playing: bool  # racing now (playing and the data trainable and some run not finished)
    message: str | None  # what is wrong with the data, in words a student understands
    sample_output: np.ndarray | None  # per run: probs [K, C] (classification) or prediction [K]
    surface: SurfaceFrame | None
    surface_status: str  # "ready" | "preview" | "computing" | "none"
    regions: RegionFrame | None  # classification with two shown features
    fit: FitFrame | None  # regression, or one feature and two classes
    optimum_status: str  # "finite" | "unbounded" | "computing" | "unavailable"
    optimum_loss: float | None
    optimum_current: bool  # False: the optimum shown is of the data before the last edit
    undo_text: str | None = None
    redo_text: str | None = None
    steps_per_second: float = 0.0
    settled: bool = True  # nothing left to compute: the full surface, the optimum of this data
    finished: bool = False  # every run converged, diverged or reached the limit
    unsaved: bool = False  # changed since the session was last saved, opened or started
    export_progress: float | None = None  # 0..1 while an animation is being written, else None
    curvature: tuple[float, float, int] | None = None  # the Hessian at the start: λmin, λmax, flat directions
    inspection: InspectionFrame | None = None  # the step inspector's (engine/session/inspection.py), when shown
    sweep: object | None = None  # the last sweep (engine.sweeps.SweepResult) raced on this data, model and start
    sweep_progress: float | None = None  # 0..1 while a sweep races, else None
    other_cost: OtherCostFrame | None = None  # the other cost's surface beside, when asked for

    # what the views read most, without reaching into the state
    @property
    def data_version(self) -> int:
        return self.state.data_version

    @property
    def dataset(self) -> Dataset | None:
        return self.state.dataset

    @property
    def model(self) -> Model | None:
        return self.state.model

    @property
    def source(self) -> DataSource:
        return self.state.source

    @property
    def shown_features(self) -> tuple[int, int]:
        ds = self.state.dataset
        return self.state.shown_features if ds is not None and ds.d > 1 else (0, 0)

    @property
    def selected_run(self) -> int:
        return self.state.selected_run

    @property
    def selected_sample(self) -> int | None:
        return self.state.selected_sample

    @property
    def threshold(self) -> float:
        return self.state.threshold
