"""Gradient-descent optimisers for a race: K runs stepped at once, numerically identical to torch.optim.

Each update rule is a pure numpy function whose variable names are torch's (``exp_avg``,
``exp_avg_sq``, ``bias_correction1``, ``square_avg``, ``momentum_buffer`` ...) and whose docstring
holds the pseudocode of torch 2.13's documentation, line for line. Every argument is an array:
parameters, gradients and state are [k, P], hyper-parameters and step counts are [k, 1] columns, so
one call updates every run that uses that rule, each with its own hyper-parameters.

:class:`OptimizerBank` holds all runs of a race and steps them all at once with :func:`fused_step`:
every rule above is one update with per-row coefficients (its docstring has the table), so a step
is a couple of dozen array operations on [K, P] arrays whatever the mix of optimisers, with no
gathering and scattering of rows by rule. The per-rule functions stay the readable reference (and
the source of ``PSEUDOCODE``); the tests check that the bank reproduces them, and torch.optim.

Optimiser names as the app shows them (``OPTIMIZERS``) map onto torch classes:

========  ===================  ==========================================================
name      torch.optim          note
========  ===================  ==========================================================
gd        SGD                  full batch (the batch size is chosen by the race)
sgd       SGD                  mini-batch
momentum  SGD(momentum=0.9)    SGD whose default momentum is 0.9
adagrad   Adagrad
rmsprop   RMSprop
adam      Adam                 weight_decay is an L2 term folded into the gradient
adamw     AdamW                weight_decay is decoupled: it shrinks θ directly
========  ===================  ==========================================================

Hyper-parameters use torch's names and defaults, except that Adam's ``betas`` is split into the
flat keys ``beta1`` and ``beta2``. Validation follows torch's constructors and is a little
stricter where torch accepts values that can only break a run: ``dampening`` and RMSprop's
``alpha`` must lie in [0, 1], and every number must be finite.
"""
from engine.optimizers.bank import OptimizerBank
from engine.optimizers.fused import FUSED_STATE_OF, FusedCoefficients, fused_step
from engine.optimizers.hypers import defaults, torch_equivalent, validate
from engine.optimizers.rules import (
    OPTIMIZERS,
    PSEUDOCODE,
    RULE_OF,
    STATE_KEYS,
    STEP_HYPERS,
    TORCH_CLASS,
    UPDATE_RULES,
    adagrad,
    adam,
    adamw,
    lerp,
    rmsprop,
    sgd,
)

__all__ = [
    "OPTIMIZERS", "PSEUDOCODE", "RULE_OF", "STATE_KEYS", "STEP_HYPERS", "TORCH_CLASS", "UPDATE_RULES",
    "FUSED_STATE_OF", "FusedCoefficients", "OptimizerBank", "adagrad", "adam", "adamw", "defaults", "fused_step",
    "lerp", "rmsprop", "sgd", "torch_equivalent", "validate",
]
