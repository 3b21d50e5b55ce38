"""What the data panel shows during a race on a function: there are no points, so it says which
function is raced, its formula, what it teaches, where its minima are and how to play with it."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from gui.words import shown

from . import colors


def pretty_formula(text: str) -> str:
    """The formula as a student reads it: powers as superscripts where they are plain digits,
    * as a middle dot; the rest as typed (it is what the engine reads)."""
    superscripts = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    out, i = [], 0
    while i < len(text):
        if text.startswith("**", i):
            j = i + 2
            while j < len(text) and text[j].isdigit():
                j += 1
            if j > i + 2 and (j == len(text) or text[j] != "."):
                out.append(text[i + 2:j].translate(superscripts))
                i = j
                continue
        out.append("·" if text[i] == "*" else text[i])
        i += 1
    return "".join(out)


class FunctionCard(QLabel):
    """A rich-text card: title, formula, lesson, minima, what to try."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setStyleSheet(f"color: {colors.TEXT_COLOR}; padding: 10px;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._key = None

    def show_model(self, model) -> None:
        key = (model.name, model.formula, model.domain)
        if key == self._key:
            return
        self._key = key
        title = html.escape(model.name.capitalize() if model.name else self.tr("Your function"))
        formula = html.escape(pretty_formula(model.formula))
        parts = [f"<p style='font-size: 15pt; font-weight: bold;'>{title}</p>",
                 f"<p style='font-size: 13pt; font-family: monospace;'>f(x, y) = {formula}</p>"]
        if model.lesson:
            parts.append(f"<p style='font-size: 12pt;'>{html.escape(shown(model.lesson))}</p>")
        if model.minima:
            points = ", ".join(f"({x:.4g}, {y:.4g})" for x, y in model.minima)
            parts.append("<p>" + html.escape(self.tr("Lowest value f = 0 at {points} (the stars on the surface): a run "
                                                     "that gets there is marked 'reached'.").format(points=points))
                         + "</p>")
        else:
            parts.append("<p>" + html.escape(self.tr("No known minimum: runs may fall without end.")) + "</p>")
        (x0, x1), (y0, y1) = model.domain
        parts.append("<p style='color: #555;'>" + html.escape(self.tr(
            "Drawn over x from {x0:g} to {x1:g}, y from {y0:g} to {y1:g}. Drag the start (○) on the "
            "surface to race from elsewhere; Data ▸ Functions has the others and a box to type your own.").format(
            x0=x0, x1=x1, y0=y0, y1=y1)) + "</p>")
        self.setText("".join(parts))
