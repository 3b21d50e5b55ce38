"""Data ▸ Functions: race on a classic test function or on a formula the student types, and
Race ▸ Clip gradients. The formula is checked here as it is typed (the engine's own reader,
``engine.functions.parse_expression``), so a mistake is explained in the dialog and the text is
kept to be mended, not lost."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from engine.functions import NAMED_FUNCTIONS, function_model
from engine.session import messages as m
from gui.words import shown

EXAMPLE = "(1 - x)**2 + 100*(y - x**2)**2"
COMBO_PREFIX = "function:"  # the toolbar's Data box: itemData of a function's entry


class FunctionLab(QObject):
    """The window's function menu and dialogs; messages go to the session."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._last_formula = "sin(x) * cos(y) + 0.1 * (x**2 + y**2)"

    def fill_menu(self, menu) -> None:
        """One entry per named function (its lesson as the tip), then the formula box."""
        for name, named in NAMED_FUNCTIONS.items():
            action = menu.addAction(name, lambda name=name: self.load(name))
            action.setToolTip(shown(named.lesson))
            action.setStatusTip(shown(named.lesson))
        menu.addSeparator()
        menu.addAction(self.tr("Type a formula f(x, y)…"), self.ask_formula)
        menu.setToolTipsVisible(True)

    def fill_combo(self, combo) -> None:
        """The toolbar's Data box lists the functions after the data sets."""
        combo.insertSeparator(combo.count())
        for name, named in NAMED_FUNCTIONS.items():
            combo.addItem(name, COMBO_PREFIX + name)
            combo.setItemData(combo.count() - 1, shown(named.lesson), Qt.ToolTipRole)

    def load(self, text: str) -> None:
        self.window.post(m.LoadFunction(text))

    def ask_formula(self) -> None:
        """A formula in x and y: asked again, with the reason and the text kept, until it reads."""
        text, error = self._last_formula, ""
        while True:
            prompt = self.tr("f(x, y) = \n(numbers, x, y, + - * / ** or ^, and sin, cos, exp, log, sqrt, abs, "
                             "tanh, sigmoid, min, max …; for example {example})").format(example=EXAMPLE)
            if error:
                prompt = error + "\n\n" + prompt
            text, ok = QInputDialog.getText(self.window, self.tr("Race on a formula"), prompt, QLineEdit.Normal, text)
            if not ok:
                return
            try:
                function_model(text)
            except ValueError as problem:
                error = shown(problem.args[0]) if problem.args else str(problem)
                continue
            self._last_formula = text
            self.load(text)
            return

    def ask_clip(self) -> None:
        """Clip every run's gradient to a norm (0 turns clipping off)."""
        frame = self.window._latest
        current = frame.state.clip if frame is not None else None
        value, ok = QInputDialog.getDouble(
            self.window, self.tr("Clip gradients"),
            self.tr("Largest gradient norm a step may use, as torch.nn.utils.clip_grad_norm_ (0: no clipping).\n"
                    "The race starts again."), current or 0.0, 0.0, 1e6, 3)
        if ok:
            self.window.post(m.SetClip(value if value > 0 else None))
