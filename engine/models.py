"""Linear, logistic and softmax regression as pure, batched functions of ``theta``.

Every function takes ``theta`` shaped [K, P]: K parameter vectors evaluated at once (the runs of
a race, or the cells of a loss-surface grid). Parameters follow ``torch.nn.Linear``'s layout:
the weight [out, in] flattened row-major, then the bias [out] (absent for a model without bias).

Costs are means over the samples, exactly as ``torch.nn.functional`` computes them:
- linear:   MSE          mean_n (z_n - y_n)^2                       (F.mse_loss)
- logistic: binary CE    mean_n softplus(z_n) - y_n z_n             (F.binary_cross_entropy_with_logits)
- softmax:  CE           mean_n logsumexp(z_n) - z_n[y_n]           (F.cross_entropy)
- logistic with ``cost="mse"``: MSE on the sigmoid, mean_n (sigmoid(z_n) - y_n)^2
                                                   (F.mse_loss(torch.sigmoid(z), y))
  The course's lesson that this cost is not convex in theta: flat where the sigmoid saturates,
  with no closed form and a Hessian that can curve down.

A penalty on the weights (never the bias) can be added to the cost: ``l2``·Σw² (ridge) and
``l1``·Σ|w| (lasso; its gradient takes the subgradient 0 at w = 0, as torch's ``abs`` does).
Every cost, gradient and surface of a penalised model is the penalised cost.

``weights`` (optional, [N] or [K, N], each row summing to 1) replaces the plain mean by a
weighted one: that is how a race gives each run its own mini-batch while sharing one forward pass.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

KINDS = ("linear", "logistic", "softmax")
# The costs each kind can be trained on, its own first: MSE for a line, cross-entropy for classes,
# and, for two classes, MSE on the sigmoid's output (the cost the course shows is not convex).
COSTS_FOR_KIND: dict[str, tuple[str, ...]] = {
    "linear": ("mse",),
    "logistic": ("cross-entropy", "mse"),
    "softmax": ("cross-entropy",),
}
COSTS = ("cross-entropy", "mse")
MAX_PENALTY = 1e3  # the largest L2 or L1 strength: far past where every weight is ~0
# Which models fit which task, the first being the default: the one table the window, the CLI
# and session files go by. Softmax on two classes is the same lesson with two outputs.
MODELS_FOR_TASK: dict[str, tuple[str, ...]] = {
    "regression": ("linear",),
    "binary": ("logistic", "softmax"),
    "multiclass": ("softmax",),
}


@dataclass(frozen=True)
class Model:
    """The shape of a model: which loss, how many inputs and outputs, whether it has a bias."""

    kind: str
    n_features: int
    n_classes: int = 1  # outputs: 1 for linear and logistic, C for softmax
    bias: bool = True
    cost: str | None = None  # COSTS_FOR_KIND[kind]; None: the kind's own (MSE for linear, else cross-entropy)
    l2: float = 0.0  # + l2 * sum of the weights squared
    l1: float = 0.0  # + l1 * sum of the weights' absolute values
    # a race's cost may grow DIVERGENCE_FACTOR times its start's before the run counts as
    # diverged; a start this close to 0 counts as this (a perfect fit)
    divergence_floor = 1e-12

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown model {self.kind!r}: choose one of {', '.join(KINDS)}")
        if self.n_features < 1:
            raise ValueError("a model needs at least one feature")
        if self.kind != "softmax" and self.n_classes != 1:
            raise ValueError(f"a {self.kind} model has one output, not {self.n_classes}")
        if self.kind == "softmax" and self.n_classes < 2:
            raise ValueError("softmax regression needs at least two classes")
        for name in ("l2", "l1"):
            value = float(getattr(self, name))
            if not (np.isfinite(value) and 0.0 <= value <= MAX_PENALTY):
                raise ValueError(f"the {name.upper()} penalty must be from 0 to {MAX_PENALTY:g}, not {value:g}")
            object.__setattr__(self, name, value)
        fits = COSTS_FOR_KIND[self.kind]
        if self.cost is None:
            object.__setattr__(self, "cost", fits[0])
        elif self.cost not in fits:
            raise ValueError(f"{self.kind} regression is trained on {' or '.join(fits)}, not {self.cost!r}")

    @property
    def sigmoid_mse(self) -> bool:
        """Logistic regression's output trained on the squared error: not convex."""
        return self.kind == "logistic" and self.cost == "mse"

    @property
    def penalised(self) -> bool:
        return self.l2 > 0.0 or self.l1 > 0.0

    @property
    def unpenalised(self) -> Model:
        """The same model without the penalty: the data's own cost."""
        return replace(self, l2=0.0, l1=0.0) if self.penalised else self

    def penalty(self, theta) -> np.ndarray:
        """l2·Σw² + l1·Σ|w| of each parameter vector [K] (0 without a penalty)."""
        theta = np.atleast_2d(np.asarray(theta, dtype=np.float64))
        if not self.penalised:
            return np.zeros(theta.shape[0])
        w = theta[:, : self.n_weights]
        return self.l2 * np.einsum("kp,kp->k", w, w) + self.l1 * np.abs(w).sum(axis=1)

    @property
    def n_outputs(self) -> int:
        return self.n_classes

    @property
    def n_weights(self) -> int:
        return self.n_outputs * self.n_features

    @property
    def n_params(self) -> int:
        return self.n_weights + (self.n_outputs if self.bias else 0)

    def param_names(self) -> list[str]:
        """Names in nn.Linear's terms: ``weight[o,i]`` then ``bias[o]``."""
        names = [f"weight[{o},{i}]" for o in range(self.n_outputs) for i in range(self.n_features)]
        if self.bias:
            names += [f"bias[{o}]" for o in range(self.n_outputs)]
        return names

    def param_index(self, name: str) -> int:
        try:
            return self.param_names().index(name.replace(" ", ""))
        except ValueError:
            last_w = f"weight[{self.n_outputs - 1},{self.n_features - 1}]"
            has = f"weight[0,0] to {last_w}" if self.n_weights > 1 else "weight[0,0]"
            if self.bias:
                has += f" and bias[0] to bias[{self.n_outputs - 1}]" if self.n_outputs > 1 else " and bias[0]"
            shown = name if len(name) <= 40 else name[:39] + "…"
            raise ValueError(f"no parameter {shown!r} in this model; it has {has}") from None

    def unpack(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[K, P] -> weight [K, out, in] and bias [K, out] (zeros when the model has no bias)."""
        theta = np.asarray(theta, dtype=np.float64)
        k = theta.shape[0]
        weight = theta[:, : self.n_weights].reshape(k, self.n_outputs, self.n_features)
        if self.bias:
            bias = theta[:, self.n_weights :]
        else:
            bias = np.zeros((k, self.n_outputs))
        return weight, bias

    def pack(self, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
        """weight [K, out, in] (+ bias [K, out]) -> theta [K, P]."""
        weight = np.asarray(weight, dtype=np.float64)
        k = weight.shape[0]
        parts = [weight.reshape(k, self.n_weights)]
        if self.bias:
            parts.append(np.asarray(bias, dtype=np.float64).reshape(k, self.n_outputs))
        return np.concatenate(parts, axis=1)

    # -- the three pure functions -----------------------------------------------------------

    def logits(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        """z = X W^T + b for every theta: [K, N, out]."""
        return self._logits(np.atleast_2d(np.asarray(theta, dtype=np.float64)), X).transpose(1, 2, 0)

    def _logits(self, theta: np.ndarray, X) -> np.ndarray:
        """The logits in the layout the hot path uses, [out, K, N]: one matrix product for all K,
        and sums or maxima over classes are element-wise operations on contiguous [K, N] slabs."""
        k = theta.shape[0]
        X = np.asarray(X, dtype=np.float64)
        weight = theta[:, : self.n_weights].reshape(k, self.n_outputs, self.n_features)
        weight = weight.transpose(1, 0, 2).reshape(self.n_outputs * k, self.n_features)
        z = weight @ X.T  # [out * K, N]
        if self.bias:
            z += theta[:, self.n_weights :].T.reshape(self.n_outputs * k, 1)
        return z.reshape(self.n_outputs, k, X.shape[0])

    def loss(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray, weights=None) -> np.ndarray:
        """The cost of each parameter vector: [K]."""
        return self.loss_and_grad(theta, X, y, weights, need_grad=False)[0]

    def grad(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray, weights=None) -> np.ndarray:
        """d cost / d theta in closed form: [K, P]."""
        return self.loss_and_grad(theta, X, y, weights)[1]

    def loss_and_grad(self, theta, X, y, weights=None, need_grad: bool = True, full_loss: bool = False):
        """Cost [K] and gradient [K, P] from one forward pass.

        With ``full_loss`` the cost is the plain mean over all samples while the gradient uses
        ``weights``: the race needs the training-set cost and each run's mini-batch gradient at
        the same point, and both come from the same logits.
        """
        theta = np.atleast_2d(np.asarray(theta, dtype=np.float64))
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        z = self._logits(theta, X)  # [out, K, N]
        per_sample, dz = _LOSSES[self.kind, self.cost](z, np.asarray(y), need_grad)  # [K, N], [out, K, N]
        if weights is None:  # the plain mean: no weight matrix needed
            loss = per_sample.mean(axis=1)
            # the mean's 1/N goes on the [K, P] gradient, not on the [out, K, N] derivative
            grad = self._backward(dz, X) * (1.0 / n) if need_grad else None
        else:
            w = _sample_weights(weights, theta.shape[0], n)  # [K, N]
            loss = per_sample.mean(axis=1) if full_loss else (per_sample * w).sum(axis=1)
            grad = self._backward(dz * w, X) if need_grad else None
        if self.penalised:
            loss = loss + self.penalty(theta)
            if grad is not None:
                weight = theta[:, : self.n_weights]
                grad[:, : self.n_weights] += 2.0 * self.l2 * weight + self.l1 * np.sign(weight)
        return loss, grad

    def _backward(self, dz: np.ndarray, X: np.ndarray) -> np.ndarray:
        """Gradient from d cost / d logits [out, K, N] (already weighted): dW = dz X, db = sum dz."""
        out, k, n = dz.shape
        grad = np.empty((k, self.n_params))
        grad_weight = (dz.reshape(out * k, n) @ X).reshape(out, k, self.n_features)
        grad[:, : self.n_weights] = grad_weight.transpose(1, 0, 2).reshape(k, self.n_weights)
        if self.bias:
            grad[:, self.n_weights :] = dz.sum(axis=2).T
        return grad

    def predict_proba(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        """Linear: predictions [K, N]. Logistic: P(class 1) [K, N]. Softmax: [K, N, C]."""
        z = self.logits(theta, X)
        if self.kind == "linear":
            return z[..., 0]
        if self.kind == "logistic":
            return sigmoid(z[..., 0])
        return softmax(z)

    def predict(self, theta: np.ndarray, X: np.ndarray, threshold: float = 0.5) -> np.ndarray:
        """Linear: the prediction. Logistic: 1 where P >= threshold. Softmax: the argmax class."""
        p = self.predict_proba(theta, X)
        if self.kind == "linear":
            return p
        if self.kind == "logistic":
            return (p >= threshold).astype(np.int64)
        return p.argmax(axis=-1)


def model_for(dataset, kind: str | None = None, bias: bool = True, cost: str | None = None,
              l2: float = 0.0, l1: float = 0.0) -> Model:
    """The model of ``kind`` (default: the first that fits the task) sized for ``dataset``, trained
    on ``cost`` (default: the kind's own).

    ``dataset`` needs ``task``, ``d``, ``n_classes`` and ``name``. A kind that does not fit the
    task raises ValueError in words a student understands.
    """
    fits = MODELS_FOR_TASK[dataset.task]
    kind = kind or fits[0]
    if kind not in KINDS:
        raise ValueError(f"unknown model {kind!r}: choose one of {', '.join(KINDS)}")
    if kind not in fits:
        if kind == "logistic":
            raise ValueError(f"logistic regression needs two classes; {dataset.name} is {dataset.task}")
        if kind == "softmax":
            raise ValueError(f"softmax regression needs classes; {dataset.name} is a regression data set")
        raise ValueError(f"linear regression needs a numeric target; {dataset.name} is a {dataset.task} data set: "
                         "use logistic or softmax regression")
    if cost is not None and cost not in COSTS_FOR_KIND[kind]:
        if cost == "mse":
            raise ValueError("MSE on the sigmoid needs two classes and logistic regression")
        raise ValueError(f"{kind} regression is trained on {' or '.join(COSTS_FOR_KIND[kind])}, not {cost!r}")
    return Model(kind, dataset.d, dataset.n_classes if kind == "softmax" else 1, bias, cost, l2, l1)


def _sample_weights(weights, k: int, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return np.broadcast_to(w, (k, n)) if w.ndim == 1 else w


# -- per-sample losses and their derivative with respect to the logits ------------------------


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), without overflow for |z| in the thousands."""
    out = np.empty_like(z, dtype=np.float64)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def softplus(z: np.ndarray) -> np.ndarray:
    """log(1 + e^z), stable: max(z, 0) + log1p(e^-|z|)."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def log_softmax(z: np.ndarray) -> np.ndarray:
    """z - logsumexp(z) over the last axis, shifted by the max so exp never overflows."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(z: np.ndarray) -> np.ndarray:
    return np.exp(log_softmax(z))


def _mse(z, y, need_grad=True):
    residual = z[0] - y  # [K, N]
    return residual**2, (2.0 * residual)[None] if need_grad else None


def _binary_cross_entropy(z, y, need_grad=True):
    z0 = z[0]
    y = y.astype(np.float64)
    return softplus(z0) - y * z0, (sigmoid(z0) - y)[None] if need_grad else None


def _sigmoid_mse(z, y, need_grad=True):
    """(sigmoid(z) - y)^2; d/dz = 2 (s - y) s (1 - s), which vanishes where s saturates."""
    s = sigmoid(z[0])
    residual = s - y.astype(np.float64)
    return residual**2, (2.0 * residual * s * (1.0 - s))[None] if need_grad else None


def _cross_entropy(z, y, need_grad=True):
    """-log softmax(z)[y] = logsumexp(z) - z[y], shifted by the max so exp never overflows."""
    top = z.max(axis=0)  # [K, N]
    exp = np.exp(z - top)  # [C, K, N]
    total = exp.sum(axis=0)
    one_hot = (y == np.arange(z.shape[0])[:, None])[:, None, :]  # [C, 1, N]
    picked = np.where(one_hot, z, 0.0).sum(axis=0)  # z[y] for each run and sample
    per_sample = np.log(total) + top - picked
    if not need_grad:
        return per_sample, None
    exp /= total  # softmax
    exp -= one_hot
    return per_sample, exp


_LOSSES = {("linear", "mse"): _mse, ("logistic", "cross-entropy"): _binary_cross_entropy,
           ("logistic", "mse"): _sigmoid_mse, ("softmax", "cross-entropy"): _cross_entropy}
