"""The immutable snapshot the worker emits and the views paint.

The worker owns every piece of mutable engine state. Each ``Frame`` holds numpy *copies*
(marked read-only) so the GUI thread can keep the newest one and paint it whenever its timer
fires, without locks. Views read frames; they never reach back into the engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.data import Dataset
from engine.models import Model


def frozen(array) -> np.ndarray:
    """A read-only copy: what the worker puts in a Frame."""
    out = np.array(array, dtype=np.float64 if np.asarray(array).dtype.kind == "f" else None, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True)
class RunFrame:
    """One run of the race as the views see it."""

    label: str
    color: str  # "#rrggbb"
    visible: bool
    optimizer: str  # gd | sgd | momentum | adagrad | rmsprop | adam | adamw
    hyper: dict
    batch: int | None  # None: full batch
    status: str  # "running" | "converged" | "diverged" | "paused"
    diverged_at: int | None
    steps: int
    epoch: float
    theta: np.ndarray  # [P] current parameters
    loss_history: np.ndarray  # [steps + 1] full training-set cost after each update
    test_loss_history: np.ndarray | None  # same, on the held-out set, when there is one
    path_ab: np.ndarray  # [M, 2] trajectory projected on the surface plane (subsampled if long)
    path_distance: np.ndarray  # [M] distance of each trajectory point from the plane
    # Added after the first contract (defaults keep older readers working):
    # the step number of each loss_history entry. None means 0, 1, ..., steps; long races are
    # thinned for display, and then these are the steps the stored values belong to.
    history_steps: np.ndarray | None = None
    loss: float = float("nan")  # the current full training-set cost


@dataclass(frozen=True)
class SurfaceFrame:
    """The loss over the current plane: ``loss[i, j]`` is at (a[i], b[j])."""

    a: np.ndarray  # [G]
    b: np.ndarray  # [G]
    loss: np.ndarray  # [G, G]
    a_label: str  # e.g. "w" or "weight[0,1]" or "start→optimum"
    b_label: str
    exact: bool  # True: the whole parameter space (2-parameter model); False: a slice
    description: str  # what the slice is, in words
    start_ab: tuple[float, float]
    optimum_ab: tuple[float, float] | None  # None when unbounded or off-plane
    optimum_direction_ab: tuple[float, float] | None  # the way the loss falls when unbounded
    plane: object  # engine.surface.Plane, for hover read-outs (theta at (a, b))


@dataclass(frozen=True)
class RegionFrame:
    """The selected run's predictions over the data view's two shown features."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    proba: np.ndarray  # [H, W, C] class probabilities (binary: C = 2), row i is y, column j is x


@dataclass(frozen=True)
class Frame:
    seq: int  # increases with every frame; the views skip one they have painted
    data_version: int  # increases with every data edit the worker has applied
    dataset: Dataset
    model: Model
    shown_features: tuple[int, int]  # the two features the data view shows (or (0, 0) for 1-D)
    runs: tuple[RunFrame, ...]
    selected_run: int
    selected_sample: int | None
    sample_output: np.ndarray | None  # per run: probs [K, C] (classification) or prediction [K]
    surface: SurfaceFrame | None
    regions: RegionFrame | None  # classification only
    optimum_status: str  # "finite" | "unbounded" | "unknown"
    optimum_loss: float | None
    playing: bool
    step: int
    message: str | None = None  # what is wrong, in words a student understands (empty set, ...)
    extras: dict = field(default_factory=dict)
