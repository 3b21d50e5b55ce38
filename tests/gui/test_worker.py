"""The worker on its own QThread: wiring only (the maths is the session's, tested without Qt).
Frames are awaited, never slept for."""
from __future__ import annotations

import numpy as np
import pytest

from engine.data import load_preset
from engine.session import messages as m
from gui.worker import Mailbox, WorkerThread

TIMEOUT = 15_000  # ms: generous for a loaded CI machine; a passing test takes far less


class Harness:
    """A started worker and the frames and notices it emitted (the newest last)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.engine = WorkerThread()
        self.worker = self.engine.worker
        self.frames = []
        self.notices = []
        self.worker.frame_ready.connect(self.frames.append)
        self.worker.notice.connect(self.notices.append)
        self.engine.start()

    def wait(self, predicate, timeout: int = TIMEOUT):
        # A bool, not an assert: pytest's message for a failed assert is the repr of every frame
        # (data sets, 200x200 surfaces), built on each 10 ms poll while holding the GIL, which
        # starved the worker thread (digits took 26 s to settle here instead of 3).
        self.qtbot.waitUntil(lambda: bool(self.frames) and bool(predicate(self.frames[-1])), timeout=timeout)
        return self.frames[-1]


@pytest.fixture
def harness(qtbot):
    h = Harness(qtbot)
    yield h
    h.engine.stop()
    assert not h.engine.thread.isRunning()


def test_messages_in_frames_out(harness):
    harness.worker.post(m.Play(False))
    harness.worker.post(m.LoadPreset("logistic-2d"))
    frame = harness.wait(lambda f: f.dataset is not None and f.settled)
    assert frame.dataset == load_preset("logistic-2d") and frame.surface.loss.shape == (200, 200)
    harness.worker.post(m.RunSteps(30))
    frame = harness.wait(lambda f: f.step == 30)
    assert all(run.steps == 30 for run in frame.runs)


def test_a_drag_of_many_moves_is_coalesced_to_the_newest(harness):
    harness.worker.post(m.Play(False))
    harness.worker.post(m.LoadPreset("logistic-2d"))
    harness.wait(lambda f: f.dataset is not None and f.settled)
    before = len(harness.frames)
    for step in range(50):
        harness.worker.post(m.MovePoint(0, (1.0 + 0.02 * step, 2.0), drag=7))
    frame = harness.wait(lambda f: f.dataset.X[0, 0] == pytest.approx(1.98))
    assert len(harness.frames) - before < 50  # not one frame per queued move
    assert frame.undo_text == "Move point"


def test_the_mailbox_keeps_order_and_coalesces_a_run_of_the_same_key():
    box = Mailbox()
    box.put(m.SetSpeed(10))
    box.put(m.AddPoint((1.0,), 2.0))
    box.put(m.SetSpeed(20))  # not next to the first: it must not jump past the point added
    box.put(m.MovePoint(0, (1.0,), 1.0, drag=1))
    box.put(m.MovePoint(0, (2.0,), 1.0, drag=1))  # a drag's moves in a row: only the newest
    box.put(m.MovePoint(0, (3.0,), 1.0, drag=2))
    box.put(m.LoadPreset("iris"))
    box.put(m.Undo())
    box.put(m.LoadPreset("wine"))  # the undo stays between the two loads
    assert box.pending()
    items = box.take()
    assert items == [m.SetSpeed(10), m.AddPoint((1.0,), 2.0), m.SetSpeed(20), m.MovePoint(0, (2.0,), 1.0, drag=1),
                     m.MovePoint(0, (3.0,), 1.0, drag=2), m.LoadPreset("iris"), m.Undo(), m.LoadPreset("wine")]
    assert not box.pending()


def test_racing_goes_on_by_itself_and_a_bad_request_is_a_notice(harness):
    harness.worker.post(m.SetSpeed(2000))
    harness.worker.post(m.LoadPreset("blobs"))
    harness.wait(lambda f: f.dataset is not None and f.step > 100 and f.playing)
    harness.worker.post(m.LoadPreset("no-such-set"))
    harness.qtbot.waitUntil(lambda: any("no-such-set" in n.text for n in harness.notices), timeout=TIMEOUT)
    assert harness.frames[-1].dataset.name == "blobs"  # nothing changed


@pytest.mark.slow
def test_a_message_is_answered_while_digits_refines_its_surface(harness):
    harness.worker.post(m.Play(False))
    harness.worker.post(m.LoadPreset("digits"))
    harness.wait(lambda f: f.dataset is not None and f.dataset.name == "digits" and f.surface is not None)
    harness.worker.post(m.SelectSample(5))  # during the full-grid refine
    frame = harness.wait(lambda f: f.selected_sample == 5)
    assert frame.sample_output.shape == (4, 10)
    frame = harness.wait(lambda f: f.settled, timeout=60_000)
    assert frame.surface.loss.shape == (200, 200)


def test_stopping_while_racing_is_clean(qtbot):
    h = Harness(qtbot)
    h.worker.post(m.SetSpeed(10000))
    h.worker.post(m.LoadPreset("blobs"))
    h.wait(lambda f: f.step > 50)
    h.engine.stop()
    assert not h.engine.thread.isRunning()
    h.engine.stop()  # idempotent


def test_an_internal_error_is_reported_and_frames_go_on(harness, monkeypatch):
    harness.worker.post(m.Play(False))
    harness.worker.post(m.LoadPreset("line-30"))
    harness.wait(lambda f: f.dataset is not None and f.settled)
    session = harness.worker.session
    original = session.step

    def broken(n):
        raise RuntimeError("a bug")

    monkeypatch.setattr(session, "step", broken)
    harness.worker.post(m.RunSteps(3))
    harness.qtbot.waitUntil(lambda: any("went wrong" in n.text for n in harness.notices), timeout=TIMEOUT)
    text = harness.notices[-1].text
    # the student is told what to do, never a Python exception's name or text
    assert "RuntimeError" not in text and "a bug" not in text and "kept" in text
    monkeypatch.setattr(session, "step", original)
    harness.worker.post(m.RunSteps(3))
    frame = harness.wait(lambda f: f.step == 3)
    assert np.isfinite(frame.runs[0].loss)


def test_a_late_wake_after_stopping_does_nothing(qtbot):
    """The optimum's thread may finish after the worker stopped: its wake must find nothing to do."""
    h = Harness(qtbot)
    h.worker.post(m.LoadPreset("digits"))  # its optimum goes to the helper thread
    h.wait(lambda f: f.dataset is not None and f.dataset.name == "digits")
    h.engine.stop()
    frames, notices = len(h.frames), len(h.notices)
    for _ in range(3):
        h.worker._wake.emit()
        qtbot.wait(20)
    h.worker.post(m.RunSteps(5))
    qtbot.wait(50)
    assert len(h.frames) == frames and len(h.notices) == notices
