"""The choices the app makes for the user until they choose otherwise: the runs of a new race,
their colours and labels, the sample shown first, and when a run has converged.

Each rule lives here once; the window, the CLI and session files read it from here.
"""
from __future__ import annotations

import math

import numpy as np

from engine.race import RunSpec

# Runs: strong, well separated hues first (a race usually has four runs), from the Okabe-Ito
# palette (safe for the common colour-vision deficiencies). Yellow last: it is the hardest to read
# on a projector's white.
RUN_COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#7F7F7F",  # grey (Tableau)
)

# The labels runs get, by optimiser (a second Adam is "Adam 2").
RUN_NAMES = {"gd": "GD", "sgd": "SGD", "momentum": "Momentum", "adagrad": "Adagrad", "rmsprop": "RMSprop",
             "adam": "Adam", "adamw": "AdamW"}

# A run has converged when the full-data gradient at its parameters is this small a share of the
# gradient at the start (the optimum sits where the gradient is zero) and its cost no longer moves.
CONVERGED_GRADIENT = 1e-6
CONVERGED_LOSS_CHANGE = 1e-9  # relative, between the run's last two stored steps


def run_color(k: int) -> str:
    """The colour of the k-th run a session has made (cycling)."""
    return RUN_COLORS[k % len(RUN_COLORS)]


def label_for(optimizer: str, taken, base: str | None = None) -> str:
    """A label no other run has: "Adam", then "Adam 2", "Adam 3" ..."""
    base = base or RUN_NAMES.get(optimizer, optimizer)
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base} {n}" in taken:
        n += 1
    return f"{base} {n}"


def default_runs(dataset, model, recipe: bool = True) -> list[RunSpec]:
    """GD, Momentum, RMSprop and Adam with learning rates that make a visible race on this data.

    GD's (and Momentum's) rate is the course's where the tutorial gives one, else about 1/L, L the
    largest curvature of the cost at the start (from the data's second moments), so GD is as fast
    as it can be without diverging. Adaptive methods take steps of roughly their rate in every
    parameter, whatever the curvature: 0.01 and 0.05, tuned on line-30 and logistic-2d.
    ``recipe=False``: not the tutorial's rates (its features were expanded: another scale).
    """
    if model.kind == "function":
        return _function_runs(model)
    lr_gd = _gd_rate(dataset, model)
    if not recipe:
        lr_rms, lr_adam = 0.01, 0.05
    elif dataset.name == "line-30":
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


def _function_runs(model) -> list[RunSpec]:
    """On a function: GD's rate half the inverse of the steepest curvature at the start (so its
    first steps do not overshoot), the adaptive methods' a hundredth of the drawn window (they
    step about their rate: across the window in a hundred steps)."""
    with np.errstate(all="ignore"):
        curvature = np.abs(np.linalg.eigvalsh(model.hessian(model.default_start))).max()
    lr_gd = _round_rate(0.5 / curvature) if np.isfinite(curvature) and curvature > 1e-6 else 0.01
    (x0, x1), (y0, y1) = model.domain
    lr_adaptive = _round_rate(0.01 * max(x1 - x0, y1 - y0))
    return [
        RunSpec("GD", "gd", {"lr": lr_gd}),
        RunSpec("Momentum", "momentum", {"lr": lr_gd, "momentum": 0.9}),
        RunSpec("RMSprop", "rmsprop", {"lr": lr_adaptive}),
        RunSpec("Adam", "adam", {"lr": lr_adaptive}),
    ]


def default_selected_run(runs) -> int:
    """Adam when it races (the tutorials' choice, and the one that shows most soonest), else the last."""
    names = [spec.optimizer for spec in runs]
    return names.index("adam") if "adam" in names else max(len(names) - 1, 0)


def _gd_rate(dataset, model) -> float:
    X = dataset.training.X
    if len(X) == 0 or not np.all(np.isfinite(X)):
        return 0.01
    Xa = np.hstack([X, np.ones((len(X), 1))]) if model.bias else X
    lam = float(np.linalg.eigvalsh(Xa.T @ Xa / len(X))[-1])
    curvature = {"linear": 2.0, "logistic": 0.25, "softmax": 0.5}[model.kind] * max(lam, 1e-12)
    return 1.0 / (curvature + 2.0 * model.l2)  # an L2 penalty curves every weight by 2·l2 more


def _round_rate(lr: float) -> float:
    """A learning rate a student can read: one significant digit."""
    exponent = math.floor(math.log10(lr))
    return float(f"{math.floor(lr / 10**exponent)}e{exponent}")


# How the window opens a course data set when its tutorial prepares it first (the command line
# gives the data as they are): the share held out as a test set, and whether it is standardised.
PRESET_RECIPES: dict[str, dict] = {
    "wine": {"test_fraction": 0.2, "standardize": True},  # shuffle, 80/20, softmax with Adam
}


def default_sample(dataset, seed: int) -> int | None:
    """The sample whose probabilities are shown first: the first test sample when rows are held
    out (wine's recipe: "which cultivar is test sample 0?"), else the first point."""
    if dataset is None or dataset.n == 0 or dataset.d == 0:  # d == 0: a function, no samples
        return None
    if dataset.has_test:
        return int(np.flatnonzero(dataset.test_mask)[0])
    return 0


def image_side(dataset) -> int | None:
    """The side of the square image the features form (digits: 8), or None: d must be a square
    of at least 4 × 4 (a smaller "image" says nothing a scatter does not)."""
    d = 0 if dataset is None else int(dataset.d)
    side = math.isqrt(d)
    return side if d >= 16 and side * side == d else None


def images_offered(dataset) -> bool:
    """Samples drawn as pictures, framed by their predicted class: for classes whose features form
    a square image."""
    return dataset is not None and dataset.is_classification and image_side(dataset) is not None


def default_images(dataset) -> bool:
    """Whether a data set opens drawn as images: the course's digits do; any other square set is
    the user's choice (View ▸ Data as images)."""
    return dataset is not None and dataset.name.startswith("digits") and images_offered(dataset)


def default_features(dataset) -> tuple[int, int]:
    """The two features the data view shows first: the first two, unless one of them never
    changes (digits' corner pixels): then the two that vary most."""
    if dataset is None or dataset.d < 2:
        return 0, 0
    if dataset.n < 2:
        return 0, 1
    spread = dataset.X.std(axis=0)
    top = spread.max() or 1.0
    if spread[0] > 1e-9 * top and spread[1] > 1e-9 * top:
        return 0, 1
    first, second = np.argsort(-spread, kind="stable")[:2]
    return int(first), int(second)
