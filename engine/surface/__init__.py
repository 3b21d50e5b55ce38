"""The loss surface: a plane through parameter space and the cost on a G x G grid over it.

- ``planes``:        the ``Plane`` and the four ways to choose one (exact, two parameters,
                     start → optimum, PCA of the paths), with their fitted extent;
- ``evaluator``:     ``SurfaceEvaluator``, the cost over a plane's grid with O(G^2) point edits,
                     and ``SurfaceTask``, a surface computed a block of rows at a time;
- ``cross_entropy``: the factorised log-sum-exp kernel behind logistic and softmax surfaces.
"""
from engine.surface.evaluator import SurfaceEvaluator, SurfaceTask, loss_surface, point_edits
from engine.surface.planes import (
    G_DEFAULT,
    G_MAX,
    G_MIN,
    PLANE_KINDS,
    Plane,
    check_grid,
    default_plane,
    exact_plane,
    falling_stretch,
    fit_ranges,
    optimum_plane,
    params_plane,
    pca_plane,
)

__all__ = [
    "G_DEFAULT", "G_MAX", "G_MIN", "PLANE_KINDS", "Plane", "SurfaceEvaluator", "SurfaceTask", "check_grid",
    "default_plane", "exact_plane", "falling_stretch", "fit_ranges", "loss_surface", "optimum_plane",
    "params_plane", "pca_plane", "point_edits",
]
