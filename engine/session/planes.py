"""Which slice of parameter space the loss surface shows, and how far it reaches: one policy for
the window and for ``main.py surface``, so both draw the same plane for the same inputs.

- ``auto``: the whole parameter space for a two-parameter model, else the start → optimum slice;
- ``optimum``: the start → optimum slice (along the falling direction when no finite optimum
  exists, out to where the cost has made 80 % of its fall: ``falling_stretch``);
- ``pca``: the two main directions of the runs' paths;
- ``params=NAME,NAME``: two parameters move, the others stay at the anchor (default: the start).

The extent is fitted to the start, the anchor, the optimum (or the falling point) and the paths.
"""
from __future__ import annotations

import numpy as np

from engine.models import Model
from engine.surface import (
    Plane,
    exact_plane,
    falling_stretch,
    fit_ranges,
    optimum_plane,
    params_plane,
    pca_plane,
)

MARGIN = 0.15  # of the fitted extent, on each side


def parse_plane(text: str | None) -> tuple[str, tuple[str, str] | None]:
    """'auto' | 'optimum' | 'pca' | 'params=NAME,NAME' -> (kind, names)."""
    text = (text or "auto").strip()
    if text in ("auto", "optimum", "pca"):
        return text, None
    if text.startswith("params="):
        names = [n.strip() for n in split_names(text[len("params="):])]
        if len(names) != 2 or not all(names):
            raise ValueError(f"--plane {text!r}: name two parameters, e.g. params=weight[0,0],bias[0]")
        return "params", (names[0], names[1])
    raise ValueError(f"--plane {_short(text)!r}: choose params=NAME,NAME, optimum or pca")


def split_names(text: str) -> list[str]:
    """Split on commas outside brackets: 'weight[0,1],bias[2]' -> ['weight[0,1]', 'bias[2]']."""
    names, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "," and depth == 0:
            names.append(current)
            current = ""
        else:
            current += ch
    return names + [current]


def needs_optimum(model: Model, spec: str) -> bool:
    """Whether the plane cannot be drawn before the optimum is known."""
    kind, _ = parse_plane(spec)
    return kind == "optimum" or (kind == "auto" and model.n_params > 2)


def choose_plane(model: Model, X, y, spec: str, start, optimum, *, trajectories=(), anchor=None,
                 seed: int = 0, margin: float = MARGIN) -> Plane:
    """The plane ``spec`` asks for, its extent fitted to what the user should see.

    ``optimum`` is an ``engine.optimum.Optimum`` (or None while unknown: then only planes that do
    not need it can be drawn, and its absence raises ValueError). ``trajectories``: the runs'
    parameters so far, [T, P] each.
    """
    kind, names = parse_plane(spec)
    start = np.asarray(start, dtype=np.float64).reshape(-1)
    if model.kind == "function":
        return function_plane(model, start)
    if len(start) != model.n_params:
        raise ValueError(f"the start has {len(start)} values but the model has {model.n_params} parameters")
    runs = [np.asarray(t, dtype=np.float64).reshape(-1, model.n_params) for t in trajectories]
    anchor = start if anchor is None else np.asarray(anchor, dtype=np.float64).reshape(-1)
    falling = None
    if optimum is not None and optimum.status == "unbounded" and optimum.direction is not None:
        stretch = falling_stretch(model, X, y, start, optimum.direction)
        falling = start + stretch * np.asarray(optimum.direction, dtype=np.float64)
    else:
        stretch = None
    if kind == "auto" and model.n_params <= 2:
        plane = exact_plane(model)
    elif kind in ("auto", "optimum"):
        if optimum is None:
            raise ValueError("this slice runs from the start to the optimum, which is not known yet")
        plane = optimum_plane(start, optimum, seed=seed, stretch=stretch)
    elif kind == "pca":
        if not runs:
            raise ValueError("--plane pca needs the runs' trajectories: add at least one --opt SPEC")
        plane = pca_plane(runs, seed=seed)
    else:
        plane = params_plane(model, names[0], names[1], anchor)
    points = [start[None], anchor[None], *runs]
    if optimum is not None and optimum.status == "finite" and optimum.theta is not None:
        points.append(np.asarray(optimum.theta, dtype=np.float64)[None])
    if falling is not None:
        points.append(falling[None])
    points = [p[np.all(np.isfinite(p), axis=1)] for p in points]
    return fit_ranges(plane, np.vstack(points), margin=margin)


def function_plane(model, start) -> Plane:
    """A function is drawn over its own window (where its minima and features are), widened
    only to hold a start dragged or typed outside it."""
    plane = exact_plane(model, model.domain)
    (x0, x1), (y0, y1) = model.domain
    if x0 <= start[0] <= x1 and y0 <= start[1] <= y1 or not np.all(np.isfinite(start)):
        return plane
    corners = np.array([[x0, y0], [x1, y1], start])
    return fit_ranges(plane, (corners[:, 0], corners[:, 1]), margin=0.05)


def steepest_plane(model: Model, X, y, start) -> Plane:
    """A stand-in while no optimum can be had (a model too large to solve): the two parameters
    the cost is steepest in at the start."""
    start = np.asarray(start, dtype=np.float64).reshape(-1)
    grad = model.grad(start[None, :], X, y)[0]
    top = np.argsort(-np.abs(grad), kind="stable")[:2]
    names = model.param_names()
    plane = params_plane(model, names[top[0]], names[top[1]], start)
    return fit_ranges(plane, start[None], margin=MARGIN)


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
