"""What an animation of the race shows, taken from the session in one piece: a ``Film``.

The session changes as the user works; an export renders for seconds on another thread. So the
worker takes a snapshot first (the surface on the current plane, every visible run's whole stored
path projected on it, its costs, the labels and colours) and the painter reads only that. The
film's clock is the race's step: frame f shows every run as it was at step ``schedule(...)[f]``,
so runs started late (a fork, a run added midway) enter when they entered the race.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.surface import look
from engine.words import Words, translate

FPS = 20  # frames a second: 50 ms each, a whole number of the GIF's hundredths of a second
HOLD_LAST = 1.0  # s the last frame stays before the film loops


@dataclass(frozen=True)
class Track:
    """One run in the film: its stored rows as race steps, points on the plane and costs."""

    label: str
    color: str  # "#rrggbb"
    steps: np.ndarray  # [M] the race's step of each row (increasing)
    ab: np.ndarray  # [M, 2] the row's parameters projected on the plane (NaN past a divergence)
    loss: np.ndarray  # [M] the training cost there
    diverged_at: int | None  # the race's step at which it diverged

    def row_at(self, step: float) -> int:
        """The last row at or before race step ``step`` (-1: the run has not started yet)."""
        return int(np.searchsorted(self.steps, step, side="right")) - 1


@dataclass(frozen=True)
class Film:
    title: str
    a_label: str
    b_label: str
    a: np.ndarray  # [G] grid of the plane's first axis
    b: np.ndarray  # [G]
    z: np.ndarray  # [G, G] what the colours encode at (a[i], b[j]) (log10 of the cost on a log scale)
    log_scale: bool
    start_ab: tuple[float, float]
    optimum_ab: tuple[float, float] | None
    tracks: tuple[Track, ...]
    total: int  # the last race step any visible run reached
    exact: bool = True  # False: a slice of a model with more parameters (the paths are shadows on it)

    @property
    def a_range(self) -> tuple[float, float]:
        return look.cell_edges(self.a)

    @property
    def b_range(self) -> tuple[float, float]:
        return look.cell_edges(self.b)


def film_of(session) -> Film:
    """The session's race as a film; a ``ValueError`` in the user's words when there is none yet."""
    state, race, derived = session.state, session.race, session.derived
    if race is None or session.message is not None:
        raise ValueError(translate("Animation", "There is no race to film yet."))
    visible = [k for k, run in enumerate(state.runs) if run.visible and k < race.k]
    if not visible:
        raise ValueError(translate("Animation", "Every run is hidden: show at least one to film the race."))
    plane, loss = derived.plane, derived.surface()
    if plane is None or loss is None:
        raise ValueError(translate("Animation", "The loss surface is still being computed: try again in a moment."))
    tracks = tuple(_track(race, k, plane, state.runs[k]) for k in visible)
    total = max(int(t.steps[-1]) for t in tracks if len(t.steps))
    if total <= 0:
        raise ValueError(translate("Animation", "The race has not started: play it first, then export the film."))
    a, b = plane.grid(loss.shape[0])
    start = state.start_theta
    sa, sb, _ = plane.project(start[None, :])
    optimum_ab = None
    opt = derived.optimum
    if opt is not None and opt.status == "finite" and opt.theta is not None and derived.optimum_current(state):
        oa, ob, _ = plane.project(np.asarray(opt.theta)[None, :])
        optimum_ab = (float(oa[0]), float(ob[0]))
    log_scale = bool(state.view.surface_log)
    title = state.dataset.name if state.dataset is not None else ""
    return Film(title=title, a_label=plane.a_label, b_label=plane.b_label, a=a, b=b,
                z=look.display_values(loss, log_scale), log_scale=log_scale, start_ab=(float(sa[0]), float(sb[0])),
                optimum_ab=optimum_ab, tracks=tracks, total=total, exact=plane.kind == "exact")


def _track(race, k: int, plane, settings) -> Track:
    """Run k's rows to the race's present (a stopped run stands still; a diverged one ends there).
    A row's race step comes from its place in the history, not from the run's own update count:
    a run held at a limit and raced on later has made fewer updates than the race has steps."""
    diverged = bool(race.diverged_at[k] >= 0)
    view = race.history(k, to_now=not diverged)
    m = len(view.loss)
    steps = (view.first_row + np.arange(m, dtype=np.int64)) * view.stride
    if m and view.first_row + m == race._rows and race.t % view.stride:  # the tail row: "now"
        steps[-1] = race.t
    with np.errstate(all="ignore"):
        a, b, _ = plane.project(np.asarray(view.theta))
    ab = np.column_stack([a, b])
    ab[~np.isfinite(ab).all(axis=1)] = np.nan
    return Track(label=settings.spec.label, color=settings.color, steps=steps, ab=ab,
                 loss=np.array(view.loss, dtype=np.float64),
                 diverged_at=int(steps[-1]) if diverged and m else None)


def frame_count(seconds: float) -> int:
    return max(2, int(round(seconds * FPS)))


def schedule(total: int, frames: int) -> np.ndarray:
    """The race step each frame shows: 0 first, ``total`` last, evenly between."""
    return np.rint(np.linspace(0.0, float(total), frames)).astype(np.int64)


def durations(frames: int) -> list[int]:
    """Milliseconds each frame stays: 1000/FPS, and the last held HOLD_LAST longer."""
    each = int(round(1000 / FPS))
    return [each] * (frames - 1) + [each + int(round(HOLD_LAST * 1000))]


def step_words(step: int, total: int) -> Words:
    return translate("Animation", "step {step} of {total}").format(step=f"{step:,}", total=f"{total:,}")
