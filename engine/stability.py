"""How fast a learning rate may be, from the user's own data: the Hessian of the cost and what
its eigenvalues say about gradient descent and heavy-ball momentum.

The cost's Hessian with respect to theta (``engine.models`` layout: nn.Linear's weight row-major,
then the bias) is (1/n) Σ_n J_nᵀ A_n J_n, with J_n the logits' derivative (the input x̃_n = [x_n, 1]
for each output) and A_n the per-sample cost's second derivative in the logits:
- MSE: 2, so H = (2/n) X̃ᵀX̃ everywhere (the cost is a quadratic);
- binary cross-entropy: p(1 − p), at the point it is taken;
- MSE on the sigmoid: 2p′² + 2(p − y)p′(1 − 2p), p′ = p(1 − p): below 0 where the sigmoid saturates
  on the wrong side, so its eigenvalues are kept as they are (the cost is not convex);
- cross-entropy of the softmax: diag(p) − ppᵀ, at the point it is taken;
- an L2 penalty l2·Σw² adds 2·l2 to every weight's diagonal entry (the bias is not penalised).

On a quadratic with curvatures λmin..λmax, gradient descent converges exactly when
lr < 2/λmax, heavy-ball momentum with β when lr < 2(1 + β)/λmax, and the fastest constant
settings are lr = 2/(λmin + λmax) for GD and lr = (2/(√λmin + √λmax))², β = ((√κ − 1)/(√κ + 1))²
for heavy ball (Polyak), κ = λmax/λmin. For the cross-entropies these hold near the point taken.

A softmax's logits can all move together without changing any probability: its Hessian always
has such flat directions (eigenvalue 0). They neither speed nor slow the descent, so λmin and κ are
taken over the curved directions, and the flat ones are counted apart.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.models import Model

FLAT = 1e-12  # a curvature below FLAT x λmax counts as none


def hessian(model: Model, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """[P, P] Hessian of the mean cost at ``theta`` [P]."""
    if model.kind == "function":
        return model.hessian(theta)
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    Xt = np.hstack([X, np.ones((n, 1))]) if model.bias else X
    theta = np.asarray(theta, dtype=np.float64).reshape(1, -1)
    if model.kind == "linear":
        curvature = np.full((n, 1, 1), 2.0)
    else:
        with np.errstate(all="ignore"):
            p = model.predict_proba(theta, X)[0]  # [n] (logistic) or [n, C]
        if model.sigmoid_mse:  # d²/dz² (s - y)² = 2 s'² + 2 (s - y) s' (1 - 2s), s' = s (1 - s): may be < 0
            slope = p * (1.0 - p)
            curvature = (2.0 * slope**2 + 2.0 * (p - y) * slope * (1.0 - 2.0 * p)).reshape(n, 1, 1)
        elif model.kind == "logistic":
            curvature = (p * (1.0 - p)).reshape(n, 1, 1)
        else:
            curvature = np.einsum("no,oq->noq", p, np.eye(p.shape[1])) - p[:, :, None] * p[:, None, :]
    out = model.n_outputs
    blocks = np.empty((out, out, Xt.shape[1], Xt.shape[1]))
    for o in range(out):
        for q in range(o, out):
            blocks[o, q] = blocks[q, o] = (Xt * curvature[:, o, q, None]).T @ Xt / n
    # from (output, input-or-bias) pairs to theta's order: every weight first, then every bias
    order = [(o, i) for o in range(out) for i in range(d)] + ([(o, d) for o in range(out)] if model.bias else [])
    rows = np.array([o for o, _ in order])
    cols = np.array([i for _, i in order])
    H = blocks[rows[:, None], rows[None, :], cols[:, None], cols[None, :]]
    if model.l2:  # l2·Σw² curves every weight by 2·l2 (L1's |w| has no curvature away from 0)
        H[np.arange(model.n_weights), np.arange(model.n_weights)] += 2.0 * model.l2
    return H


@dataclass(frozen=True)
class Stability:
    eigenvalues: np.ndarray  # ascending, every direction
    flat: int  # directions with no curvature (a softmax's shared shift)

    @property
    def curved(self) -> np.ndarray:
        return self.eigenvalues[self.flat:]

    @property
    def lam_max(self) -> float:
        return float(self.eigenvalues[-1])

    @property
    def lam_min(self) -> float:
        """The smallest curvature beside the softmax's flat directions; 0 when the data leave a
        direction without any (a duplicated column, fewer points than parameters): κ is then ∞.
        Below 0 only for a function (a saddle, a hilltop): a cost of data curves up or not at all."""
        if not self.curved.size:
            return 0.0
        low = float(self.curved[0])
        return low if abs(low) > FLAT * abs(self.lam_max) else 0.0

    @property
    def condition_number(self) -> float:
        return self.lam_max / self.lam_min if self.lam_min > 0 else math.inf

    def critical_lr_gd(self) -> float:
        return self.critical_lr_momentum(0.0)

    def critical_lr_momentum(self, beta: float) -> float:
        return _heavy_ball_limit(beta, self.lam_max)

    def best_gd_lr(self) -> float:
        """2/(λmin + λmax); none (inf) where the cost curves down somewhere: no constant rate is best."""
        return 2.0 / (self.lam_min + self.lam_max) if self.lam_max > 0 and self.lam_min >= 0 else math.inf

    def best_heavy_ball(self) -> tuple[float, float]:
        """(lr, β) of Polyak's heavy ball, fastest on the curved directions."""
        if self.lam_min < 0 or self.lam_max <= 0:
            return math.inf, 0.0
        lo, hi = math.sqrt(self.lam_min), math.sqrt(self.lam_max)
        if hi == 0:
            return math.inf, 0.0
        root = math.sqrt(self.condition_number) if self.lam_min > 0 else math.inf
        beta = ((root - 1.0) / (root + 1.0)) ** 2 if math.isfinite(root) else 1.0
        return (2.0 / (lo + hi)) ** 2, beta


