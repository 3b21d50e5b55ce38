"""Where the cost is lowest: the target every optimiser in the race is heading for.

- Least squares: the closed form (``numpy.linalg.lstsq``, the bias a column of ones); with weight
  decay the closed-form ridge solution.
- Logistic and softmax regression: Newton's method with a backtracking line search, solved in
  standardised feature coordinates (far better conditioned) and mapped back, run until the
  gradient norm is below 1e-8.
- Cross-entropy has no finite minimiser when the classes can be separated, fully or in part:
  the cost keeps falling along some direction d. Newton runs first: if one of its iterates puts
  every sample on its right side, that iterate is d (fully separable: infimum 0). Otherwise a
  linear programme decides: it finds the largest set of samples (softmax: sample-class pairs) that
  some d separates. If that set is empty the optimum is finite and Newton's point is it; otherwise
  the status is "unbounded", ``direction`` is d (a unit vector) and ``loss`` is the infimum: the
  separated samples' cost goes to zero along d, the rest is minimised.
- MSE on the sigmoid is not convex and has no closed form: the minimum found is the one L-BFGS
  reaches from the cross-entropy's optimum (the same model's convex cost), in standardised
  coordinates. Where cross-entropy has no finite minimum, fully separable data leave this cost
  an infimum of 0 along the same direction; partly separable data leave no answer (ValueError).
- Weight decay (torch SGD's ``weight_decay``: lambda * theta added to the gradient, every
  parameter including the bias) adds lambda/2 * ||theta||^2 to the objective: the optimum is then
  always finite. ``loss`` is the cost without the penalty, the height the surface shows there.
- A penalised model (``Model.l2``, ``Model.l1``: on the weights, never the bias) is solved in
  engine/optimum_penalty.py: L2 as a weight decay on the weights only (ridge, in closed form for
  least squares), L1 by L-BFGS-B on the weights split into positive and negative parts. There
  ``loss`` is the penalised cost, the height the surface shows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.models import Model

GRADIENT_TOLERANCE = 1e-8


@dataclass(frozen=True, eq=False)
class Optimum:
    """The lowest cost: a point (finite) or a direction in which the cost keeps falling (unbounded)."""

    status: str  # "finite" | "unbounded"
    theta: np.ndarray | None  # [P], nn.Linear layout; None when unbounded
    loss: float  # the cost there (unbounded: its infimum, the limit along ``direction``)
    direction: np.ndarray | None  # [P] unit vector; None when finite
    weight_decay: float = 0.0
    gradient_norm: float = 0.0  # of the objective at theta (finite) or at the limit's minimiser


def find_optimum(model: Model, X, y, weight_decay: float = 0.0) -> Optimum:
    """The optimum of ``model``'s cost on (X, y), plus weight_decay/2 * ||theta||^2."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if len(X) == 0:
        raise ValueError("there is no data: the optimum needs at least one point")
    X = X.reshape(len(X), -1)
    if X.shape[1] != model.n_features:
        raise ValueError(f"the data has {X.shape[1]} features but the model expects {model.n_features}")
    if not weight_decay >= 0 or not np.isfinite(weight_decay):
        raise ValueError(f"weight decay must be zero or positive, not {weight_decay}")
    if model.penalised:
        from engine.optimum_penalty import penalised_optimum

        return penalised_optimum(model, X, y, float(weight_decay))
    return solve(model, X, y, float(weight_decay))


def solve(model: Model, X, y, weight_decay) -> Optimum:
    """The optimum of the (unpenalised) cost plus ½·θᵀ diag(weight_decay) θ: a number for every
    parameter, or one for all."""
    if model.kind == "linear":
        return _least_squares(model, X, y.astype(np.float64), weight_decay)
    if model.kind == "function":
        return _known_minimum(model)
    if model.sigmoid_mse:
        return _sigmoid_mse(model, X, y.astype(np.int64), weight_decay)
    return _cross_entropy(model, X, y.astype(np.int64), weight_decay)


def _known_minimum(model) -> Optimum:
    """A named function's (first) known minimum; a typed formula's is not known."""
    if not model.minima:
        raise ValueError("this function has no known minimum")
    theta = np.asarray(model.minima[0], dtype=np.float64)
    loss, grad = model.loss_and_grad(theta[None])
    return Optimum("finite", theta, float(loss[0]), None, gradient_norm=float(np.linalg.norm(grad)))


# -- least squares ------------------------------------------------------------------------------


def _design(model: Model, X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((len(X), 1))]) if model.bias else X


