"""The bank: all runs of a race, their optimisers, hyper-parameters and state, stepped at once."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from engine.optimizers.fused import FUSED_STATE_OF, FusedCoefficients, fused_step
from engine.optimizers.hypers import validate
from engine.optimizers.rules import RULE_OF, STATE_KEYS, UPDATE_RULES

# The fused state arrays (see FUSED_STATE_OF); per-run state is a [K, 1] column, the rest [K, P].
_COLUMN_STATE = {"step": np.float64, "has_momentum_buffer": np.bool_}
_FUSED_KEYS = ("step", "has_momentum_buffer", "m", "v", "v_max", "g_avg")


def torch_state(name: str, row: dict[str, np.ndarray]) -> dict[str, Any]:
    """One run's state named as torch names it, from its row of the fused arrays (``row[key]`` is
    [P] or [1]): what ``OptimizerBank.state`` and a step log's reader both return."""
    rule = RULE_OF[name]
    result: dict[str, Any] = {}
    for key in STATE_KEYS[rule]:
        if key == "has_momentum_buffer":
            continue
        if key == "step":
            result[key] = float(row[key][0])
        else:
            result[key] = np.array(row[FUSED_STATE_OF[key]], dtype=np.float64)
    if rule == "sgd" and not row["has_momentum_buffer"][0]:
        del result["momentum_buffer"]
    return result


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
        return torch_state(self._names[k], {key: array[k] for key, array in self._state.items()})

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """The fused state arrays themselves (read-only use: a step log copies them)."""
        return self._state

    @property
    def hypers(self) -> tuple[dict, ...]:
        """Every row's hyper-parameters now (each dict is replaced, never changed, on set_hyper)."""
        return tuple(self._hypers)

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
