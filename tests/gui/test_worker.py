"""The worker on its own QThread: messages in, frames out. Frames are awaited, never slept for."""
from __future__ import annotations

import numpy as np
import pytest
from dataclasses import replace

from engine.data import Dataset, load_preset
from engine.race import RunSpec
from gui.worker import WorkerThread, make_model

TIMEOUT = 10_000  # ms: generous for a loaded CI machine; a passing test takes far less


class Harness:
    """A started worker and the frames it emitted (the newest last)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.engine = WorkerThread()
        self.worker = self.engine.worker
        self.frames = []
        self.worker.frame_ready.connect(self.frames.append)
        self.engine.start()

    @property
    def frame(self):
        return self.frames[-1]

    def wait(self, predicate, timeout: int = TIMEOUT):
        def check():
            assert self.frames and predicate(self.frames[-1])

        self.qtbot.waitUntil(check, timeout=timeout)
        return self.frames[-1]

    def load(self, dataset: Dataset, version: int = 1, playing: bool = False):
        self.worker.play(playing)
        self.worker.load_dataset(dataset, version)
        return self.wait(lambda f: f.data_version == version and f.surface is not None
                         and f.extras.get("settled"))


@pytest.fixture
def harness(qtbot):
    h = Harness(qtbot)
    yield h
    h.engine.stop()
    assert not h.engine.thread.isRunning()


def direct_loss(frame, i: int, j: int, dataset=None) -> float:
    """The cost at surface cell (i, j), computed straight from the model and the frame's data
    (or ``dataset``). While the user drags, frames carry a coarser grid: indices wrap."""
    s = frame.surface
    ds = dataset or frame.dataset
    theta = s.plane.point(s.a[i % len(s.a)], s.b[j % len(s.b)])
    return float(frame.model.loss(theta[None, :], ds.X, ds.y)[0])


def assert_surface_of(frame, dataset, cells=((0, 0), (57, 23), (99, 99))) -> None:
    s = frame.surface
    for i, j in cells:
        i, j = i % len(s.a), j % len(s.b)
        assert s.loss[i, j] == pytest.approx(direct_loss(frame, i, j, dataset), rel=1e-9)


def test_edits_change_the_data_and_the_next_surface(harness):
    ds = load_preset("line-30")
    first = harness.load(ds)
    assert first.surface.loss.shape == (200, 200)
    assert_surface_of(first, ds)

    moved = ds.moved(3, [4.0], 30.0)
    harness.worker.set_dataset(moved, 2)
    frame = harness.wait(lambda f: f.data_version == 2)
    assert frame.dataset == moved
    assert_surface_of(frame, moved)
    assert frame.surface.loss[5, 5] != pytest.approx(direct_loss(frame, 5, 5, ds), rel=1e-6)

    added = moved.with_point([10.0], -5.0)
    harness.worker.set_dataset(added, 3)
    frame = harness.wait(lambda f: f.data_version == 3)
    assert frame.dataset.n == 31
    assert_surface_of(frame, added)

    removed = added.without(0)
    harness.worker.set_dataset(removed, 4)
    frame = harness.wait(lambda f: f.data_version == 4)
    assert frame.dataset.n == 30
    assert_surface_of(frame, removed)
    frame = harness.wait(lambda f: f.extras["settled"])  # refined to the full grid when idle
    assert frame.surface.loss.shape == (200, 200)
    assert_surface_of(frame, removed, cells=((0, 0), (150, 10), (199, 199)))


def test_a_drag_of_many_edits_is_coalesced_to_the_newest(harness):
    ds = load_preset("logistic-2d")
    harness.load(ds)
    count_before = len(harness.frames)
    for step in range(50):
        harness.worker.set_dataset(ds.moved(0, [1.0 + 0.02 * step, 2.0]), 2 + step)
    frame = harness.wait(lambda f: f.data_version == 51)
    assert frame.dataset.X[0, 0] == pytest.approx(1.98)
    assert len(harness.frames) - count_before < 50  # not one frame per queued edit
    frame = harness.wait(lambda f: f.extras.get("settled"))
    assert_surface_of(frame, frame.dataset)


def test_runs_keep_their_state_on_an_edit_unless_restart_on_edit(harness):
    ds = load_preset("line-30")
    harness.load(ds)
    harness.worker.run_steps(40)
    harness.wait(lambda f: f.step == 40)
    harness.worker.set_dataset(ds.moved(0, [1.0], 5.0), 2)
    frame = harness.wait(lambda f: f.data_version == 2)
    assert all(run.steps == 40 for run in frame.runs)
    harness.worker.set_restart_on_edit(True)
    harness.worker.set_dataset(ds, 3)
    frame = harness.wait(lambda f: f.data_version == 3)
    assert all(run.steps == 0 for run in frame.runs)


def test_dragging_the_start_restarts_the_race_from_there(harness):
    ds = load_preset("line-30")
    harness.load(ds)
    harness.worker.run_steps(25)
    harness.wait(lambda f: f.step == 25)
    start = np.array([0.5, -2.0])
    harness.worker.set_start(start, False)
    harness.worker.set_start(start, True)
    frame = harness.wait(lambda f: f.surface.start_ab == pytest.approx((0.5, -2.0)))
    for run in frame.runs:
        assert run.steps == 0
        np.testing.assert_allclose(run.theta, start)
        np.testing.assert_allclose(run.path_ab[0], [0.5, -2.0])
    harness.worker.run_steps(5)
    frame = harness.wait(lambda f: f.step == 5)
    for run in frame.runs:
        np.testing.assert_allclose(run.path_ab[0], [0.5, -2.0])
        assert len(run.path_ab) == 6


def test_a_diverging_run_is_marked_and_the_others_go_on(harness):
    ds = load_preset("line-30")
    harness.load(ds)
    harness.worker.set_runs([RunSpec("wild", "gd", {"lr": 1e3}), RunSpec("Adam", "adam", {"lr": 0.1})])
    harness.worker.set_speed(2000)
    harness.worker.play(True)
    frame = harness.wait(lambda f: len(f.runs) == 2 and f.runs[0].status == "diverged" and f.runs[1].steps > 200)
    wild, adam = frame.runs
    assert wild.diverged_at is not None and wild.diverged_at < 50
    assert wild.steps == wild.diverged_at
    assert np.all(np.isfinite(wild.path_ab))  # the path up to the blow-up, drawable
    assert adam.status in ("running", "converged")
    assert adam.loss < frame.runs[1].loss_history[0]


def test_empty_data_and_one_class_pause_with_a_message(harness):
    ds = load_preset("logistic-2d")
    harness.load(ds, playing=True)
    empty = replace(ds, X=np.empty((0, 2)), y=np.empty(0, dtype=np.int64))
    harness.worker.set_dataset(empty, 2)
    frame = harness.wait(lambda f: f.data_version == 2)
    assert frame.message and "empty" in frame.message
    assert not frame.playing
    one_class = ds.without([3, 4, 5])
    harness.worker.set_dataset(one_class, 3)
    frame = harness.wait(lambda f: f.data_version == 3)
    assert "one class" in frame.message.lower()
    nan = ds.moved(0, [np.nan, 2.0])
    harness.worker.set_dataset(nan, 4)
    frame = harness.wait(lambda f: f.data_version == 4)
    assert "NaN" in frame.message
    harness.worker.set_dataset(ds, 5)
    frame = harness.wait(lambda f: f.data_version == 5 and f.surface is not None)
    assert frame.message is None
    assert frame.playing


def test_hyper_parameters_apply_without_a_reset(harness):
    ds = load_preset("line-30")
    harness.load(ds)
    harness.worker.run_steps(30)
    harness.wait(lambda f: f.step == 30)
    harness.worker.set_hyper(3, "lr", 0.02)
    harness.worker.set_batch(0, 4)
    frame = harness.wait(lambda f: f.runs[3].hyper["lr"] == 0.02 and f.runs[0].batch == 4)
    assert all(run.steps == 30 for run in frame.runs)
    harness.worker.duplicate_run(1)
    harness.worker.add_run()
    frame = harness.wait(lambda f: len(f.runs) == 6)
    assert frame.runs[4].steps == 30  # a fork keeps its history
    harness.worker.remove_run(5)
    harness.worker.set_optimizer(0, "adagrad")
    frame = harness.wait(lambda f: len(f.runs) == 5 and f.runs[0].optimizer == "adagrad")
    assert frame.runs[0].hyper["lr"] == pytest.approx(1e-3)


def test_regions_and_sample_output_for_classification(harness):
    ds = load_preset("wine")
    frame = harness.load(ds)
    assert frame.regions.proba.shape == (100, 100, 3)
    np.testing.assert_allclose(frame.regions.proba.sum(axis=-1), 1.0)
    from engine.data import split_indices

    assert frame.selected_sample == split_indices(ds.n, 0.2, 0)[1][0]
    assert frame.sample_output.shape == (len(frame.runs), 3)
    harness.worker.select_sample(5)
    harness.worker.set_shown_features(2, 7)
    frame = harness.wait(lambda f: f.selected_sample == 5 and f.shown_features == (2, 7))
    theta = frame.runs[frame.selected_run].theta
    expected = frame.model.predict_proba(theta[None, :], ds.X[5:6])[0, 0]
    np.testing.assert_allclose(frame.sample_output[frame.selected_run], expected)


def test_model_choice_and_no_bias(harness):
    ds = load_preset("logistic-2d")
    harness.load(ds)
    harness.worker.set_model("softmax", False)
    frame = harness.wait(lambda f: f.model.kind == "softmax" and f.surface is not None)
    assert frame.model == make_model(ds, "softmax", False)
    assert frame.runs[0].theta.shape == (4,)


def test_stopping_while_racing_is_clean(qtbot):
    h = Harness(qtbot)
    h.worker.set_speed(10000)
    h.worker.load_dataset(load_preset("blobs"), 1)
    h.wait(lambda f: f.step > 50)
    h.engine.stop()
    assert not h.engine.thread.isRunning()
    h.engine.stop()  # idempotent


def test_every_plane_the_surface_view_can_ask_for(harness):
    ds = load_preset("softmax-8")
    harness.load(ds)
    errors = []
    harness.worker.error.connect(errors.append)
    for spec, label in (("pca", "PC1"), ("params=weight[0,1],bias[2]", "weight[0,1]"), ("optimum", "start"),
                        ("auto", "start")):
        harness.worker.set_plane(spec)
        frame = harness.wait(lambda f: f.extras["plane_spec"] == spec and f.extras["settled"])
        assert frame.surface.a_label.startswith(label)
        assert_surface_of(frame, ds)
    assert errors == []
