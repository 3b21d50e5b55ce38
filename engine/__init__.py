"""Descent Lab's engine: data, models, optimisers, races and loss surfaces. Plain Python, numpy
and torch; nothing here may import Qt (a test enforces it)."""