def _least_squares(model: Model, X, y, weight_decay: float) -> Optimum:
    A = _design(model, X)  # columns: the weights in nn.Linear order, then the bias
    n = len(y)
    if not np.any(weight_decay):
        theta = np.linalg.lstsq(A, y, rcond=None)[0]
    else:
        # d/dtheta [mean (A theta - y)^2 + 1/2 theta^T diag(lambda) theta] = 0
        decay = np.broadcast_to(np.asarray(weight_decay, dtype=np.float64), (A.shape[1],))
        theta = np.linalg.solve(2.0 / n * A.T @ A + np.diag(decay), 2.0 / n * A.T @ y)
    loss = float(np.mean((A @ theta - y) ** 2))
    grad = model.grad(theta[None], X, y)[0] + weight_decay * theta
    return Optimum("finite", theta, loss, None, weight_decay, float(np.linalg.norm(grad)))


# -- cross-entropy ------------------------------------------------------------------------------


class _Problem:
    """Cross-entropy in standardised coordinates, with a mask of the classes still competing.

    Parameters are B [C', D1] (C' = 1 for logistic, C for softmax; D1 = D + 1 with a bias column)
    flattened row-major. ``to_theta`` maps them linearly to the model's theta.
    """

    def __init__(self, model: Model, X: np.ndarray, y: np.ndarray):
        self.model = model
        self.n = len(X)
        centre = X.mean(axis=0) if model.bias else np.zeros(X.shape[1])
        scale = X.std(axis=0) if model.bias else np.sqrt((X**2).mean(axis=0))
        scale = np.where(scale > 1e-12 * max(1.0, float(np.abs(X).max())), scale, 1.0)
        self.centre, self.scale = centre, scale
        self.Xs = _design(model, (X - centre) / scale)  # [N, D1]
        self.y = y
        self.C = 1 if model.kind == "logistic" else model.n_classes
        self.D1 = self.Xs.shape[1]
        self.P = self.C * self.D1
        self.T = np.stack([self.to_theta(e) for e in np.eye(self.P)], axis=1)  # [P, P]

    def to_theta(self, flat: np.ndarray) -> np.ndarray:
        B = flat.reshape(self.C, self.D1)
        weight = B[:, : self.model.n_features] / self.scale
        parts = [weight.reshape(-1)]
        if self.model.bias:
            parts.append(B[:, -1] - weight @ self.centre)
        return np.concatenate(parts)

    # -- the objective: value, gradient and Hessian ----------------------------------------------

    def evaluate(self, flat, allowed, weight_decay, need_hessian=True):
        """mean cost (masked) + weight_decay/2 |T flat|^2, its gradient and Hessian."""
        Xs, n = self.Xs, self.n
        B = flat.reshape(self.C, self.D1)
        penalty_matrix = None
        if np.any(weight_decay):
            decay = np.broadcast_to(np.asarray(weight_decay, dtype=np.float64), (self.P,))
            penalty_matrix = self.T.T @ (decay[:, None] * self.T)
        if self.model.kind == "logistic":
            keep = allowed  # [N] bool: samples still competing
            z = Xs[keep] @ B[0]
            t = self.y[keep]
            value = float(np.sum(np.logaddexp(0.0, z) - t * z)) / n
            p = _sigmoid(z)
            grad = Xs[keep].T @ (p - t) / n
            hess = (Xs[keep].T * (p * (1 - p))) @ Xs[keep] / n if need_hessian else None
        else:
            z = Xs @ B.T  # [N, C]
            z = np.where(allowed, z, -np.inf)
            top = z.max(axis=1, keepdims=True)
            log_norm = top[:, 0] + np.log(np.exp(z - top).sum(axis=1))
            picked = z[np.arange(n), self.y]
            value = float(np.sum(log_norm - picked)) / n
            p = np.exp(z - log_norm[:, None])  # 0 where a class no longer competes
            residual = p.copy()
            residual[np.arange(n), self.y] -= 1.0
            grad = (residual.T @ Xs).reshape(-1) / n
            hess = None
            if need_hessian:
                Y = (p[:, :, None] * Xs[:, None, :]).reshape(n, self.P)
                hess = -(Y.T @ Y)
                for c in range(self.C):
                    block = slice(c * self.D1, (c + 1) * self.D1)
                    hess[block, block] += (Xs.T * p[:, c]) @ Xs
                hess /= n
        if penalty_matrix is not None:
            value += 0.5 * float(flat @ penalty_matrix @ flat)
            grad = grad + penalty_matrix @ flat
            if hess is not None:
                hess = hess + penalty_matrix
        return value, grad, hess

    def newton(self, allowed, weight_decay, max_iter: int = 200, stop=None):
        """Damped Newton with backtracking from B = 0: (flat parameters, value, converged).

        ``stop(flat)`` may end the search early (it found what the caller was looking for).
        """
        flat = np.zeros(self.P)
        value, grad, hess = self.evaluate(flat, allowed, weight_decay)
        for _ in range(max_iter):
            if self.theta_gradient_norm(grad) < 0.1 * GRADIENT_TOLERANCE:
                return flat, value, True
            if stop is not None and stop(flat):
                return flat, value, False
            step = _damped_solve(hess, -grad)
            slope = float(grad @ step)
            if slope >= 0:  # the damped system lost descent: fall back to the gradient
                step, slope = -grad, -float(grad @ grad)
            t = 1.0
            while True:
                trial = flat + t * step
                trial_value = self.evaluate(trial, allowed, weight_decay, need_hessian=False)[0]
                if trial_value <= value + 1e-4 * t * slope or t < 1e-10:
                    break
                t *= 0.5
            if t < 1e-10 and trial_value >= value:
                break  # no further progress at machine precision
            flat = trial
            value, grad, hess = self.evaluate(flat, allowed, weight_decay)
        return flat, value, self.theta_gradient_norm(grad) < GRADIENT_TOLERANCE

    def theta_gradient_norm(self, grad_std: np.ndarray) -> float:
        """|d objective / d theta| from the gradient in standardised coordinates (g_s = T^T g)."""
        return float(np.linalg.norm(np.linalg.solve(self.T.T, grad_std)))

    # -- separability ----------------------------------------------------------------------------

    def margin_rows(self):
        """The margins as a matrix: row r times flat = margin r. Also (sample, class) per row."""
        from scipy import sparse

        Xs, n = self.Xs, self.n
        if self.model.kind == "logistic":
            sign = np.where(self.y == 1, 1.0, -1.0)
            return sparse.csr_matrix(Xs * sign[:, None]), np.arange(n), np.zeros(n, dtype=int)
        samples, classes = [], []
        for c in range(self.C):  # a loop over classes only
            idx = np.flatnonzero(self.y != c)
            samples.append(idx)
            classes.append(np.full(len(idx), c))
        samples = np.concatenate(samples)
        classes = np.concatenate(classes)
        R, D1 = len(samples), self.D1
        rows = np.repeat(np.arange(R), 2 * D1)
        cols = np.concatenate(
            [self.y[samples][:, None] * D1 + np.arange(D1), classes[:, None] * D1 + np.arange(D1)], axis=1
        ).reshape(-1)
        vals = np.concatenate([Xs[samples], -Xs[samples]], axis=1).reshape(-1)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(R, self.P)), samples, classes

    def separating_direction(self, M):
        """(flat d, mask of separated rows) for the largest separable set, or (None, None).

        Two linear programmes over the cone {d : margin_r(d) >= 0 for every row r}, |d_i| <= 1:
        1. maximise the sum of all margins (P variables): zero means no direction separates
           anything, so the optimum is finite; otherwise d1 separates most of what can be;
        2. for the rows d1 leaves at zero, maximise sum_r t_r with 0 <= t_r <= min(margin_r, 1)
           subject to only those rows' margins >= 0: any optimum d2 separates a maximal set of
           them, and d = lambda*d1 + d2 with lambda large enough keeps the rows d1 separates
           separated. So d separates the largest set there is.
        """
        from scipy import sparse
        from scipy.optimize import linprog

        R, P = M.shape
        tol = 1e-7 * max(float(np.abs(M).max()), 1e-300)
        box = [(-1.0, 1.0)] * P
        first = linprog(-np.asarray(M.sum(axis=0)).reshape(-1), A_ub=-M, b_ub=np.zeros(R), bounds=box,
                        method="highs-ds")
        if first.status != 0 or -first.fun <= tol:
            return None, None
        d = first.x
        margins = M @ d
        rest = np.flatnonzero(margins <= tol)
        if len(rest):
            Mr = M[rest]
            k = len(rest)
            A = sparse.vstack([sparse.hstack([-Mr, sparse.identity(k, format="csr")]),
                               sparse.hstack([-Mr, sparse.csr_matrix((k, k))])]).tocsr()
            cost = np.concatenate([np.zeros(P), -np.ones(k)])
            second = linprog(cost, A_ub=A, b_ub=np.zeros(2 * k), bounds=box + [(0.0, 1.0)] * k,
                             method="highs-ds")
            if second.status == 0 and -second.fun > tol:
                d2 = second.x[:P]
                m2 = M @ d2
                done = margins > tol
                need = float(np.max(np.maximum(-m2[done], 0.0) / margins[done]))
                d = (2.0 * need + 1.0) * d + d2
        margins = M @ d
        separated = margins > tol
        if not separated.any() or margins.min() < -tol * max(1.0, np.abs(d).max()):
            return None, None
        return d, separated


