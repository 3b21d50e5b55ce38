"""Hyper-parameters: torch's names, defaults and checks, in one table (``_HYPERS``)."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.optimizers.rules import OPTIMIZERS, RULE_OF, TORCH_CLASS

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


