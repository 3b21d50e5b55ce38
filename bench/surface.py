"""How long a loss surface takes: python bench/surface.py [--repeats R] [--quick]

For each model (MSE, logistic, softmax) and N = 30, 178, 1000 samples: milliseconds per surface at
G = 100, 200, 400 (median of R repeats, with the min and max to show the times are stable), beside
a naive loop that calls Model.loss once per cell (G = 100, once), and the cost of moving one point.
Data: linear y = 3x + 2 + noise (1 feature), logistic on 2 features, softmax with 3 classes on
13 features (N = 178 is the wine set itself; the others are drawn like it).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from engine.data import load_preset  # noqa: E402
from engine.models import Model  # noqa: E402
from engine.optimum import find_optimum  # noqa: E402
from engine.surface import SurfaceEvaluator, default_plane  # noqa: E402

SIZES = (30, 178, 1000)
GRIDS = (100, 200, 400)


def make_data(kind: str, n: int, rng: np.random.Generator):
    if kind == "linear":
        x = rng.normal(size=(n, 1))
        return Model("linear", 1), x, 3 * x[:, 0] + 2 + rng.normal(size=n)
    if kind == "logistic":
        y = rng.integers(0, 2, n)
        return Model("logistic", 2), rng.normal(size=(n, 2)) + 1.5 * y[:, None], y
    wine = load_preset("wine")
    if n == wine.n:
        return Model("softmax", wine.d, 3), wine.X, wine.y
    rows = rng.integers(0, wine.n, n)
    X = wine.X[rows] * (1 + 0.05 * rng.normal(size=(n, wine.d)))
    return Model("softmax", wine.d, 3), X, wine.y[rows]


def plane_for(model: Model, X, y):
    start = np.zeros(model.n_params)
    optimum = find_optimum(model, X, y, weight_decay=1e-3)  # finite even where the data separates
    return default_plane(model, start, optimum)


def timed(fn, repeats: int) -> np.ndarray:
    fn()  # warm-up: buffers, thread pool
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return np.array(times) * 1e3


def naive_surface(model: Model, X, y, plane, G: int) -> np.ndarray:
    a, b = plane.grid(G)
    out = np.empty((G, G))
    for i in range(G):  # the loop the evaluator exists to avoid
        for j in range(G):
            out[i, j] = model.loss(plane.point(a[i], b[j])[None], X, y)[0]
    return out


def edit_times(evaluator: SurfaceEvaluator, X, y, rng, edits: int) -> np.ndarray:
    """A drag: one point moves a little, again and again; ms per update of the cached surface."""
    X = np.array(X, dtype=np.float64)
    times = []
    for _ in range(edits):
        i = int(rng.integers(len(X)))
        new_x = X[i] + rng.normal(scale=0.1, size=X.shape[1])
        t0 = time.perf_counter()
        evaluator.update_point(i, X[i], y[i], new_x, y[i])
        times.append(time.perf_counter() - t0)
        X[i] = new_x
    return np.array(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="skip the naive loop")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"cpus: {os.cpu_count()}, load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"ms per surface, median of {args.repeats} (min-max); naive = one Model.loss call per cell at G=100")
    header = f"{'model':9}{'N':>6}" + "".join(f"{'G=' + str(g):>22}" for g in GRIDS) + f"{'naive G=100':>14}{'ratio':>8}"
    print(header)
    for kind in ("linear", "logistic", "softmax"):
        for n in SIZES:
            model, X, y = make_data(kind, n, rng)
            plane = plane_for(model, X, y)
            evaluator = SurfaceEvaluator(model, X, y)
            cells, at_100 = [], None
            for G in GRIDS:
                t = timed(lambda: evaluator.evaluate(plane, G), args.repeats)
                cells.append(f"{np.median(t):8.2f} ({t.min():.1f}-{t.max():.1f})")
                if G == 100:
                    at_100 = np.median(t)
            naive = ratio = ""
            if not args.quick:
                t0 = time.perf_counter()
                slow = naive_surface(model, X, y, plane, 100)
                naive_ms = (time.perf_counter() - t0) * 1e3
                assert np.allclose(slow, evaluator.evaluate(plane, 100), rtol=1e-9)
                naive, ratio = f"{naive_ms:12.0f}", f"{naive_ms / at_100:7.0f}x"
            print(f"{kind:9}{n:6d}" + "".join(f"{c:>22}" for c in cells) + f"{naive:>14}{ratio:>8}")
            evaluator.close()
    print("\nms per dragged point (update_point on the cached surface), median of 200 (min-max):")
    for kind, n, G in (("logistic", 1000, 200), ("linear", 1000, 200), ("softmax", 178, 200), ("softmax", 1000, 200)):
        model, X, y = make_data(kind, n, rng)
        evaluator = SurfaceEvaluator(model, X, y)
        evaluator.evaluate(plane_for(model, X, y), G)
        t = edit_times(evaluator, X, y, rng, 200)
        print(f"  {kind:9} N={n:<5d} G={G}: {np.median(t):.3f} ({t.min():.3f}-{t.max():.3f})")
        evaluator.close()


if __name__ == "__main__":
    main()
