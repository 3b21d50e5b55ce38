"""Functions of two parameters raced on directly: the classic test functions and typed formulas."""
from engine.functions.expression import FUNCTIONS, Expression, ExpressionError, parse_expression
from engine.functions.named import NAMED_FUNCTIONS, NamedFunction
from engine.functions.objective import (
    NO_DATA,
    FunctionModel,
    function_dataset,
    function_is_positive,
    function_model,
    is_function,
)

__all__ = ["FUNCTIONS", "NAMED_FUNCTIONS", "NO_DATA", "Expression", "ExpressionError", "FunctionModel",
           "NamedFunction", "function_dataset", "function_is_positive", "function_model", "is_function",
           "parse_expression"]
