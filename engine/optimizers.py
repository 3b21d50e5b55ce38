"""Gradient-descent optimisers for a race: K runs stepped at once, numerically identical to torch.optim.

Each update rule is a pure numpy function whose variable names are torch's (``exp_avg``,
``exp_avg_sq``, ``bias_correction1``, ``square_avg``, ``momentum_buffer`` ...) and whose docstring
holds the pseudocode of torch 2.13's documentation, line for line. Every argument is an array:
parameters, gradients and state are [k, P], hyper-parameters and step counts are [k, 1] columns, so
one call updates every run that uses that rule, each with its own hyper-parameters.

:class:`OptimizerBank` holds all runs of a race and steps them all at once with :func:`fused_step`:
every rule above is one update with per-row coefficients (its docstring has the table), so a step
is a couple of dozen array operations on [K, P] arrays whatever the mix of optimisers, with no
gathering and scattering of rows by rule. The per-rule functions stay the readable reference (and
the source of ``PSEUDOCODE``); the tests check that the bank reproduces them, and torch.optim.

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
# The fused kernel: every rule above as one update with per-row coefficients
# ---------------------------------------------------------------------------------------------

# Where each torch state name lives in the fused state: one array per role, shared by all rules.
FUSED_STATE_OF: dict[str, str] = {
    "step": "step",
    "has_momentum_buffer": "has_momentum_buffer",
    "momentum_buffer": "m",
    "exp_avg": "m",
    "state_sum": "v",
    "square_avg": "v",
    "exp_avg_sq": "v",
    "max_exp_avg_sq": "v_max",
    "grad_avg": "g_avg",
}


class FusedCoefficients:
    """Per-row coefficients of :func:`fused_step` for one bank: see its docstring for the table.

    Coefficients and masks that are constant between hyper-parameter changes are stored already
    broadcast to [K, P] (an operation on two [K, P] arrays costs a third of one that broadcasts a
    [K, 1] column); the inputs of the per-step bias corrections stay [K, 1] columns. The ``any_*``
    and ``all_*`` flags let the kernel skip whole terms no row uses.
    """

    __slots__ = (
        "l2", "keep", "rho", "kappa", "uses_v", "eps", "gamma", "one_minus_gamma", "centered",
        "not_centered", "ams", "not_ams", "beta", "c", "updates_m", "skips_m", "nesterov", "mu_n",
        "pre", "post", "lr", "lr_col", "beta1", "beta2", "lr_decay", "lr_buf", "bc2_buf",
        "any_l2", "any_decay", "any_v", "all_v", "any_centered", "any_ams", "any_m", "all_m",
        "any_skips_m", "any_nesterov", "any_pre", "any_adam", "any_lr_decay",
    )

    def __init__(self, names: list[str], hypers: list[dict], has_momentum_buffer: np.ndarray,
                 n_params: int) -> None:
        """Coefficients of rows ``names[k]`` with validated ``hypers[k]``; SGD rows whose
        ``has_momentum_buffer`` is False get the first-step coefficients (b ← g)."""
        k = len(names)
        rows = [
            _fused_row(RULE_OF[name], hyper, bool(has_buffer))
            for name, hyper, has_buffer in zip(names, hypers, np.asarray(has_momentum_buffer).ravel())
        ]

        def column(key: str, dtype: type = np.float64) -> np.ndarray:
            return np.array([row[key] for row in rows], dtype=dtype).reshape(k, 1)

        def full(key: str, dtype: type = np.float64) -> np.ndarray:
            return np.repeat(column(key, dtype), n_params, axis=1)

        for key in ("l2", "keep", "rho", "kappa", "eps", "gamma", "beta", "c", "mu_n", "lr"):
            setattr(self, key, full(key))
        self.one_minus_gamma = 1 - self.gamma
        for key in ("uses_v", "centered", "ams", "updates_m", "nesterov", "pre"):
            setattr(self, key, full(key, np.bool_))
        self.not_centered, self.not_ams, self.post = ~self.centered, ~self.ams, ~self.pre
        self.skips_m = ~full("uses_m", np.bool_)
        self.lr_col, self.beta1, self.beta2, self.lr_decay = (
            column(key) for key in ("lr", "beta1", "beta2", "lr_decay")
        )
        self.lr_buf = np.empty((k, n_params))
        self.bc2_buf = np.empty((k, n_params))
        self.any_l2 = any(row["l2"] != 0 for row in rows)
        self.any_decay = any(row["keep"] != 1 for row in rows)
        self.any_v = any(row["uses_v"] for row in rows)
        self.all_v = all(row["uses_v"] for row in rows)
        self.any_centered = any(row["centered"] for row in rows)
        self.any_ams = any(row["ams"] for row in rows)
        self.any_m = any(row["updates_m"] for row in rows)
        self.all_m = all(row["updates_m"] for row in rows)
        self.any_skips_m = not all(row["uses_m"] for row in rows)
        self.any_nesterov = any(row["nesterov"] for row in rows)
        self.any_pre = any(row["pre"] for row in rows)
        self.any_adam = any(row["adam"] for row in rows)
        self.any_lr_decay = any(row["lr_decay"] != 0 for row in rows)


def _fused_row(rule: str, h: dict, has_momentum_buffer: bool) -> dict[str, Any]:
    """The fused coefficients of one row (see :func:`fused_step`)."""
    row: dict[str, Any] = {
        "l2": h.get("weight_decay", 0.0), "keep": 1.0,            # g ← g + l2·θ;  θ ← keep·θ
        "rho": 0.0, "kappa": 0.0, "uses_v": False, "eps": 1.0,    # v ← ρ·v + κ·g²;  den = √v̂ + eps
        "gamma": 1.0, "centered": False, "ams": False,
        "beta": 1.0, "c": 0.0, "updates_m": False, "uses_m": False,  # m ← β·m + c·x
        "nesterov": False, "mu_n": 0.0, "pre": False,
        "lr": h["lr"], "beta1": 0.0, "beta2": 0.0, "lr_decay": 0.0, "adam": False,
    }
    if rule == "sgd":
        if h["momentum"] != 0:
            first = not has_momentum_buffer
            row.update(beta=0.0 if first else h["momentum"], c=1.0 if first else 1 - h["dampening"],
                       updates_m=True, uses_m=not h["nesterov"])
            if h["nesterov"]:
                row.update(nesterov=True, mu_n=h["momentum"])
    elif rule == "adagrad":
        row.update(rho=1.0, kappa=1.0, uses_v=True, eps=h["eps"], lr_decay=h["lr_decay"])
    elif rule == "rmsprop":
        row.update(rho=h["alpha"], kappa=1 - h["alpha"], uses_v=True, eps=h["eps"])
        if h["centered"]:
            row.update(gamma=h["alpha"], centered=True)
        if h["momentum"] > 0:
            row.update(beta=h["momentum"], c=1.0, updates_m=True, uses_m=True, pre=True)
    else:  # adam, adamw
        row.update(rho=h["beta2"], kappa=1 - h["beta2"], uses_v=True, eps=h["eps"], ams=h["amsgrad"],
                   beta=h["beta1"], c=1 - h["beta1"], updates_m=True, uses_m=True,
                   beta1=h["beta1"], beta2=h["beta2"], adam=True)
        if rule == "adamw":
            row.update(l2=0.0, keep=1 - h["lr"] * h["weight_decay"])
    return row


def fused_step(
    theta: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], co: FusedCoefficients
) -> np.ndarray:
    """One step of every row at once, whatever its rule: the new θ; ``state`` is updated in place.

    ``state`` holds ``m``, ``v``, ``v_max``, ``g_avg`` [K, P] and ``step`` [K, 1]; ``co`` the
    per-row coefficients. Every torch update above is the same sequence with different numbers
    (γ lr, λ weight_decay, t the row's step count after the increment):

        t ← t + 1
        g ← g + l2·θ                       l2 = λ; 0 for AdamW
        θ ← keep·θ                         keep = 1 − γ·λ for AdamW (decoupled decay); 1 otherwise
        v ← ρ·v + κ·g²                     (ρ, κ): Adagrad (1, 1), RMSprop (α, 1 − α),
                                           Adam/AdamW (β₂, 1 − β₂); SGD rows keep v = 0
        v_max ← max(v_max, v)              amsgrad rows only; v̂ = v_max there, v elsewhere
        g_avg ← γ_c·g_avg + (1 − γ_c)·g     centered RMSprop rows only (γ_c = α); v̂ ← v̂ − g_avg²
        bc1 ← 1 − b1ᵗ,  bc2 ← 1 − b2ᵗ      (b1, b2) = (β₁, β₂) for Adam/AdamW, (0, 0) otherwise
        den ← √v̂ / √bc2 + eps             eps = 1 for SGD rows, so den = 1 there (v = 0)
        x ← g / den                        RMSprop with momentum (divide BEFORE momentum);
        x ← g                              every other rule
        m ← β·m + c·x                      (β, c): SGD (μ, 1 − τ), but (0, 1) on the first step
                                           (torch's buffer starts as the undamped gradient);
                                           RMSprop with momentum (μ, 1); Adam/AdamW (β₁, 1 − β₁);
                                           rows without momentum and Adagrad keep m unchanged
        d ← m                              SGD with momentum, RMSprop with momentum, Adam/AdamW
        d ← x + μ·m                        Nesterov SGD
        d ← x                              SGD without momentum, Adagrad, RMSprop without momentum
        d ← d / den                        every rule that did not divide before (den = 1 for SGD)
        γ̃ ← γ / bc1 / (1 + (t − 1)·η)     η = lr_decay for Adagrad, 0 otherwise
        θ ← θ − γ̃·d

    Each row gets exactly its rule's floating-point operations, in the same order, except that
    Adam's m and centered RMSprop's g_avg are ``β·m + (1 − β)·g`` instead of torch's ``lerp``
    (an ulp apart). Terms no row uses are skipped (the ``any_*`` flags); rows that do not use a
    state array (SGD and v, rows without momentum and m, ...) never write it, so a frozen buffer
    stays exactly as it is and a diverging value cannot reach another role. All floating-point
    warnings are silenced: a diverging run (lr too large) is a lesson, not an error.
    """
    m, v, step = state["m"], state["v"], state["step"]
    with np.errstate(all="ignore"):
        step += 1
        if co.any_l2:
            g = co.l2 * theta
            g += grad
        else:
            g = grad
        if co.any_adam:
            lr = co.lr_col / (1 - co.beta1**step)
            co.bc2_buf[...] = np.sqrt(1 - co.beta2**step)
        else:
            lr = co.lr_col
        if co.any_lr_decay:
            lr = lr / (1 + (step - 1) * co.lr_decay)
        if co.any_adam or co.any_lr_decay:
            co.lr_buf[...] = lr
            lr = co.lr_buf
        else:
            lr = co.lr

        # Second moment and the denominator.
        if co.any_v:
            g2 = g * g
            g2 *= co.kappa
            if co.all_v:
                v *= co.rho
                v += g2
            else:
                new_v = co.rho * v
                new_v += g2
                np.copyto(v, new_v, where=co.uses_v)
            v_hat = v
            if co.any_ams:
                v_max = state["v_max"]
                v_hat = np.maximum(v_max, v)
                np.copyto(v_max, v_hat, where=co.ams)
                np.copyto(v_hat, v, where=co.not_ams)
            if co.any_centered:
                g_avg = state["g_avg"]
                new_avg = co.gamma * g_avg
                new_avg += co.one_minus_gamma * g
                np.copyto(g_avg, new_avg, where=co.centered)
                centered = g_avg * g_avg
                np.subtract(v, centered, out=centered)
                if v_hat is v:
                    np.copyto(centered, v, where=co.not_centered)
                    v_hat = centered
                else:
                    np.copyto(v_hat, centered, where=co.centered)
            den = np.sqrt(v_hat)
            if co.any_adam:
                den /= co.bc2_buf
            den += co.eps

        # First moment (momentum), dividing before it where the rule does.
        if co.any_pre:
            x = g.copy()
            np.divide(g, den, out=x, where=co.pre)
        else:
            x = g
        if co.any_m:
            d = co.beta * m
            d += co.c * x
            if co.all_m:
                m[...] = d
            else:
                np.copyto(m, d, where=co.updates_m)
            if co.any_skips_m:
                np.copyto(d, x, where=co.skips_m)
            if co.any_nesterov:
                ahead = co.mu_n * m
                ahead += x
                np.copyto(d, ahead, where=co.nesterov)
        else:
            d = x
        if co.any_v:
            if co.any_pre:
                np.divide(d, den, out=d, where=co.post)  # d is new: x was copied
            else:
                d = d / den

        # The step.
        d = lr * d
        if co.any_decay:
            new_theta = co.keep * theta
            new_theta -= d
        else:
            new_theta = theta - d
    return new_theta


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

# The fused state arrays (see FUSED_STATE_OF); per-run state is a [K, 1] column, the rest [K, P].
_COLUMN_STATE = {"step": np.float64, "has_momentum_buffer": np.bool_}
_FUSED_KEYS = ("step", "has_momentum_buffer", "m", "v", "v_max", "g_avg")


class OptimizerBank:
    """All runs of a race, stepped at once by :func:`fused_step` whatever their optimisers.

    Row k is run k: its optimiser ``names[k]``, its hyper-parameters ``hyper(k)`` and its state
    (step count, momentum buffers, moment estimates). ``step`` takes and returns θ for every row.
    The per-row coefficients of the fused kernel are rebuilt whenever hyper-parameters or the
    existence of an SGD momentum buffer change (construction, ``set_hyper``, ``reset``,
    ``select``, ``concat``, the first step with momentum).
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
        self._shape = (k, self.n_params)
        self._rows_of_rule = {
            rule: np.flatnonzero([RULE_OF[name] == rule for name in names]).astype(np.intp)
            for rule in UPDATE_RULES
        }
        self._state: dict[str, np.ndarray] = {
            key: np.zeros((k, 1) if key in _COLUMN_STATE else (k, self.n_params),
                          dtype=_COLUMN_STATE.get(key, np.float64))
            for key in _FUSED_KEYS
        }
        # fused_step's view of the state: has_momentum_buffer is the bank's business.
        self._kernel_state = {key: a for key, a in self._state.items() if key != "has_momentum_buffer"}
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
                result[key] = self._state[FUSED_STATE_OF[key]][k].copy()
        if rule == "sgd" and not self._state["has_momentum_buffer"][k, 0]:
            del result["momentum_buffer"]
        return result

    # -- stepping -------------------------------------------------------------------------
    def step(self, theta: np.ndarray, grad: np.ndarray, active: np.ndarray | None = None) -> np.ndarray:
        """θ after one optimiser step of every active row; inactive rows keep θ and state exactly."""
        shape = self._shape
        theta = np.asarray(theta, dtype=np.float64)
        grad = np.asarray(grad, dtype=np.float64)
        if theta.shape != shape or grad.shape != shape:
            raise ValueError(
                f"theta and grad must be shaped {shape}, got {theta.shape} and {grad.shape}"
            )
        if active is None:
            n_active = shape[0]
        else:
            active = np.asarray(active, dtype=bool)
            if active.shape != shape[:1]:
                raise ValueError(f"active must be shaped ({len(self)},), got {active.shape}")
            n_active = np.count_nonzero(active)
        if n_active == shape[0]:
            new_theta = fused_step(theta, grad, self._kernel_state, self._coefficients)
        elif n_active == 0:
            return theta.copy()
        else:
            # Step every row, then put the idle rows' θ and state back exactly as they were (a
            # masked copy of whole arrays: cheaper than gathering and scattering idle rows, and
            # no slower even at 650 parameters).
            idle = ~active[:, None]
            kept = [(array, array.copy()) for array in self._touched_state]
            new_theta = fused_step(theta, grad, self._kernel_state, self._coefficients)
            np.copyto(new_theta, theta, where=idle)
            for array, before in kept:
                np.copyto(array, before, where=idle)
        if self._needs_buffer is not None:
            self._create_momentum_buffers(active)
        return new_theta

    def _create_momentum_buffers(self, active: np.ndarray | None) -> None:
        """SGD rows with momentum that just took their first step now have a buffer (b ← g)."""
        created = self._needs_buffer if active is None else self._needs_buffer & active
        if created.any():
            self._state["has_momentum_buffer"][created] = True
            self._refresh()

    def _refresh(self) -> None:
        """Rebuild the fused coefficients from the hyper-parameters and which buffers exist."""
        has_buffer = self._state["has_momentum_buffer"]
        self._coefficients = co = FusedCoefficients(self._names, self._hypers, has_buffer, self.n_params)
        # The state arrays fused_step writes with these coefficients (an idle row's must be restored).
        touched = {"step": True, "m": co.any_m, "v": co.any_v, "v_max": co.any_ams, "g_avg": co.any_centered}
        self._touched_state = [self._state[key] for key, used in touched.items() if used]
        needs = np.array(
            [RULE_OF[name] == "sgd" and hyper["momentum"] != 0 for name, hyper in zip(self._names, self._hypers)],
            dtype=bool,
        ).reshape(-1) & ~has_buffer.reshape(-1)
        self._needs_buffer = needs if needs.any() else None

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
        self._refresh()

    def reset(self, rows: int | Iterable[int] | np.ndarray | None = None) -> None:
        """Forget the state (step count, buffers, moments) of ``rows``; all rows if None."""
        rows = self._row_indices(rows)
        for key, array in self._state.items():
            array[rows] = 0
        for k in np.intersect1d(rows, self._rows_of_rule["adagrad"]):
            self._state["v"][k] = self._hypers[k]["initial_accumulator_value"]
        self._refresh()

    def select(self, rows: int | Iterable[int] | np.ndarray) -> OptimizerBank:
        """A new bank of the given rows, in that order, their state copied (repeat a row to duplicate it)."""
        rows = self._row_indices(rows)
        bank = OptimizerBank([self._names[k] for k in rows], [self._hypers[k] for k in rows], self.n_params)
        for key, array in self._state.items():
            bank._state[key][...] = array[rows]
        bank._refresh()
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
        bank._refresh()
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
