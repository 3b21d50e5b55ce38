"""The race filmed as a GIF: what the film holds, what the file holds, progress, cancel, errors."""
from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine import cli
from engine.animation import Cancelled, Progress, film_of, write_gif
from engine.animation.film import FPS, HOLD_LAST, durations, frame_count, schedule
from engine.animation.gif import Palette
from engine.animation.picture import SUPERSAMPLE, FilmPainter, _polyline, nice_ticks
from engine.race import RunSpec
from engine.session import CooperativeExecutor, Session
from engine.session import messages as m
from engine.session.session import EXPORT_LOOK
from engine.surface import look
from tests.engine.session.helpers import FakeClock, make_session, settle

RUNS = (RunSpec("gd-1", "gd", {"lr": 0.1}), RunSpec("adam-2", "adam", {"lr": 0.05}),
        RunSpec("sgd-3", "sgd", {"lr": 0.05}, batch=4))


def raced(steps: int = 60, preset: str = "logistic-2d") -> Session:
    session = make_session(preset)
    session.apply(m.SetRuns(RUNS))
    session.apply(m.RunSteps(steps))
    settle(session)
    return session


def decoded(path) -> list[tuple[np.ndarray, int]]:
    """Every frame of a GIF as the viewer shows it (RGB), with its duration in ms."""
    out = []
    with Image.open(path) as im:
        for i in range(im.n_frames):
            im.seek(i)
            out.append((np.asarray(im.convert("RGB")).copy(), im.info["duration"]))
    return out


def test_the_film_holds_each_visible_run_as_the_race_stored_it():
    session = raced(60)
    session.apply(m.SetVisible(2, False))
    film = film_of(session)
    race, plane = session.race, session.derived.plane
    assert [t.label for t in film.tracks] == [r.spec.label for r in session.state.runs[:2]]
    assert film.total == 60
    for k, track in enumerate(film.tracks):
        a, b, _ = plane.project(race.trajectory(k))
        np.testing.assert_allclose(track.ab, np.column_stack([a, b]))
        np.testing.assert_array_equal(track.loss, race.loss_history(k))
        assert track.steps[0] == 0 and track.steps[-1] == 60
    np.testing.assert_allclose(film.z, look.display_values(session.derived.surface(), True))


def test_a_run_added_midway_enters_the_film_when_it_entered_the_race():
    session = raced(30)
    session.apply(m.AddRun(RunSpec("late", "momentum", {"lr": 0.1, "momentum": 0.9})))
    session.apply(m.RunSteps(20))
    film = film_of(session)
    late = film.tracks[-1]
    assert late.steps[0] == 30 and late.steps[-1] == 50
    assert late.row_at(29) == -1 and late.row_at(30) == 0 and late.row_at(50) == len(late.steps) - 1


def test_frames_are_spread_evenly_over_the_race_and_the_last_one_is_held():
    assert frame_count(8) == 8 * FPS
    steps = schedule(301, 160)
    assert steps[0] == 0 and steps[-1] == 301 and np.all(np.diff(steps) >= 0)
    waits = durations(160)
    assert waits[:-1] == [50] * 159 and waits[-1] == 50 + 1000 * HOLD_LAST


