"""A typed formula f(x, y), read safely and evaluated with torch so autograd differentiates it.

The text is parsed by Python's own parser into a syntax tree (``ast.parse``), and only a short
list of node types is accepted: numbers, the names x, y, pi and e, + - * / ** and unary minus,
and calls of the functions in ``FUNCTIONS`` by their bare name. Nothing is ever passed to
``eval``: the accepted tree is walked and each node becomes a torch operation, so attribute
access (``().__class__``), ``__import__``, lambdas, comprehensions, subscripts and keyword
arguments are refused before anything runs. Powers are checked too: a constant exponent above
``MAX_POWER`` (``9**9**9`` would take Python hours as an integer) is refused, and every number
is a float64 tensor, so nothing is ever computed in Python's unbounded integers.
"""
from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass
from typing import Callable

from engine.words import translate

MAX_LENGTH = 500  # characters: a formula, not a program
MAX_NODES = 300  # syntax-tree nodes (also keeps Python's parser far from its recursion limit)
MAX_POWER = 100  # the largest constant exponent


def _torch():
    import torch  # here: the window must not wait for torch to start

    return torch


# name -> (number of arguments, torch function name). Bare names, as a student writes them.
FUNCTIONS: dict[str, tuple[int, str]] = {
    "sin": (1, "sin"), "cos": (1, "cos"), "tan": (1, "tan"),
    "asin": (1, "asin"), "acos": (1, "acos"), "atan": (1, "atan"), "atan2": (2, "atan2"),
    "sinh": (1, "sinh"), "cosh": (1, "cosh"), "tanh": (1, "tanh"),
    "exp": (1, "exp"), "log": (1, "log"), "sqrt": (1, "sqrt"), "abs": (1, "abs"),
    "sigmoid": (1, "sigmoid"), "softplus": (1, "nn.functional.softplus"), "relu": (1, "relu"),
    "min": (2, "minimum"), "max": (2, "maximum"),
}
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow}
_SYMBOL = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
           ast.LShift: "<<", ast.RShift: ">>"}


class ExpressionError(ValueError):
    """The formula cannot be used; the message says why in a student's words."""


def _refuse(words, **values) -> ExpressionError:
    """The refusal: ``words`` is a literal ``translate("Expression", ...)`` (so lupdate finds it) filled in."""
    return ExpressionError(words.format(**values))


@dataclass(frozen=True)
class Expression:
    """A checked formula: ``text`` as typed, ``evaluate(x, y)`` on torch tensors of one shape."""

    text: str
    evaluate: Callable

    def __call__(self, x, y):
        return self.evaluate(x, y)


def parse_expression(text: str) -> Expression:
    """The formula ``text`` checked and made a function of torch tensors x, y; or an
    ``ExpressionError`` saying what is not allowed."""
    text = str(text).strip().replace("^", "**")  # x^2 is what a student types for x squared
    if not text:
        raise _refuse(translate("Expression", "Type a formula in x and y, for example (1 - x)**2 + 100*(y - x**2)**2."))
    if len(text) > MAX_LENGTH:
        raise _refuse(translate("Expression", "The formula is {n} characters long: at most {limit} are allowed."),
                      n=len(text), limit=MAX_LENGTH)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        column = getattr(error, "offset", None)
        where = translate("Expression", " near character {column}").format(column=column) if column else ""
        raise _refuse(translate("Expression", "The formula cannot be read{where}: check its brackets and operators."),
                      where=where) from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        raise _refuse(translate("Expression", "The formula is too long ({n} parts): at most {limit} are allowed."),
                      n=nodes, limit=MAX_NODES)
    build = _Builder()
    body = build(tree.body)
    if not build.variables:
        raise _refuse(translate("Expression", "The formula does not use x or y, so there is nothing to descend."))
    return Expression(text, body)


