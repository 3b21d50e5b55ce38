"""A test set in the session: the race trains on the training rows only, every run's frame
carries its test cost (one per loss value), the step where it was lowest and its metrics at the
threshold; edits keep the split, test points never move the race, undo and files keep it."""
from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn import metrics as skm

from engine.session import files
from engine.session import messages as m
from tests.engine.session.helpers import frame, make_session, settle


def _split_session(preset="wine", fraction=0.2, steps=60):
    s = make_session(preset)
    s.apply(m.SetSplit(0.0))  # wine opens with its recipe's test set: start from none
    s.apply(m.Standardize())
    s.apply(m.SetSplit(fraction))
    s.apply(m.RunSteps(steps))
    settle(s)
    return s


def test_the_race_trains_on_the_training_rows_and_frames_carry_the_test_cost():
    s = _split_session()
    f = frame(s)
    ds = f.dataset
    assert ds.test_mask.sum() == 36 and s.race.n == 142
    np.testing.assert_array_equal(s.race.X, ds.X[~ds.test_mask])
    test_X, test_y = ds.X[ds.test_mask], ds.y[ds.test_mask]
    for k, run in enumerate(f.runs):
        assert len(run.test_loss_history) == len(run.loss_history) == 61
        thetas = s.race.history(k, to_now=True).theta
        np.testing.assert_allclose(run.test_loss_history, f.model.loss(thetas, test_X, test_y), rtol=1e-12)
        best = int(np.nanargmin(run.test_loss_history))
        assert run.best_test_step == best
        predicted = f.model.predict(run.theta[None], test_X)[0]
        assert run.metrics["test"]["accuracy"] == pytest.approx(skm.accuracy_score(test_y, predicted))
        assert run.metrics["test"]["confusion"] == skm.confusion_matrix(test_y, predicted, labels=[0, 1, 2]).tolist()
        train_predicted = f.model.predict(run.theta[None], ds.training.X)[0]
        assert run.metrics["train"]["accuracy"] == pytest.approx(skm.accuracy_score(ds.training.y, train_predicted))
    # the mean and std of standardising came before the split here: the race's cost is that of its rows
    assert f.runs[0].loss_history[-1] == pytest.approx(float(f.model.loss(f.runs[0].theta[None], s.race.X,
                                                                          s.race.y)[0]), rel=1e-12)


def test_a_test_point_does_not_move_the_race_and_a_new_point_trains_unless_told():
    s = _split_session(steps=20)
    f = frame(s)
    loss_before = s.race.loss.copy()
    i = int(np.flatnonzero(f.dataset.test_mask)[0])
    s.apply(m.MovePoint(i, tuple(f.dataset.X[i] + 3.0), int(f.dataset.y[i])))
    settle(s)
    after = frame(s)
    np.testing.assert_array_equal(s.race.loss, loss_before)  # the training rows are the same
    assert after.runs[0].test_loss_history[-1] != f.runs[0].test_loss_history[-1]
    s.apply(m.AddPoint(tuple(np.zeros(13)), 1))
    settle(s)
    assert s.race.n == 143 and frame(s).dataset.test_mask.sum() == 36
    s.apply(m.AddPoint(tuple(np.zeros(13)), 2, test=True))
    settle(s)
    assert s.race.n == 143 and frame(s).dataset.test_mask.sum() == 37
    for _ in range(3):
        s.apply(m.Undo())
    settle(s)
    assert frame(s).dataset.test_mask.sum() == 36 and s.race.n == 142
    s.apply(m.Undo())  # the split itself
    settle(s)
    assert not frame(s).dataset.has_test and s.race.n == 178
    assert frame(s).runs[0].test_loss_history is None


def test_the_threshold_moves_the_binary_metrics_and_files_keep_the_split(tmp_path):
    s = _split_session("breast-cancer", steps=30)
    s.apply(m.SetThreshold(0.9))
    strict = frame(s).runs[0].metrics["test"]
    s.apply(m.SetThreshold(0.1))
    lenient = frame(s).runs[0].metrics["test"]
    assert np.asarray(lenient["confusion"])[:, 1].sum() > np.asarray(strict["confusion"])[:, 1].sum()
    assert lenient["recall"] >= strict["recall"]
    path = tmp_path / "split.dlab.json"
    files.save(s.state, path)
    back = files.load(path)
    np.testing.assert_array_equal(back.dataset.test_mask, s.state.dataset.test_mask)
    for bad in ([0, 0], [-1], [10**6], "all", list(range(569))):
        obj = json.loads(path.read_text())
        obj["dataset"]["test_rows"] = bad
        with pytest.raises(files.SessionFileError, match="test rows"):
            files.from_json(obj, "bad.dlab.json")


def test_regression_has_a_test_curve_and_no_metrics():
    s = _split_session("line-30", fraction=0.3, steps=10)
    run = frame(s).runs[0]
    assert run.metrics is None and len(run.test_loss_history) == 11
    s.apply(m.SetSplit(0.0))
    settle(s)
    assert frame(s).runs[0].test_loss_history is None and s.race.n == 30
