"""The classic test functions of optimisation, each with where to look and where its minima are.

Each is written as the formula a student could type (``engine/functions/expression.py`` reads
it), so a named function and a typed one are the same thing to the engine: torch evaluates the
formula and autograd differentiates it. Domains, minima and starts are those of the usual
references (Surjanovic & Bingham's Virtual Library of Simulation Experiments; Wikipedia's "Test
functions for optimization"); a start is chosen so that the race shows the function's lesson.
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.words import translate


@dataclass(frozen=True)
class NamedFunction:
    name: str
    formula: str
    domain: tuple[tuple[float, float], tuple[float, float]]  # (x from, x to), (y from, y to)
    minima: tuple[tuple[float, float], ...]  # the global minima (every one of Himmelblau's four)
    start: tuple[float, float]
    lesson: str  # one sentence: what racing on it shows


NAMED_FUNCTIONS: dict[str, NamedFunction] = {f.name: f for f in (
    NamedFunction("rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2", ((-2.0, 2.0), (-1.0, 3.0)), ((1.0, 1.0),),
                  (-1.2, 1.0),
                  translate("Functions", "A long curved valley: plain gradient descent crawls along its floor.")),
    NamedFunction("beale", "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
                  ((-4.5, 4.5), (-4.5, 4.5)), ((3.0, 0.5),), (1.0, 1.4),
                  translate("Functions", "Flat plains and steep walls: a fixed step is too small in one place "
                                         "and too large in another.")),
    NamedFunction("himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2", ((-5.0, 5.0), (-5.0, 5.0)),
                  ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
                  (-0.2, -0.9),
                  translate("Functions", "Four equal minima: which one a run finds depends on where it starts.")),
    NamedFunction("booth", "(x + 2*y - 7)**2 + (2*x + y - 5)**2", ((-10.0, 10.0), (-10.0, 10.0)), ((1.0, 3.0),),
                  (-8.0, 8.0), translate("Functions", "A plain bowl, stretched: the easy case to compare against.")),
    NamedFunction("rastrigin", "20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)", ((-5.12, 5.12), (-5.12, 5.12)),
                  ((0.0, 0.0),), (3.3, -2.7),
                  translate("Functions", "Many local minima: gradient descent stops in the nearest one, not the "
                                         "lowest.")),
    NamedFunction("ackley", "-20*exp(-0.2*sqrt(0.5*(x**2 + y**2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
                  ((-5.0, 5.0), (-5.0, 5.0)), ((0.0, 0.0),), (-3.0, 2.5),
                  translate("Functions", "A deep hole in a bumpy, nearly flat plain.")),
    NamedFunction("saddle", "x**2 - y**2", ((-2.0, 2.0), (-2.0, 2.0)), (), (-1.8, 0.01),
                  translate("Functions", "A saddle point: the gradient vanishes there, yet it is no minimum. "
                                         "No minimum at all: the cost falls without end.")),
    NamedFunction("monkey-saddle", "x**3 - 3*x*y**2", ((-2.0, 2.0), (-2.0, 2.0)), (), (1.5, 0.2),
                  translate("Functions", "A saddle with three valleys going down; no minimum.")),
    NamedFunction("quadratic", "0.5*(x**2 + {kappa}*y**2)", ((-5.0, 5.0), (-5.0, 5.0)), ((0.0, 0.0),), (-4.5, 2.0),
                  translate("Functions", "A bowl whose curvatures differ by the condition number: the larger "
                                         "it is, the more gradient descent zig-zags.")),
)}
DEFAULT_CONDITION = 10.0  # the quadratic's condition number unless one is given (quadratic:100)