class _Builder:
    """Turns an accepted node into a function (x, y) -> tensor, refusing any other node."""

    def __init__(self) -> None:
        self.variables: set[str] = set()

    def __call__(self, node: ast.AST) -> Callable:
        if isinstance(node, ast.Constant):
            return self._number(node)
        value = _constant_value(node)  # a part made of numbers only is worked out once, here
        if value is not None:
            if not math.isfinite(value):
                raise _refuse(translate("Expression", "'{part}' has no finite value (a division by zero, or too "
                                                      "large)."), part=_source(node))
            return lambda x, y: value
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self(node.operand)
            return (lambda x, y: -inner(x, y)) if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise _refuse(translate("Expression", "'{part}' is not allowed in a formula: use numbers, x, y, + - * / "
                                              "** and functions such as sin, exp, log, sqrt."), part=_source(node))

    def _number(self, node: ast.Constant) -> Callable:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _refuse(translate("Expression", "'{part}' is not a number."), part=_source(node))
        value = float(value)
        if not math.isfinite(value):
            raise _refuse(translate("Expression", "'{part}' is too large a number."), part=_source(node))
        return lambda x, y: value

    def _name(self, name: str) -> Callable:
        if name in VARIABLES:
            self.variables.add(name)
            return (lambda x, y: x) if name == "x" else (lambda x, y: y)
        if name in CONSTANTS:
            value = CONSTANTS[name]
            return lambda x, y: value
        if name in FUNCTIONS:
            raise _refuse(translate("Expression", "{name} is a function: write {name}(...)."), name=name)
        raise _refuse(translate("Expression", "'{name}' is unknown: a formula may use x, y, pi, e and the "
                                              "functions {functions}."),
                      name=name, functions=", ".join(FUNCTIONS))

    def _binary(self, node: ast.BinOp) -> Callable:
        op = _BINARY.get(type(node.op))
        if op is None:
            raise _refuse(translate("Expression", "The operator {symbol} is not allowed: use + - * / and ** (power)."),
                          symbol=_SYMBOL.get(type(node.op), "?"))
        if op is operator.pow:
            self._check_power(node.right)
        left, right = self(node.left), self(node.right)  # one side at least holds x or y: a tensor
        return lambda x, y: op(left(x, y), right(x, y))

    def _check_power(self, exponent: ast.AST) -> None:
        """A constant exponent (made of numbers only) must be at most MAX_POWER in size; one
        with x or y in it is computed in floats and overflows to inf at worst."""
        value = _constant_value(exponent)
        if value is not None and not abs(value) <= MAX_POWER:
            raise _refuse(translate("Expression", "The power {part} is too large: exponents up to {limit} are "
                                                  "allowed."),
                          part=_source(exponent), limit=MAX_POWER)

    def _call(self, node: ast.Call) -> Callable:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            raise _refuse(translate("Expression", "'{part}' is not a function a formula may use: {functions}."),
                          part=_source(node.func), functions=", ".join(FUNCTIONS))
        arity, torch_name = FUNCTIONS[name]
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args) or len(node.args) != arity:
            raise _refuse(translate("Expression", "{name} takes {count} value(s), written {name}(...)."),
                          name=name, count=arity)
        arguments = [self(a) for a in node.args]
        function = _torch()
        for part in torch_name.split("."):
            function = getattr(function, part)
        if arity == 1:
            (only,) = arguments
            return lambda x, y: function(_tensor(only(x, y), x))
        first, second = arguments
        return lambda x, y: function(_tensor(first(x, y), x), _tensor(second(x, y), x))


def _constant_value(node: ast.AST) -> float | None:
    """The value of a subtree made of numbers and + - * / ** only, in floats (inf on overflow),
    or None when it holds anything else (x, y, a function)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _constant_value(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        a, b = _constant_value(node.left), _constant_value(node.right)
        if a is None or b is None:
            return None
        try:
            value = _BINARY[type(node.op)](a, b)
        except ZeroDivisionError:
            return math.inf
        except OverflowError:
            return math.inf
        return value if isinstance(value, float) else math.nan  # a complex power: no real value
    return None


def _tensor(value, like):
    """A function's argument as a tensor of x's shape (a constant is a plain float)."""
    return value if not isinstance(value, float) else _torch().full_like(like, value)


def _source(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - only for the message
        text = type(node).__name__
    return text if len(text) <= 40 else text[:37] + "..."
