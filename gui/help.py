"""Help ▸ Keyboard shortcuts and Help ▸ About.

The shortcuts are read from the window's own actions, so the list cannot drift from what the
keys do; the mouse gestures of the data view and the surface are written out beside them.
"""
from __future__ import annotations

import html
import platform

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from gui.app import RESOURCES

translate = QCoreApplication.translate  # spelled so that pyside6-lupdate finds the texts

# What the app is built on and under which licence (Help ▸ About).
LICENCES = (
    ("Qt / PySide6", "LGPL-3.0"),
    ("pyqtgraph", "MIT"),
    ("PyTorch", "BSD-3-Clause"),
    ("NumPy", "BSD-3-Clause"),
    ("SciPy", "BSD-3-Clause"),
    ("scikit-learn", "BSD-3-Clause"),
    ("contourpy", "BSD-3-Clause"),
    ("threadpoolctl", "BSD-3-Clause"),
    ("Noto Sans CJK KR (Hangul subset)", "SIL Open Font License 1.1"),
)



def gestures() -> list[tuple[str, str]]:
    """The mouse's part, which no action holds."""
    return [
        (translate("Help", "Click on empty space (data)"), translate("Help", "add a point of the chosen class")),
        (translate("Help", "Drag a point"), translate("Help", "move it: the surface and the race follow")),
        (translate("Help", "Right-click a point, or Delete"), translate("Help", "remove it")),
        (translate("Help", "Drag the start (surface)"), translate("Help", "start the race again from there")),
        (translate("Help", "Click a point"), translate("Help", "show its probabilities")),
        (translate("Help", "Left / Right on the step inspector's slider"),
         translate("Help", "the run's update before or after the one shown")),
    ]


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(what, keys) for every action of the window that has a key, in menu order."""
    rows = []
    for action in window.actions():
        keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
        if not keys:
            continue
        text = action.text().replace("&", "")
        if text.isdigit():
            continue  # the class keys: one row below
        rows.append((text, ", ".join(keys)))
    rows.append((translate("Help", "New points get class 0 to 9"), "1 … 9, 0"))
    return rows


def shortcuts_html(window) -> str:
    def table(rows):
        cells = "".join(f"<tr><td style='padding-right:18px'><b>{html.escape(keys)}</b></td>"
                        f"<td>{html.escape(what)}</td></tr>" for what, keys in rows)
        return f"<table>{cells}</table>"

    keys, mouse = translate("Help", "Keys"), translate("Help", "Mouse")
    note = translate("Help", "The keys work while a number box has the keyboard too: Enter commits what you typed.")
    return (f"<h3>{html.escape(keys)}</h3>" + table(shortcut_rows(window))
            + f"<h3>{html.escape(mouse)}</h3>" + table([(what, where) for where, what in gestures()])
            + f"<p>{html.escape(note)}</p>")


def show_shortcuts(window) -> QDialog:
    dialog = QDialog(window)
    dialog.setWindowTitle(translate("Help", "Keyboard shortcuts"))
    layout = QVBoxLayout(dialog)
    label = QLabel(shortcuts_html(window))
    label.setWordWrap(True)
    layout.addWidget(label)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.open()
    return dialog


def about_html() -> str:
    import torch

    from engine import __version__

    rows = "".join(f"<tr><td style='padding-right:14px'>{html.escape(name)}</td><td>{html.escape(licence)}</td></tr>"
                   for name, licence in LICENCES)
    versions = (f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PYSIDE_VERSION} · "
                f"torch {torch.__version__.split('+')[0]}")
    what = translate("Help", "Watch linear, logistic and softmax regression learn: optimisers racing over the live "
                             "loss surface of your data. It works offline.")
    built_with = translate("Help", "Built with")
    return (f"<h2>Descent Lab {html.escape(__version__)}</h2><p>{html.escape(what)}</p>"
            f"<p style='color:#555'>{html.escape(versions)}</p>"
            f"<p><b>{html.escape(built_with)}</b></p><table>{rows}</table>")


def show_about(window) -> QDialog:
    dialog = QDialog(window)
    dialog.setWindowTitle(translate("Help", "About Descent Lab"))
    layout = QVBoxLayout(dialog)
    link = translate("Help", "The font licence (SIL OFL 1.1)")
    label = QLabel(about_html() + f"<p><a href='font'>{html.escape(link)}</a></p>")
    label.setWordWrap(True)
    label.linkActivated.connect(lambda _: show_font_licence(dialog))
    layout.addWidget(label)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(460)
    dialog.open()
    return dialog


def font_licence_text() -> str:
    path = RESOURCES / "fonts" / "OFL.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return translate("Help", "The font's licence file is missing: it is the SIL Open Font License 1.1.")


def show_font_licence(parent) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(translate("Help", "Font licence"))
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(translate("Help", "Noto Sans CJK KR, bundled for the Korean text:")))
    text = QPlainTextEdit(font_licence_text())
    text.setReadOnly(True)
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(620, 480)
    dialog.open()
    return dialog