def _cross_entropy(model: Model, X, y, weight_decay: float) -> Optimum:
    """Newton first: it either converges (finite, if no separating direction exists) or its
    iterates separate every sample, which proves the data separable. Otherwise linear programmes
    find the largest separable part (quasi-separable data)."""
    top = 2 if model.kind == "logistic" else model.n_classes
    if y.min() < 0 or y.max() >= top:
        raise ValueError(f"class labels must be 0 to {top - 1} for this model")
    problem = _Problem(model, X, y)
    allowed_all = np.ones(len(y), bool) if model.kind == "logistic" else np.ones((len(y), problem.C), bool)
    margins, samples, classes = problem.margin_rows()

    def separates_all(flat):
        return not np.any(weight_decay) and bool(np.all(margins @ flat > 0))

    flat, _, converged = problem.newton(allowed_all, weight_decay, stop=separates_all)
    if separates_all(flat):
        return _unbounded(model, problem.to_theta(flat), 0.0, 0.0)
    d = None
    if not np.any(weight_decay):
        d, separated = problem.separating_direction(margins)
    if d is None:
        if not converged:
            flat, _, converged = problem.newton(allowed_all, weight_decay, max_iter=300)
        theta = _canonical(model, problem.to_theta(flat))
        loss = float(model.loss(theta[None], X, y)[0])
        grad = model.grad(theta[None], X, y)[0] + weight_decay * theta
        return Optimum("finite", theta, loss, None, weight_decay, float(np.linalg.norm(grad)))
    # Unbounded: separated samples (pairs) drop out in the limit; minimise what remains.
    allowed = allowed_all.copy()
    if model.kind == "logistic":
        allowed[samples[separated]] = False
    else:
        allowed[samples[separated], classes[separated]] = False
    flat, infimum, _ = problem.newton(allowed, 0.0)
    grad_norm = problem.theta_gradient_norm(problem.evaluate(flat, allowed, 0.0, need_hessian=False)[1])
    return _unbounded(model, problem.to_theta(d), max(float(infimum), 0.0), grad_norm)


