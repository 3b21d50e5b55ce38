"""The optimum of a penalised cost: cost + l2·Σw² + l1·Σ|w|, the weights only (never the bias).

- L2 alone is a weight decay of 2·l2 on each weight and none on the bias, so engine/optimum.py's
  solvers take it as they are: the closed-form ridge solution for least squares (equal to
  scikit-learn's ``Ridge(alpha=n·l2)``), Newton for the cross-entropies, L-BFGS for MSE on the
  sigmoid. A penalty makes the optimum finite even where the classes can be separated.
- With L1 the cost has corners where a weight is 0, and the lasso's lesson is that the optimum
  sits on them: weights exactly 0. The weights are split as w = p − q with p, q ≥ 0, which turns
  |w| into p + q, a smooth cost with bounds that L-BFGS-B solves to ~1e-12 and that leaves a
  weight at exactly 0 when both parts rest on their bound. It runs in standardised coordinates
  (engine/optimum.py's ``_Problem``), where the scale of each weight is known and the descent is
  far better conditioned.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.models import Model
from engine.optimum import Optimum, _Problem, solve

RESTARTS = 8
L1_TOLERANCE = 1e-9  # the smallest subgradient, relative to the cost's gradient at 0


def penalised_optimum(model: Model, X, y, weight_decay: float = 0.0) -> Optimum:
    """``find_optimum`` for a model with ``l2`` or ``l1``: its ``loss`` is the penalised cost."""
    data = model.unpenalised
    _check_classes(model, y)
    is_weight = np.arange(model.n_params) < model.n_weights
    decay = weight_decay + 2.0 * model.l2 * is_weight  # ½·θᵀ diag(decay) θ = l2·Σw² + wd/2·|θ|²
    if model.l1:
        theta, norm = _lasso(model, X, y, weight_decay)
        return Optimum("finite", theta, float(model.loss(theta[None], X, y)[0]), None, weight_decay, norm)
    found = solve(data, X, y, decay)
    if found.status != "finite":
        return replace(found, weight_decay=weight_decay)
    theta = found.theta
    loss, grad = model.loss_and_grad(theta[None], X, y)
    grad = grad[0] + weight_decay * theta
    return Optimum("finite", theta, float(loss[0]), None, weight_decay, _subgradient_norm(model, theta, grad))


def _lasso(model: Model, X, y, weight_decay: float) -> tuple[np.ndarray, float]:
    """L-BFGS-B over x = [p, q, rest] in standardised coordinates: θ = T·flat, with flat's weight
    entries p − q and its bias entries ``rest``. Returns θ and its smallest subgradient's norm."""
    from scipy.optimize import minimize

    data = model.unpenalised
    decay = weight_decay + 2.0 * model.l2 * (np.arange(model.n_params) < model.n_weights)
    problem = _Problem(data, X, y)
    T = problem.T  # theta = T @ flat
    P = problem.P
    column = np.arange(P) % problem.D1
    is_weight = column < data.n_features
    scale = np.where(is_weight, problem.scale[np.minimum(column, data.n_features - 1)], 1.0)
    w_idx = np.flatnonzero(is_weight)
    b_idx = np.flatnonzero(~is_weight)
    k = len(w_idx)
    l1 = model.l1 / scale[w_idx]  # |w| = |flat| / scale for a weight
    y = np.asarray(y, dtype=np.float64 if model.kind == "linear" else np.int64)

    def unpack(x):
        flat = np.empty(P)
        flat[w_idx] = x[:k] - x[k:2 * k]
        flat[b_idx] = x[2 * k:]
        return flat

    def objective(x):
        theta = T @ unpack(x)
        loss, grad = data.loss_and_grad(theta[None], X, y)
        g_theta = grad[0] + decay * theta
        g_flat = T.T @ g_theta
        value = float(loss[0]) + 0.5 * float(theta @ (decay * theta)) + float(l1 @ (x[:k] + x[k:2 * k]))
        return value, np.concatenate([g_flat[w_idx] + l1, -g_flat[w_idx] + l1, g_flat[b_idx]])

    x = np.zeros(2 * k + len(b_idx))
    bounds = [(0.0, None)] * (2 * k) + [(None, None)] * len(b_idx)
    scale_of_g = None
    for _ in range(RESTARTS):  # L-BFGS-B may stop on a small relative decrease far from the end:
        result = minimize(objective, x, jac=True, method="L-BFGS-B", bounds=bounds,  # go on from there
                          options={"maxiter": 20000, "maxfun": 40000, "ftol": 1e-16, "gtol": 1e-13, "maxcor": 30})
        x = result.x
        theta = T @ unpack(x)
        if not np.all(np.isfinite(theta)):
            break
        weights = theta[: model.n_weights]
        weights[np.abs(weights) < 1e-13 * max(1.0, float(np.abs(weights).max()))] = 0.0  # both parts on 0
        norm = _subgradient_norm(model, theta, model.grad(theta[None], X, y)[0] + weight_decay * theta)
        if scale_of_g is None:
            start_grad = model.grad(np.zeros((1, len(theta))), X, y)[0]
            scale_of_g = max(1.0, float(np.linalg.norm(start_grad)))
        if norm <= L1_TOLERANCE * scale_of_g:
            return theta, norm
    raise ValueError("the L1 penalty's optimum could not be found: the search did not settle")


def _check_classes(model: Model, y) -> None:
    """Without a bias penalty a class with no training rows pulls its bias to −∞: no optimum."""
    if model.kind == "linear":
        return
    top = 2 if model.kind == "logistic" else model.n_classes
    counts = np.bincount(np.asarray(y, dtype=np.int64), minlength=top)
    if len(counts) > top or np.asarray(y).min() < 0:
        raise ValueError(f"class labels must be 0 to {top - 1} for this model")
    if (counts == 0).any():
        raise ValueError("a class has no training points: its bias would fall without end, so the penalised "
                         "cost has no minimum")


def _subgradient_norm(model: Model, theta: np.ndarray, grad: np.ndarray) -> float:
    """How far θ is from optimal: the smallest subgradient of the penalised cost. Where a weight
    is 0, |w|'s subgradient may be anything in [−l1, l1], so only what exceeds l1 counts (the
    model's gradient there took 0)."""
    g = grad.copy()
    if model.l1:
        zero = np.flatnonzero(theta[: model.n_weights] == 0.0)
        g[zero] = np.sign(g[zero]) * np.maximum(np.abs(g[zero]) - model.l1, 0.0)
    return float(np.linalg.norm(g))
