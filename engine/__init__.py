"""Descent Lab's engine: data, models, optimisers, races and loss surfaces. Plain Python, numpy
and torch; nothing here may import Qt (a test enforces it)."""
import os
import sys

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)

# The engine's matrices are small (N up to ~2000, K up to a few hundred) and the app already
# runs a GUI thread beside the engine's worker thread. A multi-threaded BLAS spinning on 2 cores
# against those threads was measured here 50-100x slower than one thread, so use one.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
if "numpy" in sys.modules:  # too late for the environment: limit the loaded BLAS directly
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
