"""A run's classification metrics in words: the race panel's accuracy cell and its tooltip
(accuracy, precision, recall and the confusion matrix on the training and the test rows)."""
from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def _percent(value: float) -> str:
    return f"{100.0 * value:.0f}%" if math.isfinite(value) else "—"


def accuracy_text(metrics: dict) -> str:
    """"97%" on the training rows; "97 / 94%" with the test rows' beside it in grey (narrow: the
    race panel must fit a projector's 1024 pixels)."""
    train = _percent(metrics["train"]["accuracy"]) if "train" in metrics else "—"
    if "test" not in metrics:
        return train
    return f"{train.rstrip('%')} <span style='color:#666666;'>/ {_percent(metrics['test']['accuracy'])}</span>"


def flagged_text(metrics: dict, run: str, positive: str) -> str:
    """The threshold lesson in one line: how many points ``run`` flags as the positive class (class
    1) on the training rows and the test rows, and what share of the true ones it catches (recall)
    and how many of its flags are right (precision). Empty for more than two classes."""
    parts = []
    for part in ("train", "test"):
        entry = metrics.get(part)
        if entry is None or "recall" not in entry:
            continue
        (tn, fp), (fn, tp) = entry["confusion"]
        words = (translate("Metrics", "{run} flags {flagged} of {n} training points as {positive}") if part == "train"
                 else translate("Metrics", "test: {flagged} of {n}"))
        text = words.format(run=run, flagged=fp + tp, n=tn + fp + fn + tp, positive=positive)
        text += " " + translate("Metrics", "(recall {r}, precision {p})").format(r=_percent(entry["recall"]),
                                                                             p=_percent(entry["precision"]))
        parts.append(text)
    return " · ".join(parts)


def metrics_tip(metrics: dict) -> str:
    """Every number of the metrics, a block per part (training, test) with its confusion matrix."""
    blocks = []
    for part, title in (("train", translate("Metrics", "Training rows")), ("test", translate("Metrics", "Test rows"))):
        entry = metrics.get(part)
        if entry is None:
            continue
        lines = [f"<b>{title}</b>", translate("Metrics", "accuracy {value}").format(value=_percent(entry["accuracy"]))]
        if "precision" in entry:
            lines.append(translate("Metrics", "precision {p}, recall {r}").format(p=_percent(entry["precision"]),
                                                                 r=_percent(entry["recall"])))
        rows = "".join("<tr>" + "".join(f"<td align='right'>&nbsp;{v}&nbsp;</td>" for v in row) + "</tr>"
                       for row in entry["confusion"])
        matrix = f"<table>{rows}</table>"
        lines.append(translate("Metrics", "confusion (rows: true class, columns: predicted)") + matrix)
        blocks.append("<br>".join(lines))
    return "<br>".join(blocks)
