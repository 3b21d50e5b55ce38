"""A function of two parameters as a race's model: the race minimises f(x, y) itself.

``FunctionModel`` has the parts of ``engine.models.Model`` a ``Race`` and the loss surface use
(``n_params``, ``param_names``, ``loss``, ``loss_and_grad``) with θ = (x, y), so every optimiser,
the history, the race panel and the surface view work on it unchanged. It has no data: a race
is given a data set of one empty row, and every run is full batch. f and its gradient come from
torch: the formula is evaluated on float64 tensors and ``torch.autograd.grad`` differentiates
it, for all K runs (or all grid cells) in one call.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.functions.expression import Expression, ExpressionError, parse_expression
from engine.functions.named import DEFAULT_CONDITION, NAMED_FUNCTIONS
from engine.words import translate

REACHED_TOLERANCE = 0.01  # a run reaches a minimum within this fraction of the domain's width
MAX_CONDITION = 1e6
# X and y of the race on a function: one row, no feature (every run is full batch on it)
NO_DATA = (np.zeros((1, 0)), np.zeros(1))


@dataclass(frozen=True, eq=False)
class FunctionModel:
    """f(x, y) to minimise: its formula, the window it is drawn in, its known minima, a start."""

    name: str  # the named function's name (quadratic:100 included), or "" for a typed formula
    expression: Expression
    domain: tuple[tuple[float, float], tuple[float, float]]
    minima: tuple[tuple[float, float], ...] = ()
    default_start: tuple[float, float] = (0.0, 0.0)
    lesson: str = ""

    kind = "function"
    n_features = 0
    n_outputs = 1
    n_classes = 1
    bias = False
    cost = "function"  # f itself is the cost
    sigmoid_mse = False
    l2 = l1 = 0.0  # no weights to penalise: f is raced as it is
    penalised = False
    n_params = 2
    n_weights = 2
    divergence_floor = 1.0  # f may start at 0 or below: a run diverges once |f| passes a million

    @property
    def unpenalised(self) -> FunctionModel:
        return self

    @property
    def formula(self) -> str:
        return self.expression.text

    @property
    def title(self) -> str:
        """How the function is named to the user: its name, or f(x, y) = the formula."""
        return self.name or f"f(x, y) = {self.formula}"

    def __eq__(self, other) -> bool:
        return isinstance(other, FunctionModel) and (self.name, self.formula) == (other.name, other.formula)

    def __hash__(self) -> int:
        return hash((self.name, self.formula))

    def param_names(self) -> list[str]:
        return ["x", "y"]

    def param_index(self, name: str) -> int:
        return self.param_names().index(name.strip())

    # -- values ---------------------------------------------------------------------------------

    def loss(self, theta, X=None, y=None, weights=None) -> np.ndarray:
        return self.loss_and_grad(theta, need_grad=False)[0]

    def grad(self, theta, X=None, y=None, weights=None) -> np.ndarray:
        return self.loss_and_grad(theta)[1]

    def loss_and_grad(self, theta, X=None, y=None, weights=None, need_grad: bool = True, full_loss: bool = False):
        """f at each row of θ [K, 2], and its gradient [K, 2] (None without ``need_grad``)."""
        import torch

        theta = np.atleast_2d(np.asarray(theta, dtype=np.float64))
        x = torch.tensor(theta[:, 0], dtype=torch.float64, requires_grad=need_grad)
        y_ = torch.tensor(theta[:, 1], dtype=torch.float64, requires_grad=need_grad)
        with torch.set_grad_enabled(need_grad):
            f = self.expression(x, y_)
            if not need_grad:
                return f.detach().numpy().copy(), None
            gx, gy = torch.autograd.grad(f.sum(), [x, y_], allow_unused=True)
        grad = np.stack([g.numpy() if g is not None else np.zeros(len(theta)) for g in (gx, gy)], axis=1)
        return f.detach().numpy().copy(), grad

    def hessian(self, theta) -> np.ndarray:
        """[2, 2] second derivatives at θ, by torch.autograd (the gradient differentiated again)."""
        import torch

        point = torch.tensor(np.asarray(theta, dtype=np.float64).reshape(2), requires_grad=True)
        with np.errstate(all="ignore"):
            H = torch.autograd.functional.hessian(lambda p: self.expression(p[0], p[1]), point)
        return H.detach().numpy().copy()

    # -- minima -------------------------------------------------------------------------------

    @property
    def tolerance(self) -> float:
        (x0, x1), (y0, y1) = self.domain
        return REACHED_TOLERANCE * max(x1 - x0, y1 - y0)

    def minimum_reached(self, point) -> int | None:
        """The index of the known minimum ``point`` is within ``tolerance`` of, or None."""
        if not self.minima:
            return None
        distances = np.hypot(*(np.asarray(self.minima) - np.asarray(point, dtype=np.float64)).T)
        k = int(np.argmin(distances))
        return k if distances[k] <= self.tolerance else None


def function_dataset(model: FunctionModel):
    """What a session holds as the data of a race on a function: one row of no features (the
    race's NO_DATA), named as the function is."""
    from engine.data import Dataset

    return Dataset(model.title, *NO_DATA, "regression")


def function_is_positive(model: FunctionModel, grid: int = 41) -> bool:
    """Whether f is 0 or above over its window (on a grid): then a log colour scale suits it."""
    (x0, x1), (y0, y1) = model.domain
    x, y = np.meshgrid(np.linspace(x0, x1, grid), np.linspace(y0, y1, grid))
    with np.errstate(all="ignore"):
        values = model.loss(np.stack([x.ravel(), y.ravel()], axis=1))
    finite = values[np.isfinite(values)]
    return bool(finite.size) and float(finite.min()) >= 0.0


def is_function(model) -> bool:
    return getattr(model, "kind", None) == "function"


def _refuse(words, **values) -> ExpressionError:
    """The refusal: ``words`` is a literal ``translate("Functions", ...)`` (so lupdate finds it) filled in."""
    return ExpressionError(words.format(**values))


def function_model(text: str, domain=None) -> FunctionModel:
    """A named function (``rosenbrock``, ``quadratic:100`` for condition number 100) or a typed
    formula in x and y; ``domain`` ((x0, x1), (y0, y1)) replaces the drawn window."""
    text = str(text).strip()
    name, _, argument = text.partition(":")
    named = NAMED_FUNCTIONS.get(name.strip().lower())
    if named is None:
        expression = parse_expression(text)
        window = domain or ((-3.0, 3.0), (-3.0, 3.0))
        return FunctionModel("", expression, _check_domain(window), (), _default_start(window))
    formula, label = named.formula, named.name
    if "{kappa}" in formula:
        kappa = _condition(argument) if argument.strip() else DEFAULT_CONDITION
        formula = formula.format(kappa=repr(kappa))
        label = f"{named.name}:{kappa:g}"
    elif argument.strip():
        raise _refuse(translate("Functions", "{name} takes no setting: write just {name}."), name=named.name)
    return FunctionModel(label, parse_expression(formula), _check_domain(domain or named.domain), named.minima,
                         named.start, named.lesson)


def _condition(text: str) -> float:
    try:
        kappa = float(text)
    except ValueError:
        kappa = math.nan
    if not 1.0 <= kappa <= MAX_CONDITION:
        raise _refuse(translate("Functions", "The condition number after quadratic: must be a number from 1 to "
                                             "{limit:g}, not {value}."),
                      limit=MAX_CONDITION, value=text.strip())
    return kappa


def _check_domain(domain):
    (x0, x1), (y0, y1) = ((float(a), float(b)) for a, b in domain)
    if not all(math.isfinite(v) for v in (x0, x1, y0, y1)) or not (x0 < x1 and y0 < y1):
        raise _refuse(translate("Functions", "The window to draw must run from a smaller to a larger finite number "
                                             "in x and in y."))
    return (x0, x1), (y0, y1)


def _default_start(domain) -> tuple[float, float]:
    """A typed formula starts at 3/4 of the way to the window's lower-left corner: off the
    centre, where a formula's minimum often is, so there is a way to go."""
    (x0, x1), (y0, y1) = domain
    return (x0 + 0.125 * (x1 - x0), y0 + 0.875 * (y1 - y0))
