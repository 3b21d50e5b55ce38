"""One update taken apart: the optimiser's rule with that step's numbers put in.

From a race's step log (engine/step_log.py) this rebuilds, for run k's update number s, every
quantity of its update rule in the order of the rule's pseudocode (engine/optimizers/rules.py,
the lines quoted here are those lines): g, the weight-decay term, m and v, their bias-corrected
m̂ and v̂, the denominator and the step Δθ. It works on one run's row with the same formulas as
the per-rule functions, and the step it arrives at is checked against the step the race took
(``StepReport.taken``; a test holds them equal). ``gradient_step`` (−γ·g, what plain GD would
have done) and the rest of Δθ (what momentum or the adaptive scaling added) are the arrows the
surface draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.bank import torch_state
from engine.optimizers.rules import RULE_OF
from engine.words import translate


@dataclass(frozen=True)
class Line:
    formula: str  # as in the rule's pseudocode, e.g. "m ← β₁·m + (1 − β₁)·g"
    value: np.ndarray  # [P], or [1] for a number
    inputs: tuple[tuple[str, object], ...] = ()  # the numbers put in: (symbol, value)
    note: str = ""  # a few words on the line (a Words: the window translates it)


@dataclass(frozen=True)
class StepReport:
    run: int
    update: int  # the run's own update number (1: its first)
    race_step: int
    optimizer: str
    hyper: dict
    theta: np.ndarray  # θ before the step
    lines: tuple[Line, ...]
    step: np.ndarray  # Δθ by the rule, as rebuilt here
    taken: np.ndarray | None  # Δθ the race took (None when the next θ is not known)
    gradient_step: np.ndarray  # −γ·g: plain gradient descent's step at this rate
    state_before: dict
    batch: np.ndarray | None  # the samples of the batch (None: all)

    @property
    def extra(self) -> np.ndarray:
        """What the rule added to plain GD's step: momentum, the adaptive scaling, the decay."""
        return self.step - self.gradient_step


def explain(race, k: int, update: int | None = None) -> StepReport | None:
    """Run k's update number ``update`` (default: its last) taken apart, or None if the log does
    not have it (no log, too old, not made yet)."""
    log = race.log
    if log is None or race.k <= k:
        return None
    if update is None:
        kept = log.updates_kept(k)
        if kept is None:
            return None
        update = kept[1]
    slot = log.slot_of(k, update)
    if slot is None:
        return None
    name = race.runs[k].optimizer
    hyper = dict(log.hypers[slot][k])
    theta = log.theta[slot, k].copy()
    grad = log.grad[slot, k].copy()
    row = {key: array[slot, k] for key, array in log.state.items()}
    state = torch_state(name, row)
    lines, step = RULES[RULE_OF[name]](theta, grad, state, hyper)
    after = log.slot_of(k, update + 1)
    if after is not None:
        taken = log.theta[after, k] - theta
    elif update == int(race.steps[k]) and race.diverged_at[k] < 0:
        taken = race.theta[k] - theta
    else:
        taken = None
    return StepReport(k, update, int(log.race_step[slot]), name, hyper, theta, tuple(lines), step, taken,
                      -hyper["lr"] * grad, state, log.batch_of(slot, k))


def explain_all(race, race_step: int) -> list[StepReport | None]:
    """Every run's update at the race's step ``race_step`` (None for a run idle then or not kept)."""
    log = race.log
    if log is None:
        return [None] * race.k
    slots = np.flatnonzero(log.race_step == race_step)
    if not len(slots):
        return [None] * race.k
    slot = int(slots[-1])
    return [explain(race, k, int(log.update[slot, k])) if log.update[slot, k] > 0 else None for k in range(race.k)]


def _number(x) -> np.ndarray:
    return np.array([float(x)])


def _sgd(theta, grad, state, h):
    lr, mu, tau, wd = h["lr"], h["momentum"], h["dampening"], h["weight_decay"]
    lines = [Line("g ← ∇L(θ)", grad)]
    g = grad
    if wd != 0:
        g = g + wd * theta
        lines.append(Line("g ← g + λ·θ", g, (("λ", wd),)))
    if mu != 0:
        if "momentum_buffer" in state:
            b = mu * state["momentum_buffer"] + (1 - tau) * g
            lines.append(Line("b ← μ·b + (1 − τ)·g", b, (("μ", mu), ("b", state["momentum_buffer"]), ("τ", tau))))
        else:
            b = g
            lines.append(Line("b ← g", b, note=translate("Inspector", "the first step: no buffer yet")))
        if h["nesterov"]:
            g = g + mu * b
            lines.append(Line("g ← g + μ·b", g, (("μ", mu),)))
        else:
            g = b
            lines.append(Line("g ← b", g))
    step = -lr * g
    lines.append(Line("Δθ = −γ·g", step, (("γ", lr),)))
    return lines, step