def test_the_gif_shows_exactly_the_painted_frames(tmp_path):
    film = film_of(raced(60))
    path = tmp_path / "race.gif"
    progress = Progress()
    n = write_gif(film, path, 400, 300, 2.0, progress=progress)
    frames = decoded(path)
    assert n == len(frames) == 2 * FPS
    assert progress.done == progress.total == n + 1 and progress.fraction == 1.0
    assert [d for _, d in frames] == durations(n)
    assert frames[0][0].shape == (300, 400, 3)
    with Image.open(path) as im:
        assert im.info.get("loop") == 0  # plays on and on, as a slide in a lecture should
    # each decoded frame (only changed pixels stored, the rest see-through) is the whole picture
    painter = FilmPainter(film, 400, 300)
    palette = Palette(painter, film.total)
    painter.reset()
    steps = schedule(film.total, n)
    for f in range(n):
        picture = painter.frame(int(steps[f]))
        if f in (0, n // 2, n - 1):
            expected = np.asarray(palette.picture(palette.indices(picture)).convert("RGB"))
            np.testing.assert_array_equal(frames[f][0], expected)
            assert np.abs(frames[f][0].astype(int) - np.asarray(picture).astype(int)).mean() < 3.0  # 255 colours
    assert not np.array_equal(frames[0][0], frames[-1][0])


def test_each_run_keeps_its_own_colour_at_its_head(tmp_path):
    film = film_of(raced(60))
    path = tmp_path / "race.gif"
    write_gif(film, path, 640, 480, 1.0)
    last = decoded(path)[-1][0]
    painter = FilmPainter(film, 640, 480)
    x0, y0 = painter.box[:2]
    for track in film.tracks:
        px, py = painter._to_plot(track.ab[-1][None])[0]
        x, y = int((x0 + px) / SUPERSAMPLE), int((y0 + py) / SUPERSAMPLE)
        if 0 <= x < 640 and 0 <= y < 480:
            assert tuple(last[y, x]) == look.hex_to_rgb(track.color), track.label


def test_cancel_writes_nothing_and_leaves_no_temporary_file(tmp_path):
    film = film_of(raced(40))

    class CancelAfterThree(Progress):
        def __setattr__(self, name, value):
            super().__setattr__(name, value)
            if name == "done" and value >= 3:
                self.cancel.set()

    with pytest.raises(Cancelled):
        write_gif(film, tmp_path / "race.gif", 400, 300, 2.0, progress=CancelAfterThree())
    assert list(tmp_path.iterdir()) == []


def test_a_diverging_run_is_drawn_off_the_plot_without_trouble():
    from PIL import ImageDraw

    canvas = Image.new("L", (100, 100), 0)
    pts = np.array([[50.0, 50.0], [1e300, 5e299], [np.nan, np.nan], [10.0, 10.0], [20.0, 10.0]])
    _polyline(ImageDraw.Draw(canvas), pts, canvas.size, 255, 1)
    drawn = np.asarray(canvas)
    assert drawn[69:72, 89:92].any()  # clipped, the line keeps its direction: slope 1/2 from (50, 50)
    assert drawn[10, 10:21].all()  # the stretch after the NaN break is drawn on its own
    assert not drawn[30, 30] and not drawn[50, 20]  # and nothing joins the two stretches across the break


def test_round_ticks_inside_the_range():
    assert nice_ticks(-0.13, 1.02) == [0.0, 0.5, 1.0]
    assert nice_ticks(3.0, 3.0) == []


# -- through the session ------------------------------------------------------------------------


def test_export_animation_writes_the_file_and_says_so(tmp_path):
    session = raced(40)
    path = tmp_path / "film.gif"
    session.apply(m.ExportAnimation(str(path), 400, 300, 1.0))
    notices = session.take_notices()
    assert path.exists() and len(decoded(path)) == FPS
    assert [n.kind for n in notices] == ["info"] and notices[0].path == str(path)
    assert "20 frames" in notices[0].text
    assert session.frame(force=True).export_progress is None


class HeldPool:
    """An export pool that runs its call only when the test says: the export seen mid-way."""

    def __init__(self) -> None:
        self.calls = []

    def submit(self, fn, *args):
        future = Future()
        self.calls.append((future, fn, args))
        return future

    def finish(self) -> None:
        future, fn, args = self.calls.pop()
        try:
            future.set_result(fn(*args))
        except BaseException as error:
            future.set_exception(error)


def cooperative_raced() -> tuple[Session, HeldPool]:
    pool = HeldPool()
    session = Session(clock=FakeClock(), executor=CooperativeExecutor(), export_pool=pool)
    session.apply(m.Play(False))
    session.apply(m.LoadPreset("line-30"))
    session.apply(m.SetRuns(RUNS[:2]))
    session.apply(m.RunSteps(30))
    settle(session)
    return session, pool


def test_while_the_animation_is_written_the_frames_carry_its_progress_and_the_race_goes_on(tmp_path):
    session, pool = cooperative_raced()
    session.apply(m.ExportAnimation(str(tmp_path / "a.gif"), 400, 300, 1.0))
    assert session.frame(force=True).export_progress == 0.0
    assert session.wait() is not None and session.wait() <= EXPORT_LOOK  # it looks in while waiting
    session.apply(m.RunSteps(5))  # the window is not frozen: messages still work
    assert session.race.t == 35
    session.apply(m.ExportAnimation(str(tmp_path / "b.gif"), 400, 300, 1.0))  # one at a time
    assert [n.kind for n in session.take_notices()] == ["error"]
    film = pool.calls[-1][2][0]
    assert film.total == 30  # the race as it was when asked, not as it went on
    pool.finish()
    settle(session)
    assert session.frame(force=True).export_progress is None
    assert [n.kind for n in session.take_notices()] == ["info"]
    assert len(decoded(tmp_path / "a.gif")) == FPS


def test_cancel_export_stops_it_and_removes_the_file(tmp_path):
    session, pool = cooperative_raced()
    session.apply(m.ExportAnimation(str(tmp_path / "a.gif"), 400, 300, 1.0))
    session.apply(m.CancelExport())
    pool.finish()
    settle(session)
    notices = session.take_notices()
    assert [n.kind for n in notices] == ["info"] and "cancelled" in notices[0].text
    assert list(tmp_path.iterdir()) == []
    assert session.export is None


@pytest.mark.parametrize("width, height, words", [(100, 100, "between"), (1200, 1080, "wide"), (2000, 1000, "between")])
def test_a_size_that_cannot_be_filmed_is_refused_in_words(tmp_path, width, height, words):
    session = raced(10)
    session.apply(m.ExportAnimation(str(tmp_path / "a.gif"), width, height, 2.0))
    notices = session.take_notices()
    assert notices[0].kind == "error" and words in notices[0].text
    assert list(tmp_path.iterdir()) == []


def test_nothing_to_film_is_said_in_words(tmp_path):
    session = make_session("line-30")
    session.apply(m.ExportAnimation(str(tmp_path / "a.gif"), 400, 300, 2.0))
    assert "play it first" in session.take_notices()[0].text
    session.apply(m.RunSteps(5))
    for k in range(len(session.state.runs)):
        session.apply(m.SetVisible(k, False))
    session.apply(m.ExportAnimation(str(tmp_path / "a.gif"), 400, 300, 2.0))
    assert "hidden" in session.take_notices()[0].text


def test_an_unwritable_place_is_said_in_words(tmp_path):
    session = raced(10)
    session.apply(m.ExportAnimation(str(tmp_path / "no such folder" / "a.gif"), 400, 300, 1.0))
    notice = session.take_notices()[0]
    assert notice.kind == "error" and "does not exist" in notice.text


def test_the_film_speaks_the_interface_language(tmp_path):
    """Its words go through the ``shown`` the window passes (here a stand-in translation)."""
    session = raced(10)
    asked = []

    def korean(text):
        asked.append(getattr(text, "template", text))
        return {"step {step} of {total}": "{total}단계 중 {step}"}.get(getattr(text, "template", None), str(text))

    session.apply(m.ExportAnimation(str(tmp_path / "a.gif"), 400, 300, 1.0, shown=korean))
    assert "step {step} of {total}" in asked and "cost (log scale)" in asked
    assert (tmp_path / "a.gif").exists()


# -- the command line ---------------------------------------------------------------------------


def test_cli_export_gif_films_the_run_arguments(tmp_path, capsys):
    out = tmp_path / "race.gif"
    rc = cli.main(["export-gif", "--preset", "line-30", "--standardize", "--opt", "gd:lr=0.1", "--opt", "adam:lr=0.1",
                   "--steps", "40", "-o", str(out), "--size", "480x360", "--seconds", "1.5"])
    assert rc == 0
    frames = decoded(out)
    assert len(frames) == 30 and frames[0][0].shape == (360, 480, 3)
    assert "wrote" in capsys.readouterr().err


def test_cli_export_gif_refuses_a_bad_size(tmp_path, capsys):
    rc = cli.main(["export-gif", "--preset", "line-30", "--steps", "5", "-o", str(tmp_path / "a.gif"), "--size", "big"])
    assert rc == 2 and "WIDTHxHEIGHT" in capsys.readouterr().err
    assert not Path(tmp_path / "a.gif").exists()


def test_a_run_held_at_the_limit_and_raced_on_later_is_filmed_to_where_it_is_now():
    session = make_session("line-30")
    session.apply(m.SetRuns((RunSpec("gd-1", "gd", {"lr": 0.001}),)))
    session.apply(m.SetLimit(100))
    session.apply(m.RunSteps(100))
    session.apply(m.AddRun(RunSpec("late", "gd", {"lr": 0.002})))
    session.apply(m.RunSteps(100))  # only the new run moves: the first is held at its limit
    session.apply(m.SetLimit(150))
    session.apply(m.RunSteps(50))  # both go on
    race = session.race
    assert race.t == 250 and list(race.steps) == [150, 150]
    film = film_of(session)
    first, late = film.tracks
    assert film.total == 250 and first.steps[-1] == 250 and late.steps[0] == 100
    a, b, _ = session.derived.plane.project(race.theta[:1])
    np.testing.assert_allclose(first.ab[-1], [a[0], b[0]])  # where the run is now, not where it was held
    held = first.row_at(180)
    np.testing.assert_allclose(first.ab[held], first.ab[first.row_at(100)])  # standing still while held


def test_many_runs_leave_the_cost_curves_their_room():
    session = make_session("line-30")
    session.apply(m.SetRuns(tuple(RunSpec(f"gd-{i}", "gd", {"lr": 1e-4 * (i + 1)}) for i in range(20))))
    session.apply(m.RunSteps(10))
    painter = FilmPainter(film_of(session), 640, 480)
    _, py0, _, py1 = painter.panel
    _, cy0, _, cy1 = painter.curve_box
    assert cy1 - cy0 >= 0.4 * (py1 - py0) and cy1 <= py1
    assert painter.hidden == 20 - len(painter.legend) > 0
    assert painter.frame(10).size == (640, 480)
