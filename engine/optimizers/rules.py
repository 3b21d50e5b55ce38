"""The update rules, one readable function each, with torch 2.13's pseudocode as their docstring.

Arrays: param, grad and state [k, P]; step, flags and hyper-parameters [k, 1]. Each rule returns
the new param and the new state; nothing is modified in place. The fused kernel (``fused``) is
checked against these functions, and the app quotes their pseudocode (``PSEUDOCODE``).
"""
from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable

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


def lerp(start: np.ndarray, end: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """``start + weight·(end − start)``, i.e. ``(1 − weight)·start + weight·end``, rounded as torch.lerp."""
    small = np.abs(weight) < 0.5
    return np.where(small, start + weight * (end - start), end - (end - start) * (1 - weight))



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

