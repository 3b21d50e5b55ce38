"""Gradient-descent optimisers for a race: K runs stepped at once, numerically identical to torch.optim.

Each update rule is a pure numpy function whose variable names are torch's (``exp_avg``,
``exp_avg_sq``, ``bias_correction1``, ``square_avg``, ``momentum_buffer`` ...) and whose docstring
holds the pseudocode of torch 2.13's documentation, line for line. Every argument is an array:
parameters, gradients and state are [k, P], hyper-parameters and step counts are [k, 1] columns, so
one call updates every run that uses that rule, each with its own hyper-parameters.

:class:`OptimizerBank` holds all runs of a race. It groups the rows by update rule and steps each
group at once (a loop over at most five rules, never over runs or parameters).

Optimiser names as the app shows them (``OPTIMIZERS``) map onto torch classes:

========  ===================  ==========================================================
name      torch.optim          note
========  ===================  ==========================================================
gd        SGD                  full batch (the batch size is chosen by the race)
sgd       SGD                  mini-batch
momentum  SGD(momentum=0.9)    SGD whose default momentum is 0.9
adagrad   Adagrad
rmsprop   RMSprop
adam      Adam                 weight_decay is an L2 term folded into the gradient
adamw     AdamW                weight_decay is decoupled: it shrinks θ directly
========  ===================  ==========================================================

Hyper-parameters use torch's names and defaults, except that Adam's ``betas`` is split into the
flat keys ``beta1`` and ``beta2``. Validation follows torch's constructors and is a little
stricter where torch accepts values that can only break a run: ``dampening`` and RMSprop's
``alpha`` must lie in [0, 1], and every number must be finite.
"""
from __future__ import annotations

import inspect
import math
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

OPTIMIZERS: tuple[str, ...] = ("gd", "sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw")

# The update rule (and torch class) behind each optimiser name.
RULE_OF: dict[str, str] = {
    "gd": "sgd",
    "sgd": "sgd",
    "momentum": "sgd",
    "adagrad": "adagrad",
    "rmsprop": "rmsprop",
    "adam": "adam",
    "adamw": "adamw",
}
TORCH_CLASS: dict[str, str] = {
    "sgd": "SGD",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "adamw": "AdamW",
}

# Short formulas for the explanation panel (γ lr, λ weight_decay, g the gradient, t the step).
FORMULAS: dict[str, str] = {
    "gd": "g ← ∇f(θ) on the whole data set\nθ ← θ − γ·g",
    "sgd": "g ← ∇f(θ) on a random mini-batch\nθ ← θ − γ·g",
    "momentum": "b ← μ·b + (1 − τ)·g    (b ← g on the first step)\nθ ← θ − γ·b",
    "adagrad": "sum ← sum + g²\nθ ← θ − γ/(1 + (t − 1)·η) · g / (√sum + ε)",
    "rmsprop": "v ← α·v + (1 − α)·g²\nθ ← θ − γ·g / (√v + ε)",
    "adam": (
        "g ← g + λ·θ\n"
        "m ← β₁·m + (1 − β₁)·g\n"
        "v ← β₂·v + (1 − β₂)·g²\n"
        "m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)\n"
        "θ ← θ − γ·m̂ / (√v̂ + ε)"
    ),
    "adamw": (
        "θ ← θ − γ·λ·θ\n"
        "m ← β₁·m + (1 − β₁)·g\n"
        "v ← β₂·v + (1 − β₂)·g²\n"
        "m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)\n"
        "θ ← θ − γ·m̂ / (√v̂ + ε)"
    ),
}