def stability(model: Model, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> Stability:
    H = hessian(model, theta, X, y)
    eigenvalues = np.linalg.eigvalsh(0.5 * (H + H.T))
    # the softmax cannot feel every class's weights and bias moved alike: n_features (+ 1) directions
    # (an L2 penalty curves the weights' shared shift: then only the biases' stays flat)
    shared = int(model.bias) if model.l2 else model.n_features + int(model.bias)
    flat = min(shared, len(eigenvalues)) if model.kind == "softmax" else 0
    if model.kind == "function" or model.sigmoid_mse:  # curving down (a saddle, a sigmoid's shoulder) is the lesson
        return Stability(eigenvalues, 0)
    return Stability(np.clip(eigenvalues, 0.0, None), flat)  # PSD: below 0 is rounding


def critical_lr(optimizer: str, hyper: dict, lam_max: float) -> float | None:
    """The learning rate above which a full-batch run of ``optimizer`` diverges on a quadratic
    of largest curvature ``lam_max`` (weight decay adds its own curvature), or None where no such
    simple rule holds (Nesterov, dampening, the adaptive optimisers)."""
    from engine.optimizers.rules import RULE_OF

    if RULE_OF.get(optimizer) != "sgd" or not math.isfinite(lam_max):
        return None
    if hyper.get("nesterov") or float(hyper.get("dampening", 0.0)) != 0.0:
        return None
    limit = _heavy_ball_limit(float(hyper.get("momentum", 0.0)), lam_max + float(hyper.get("weight_decay", 0.0)))
    return limit if math.isfinite(limit) else None


def critical_lr_holds(model: Model) -> str:
    """Where the critical rate is a limit: "everywhere" for MSE (a quadratic: above it, divergence;
    an L2 penalty keeps it one), "start" for a cross-entropy (its curvature changes as a run moves:
    no limit beyond the start) and for an L1 penalty (its corners at w = 0 are no quadratic)."""
    return "everywhere" if model.kind == "linear" and not model.l1 else "start"


def _heavy_ball_limit(beta: float, curvature: float) -> float:
    """GD (β = 0) or heavy ball with β converge on curvature λ exactly when lr < 2(1 + β)/λ."""
    return 2.0 * (1.0 + beta) / curvature if curvature > 0 else math.inf