def _sigmoid_mse(model: Model, X, y, weight_decay: float) -> Optimum:
    """A local minimum of MSE on the sigmoid, reached from the cross-entropy optimum (see above)."""
    from dataclasses import replace

    from scipy.optimize import minimize

    convex = _cross_entropy(replace(model, cost="cross-entropy"), X, y, weight_decay)
    if convex.status == "unbounded":
        if convex.loss > 1e-12:
            raise ValueError("MSE on the sigmoid has no known minimum on partly separable data")
        return Optimum("unbounded", None, 0.0, convex.direction, weight_decay, 0.0)
    problem = _Problem(model, X, y)
    T = np.stack([problem.to_theta(e) for e in np.eye(problem.P)], axis=1)  # theta = T @ flat

    def objective(flat):
        theta = T @ flat
        loss, grad = model.loss_and_grad(theta[None], X, y)
        return (float(loss[0]) + 0.5 * theta @ (weight_decay * theta), T.T @ (grad[0] + weight_decay * theta))

    start = np.linalg.solve(T, convex.theta)
    result = minimize(objective, start, jac=True, method="L-BFGS-B",
                      options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-12})
    theta = T @ result.x
    loss, grad = model.loss_and_grad(theta[None], X, y)
    if not np.isfinite(loss[0]):
        raise ValueError("MSE on the sigmoid: the search for its minimum did not reach one")
    return Optimum("finite", theta, float(loss[0]), None, weight_decay,
                   float(np.linalg.norm(grad[0] + weight_decay * theta)))


def _unbounded(model: Model, direction: np.ndarray, infimum: float, grad_norm: float) -> Optimum:
    direction = _canonical(model, direction)
    return Optimum("unbounded", None, infimum, direction / np.linalg.norm(direction), 0.0, grad_norm)


def _canonical(model: Model, theta: np.ndarray) -> np.ndarray:
    """Softmax logits only matter up to a shift shared by all classes: remove it (shortest theta)."""
    if model.kind != "softmax":
        return theta
    weight, bias = model.unpack(theta[None])
    weight = weight - weight.mean(axis=1, keepdims=True)
    bias = bias - bias.mean(axis=1, keepdims=True)
    return model.pack(weight, bias if model.bias else None)[0]


def _damped_solve(hess: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve (H + mu I) x = rhs with the smallest damping mu that keeps Cholesky happy.

    H is singular for softmax (a shift of all classes changes nothing) and nearly so near
    separation; the gradient has no part in the null space, so a tiny mu changes nothing else.
    """
    from scipy.linalg import cho_solve

    scale = max(float(np.abs(np.diag(hess)).max()), 1e-300)
    mu = 1e-12 * scale
    eye = np.eye(len(hess))
    for _ in range(12):
        try:
            L = np.linalg.cholesky(hess + mu * eye)
        except np.linalg.LinAlgError:
            mu *= 100.0
            continue
        return cho_solve((L, True), rhs)
    return np.linalg.lstsq(hess, rhs, rcond=None)[0]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out