def lerp(start: np.ndarray, end: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """``start + weight·(end − start)``, i.e. ``(1 − weight)·start + weight·end``, rounded as torch.lerp."""
    small = np.abs(weight) < 0.5
    return np.where(small, start + weight * (end - start), end - (end - start) * (1 - weight))


# ---------------------------------------------------------------------------------------------
# Update rules. Arrays: param, grad and state [k, P]; step, flags and hyper-parameters [k, 1].
# Each returns the new param and the new state; nothing is modified in place.
# ---------------------------------------------------------------------------------------------


def sgd(
    param: np.ndarray,
    grad: np.ndarray,
    momentum_buffer: np.ndarray,
    has_momentum_buffer: np.ndarray,
    *,
    lr: np.ndarray,
    momentum: np.ndarray,
    dampening: np.ndarray,
    weight_decay: np.ndarray,
    nesterov: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Stochastic gradient descent, optionally with (Nesterov) momentum: torch.optim.SGD.

    γ lr, μ momentum, τ dampening, λ weight_decay, b the momentum_buffer:

        g ← ∇f(θ)
        if λ ≠ 0:  g ← g + λ·θ
        if μ ≠ 0:
            if b exists:  b ← μ·b + (1 − τ)·g
            else:         b ← g
            if nesterov:  g ← g + μ·b
            else:         g ← b
        θ ← θ − γ·g

    The buffer starts as the first gradient itself, undamped, as in torch.
    """
    grad = grad + weight_decay * param
    uses_momentum = momentum != 0
    next_buffer = np.where(
        has_momentum_buffer, momentum * momentum_buffer + (1 - dampening) * grad, grad
    )
    momentum_buffer = np.where(uses_momentum, next_buffer, momentum_buffer)
    has_momentum_buffer = has_momentum_buffer | uses_momentum
    with_momentum = np.where(nesterov, grad + momentum * momentum_buffer, momentum_buffer)
    grad = np.where(uses_momentum, with_momentum, grad)
    param = param - lr * grad
    return param, {"momentum_buffer": momentum_buffer, "has_momentum_buffer": has_momentum_buffer}


def adagrad(
    param: np.ndarray,
    grad: np.ndarray,
    step: np.ndarray,
    state_sum: np.ndarray,
    *,
    lr: np.ndarray,
    lr_decay: np.ndarray,
    weight_decay: np.ndarray,
    eps: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Adagrad: each parameter's step shrinks with its summed squared gradients: torch.optim.Adagrad.

    γ lr, η lr_decay, λ weight_decay, τ initial_accumulator_value, sum the state_sum (starts at τ):

        t ← t + 1
        g ← ∇f(θ)
        if λ ≠ 0:  g ← g + λ·θ
        γ̃ ← γ / (1 + (t − 1)·η)
        sum ← sum + g²
        θ ← θ − γ̃·g / (√sum + ε)
    """
    step = step + 1
    grad = grad + weight_decay * param
    clr = lr / (1 + (step - 1) * lr_decay)
    state_sum = state_sum + grad * grad
    std = np.sqrt(state_sum) + eps
    param = param - clr * (grad / std)
    return param, {"step": step, "state_sum": state_sum}


def rmsprop(
    param: np.ndarray,
    grad: np.ndarray,
    step: np.ndarray,
    square_avg: np.ndarray,
    grad_avg: np.ndarray,
    momentum_buffer: np.ndarray,
    *,
    lr: np.ndarray,
    alpha: np.ndarray,
    eps: np.ndarray,
    weight_decay: np.ndarray,
    momentum: np.ndarray,
    centered: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """RMSprop: divide the step by a running RMS of recent gradients: torch.optim.RMSprop.

    γ lr, α alpha, λ weight_decay, μ momentum, v the square_avg, g_ave the grad_avg,
    b the momentum_buffer (all start at 0):

        t ← t + 1
        g ← ∇f(θ)
        if λ ≠ 0:  g ← g + λ·θ
        v ← α·v + (1 − α)·g²
        ṽ ← v
        if centered:
            g_ave ← α·g_ave + (1 − α)·g
            ṽ ← ṽ − g_ave²
        if μ > 0:
            b ← μ·b + g / (√ṽ + ε)
            θ ← θ − γ·b
        else:
            θ ← θ − γ·g / (√ṽ + ε)
    """
    step = step + 1
    grad = grad + weight_decay * param
    square_avg = alpha * square_avg + (1 - alpha) * (grad * grad)
    grad_avg = np.where(centered, lerp(grad_avg, grad, 1 - alpha), grad_avg)
    avg = np.sqrt(np.where(centered, square_avg - grad_avg * grad_avg, square_avg)) + eps
    uses_momentum = momentum > 0
    momentum_buffer = np.where(uses_momentum, momentum * momentum_buffer + grad / avg, momentum_buffer)
    param = param - lr * np.where(uses_momentum, momentum_buffer, grad / avg)
    return param, {
        "step": step,
        "square_avg": square_avg,
        "grad_avg": grad_avg,
        "momentum_buffer": momentum_buffer,
    }


def adam(
    param: np.ndarray,
    grad: np.ndarray,
    step: np.ndarray,
    exp_avg: np.ndarray,
    exp_avg_sq: np.ndarray,
    max_exp_avg_sq: np.ndarray,
    *,
    lr: np.ndarray,
    beta1: np.ndarray,
    beta2: np.ndarray,
    eps: np.ndarray,
    weight_decay: np.ndarray,
    amsgrad: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Adam: momentum on the gradient, RMS scaling, both bias-corrected: torch.optim.Adam.

    γ lr, β₁ beta1, β₂ beta2, λ weight_decay (an L2 term), m the exp_avg, v the exp_avg_sq,
    v_max the max_exp_avg_sq (all start at 0):

        t ← t + 1
        g ← ∇f(θ)
        if λ ≠ 0:  g ← g + λ·θ
        m ← β₁·m + (1 − β₁)·g
        v ← β₂·v + (1 − β₂)·g²
        m̂ ← m / (1 − β₁ᵗ)
        if amsgrad:
            v_max ← max(v_max, v)
            v̂ ← v_max / (1 − β₂ᵗ)
        else:
            v̂ ← v / (1 − β₂ᵗ)
        θ ← θ − γ·m̂ / (√v̂ + ε)
    """
    step = step + 1
    grad = grad + weight_decay * param
    exp_avg = lerp(exp_avg, grad, 1 - beta1)
    exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * (grad * grad)
    bias_correction1 = 1 - beta1**step
    bias_correction2 = 1 - beta2**step
    step_size = lr / bias_correction1
    bias_correction2_sqrt = np.sqrt(bias_correction2)
    max_exp_avg_sq = np.where(amsgrad, np.maximum(max_exp_avg_sq, exp_avg_sq), max_exp_avg_sq)
    denom = np.sqrt(np.where(amsgrad, max_exp_avg_sq, exp_avg_sq)) / bias_correction2_sqrt + eps
    param = param - step_size * (exp_avg / denom)
    return param, {
        "step": step,
        "exp_avg": exp_avg,
        "exp_avg_sq": exp_avg_sq,
        "max_exp_avg_sq": max_exp_avg_sq,
    }


def adamw(
    param: np.ndarray,
    grad: np.ndarray,
    step: np.ndarray,
    exp_avg: np.ndarray,
    exp_avg_sq: np.ndarray,
    max_exp_avg_sq: np.ndarray,
    *,
    lr: np.ndarray,
    beta1: np.ndarray,
    beta2: np.ndarray,
    eps: np.ndarray,
    weight_decay: np.ndarray,
    amsgrad: np.ndarray,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """AdamW: Adam whose weight decay shrinks θ directly instead of entering m and v: torch.optim.AdamW.

    γ lr, β₁ beta1, β₂ beta2, λ weight_decay, m the exp_avg, v the exp_avg_sq,
    v_max the max_exp_avg_sq (all start at 0):

        t ← t + 1
        g ← ∇f(θ)
        θ ← θ − γ·λ·θ
        m ← β₁·m + (1 − β₁)·g
        v ← β₂·v + (1 − β₂)·g²
        m̂ ← m / (1 − β₁ᵗ)
        if amsgrad:
            v_max ← max(v_max, v)
            v̂ ← v_max / (1 − β₂ᵗ)
        else:
            v̂ ← v / (1 − β₂ᵗ)
        θ ← θ − γ·m̂ / (√v̂ + ε)
    """
    param = param * (1 - lr * weight_decay)
    no_l2 = np.zeros_like(weight_decay)
    return adam(
        param, grad, step, exp_avg, exp_avg_sq, max_exp_avg_sq,
        lr=lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=no_l2, amsgrad=amsgrad,
    )


UPDATE_RULES: dict[str, Callable[..., tuple[np.ndarray, dict[str, np.ndarray]]]] = {
    "sgd": sgd,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adam": adam,
    "adamw": adamw,
}


def _pseudocode(rule: Callable) -> str:
    """The indented pseudocode block of an update rule's docstring."""
    lines = inspect.getdoc(rule).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    "))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("    ")), len(lines))
    return textwrap.dedent("\n".join(lines[start:end]))


# The full pseudocode of each optimiser, quoted from its update rule's docstring.
PSEUDOCODE: dict[str, str] = {name: _pseudocode(UPDATE_RULES[RULE_OF[name]]) for name in OPTIMIZERS}


def _keyword_names(rule: Callable) -> tuple[str, ...]:
    return tuple(
        p.name for p in inspect.signature(rule).parameters.values() if p.kind is p.KEYWORD_ONLY
    )


def _state_names(rule: Callable) -> tuple[str, ...]:
    positional = [
        p.name
        for p in inspect.signature(rule).parameters.values()
        if p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    return tuple(positional[2:])  # after param and grad


# Hyper-parameters each rule reads on every step, and the state it carries between steps.
STEP_HYPERS: dict[str, tuple[str, ...]] = {r: _keyword_names(f) for r, f in UPDATE_RULES.items()}
STATE_KEYS: dict[str, tuple[str, ...]] = {r: _state_names(f) for r, f in UPDATE_RULES.items()}


# ---------------------------------------------------------------------------------------------
# Hyper-parameters: defaults and validation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hyper:
    """One hyper-parameter: its default, whether it is a flag, and the range it must lie in."""

    default: float | bool
    flag: bool = False
    allowed: Callable[[float], bool] | None = None
    allowed_text: str = ""


_AT_LEAST_ZERO = {"allowed": lambda v: v >= 0, "allowed_text": "must be >= 0"}
_UNIT_HALF_OPEN = {"allowed": lambda v: 0 <= v < 1, "allowed_text": "must be in [0, 1)"}
_UNIT_CLOSED = {"allowed": lambda v: 0 <= v <= 1, "allowed_text": "must be in [0, 1]"}

# torch 2.13's constructor arguments, in its order, with its defaults.
_HYPERS: dict[str, dict[str, _Hyper]] = {
    "sgd": {
        "lr": _Hyper(1e-3, **_AT_LEAST_ZERO),
        "momentum": _Hyper(0.0, **_AT_LEAST_ZERO),
        "dampening": _Hyper(0.0, **_UNIT_CLOSED),
        "weight_decay": _Hyper(0.0, **_AT_LEAST_ZERO),
        "nesterov": _Hyper(False, flag=True),
    },
    "adagrad": {
        "lr": _Hyper(1e-2, **_AT_LEAST_ZERO),
        "lr_decay": _Hyper(0.0, **_AT_LEAST_ZERO),
        "weight_decay": _Hyper(0.0, **_AT_LEAST_ZERO),
        "initial_accumulator_value": _Hyper(0.0, **_AT_LEAST_ZERO),
        "eps": _Hyper(1e-10, **_AT_LEAST_ZERO),
    },
    "rmsprop": {
        "lr": _Hyper(1e-2, **_AT_LEAST_ZERO),
        "alpha": _Hyper(0.99, **_UNIT_CLOSED),
        "eps": _Hyper(1e-8, **_AT_LEAST_ZERO),
        "weight_decay": _Hyper(0.0, **_AT_LEAST_ZERO),
        "momentum": _Hyper(0.0, **_AT_LEAST_ZERO),
        "centered": _Hyper(False, flag=True),
    },
    "adam": {
        "lr": _Hyper(1e-3, **_AT_LEAST_ZERO),
        "beta1": _Hyper(0.9, **_UNIT_HALF_OPEN),
        "beta2": _Hyper(0.999, **_UNIT_HALF_OPEN),
        "eps": _Hyper(1e-8, **_AT_LEAST_ZERO),
        "weight_decay": _Hyper(0.0, **_AT_LEAST_ZERO),
        "amsgrad": _Hyper(False, flag=True),
    },
}
_HYPERS["adamw"] = {**_HYPERS["adam"], "weight_decay": _Hyper(1e-2, **_AT_LEAST_ZERO)}

# Where an optimiser name's defaults differ from its torch class's.
_NAME_DEFAULTS: dict[str, dict[str, Any]] = {"momentum": {"momentum": 0.9}}


def _check_name(name: str) -> str:
    if name not in RULE_OF:
        raise ValueError(f"unknown optimiser {name!r}: choose one of {', '.join(OPTIMIZERS)}")
    return RULE_OF[name]


def defaults(name: str) -> dict:
    """Every hyper-parameter of optimiser ``name`` with torch's default (momentum: momentum=0.9)."""
    rule = _check_name(name)
    values = {key: spec.default for key, spec in _HYPERS[rule].items()}
    values.update(_NAME_DEFAULTS.get(name, {}))
    return values


def _as_flag(name: str, key: str, value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, (int, np.integer)) and value in (0, 1)):
        return bool(value)
    raise ValueError(f"{name}: {key} must be True or False, got {value!r}")


def _as_number(name: str, key: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}: {key} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: {key} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name}: {key} must be a finite number, got {value!r}")
    return number


def validate(name: str, hyper: dict) -> dict:
    """``hyper`` completed with defaults, numbers as float and flags as bool; ValueError if invalid.

    Checks mirror torch's constructors (lr, eps, momentum, weight_decay, lr_decay,
    initial_accumulator_value >= 0; betas in [0, 1); Nesterov needs momentum > 0 and no
    dampening), plus dampening and alpha in [0, 1]. Torch's ``betas=(b1, b2)`` is accepted and
    split into ``beta1`` and ``beta2``.
    """
    rule = _check_name(name)
    specs = _HYPERS[rule]
    given = dict(hyper)
    if "betas" in given and "beta1" in specs:
        betas = given.pop("betas")
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise ValueError(f"{name}: betas must be a pair (beta1, beta2), got {betas!r}")
        for key, value in zip(("beta1", "beta2"), betas):
            if key in given:
                raise ValueError(f"{name}: give either betas or {key}, not both")
            given[key] = value
    unknown = [key for key in given if key not in specs]
    if unknown:
        raise ValueError(
            f"{name}: unknown hyper-parameter {unknown[0]!r}; allowed: {', '.join(specs)}"
        )
    values = defaults(name)
    for key, value in given.items():
        spec = specs[key]
        if spec.flag:
            values[key] = _as_flag(name, key, value)
        else:
            number = _as_number(name, key, value)
            if not spec.allowed(number):
                raise ValueError(f"{name}: {key} {spec.allowed_text}, got {value!r}")
            values[key] = number
    if values.get("nesterov") and (values["momentum"] <= 0 or values["dampening"] != 0):
        raise ValueError(
            f"{name}: nesterov needs momentum > 0 and dampening = 0, "
            f"got momentum={values['momentum']}, dampening={values['dampening']}"
        )
    return values


def torch_equivalent(name: str, hyper: dict) -> tuple[str, dict]:
    """The torch.optim class name and keyword arguments that do what (``name``, ``hyper``) does."""
    values = validate(name, hyper)
    if "beta1" in values:
        values["betas"] = (values.pop("beta1"), values.pop("beta2"))
    return TORCH_CLASS[RULE_OF[name]], values


# ---------------------------------------------------------------------------------------------
# The bank: all runs of a race
# ---------------------------------------------------------------------------------------------

_ALL_HYPER_KEYS = tuple(dict.fromkeys(key for specs in _HYPERS.values() for key in specs))
_FLAG_KEYS = frozenset(key for specs in _HYPERS.values() for key, s in specs.items() if s.flag)
_ALL_STATE_KEYS = tuple(dict.fromkeys(key for keys in STATE_KEYS.values() for key in keys))
# Per-run state held as a [K, 1] column rather than [K, P].
_COLUMN_STATE = {"step": np.float64, "has_momentum_buffer": np.bool_}


class OptimizerBank:
    """All runs of a race; groups rows by optimiser kind, each kind steps its rows at once.

    Row k is run k: its optimiser ``names[k]``, its hyper-parameters ``hyper(k)`` and its state
    (step count, momentum buffers, moment estimates). ``step`` takes and returns θ for every row.
    """

    def __init__(self, names: list[str], hypers: list[dict] | None, n_params: int) -> None:
        """K = len(names) runs of ``n_params`` parameters; ``hypers[k]`` is validated (None: defaults)."""
        names = list(names)
        hypers = [{} for _ in names] if hypers is None else list(hypers)
        if len(hypers) != len(names):
            raise ValueError(f"got {len(names)} optimisers but {len(hypers)} hyper-parameter sets")
        if int(n_params) < 1:
            raise ValueError(f"n_params must be at least 1, got {n_params}")
        self.n_params = int(n_params)
        self._names = names
        self._hypers = [validate(name, hyper) for name, hyper in zip(names, hypers)]
        k = len(names)
        self._rows_of_rule = {
            rule: np.flatnonzero([RULE_OF[name] == rule for name in names]).astype(np.intp)
            for rule in UPDATE_RULES
        }
        self._columns: dict[str, np.ndarray] = {}
        for key in _ALL_HYPER_KEYS:
            dtype = np.bool_ if key in _FLAG_KEYS else np.float64
            column = [h.get(key, False if key in _FLAG_KEYS else 0.0) for h in self._hypers]
            self._columns[key] = np.array(column, dtype=dtype).reshape(k, 1)
        self._state: dict[str, np.ndarray] = {
            key: np.zeros((k, 1) if key in _COLUMN_STATE else (k, self.n_params),
                          dtype=_COLUMN_STATE.get(key, np.float64))
            for key in _ALL_STATE_KEYS
        }
        self.reset()

    # -- reading --------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return list(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def hyper(self, k: int) -> dict:
        return dict(self._hypers[k])

    def state(self, k: int) -> dict:
        """Run k's optimiser state, named as in torch's ``optimizer.state[param]``.

        ``step`` is a float; arrays are copies of shape [P]. SGD's ``momentum_buffer`` is present
        only once it exists (the first step with momentum), as in torch. Adagrad's accumulator is
        called ``state_sum`` (torch stores it under ``sum``).
        """
        rule = RULE_OF[self._names[k]]
        result: dict[str, Any] = {}
        for key in STATE_KEYS[rule]:
            if key == "has_momentum_buffer":
                continue
            if key == "step":
                result[key] = float(self._state[key][k, 0])
            else:
                result[key] = self._state[key][k].copy()
        if rule == "sgd" and not self._state["has_momentum_buffer"][k, 0]:
            del result["momentum_buffer"]
        return result

    # -- stepping -------------------------------------------------------------------------
    def step(self, theta: np.ndarray, grad: np.ndarray, active: np.ndarray | None = None) -> np.ndarray:
        """θ after one optimiser step of every active row; inactive rows keep θ and state."""
        shape = (len(self), self.n_params)
        theta = np.asarray(theta, dtype=np.float64)
        grad = np.asarray(grad, dtype=np.float64)
        if theta.shape != shape or grad.shape != shape:
            raise ValueError(
                f"theta and grad must be shaped {shape}, got {theta.shape} and {grad.shape}"
            )
        if active is None:
            active = np.ones(len(self), dtype=bool)
        else:
            active = np.asarray(active, dtype=bool)
            if active.shape != (len(self),):
                raise ValueError(f"active must be shaped ({len(self)},), got {active.shape}")
        new_theta = theta.copy()
        # A diverging run (lr too large) is a lesson, not an error: let it reach inf/nan quietly.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for rule, rule_rows in self._rows_of_rule.items():
                rows = rule_rows[active[rule_rows]]
                if rows.size == 0:
                    continue
                state = {key: self._state[key][rows] for key in STATE_KEYS[rule]}
                hyper = {key: self._columns[key][rows] for key in STEP_HYPERS[rule]}
                new_theta[rows], new_state = UPDATE_RULES[rule](theta[rows], grad[rows], **state, **hyper)
                for key, value in new_state.items():
                    self._state[key][rows] = value
        return new_theta

    # -- editing --------------------------------------------------------------------------
    def set_hyper(self, k: int, key: str, value: Any) -> None:
        """Change one hyper-parameter of run k from the next step on, keeping its state.

        As in torch, ``initial_accumulator_value`` only takes effect at the next ``reset``.
        """
        current = dict(self._hypers[k])
        if key == "betas":
            current.pop("beta1", None)
            current.pop("beta2", None)
        values = validate(self._names[k], {**current, key: value})
        self._hypers[k] = values
        for hyper_key, hyper_value in values.items():
            self._columns[hyper_key][k, 0] = hyper_value

    def reset(self, rows: int | Iterable[int] | np.ndarray | None = None) -> None:
        """Forget the state (step count, buffers, moments) of ``rows``; all rows if None."""
        rows = self._row_indices(rows)
        for key, array in self._state.items():
            array[rows] = 0
        adagrad_rows = np.intersect1d(rows, self._rows_of_rule["adagrad"])
        self._state["state_sum"][adagrad_rows] = self._columns["initial_accumulator_value"][adagrad_rows]

    def select(self, rows: int | Iterable[int] | np.ndarray) -> OptimizerBank:
        """A new bank of the given rows, in that order, their state copied (repeat a row to duplicate it)."""
        rows = self._row_indices(rows)
        bank = OptimizerBank([self._names[k] for k in rows], [self._hypers[k] for k in rows], self.n_params)
        for key, array in self._state.items():
            bank._state[key][...] = array[rows]
        return bank

    def concat(self, other: OptimizerBank) -> OptimizerBank:
        """A new bank: this bank's rows, then ``other``'s, each keeping its state."""
        if other.n_params != self.n_params:
            raise ValueError(
                f"cannot join banks of {self.n_params} and {other.n_params} parameters"
            )
        bank = OptimizerBank(self._names + other._names, self._hypers + other._hypers, self.n_params)
        for key, array in bank._state.items():
            array[...] = np.concatenate([self._state[key], other._state[key]])
        return bank

    def copy(self) -> OptimizerBank:
        """An independent copy, state included (e.g. to keep a snapshot for scrubbing back)."""
        return self.select(np.arange(len(self)))

    def _row_indices(self, rows: int | Iterable[int] | np.ndarray | None) -> np.ndarray:
        everything = np.arange(len(self))
        if rows is None:
            return everything
        if isinstance(rows, (int, np.integer)):
            rows = [rows]
        rows = np.asarray(list(rows) if not isinstance(rows, np.ndarray) else rows)
        if rows.dtype == np.bool_:
            if rows.shape != (len(self),):
                raise ValueError(f"a row mask must be shaped ({len(self)},), got {rows.shape}")
            return everything[rows]
        if rows.size == 0:
            return rows.astype(np.intp)
        if not np.issubdtype(rows.dtype, np.integer):
            raise ValueError(f"rows must be integers or a boolean mask, got {rows.dtype}")
        if rows.min() < -len(self) or rows.max() >= len(self):
            raise IndexError(f"row out of range for a bank of {len(self)} runs: {rows.tolist()}")
        return everything[rows]

    def __repr__(self) -> str:
        return f"OptimizerBank({self._names!r}, n_params={self.n_params})"
