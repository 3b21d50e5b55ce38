"""One racer's settings (``RunSpec``), read from the CLI's ``--opt`` text, and a race's start.

A run is an optimiser with torch.optim's hyper-parameters and a batch mode; the start is zeros,
nn.Linear's default initialisation after ``torch.manual_seed(seed)``, or a vector.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from engine.models import Model
from engine.optimizers import OPTIMIZERS, validate


@dataclass(frozen=True)
class RunSpec:
    """One racer: optimiser, hyper-parameters (torch.optim's names) and batch mode."""

    label: str
    optimizer: str
    hyper: dict = field(default_factory=dict)
    batch: int | None = None  # None: the whole data set (full batch); 1: stochastic
    shuffle: bool = True
    drop_last: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "hyper", validate(self.optimizer, dict(self.hyper)))
        if self.batch is not None and (int(self.batch) != self.batch or self.batch < 1):
            raise ValueError(f"{self.label}: batch must be a whole number of at least 1, got {self.batch}")


def parse_opt_spec(text: str, index: int = 0) -> RunSpec:
    """``name:key=value,key=value`` -> RunSpec, e.g. ``adam:lr=0.1,batch=8``.

    Keys are torch.optim's argument names plus ``batch``, ``shuffle`` (0/1), ``drop_last`` (0/1)
    and ``label``.
    """
    name, _, rest = text.strip().partition(":")
    name = name.strip().lower()
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimiser {name!r} in --opt {text!r}: choose one of {', '.join(OPTIMIZERS)}")
    hyper: dict = {}
    batch, shuffle, drop_last, label = None, True, False, None
    seen: set[str] = set()
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, eq, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not value:
            raise ValueError(f"--opt {text!r}: expected key=value, got {item!r}")
        if key in seen:  # lr=0.1,lr=0.2 would silently race the second: say so instead
            raise ValueError(f"--opt {text!r}: {key} is given twice; give it once")
        seen.add(key)
        if key == "label":
            label = value
        elif key == "batch":
            batch = _parse_int(key, value, text)
        elif key in ("shuffle", "drop_last"):
            flag = _parse_flag(key, value, text)
            shuffle, drop_last = (flag, drop_last) if key == "shuffle" else (shuffle, flag)
        elif key in ("nesterov", "amsgrad"):
            hyper[key] = _parse_flag(key, value, text)
        else:
            hyper[key] = _parse_value(key, value, text)
    return RunSpec(label or f"{name}-{index + 1}", name, hyper, batch, shuffle, drop_last)


def _parse_int(key: str, value: str, text: str) -> int:
    try:
        if "_" in value:  # Python reads 1_0 as 10; a student who typed it meant something else
            raise ValueError
        return int(value)
    except ValueError:
        raise ValueError(f"--opt {text!r}: {key} must be a whole number, got {value!r}") from None


def _parse_flag(key: str, value: str, text: str) -> bool:
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise ValueError(f"--opt {text!r}: {key} must be 0 or 1, got {value!r}")


def _parse_value(key: str, value: str, text: str):
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if "_" in value:
        raise ValueError(f"--opt {text!r}: {key} must be a number, got {value!r}")
    try:
        return int(value)  # whole numbers stay whole, so flags such as nesterov=1 read as 1
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"--opt {text!r}: {key} must be a number, got {value!r}") from None


def initial_theta(model: Model, init: str | Sequence[float] | np.ndarray = "zeros", seed: int = 0) -> np.ndarray:
    """The start of a race: zeros, nn.Linear's default init after torch.manual_seed(seed), or a vector."""
    if isinstance(init, str) and init == "zeros":
        return np.zeros(model.n_params)
    if isinstance(init, str) and init == "torch":
        import torch  # imported here: the window must not wait for torch to start

        torch.manual_seed(seed)
        layer = torch.nn.Linear(model.n_features, model.n_outputs, bias=model.bias, dtype=torch.float32)
        parts = [layer.weight.detach().double().numpy().ravel()]
        if model.bias:
            parts.append(layer.bias.detach().double().numpy())
        return np.concatenate(parts)
    if isinstance(init, str):
        raise ValueError(f"unknown start {init!r}: use zeros, torch or start=v1,v2,...")
    theta = np.asarray(init, dtype=np.float64).ravel()
    if theta.shape != (model.n_params,):
        raise ValueError(
            f"the start needs {model.n_params} values ({', '.join(model.param_names())}), got {theta.size}"
        )
    if not np.all(np.isfinite(theta)):
        raise ValueError("the start must be finite numbers")
    return theta

