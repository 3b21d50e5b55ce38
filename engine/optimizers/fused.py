"""The fused kernel: every update rule as one update with per-row coefficients.

A race mixes optimisers; stepping each rule's rows separately would gather and scatter rows on
every step. ``fused_step`` instead runs one sequence of array operations whose per-row
coefficients (``FusedCoefficients``) make each row follow exactly its own rule.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from engine.optimizers.rules import RULE_OF

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


