"""The step inspector's frame: the selected run's update, taken apart (engine/step_inspector.py),
in words and numbers the view shows as they are, plus its arrows on the surface's plane and
the same race step of every other run."""
from __future__ import annotations

import numpy as np

from engine.session.frames import InspectedLine, InspectedRun, InspectionFrame
from engine.step_inspector import explain, explain_all

FEW = 3  # vectors of at most this many parameters are written out whole


def number(x: float) -> str:
    return f"{x:.4g}".replace("-", "−")


def vector(v, names) -> str:
    """A vector as a student reads it: whole when short, else its size and largest components."""
    v = np.asarray(v, dtype=np.float64).reshape(-1)
    if v.size == 1:
        return number(v[0])
    if v.size <= FEW:
        return "(" + ", ".join(number(x) for x in v) + ")"
    top = np.argsort(-np.abs(v), kind="stable")[:2]
    largest = ", ".join(f"{names[i]} {number(v[i])}" for i in top)
    return f"‖·‖ {number(float(np.linalg.norm(v)))} · {largest}"


def _inputs(line, names) -> str:
    return ", ".join(f"{symbol} = {vector(value, names) if isinstance(value, np.ndarray) else number(value)}"
                     for symbol, value in line.inputs)


def inspection(session) -> InspectionFrame | None:
    state, race = session.state, session.race
    if not state.inspecting or race is None or race.log is None or not state.runs:
        return None
    k = min(max(state.selected_run, 0), race.k - 1)
    kept = race.log.updates_kept(k)
    if kept is None:
        return None
    update = kept[1] if state.inspected_update is None else min(max(state.inspected_update, kept[0]), kept[1])
    report = explain(race, k, update)
    if report is None:
        return None
    names = state.model.param_names()
    lines = tuple(InspectedLine(line.formula, _inputs(line, names), vector(line.value, names), line.note)
                  for line in report.lines)
    theta_ab, arrows = None, {}
    plane = session.derived.plane
    if plane is not None:
        a, b, _ = plane.project(report.theta[None])
        theta_ab = (float(a[0]), float(b[0]))
        for key, v in (("gradient", report.gradient_step), ("extra", report.extra), ("step", report.step)):
            da, db, _ = plane.project((report.theta + v)[None])
            arrows[key] = (float(da[0] - a[0]), float(db[0] - b[0]))
    compare = []
    for other in explain_all(race, report.race_step):
        if other is None:
            continue
        g = float(np.linalg.norm(other.lines[0].value if other.lines[0].formula.startswith("g") else
                                 other.lines[1].value))
        step = float(np.linalg.norm(other.step))
        plain = other.hyper["lr"] * g
        compare.append(InspectedRun(other.run, other.update, g, step, step / plain if plain > 0 else float("nan")))
    matches = report.taken is None or bool(np.allclose(report.step, report.taken, rtol=1e-9, atol=1e-12))
    return InspectionFrame(k, update, kept[0], kept[1], report.race_step, report.optimizer, report.hyper, lines,
                           theta_ab, arrows, tuple(compare), report.batch, matches)
