"""The presets open without scikit-learn or torch, yet are exactly what those libraries produce."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn import datasets

from engine.data import load_preset
from engine.data import shipped

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(shipped.SKLEARN_SETS))
def test_shipped_sets_equal_scikit_learns(name):
    X, y, features, classes, target = shipped.sklearn_set_from_source(name)
    ds = load_preset(name)
    assert ds.X.dtype == np.float64 and np.array_equal(ds.X, X)
    assert np.array_equal(ds.y, y)
    assert (ds.feature_names, ds.class_names, ds.target_name) == (features, classes, target)


def test_the_shipped_line_3x2_is_torchs_draw():
    x, y = shipped.line_3x2_from_torch(0, 1000, 1.0)
    ds = load_preset("line-3x2")
    assert np.array_equal(ds.X[:, 0], x.astype(np.float64)) and np.array_equal(ds.y, y.astype(np.float64))
    other = load_preset("line-3x2", seed=3, n_samples=40)  # any other draw still comes from torch
    x3, y3 = shipped.line_3x2_from_torch(3, 40, 1.0)
    assert np.array_equal(other.X[:, 0], x3.astype(np.float64)) and np.array_equal(other.y, y3.astype(np.float64))


@pytest.mark.parametrize("seed", [0, 1, 7, 12345])
@pytest.mark.parametrize("n_samples,noise,n_classes", [(300, 1.0, 3), (31, 0.0, 2), (200, 2.5, 5), (7, 0.3, 7)])
def test_blobs_equal_make_blobs(seed, n_samples, noise, n_classes):
    X, y = datasets.make_blobs(n_samples=n_samples, n_features=2, centers=n_classes, cluster_std=noise,
                               random_state=seed)
    ds = load_preset("blobs", seed=seed, n_samples=n_samples, noise=noise, n_classes=n_classes)
    assert np.array_equal(ds.X, X) and np.array_equal(ds.y, y)


@pytest.mark.parametrize("seed", [0, 3, 99])
@pytest.mark.parametrize("n_samples,noise", [(200, 0.2), (51, 0.0), (2, 1.5)])
def test_moons_and_circles_equal_scikit_learns(seed, n_samples, noise):
    X, y = datasets.make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    ds = load_preset("moons", seed=seed, n_samples=n_samples, noise=noise)
    assert np.array_equal(ds.X, X) and np.array_equal(ds.y, y)
    X, y = datasets.make_circles(n_samples=n_samples, noise=noise, factor=0.5, random_state=seed)
    ds = load_preset("circles", seed=seed, n_samples=n_samples, noise=noise)
    assert np.array_equal(ds.X, X) and np.array_equal(ds.y, y)


def test_no_preset_imports_scikit_learn_or_torch():
    code = ("import sys\nfrom engine.data import PRESETS, load_preset\n"
            "for name in PRESETS: load_preset(name)\n"
            "print(sorted(m for m in ('sklearn', 'torch') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