def _adagrad(theta, grad, state, h):
    lr, decay, wd, eps = h["lr"], h["lr_decay"], h["weight_decay"], h["eps"]
    t = state["step"] + 1
    lines = [Line("t ← t + 1", _number(t)), Line("g ← ∇L(θ)", grad)]
    g = grad
    if wd != 0:
        g = g + wd * theta
        lines.append(Line("g ← g + λ·θ", g, (("λ", wd),)))
    clr = lr / (1 + (t - 1) * decay)
    lines.append(Line("γ̃ ← γ / (1 + (t − 1)·η)", _number(clr), (("γ", lr), ("η", decay))))
    total = state["state_sum"] + g * g
    lines.append(Line("sum ← sum + g²", total, (("sum", state["state_sum"]),)))
    step = -clr * (g / (np.sqrt(total) + eps))
    lines.append(Line("Δθ = −γ̃·g / (√sum + ε)", step, (("ε", eps),)))
    return lines, step


def _rmsprop(theta, grad, state, h):
    lr, alpha, eps, wd, mu = h["lr"], h["alpha"], h["eps"], h["weight_decay"], h["momentum"]
    t = state["step"] + 1
    lines = [Line("t ← t + 1", _number(t)), Line("g ← ∇L(θ)", grad)]
    g = grad
    if wd != 0:
        g = g + wd * theta
        lines.append(Line("g ← g + λ·θ", g, (("λ", wd),)))
    v = alpha * state["square_avg"] + (1 - alpha) * g * g
    lines.append(Line("v ← α·v + (1 − α)·g²", v, (("α", alpha), ("v", state["square_avg"]))))
    v_tilde = v
    if h["centered"]:
        g_ave = state["grad_avg"] + (1 - alpha) * (g - state["grad_avg"])
        lines.append(Line("g_ave ← α·g_ave + (1 − α)·g", g_ave, (("g_ave", state["grad_avg"]),)))
        v_tilde = v - g_ave * g_ave
        lines.append(Line("ṽ ← v − g_ave²", v_tilde))
    denominator = np.sqrt(v_tilde) + eps
    lines.append(Line("√ṽ + ε", denominator, (("ε", eps),)))
    if mu > 0:
        b = mu * state["momentum_buffer"] + g / denominator
        lines.append(Line("b ← μ·b + g / (√ṽ + ε)", b, (("μ", mu), ("b", state["momentum_buffer"]))))
        step = -lr * b
        lines.append(Line("Δθ = −γ·b", step, (("γ", lr),)))
    else:
        step = -lr * g / denominator
        lines.append(Line("Δθ = −γ·g / (√ṽ + ε)", step, (("γ", lr),)))
    return lines, step


def _adam(theta, grad, state, h, decoupled: bool = False):
    lr, b1, b2, eps, wd = h["lr"], h["beta1"], h["beta2"], h["eps"], h["weight_decay"]
    t = state["step"] + 1
    lines = [Line("t ← t + 1", _number(t)), Line("g ← ∇L(θ)", grad)]
    g = grad
    decay = np.zeros_like(theta)
    if wd != 0 and decoupled:
        decay = -lr * wd * theta
        lines.append(Line("θ ← θ − γ·λ·θ", decay, (("γ", lr), ("λ", wd)),
                          note=translate("Inspector", "decoupled weight decay: θ shrinks, m and v do not see it")))
    elif wd != 0:
        g = g + wd * theta
        lines.append(Line("g ← g + λ·θ", g, (("λ", wd),)))
    m = state["exp_avg"] + (1 - b1) * (g - state["exp_avg"])
    lines.append(Line("m ← β₁·m + (1 − β₁)·g", m, (("β₁", b1), ("m", state["exp_avg"]))))
    v = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
    lines.append(Line("v ← β₂·v + (1 − β₂)·g²", v, (("β₂", b2), ("v", state["exp_avg_sq"]))))
    m_hat = m / (1 - b1**t)
    lines.append(Line("m̂ ← m / (1 − β₁ᵗ)", m_hat, (("1 − β₁ᵗ", 1 - b1**t),)))
    if h["amsgrad"]:
        v_max = np.maximum(state["max_exp_avg_sq"], v)
        lines.append(Line("v_max ← max(v_max, v)", v_max, (("v_max", state["max_exp_avg_sq"]),)))
        v_hat = v_max / (1 - b2**t)
        lines.append(Line("v̂ ← v_max / (1 − β₂ᵗ)", v_hat, (("1 − β₂ᵗ", 1 - b2**t),)))
    else:
        v_hat = v / (1 - b2**t)
        lines.append(Line("v̂ ← v / (1 − β₂ᵗ)", v_hat, (("1 − β₂ᵗ", 1 - b2**t),)))
    denominator = np.sqrt(v_hat) + eps
    lines.append(Line("√v̂ + ε", denominator, (("ε", eps),)))
    step = decay - lr * m_hat / denominator
    lines.append(Line("Δθ = −γ·m̂ / (√v̂ + ε)" + ("  − γ·λ·θ" if decoupled and wd != 0 else ""), step,
                      (("γ", lr),)))
    return lines, step


RULES = {
    "sgd": _sgd,
    "adagrad": _adagrad,
    "rmsprop": _rmsprop,
    "adam": _adam,
    "adamw": lambda theta, grad, state, h: _adam(theta, grad, state, h, decoupled=True),
}
