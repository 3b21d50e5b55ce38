"""What File ▸ Export writes from a race: every run's cost, or its path through the parameters,
as CSV with one row per step and one column per run (and parameter).

A row is a step, counted as each run counts its own updates (a run added later starts at its step
0, as its loss curve does); rows are the steps the race stored (every step until a long race
thins its history; see ``history_stride`` in README), and a run that has no value at a step (it
stopped, or is younger) leaves its cells empty. Numbers are written with 17 significant digits: read back, they are the
very floats the app drew.
"""
from __future__ import annotations

import csv

import numpy as np

from engine.data.writing import write_whole

EXPORTS = ("costs", "paths")


def _number(value: float) -> str:
    return f"{value:.17g}" if np.isfinite(value) else ("nan" if np.isnan(value) else ("inf" if value > 0 else "-inf"))


def race_table(race, labels: list[str], what: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of ``what`` ("costs" or "paths") for every run of ``race``."""
    if what not in EXPORTS:
        raise ValueError(f"what to export: one of {', '.join(EXPORTS)}, not {what!r}")
    names = race.model.param_names()
    columns, by_step = [], []
    for k, label in enumerate(labels):
        steps = race.history_steps(k)
        values = race.loss_history(k)[:, None] if what == "costs" else race.trajectory(k)
        columns += [f"{label} cost"] if what == "costs" else [f"{label} {name}" for name in names]
        by_step.append({int(s): row for s, row in zip(steps, values)})
    width = 1 if what == "costs" else len(names)
    rows = []
    for step in sorted(set().union(*by_step)) if by_step else []:
        row = [str(step)]
        for run in by_step:
            values = run.get(step)
            row += [""] * width if values is None else [_number(float(v)) for v in values]
        rows.append(row)
    return ["step", *columns], rows


def write_race_csv(race, labels: list[str], what: str, path, error: type[Exception] = OSError) -> int:
    """Write ``race_table`` to ``path`` (all or nothing); returns the number of rows."""
    header, rows = race_table(race, labels, what)

    def write(stream) -> None:
        out = csv.writer(stream, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)

    write_whole(path, write, error)
    return len(rows)
