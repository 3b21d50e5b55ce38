"""File ▸ Export's CSV: every stored step of every run, the very floats, empty where a run has no value."""
from __future__ import annotations

import csv

import numpy as np

from engine.exports import race_table
from engine.session import messages as m
from tests.engine.session.helpers import frame, make_session, settle


def read(path):
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    return rows[0], rows[1:]


def test_costs_are_every_runs_history_read_back_exactly(tmp_path):
    s = make_session("line-30")
    s.apply(m.RunSteps(25))
    settle(s)
    s.apply(m.ExportRace(str(tmp_path / "costs.csv"), "costs"))
    notice = s.take_notices()[-1]
    assert notice.kind == "info" and "Exported 26 steps to costs.csv" == notice.text
    header, rows = read(tmp_path / "costs.csv")
    labels = [run.label for run in s.state.runs]
    assert header == ["step", *[f"{label} cost" for label in labels]]
    assert [int(row[0]) for row in rows] == list(range(26))
    for k in range(len(labels)):
        np.testing.assert_array_equal([float(row[1 + k]) for row in rows], s.race.loss_history(k))


def test_paths_name_each_parameter_and_a_later_run_is_empty_before_it_was_born(tmp_path):
    s = make_session("logistic-2d")
    s.apply(m.RunSteps(10))
    settle(s)
    s.apply(m.AddRun())
    s.apply(m.RunSteps(5))
    settle(s)
    header, rows = race_table(s.race, [run.label for run in s.state.runs], "paths")
    names = s.race.model.param_names()
    assert header[:1 + len(names)] == ["step", *[f"{s.state.runs[0].label} {name}" for name in names]]
    assert len(header) == 1 + len(names) * len(s.state.runs)
    np.testing.assert_array_equal(np.array([[float(v) for v in row[1:1 + len(names)]] for row in rows]),
                                  s.race.trajectory(0))
    last = [row[-len(names):] for row in rows]
    born = len(s.race.history_steps(len(s.state.runs) - 1))
    assert born == 6 and all(cell == "" for row in last[born:] for cell in row)  # its own 0..5, then nothing
    np.testing.assert_array_equal(np.array([[float(v) for v in row] for row in last[:born]]),
                                  s.race.trajectory(len(s.state.runs) - 1))


def test_an_export_that_cannot_be_written_says_so_and_changes_nothing(tmp_path):
    s = make_session("line-30")
    before = frame(s).state
    (tmp_path / "taken.csv").mkdir()
    s.apply(m.ExportRace(str(tmp_path / "taken.csv"), "costs"))
    notice = s.take_notices()[-1]
    assert notice.kind == "error" and notice.title == "Could not export" and "folder" in notice.text
    assert frame(s).state == before
