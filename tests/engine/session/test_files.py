"""Session files: everything round-trips, the race is reproduced, and a bad file changes nothing."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from engine.race import RunSpec
from engine.session import files
from engine.session import messages as m
from engine.session.state import Limit, ViewSettings
from tests.engine.session.helpers import frame, make_session, settle


def edited_session():
    s = make_session("blobs")
    s.apply(m.AddPoint((0.5, -1.0), 1))
    s.apply(m.SetRuns((RunSpec("Adam", "adam", {"lr": 0.05}, batch=16),
                       RunSpec("Nesterov", "sgd", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, batch=8,
                               shuffle=False, drop_last=True))))
    s.apply(m.SetVisible(1, False))
    s.apply(m.SetStart(tuple(np.linspace(-0.3, 0.3, 9)), final=True))
    s.apply(m.SetSeed(7))
    s.apply(m.SetShuffleRng("global"))
    s.apply(m.SetLimit(300, "epochs"))
    s.apply(m.SetPlane("params=weight[0,1],bias[2]"))
    s.apply(m.SelectSample(12))
    s.apply(m.ShowFeatures(1, 0))
    s.apply(m.SetView(ViewSettings(surface_log=False, curves_log=True, curves_epochs=True)))
    s.apply(m.SetSpeed(1234))
    settle(s)
    return s


def test_a_session_round_trips_field_by_field(tmp_path):
    s = edited_session()
    path = tmp_path / "lesson.dlab.json"
    files.save(s.state, path)
    back = files.load(path)
    a, b = s.state, back
    assert b.dataset == a.dataset and b.model == a.model and b.source == a.source
    assert b.runs == a.runs and np.array_equal(b.start, a.start)
    assert a.shuffle_rng == "global"
    for field in ("seed", "shuffle_rng", "speed", "limit", "restart_on_edit", "plane", "selected_run",
                  "selected_sample",
                  "shown_features", "threshold", "view", "next_color"):
        assert getattr(b, field) == getattr(a, field), field
    text = path.read_text()
    assert text.startswith("{\n") and '"format": "descent-lab-session"' in text


def test_opening_a_session_reproduces_the_race_step_for_step(tmp_path):
    s = edited_session()
    s.apply(m.RunSteps(40))
    original = frame(s)
    path = tmp_path / "race.dlab.json"
    s.apply(m.SaveSession(str(path)))
    assert any(n.kind == "saved" for n in s.take_notices()) and not frame(s).unsaved
    t = make_session("line-30")
    t.apply(m.OpenFile(str(path)))
    settle(t)
    assert frame(t).step == 0 and not frame(t).unsaved
    t.apply(m.RunSteps(40))
    opened = frame(t)
    for a, b in zip(original.runs, opened.runs):
        np.testing.assert_array_equal(a.theta, b.theta)
        np.testing.assert_array_equal(a.loss_history, b.loss_history)
    assert opened.surface.kind == "params" and opened.shown_features == (1, 0)
    t.apply(m.Undo())  # opening a session is undoable too
    assert frame(t).dataset.name == "line-30"


def test_the_unsaved_mark_follows_changes_but_not_selection(tmp_path):
    s = make_session("line-30")
    s.apply(m.MarkSaved())
    assert not frame(s).unsaved
    s.apply(m.SelectSample(3))
    s.apply(m.Play(True))
    assert not frame(s).unsaved
    s.apply(m.SetHyper(0, "lr", 0.002))
    assert frame(s).unsaved
    s.apply(m.SaveSession(str(tmp_path / "a.dlab.json")))
    assert not frame(s).unsaved
    s.apply(m.SaveSession(str(tmp_path / "auto.dlab.json"), autosave=True))
    s.apply(m.MovePoint(0, (1.0,), 5.0))
    s.apply(m.SaveSession(str(tmp_path / "auto.dlab.json"), autosave=True))
    assert frame(s).unsaved  # an autosave is not the user's file


def _valid(tmp_path) -> dict:
    path = tmp_path / "valid.dlab.json"
    files.save(make_session("logistic-2d").state, path)
    return json.loads(path.read_text())


@pytest.mark.parametrize("change,fragment", [
    (lambda d: d.update(version=2), "newer Descent Lab"),
    (lambda d: d.update(format="other"), "not a Descent Lab session"),
    (lambda d: d.pop("dataset"), "\"dataset\" is missing"),
    (lambda d: d["dataset"]["X"].__setitem__(0, [1.0, "two"]), "row 1 of the data"),
    (lambda d: d["dataset"].update(y=[0, 1]), "6 rows of features but 2 targets"),
    (lambda d: d["dataset"].update(task="poetry"), "\"task\" must be one of"),
    (lambda d: d["model"].update(kind="linear"), "linear regression needs a numeric target"),
    (lambda d: d["runs"][0].update(optimizer="magic"), "\"optimizer\" must be one of"),
    (lambda d: d["runs"][0]["hyper"].update(lr=-1), "lr must be >= 0"),
    (lambda d: d["runs"][0].update(batch=0), "batch must be null"),
    (lambda d: d["runs"][0].update(color="red"), "#rrggbb"),
    (lambda d: d["runs"][1].update(label=d["runs"][0]["label"]), "same label"),
    (lambda d: d.update(runs=[]), "1 to 64 entries"),
    (lambda d: d.update(start=[1.0]), "3 finite numbers"),
    (lambda d: d.update(seed=-4), "\"seed\" must be a whole number"),
    (lambda d: d.update(shuffle_rng="numpy"), "\"shuffle_rng\" must be one of"),
    (lambda d: d.update(threshold=True), "\"threshold\" must be a number"),
    (lambda d: d.update(plane="sideways"), "optimum or pca"),
    (lambda d: d["selection"].update(sample=99), "\"sample\" must be a whole number from 0 to 5"),
])
def test_a_bad_field_is_named_and_nothing_changes(tmp_path, change, fragment):
    doc = _valid(tmp_path)
    change(doc)
    path = tmp_path / "bad.dlab.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(files.SessionFileError, match=None) as error:
        files.load(path)
    assert fragment in str(error.value) and "bad.dlab.json" in str(error.value)
    s = make_session("line-30")
    before = s.state
    s.apply(m.OpenFile(str(path)))
    notices = s.take_notices()
    assert notices and notices[-1].kind == "error" and fragment in notices[-1].text
    assert s.state is before


@pytest.mark.parametrize("content,fragment", [
    (b"", "not valid JSON"),
    (b'{"format": "descent-lab-session", "version": 1, "dataset": {"X": [[1', "not valid JSON"),
    (b"[1, 2, 3]", "not a Descent Lab session"),
    (b"\xff\xfe\x00\x00garbage", "not UTF-8"),
    (b'{"format": "descent-lab-session", "version": 1, "threshold": NaN}', "NaN is not a number"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
])
def test_damaged_and_hostile_files_get_a_clear_message(tmp_path, content, fragment):
    path = tmp_path / "broken.dlab.json"
    path.write_bytes(content)
    with pytest.raises(files.SessionFileError) as error:
        files.load(path)
    assert fragment in str(error.value)


def test_oversized_folders_and_pipes_are_refused_without_reading(tmp_path):
    big = tmp_path / "big.dlab.json"
    with open(big, "wb") as f:
        f.truncate(files.MAX_BYTES + 1)  # sparse: nothing is really written
    with pytest.raises(files.SessionFileError, match="larger than 50 MB"):
        files.load(big)
    with pytest.raises(files.SessionFileError, match="folder"):
        files.load(tmp_path)
    fifo = tmp_path / "pipe.dlab.json"
    os.mkfifo(fifo)
    with pytest.raises(files.SessionFileError, match="not a regular file"):
        files.load(fifo)  # a FIFO would block forever if it were opened


def test_saving_is_atomic_and_refuses_non_finite_data(tmp_path):
    s = make_session("line-30")
    path = tmp_path / "s.dlab.json"
    files.save(s.state, path)
    first = path.read_text()
    bad = s.state.dataset.moved(0, [float("nan")])
    with pytest.raises(ValueError, match="not a finite number"):
        files.save(s.state.with_(dataset=bad), path)
    assert path.read_text() == first and list(tmp_path.iterdir()) == [path]  # no half file, no temp left
    assert Limit(0, "steps").count == 0
