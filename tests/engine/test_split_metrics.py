"""Train/test splits and classification metrics against scikit-learn, and the CLI's contract:
``--test-fraction`` trains on the training rows only and adds ``test_loss`` and ``split``;
``--threshold`` adds ``metrics``."""
from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn import metrics as skm
from sklearn.model_selection import train_test_split

from engine import metrics
from engine.cli import main
from engine.data import DataError, load_preset, standardize
from engine.data.split import hold_out
from engine.evaluation import held_out_loss, run_metrics
from engine.models import model_for
from engine.race import Race, RunSpec


@pytest.mark.parametrize("name", ["wine", "iris", "breast-cancer", "moons", "line-30", "blobs"])
@pytest.mark.parametrize("fraction", [0.1, 0.2, 0.25, 0.5])
def test_the_split_has_train_test_splits_sizes_and_strata(name, fraction):
    ds = load_preset(name)
    held = hold_out(ds, fraction, seed=3)
    stratify = ds.y if ds.is_classification else None
    _, sk_test = train_test_split(np.arange(ds.n), test_size=fraction, random_state=3, stratify=stratify)
    assert held.test_mask.sum() == len(sk_test) and held.training.n + held.testing.n == ds.n
    np.testing.assert_array_equal(held.training.X, ds.X[~held.test_mask])
    if ds.is_classification:  # each class's share as scikit-learn's (its ties may fall the other way)
        ours = np.bincount(ds.y[held.test_mask].astype(int), minlength=ds.n_classes)
        theirs = np.bincount(ds.y[sk_test].astype(int), minlength=ds.n_classes)
        assert np.abs(ours - theirs).max() <= 1 and ours.sum() == theirs.sum()
    assert np.array_equal(hold_out(ds, fraction, seed=3).test_mask, held.test_mask)  # seeded
    assert not np.array_equal(hold_out(ds, fraction, seed=4).test_mask, held.test_mask)


def test_edits_keep_the_split_and_new_points_train_unless_told():
    ds = hold_out(load_preset("blobs"), 0.2, seed=0)
    n_test = ds.test_mask.sum()
    added = ds.with_point((0.0, 0.0), 1)
    assert added.test_mask.sum() == n_test and not added.test_mask[-1]
    assert ds.with_point((0.0, 0.0), 1, test=True).test_mask[-1]
    i = int(np.flatnonzero(ds.test_mask)[0])
    assert ds.moved(i, (5.0, 5.0)).test_mask[i]
    assert ds.without(i).test_mask.sum() == n_test - 1
    assert hold_out(ds, 0.0).test is None and hold_out(ds, 0.0).training is not None
    with pytest.raises(DataError, match="0 to 0.5"):
        hold_out(ds, 0.7)


def test_standardising_with_a_split_uses_the_training_rows_only():
    ds = hold_out(load_preset("wine"), 0.2, seed=1)
    scaled, mean, std = standardize(ds)
    np.testing.assert_allclose(mean, ds.training.X.mean(axis=0))
    np.testing.assert_allclose(scaled.training.X.mean(axis=0), 0.0, atol=1e-12)
    assert np.abs(scaled.testing.X.mean(axis=0)).max() > 1e-3  # the test rows are not refitted


def test_metrics_are_sklearns():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 60)
    predicted = rng.integers(0, 2, (3, 60))
    for k, entry in enumerate(metrics.summary(y, predicted, 2)):
        assert entry["confusion"] == skm.confusion_matrix(y, predicted[k], labels=[0, 1]).tolist()
        assert entry["accuracy"] == pytest.approx(skm.accuracy_score(y, predicted[k]))
        assert entry["precision"] == pytest.approx(skm.precision_score(y, predicted[k], zero_division=0))
        assert entry["recall"] == pytest.approx(skm.recall_score(y, predicted[k], zero_division=0))
    y3 = rng.integers(0, 4, 80)
    p3 = rng.integers(0, 4, (2, 80))
    for k, entry in enumerate(metrics.summary(y3, p3, 4)):
        assert entry["confusion"] == skm.confusion_matrix(y3, p3[k], labels=[0, 1, 2, 3]).tolist()
        assert "precision" not in entry
    none = metrics.summary(np.array([0, 0, 1]), np.zeros((1, 3), dtype=np.int64), 2)[0]
    assert none["precision"] == 0.0 and none["recall"] == 0.0


def test_a_lower_threshold_flags_more_positives():
    """The cancer-screening lesson: recall rises and precision falls as the threshold drops."""
    ds = hold_out(standardize(load_preset("breast-cancer"))[0], 0.2, seed=0)
    model = model_for(ds)
    race = Race(model, ds.training.X, ds.training.y, [RunSpec("gd", "gd", {"lr": 0.5})], np.zeros(model.n_params))
    race.run_to(steps=50)
    flagged, recall = [], []
    for t in (0.9, 0.5, 0.1):
        entry = run_metrics(model, race.theta, ds, t)[0]["test"]
        flagged.append(np.asarray(entry["confusion"])[:, 1].sum())
        recall.append(entry["recall"])
    assert flagged[0] < flagged[1] < flagged[2] and recall[0] <= recall[1] <= recall[2]


def test_the_cli_trains_on_the_training_rows_and_reports_the_test_cost(capsys, tmp_path):
    args = ["run", "--preset", "wine", "--standardize", "--test-fraction", "0.2", "--split-seed", "5",
            "--opt", "adam:lr=0.01", "--opt", "sgd:lr=0.1,batch=16", "--epochs", "20", "--threshold", "0.5"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    ds = standardize(hold_out(load_preset("wine"), 0.2, seed=5))[0]
    test = np.array(out["split"]["test_index"])
    assert sorted(out["split"]["train_index"] + out["split"]["test_index"]) == list(range(178))
    np.testing.assert_array_equal(test, np.flatnonzero(ds.test_mask))
    model = model_for(ds)
    race = Race(model, ds.training.X, ds.training.y, [RunSpec("a", "adam", {"lr": 0.01}),
                                                     RunSpec("s", "sgd", {"lr": 0.1}, batch=16)],
                np.zeros(model.n_params))
    race.run_to(epochs=20)
    for k, run in enumerate(out["runs"]):
        assert len(run["test_loss"]) == len(run["loss"])
        np.testing.assert_allclose(run["loss"], race.loss_history(k), rtol=1e-12)
        expected_curve = held_out_loss(model, race.history(k).theta, ds.testing)
        np.testing.assert_allclose(run["test_loss"], expected_curve, rtol=1e-12)
        theta = race.theta[k:k + 1]
        expected = float(model.loss(theta, ds.X[test], ds.y[test])[0])
        assert run["test_loss"][-1] == pytest.approx(expected, rel=1e-12)
        predicted = model.predict(theta, ds.X[test])[0]
        assert run["metrics"]["test"]["accuracy"] == pytest.approx(skm.accuracy_score(ds.y[test], predicted))
        assert run["metrics"]["train"]["confusion"] == skm.confusion_matrix(
            ds.training.y, model.predict(theta, ds.training.X)[0], labels=[0, 1, 2]).tolist()
    assert main(["run", "--preset", "line-30", "--test-fraction", "0.9", "--steps", "3"]) == 2
    assert "0 to 0.5" in capsys.readouterr().err
    assert main(["run", "--preset", "line-30", "--steps", "3"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert "split" not in plain and "test_loss" not in plain["runs"][0] and "metrics" not in plain["runs"][0]
