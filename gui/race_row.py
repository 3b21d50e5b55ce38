"""One row of the race panel: a run's colour, visibility, optimiser, learning rate (slider and
box, the critical rate marked), batch mode, cost, accuracy and status; and the words for the
optimisers, their hyper-parameters and a run's status (``gui.race_panel`` lays the rows out)."""
from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.optimizers import OPTIMIZERS as OPTIMIZER_NAMES
from engine.session import RunFrame
from gui.metrics_words import accuracy_text, metrics_tip
from gui.widgets import (
    CRITICAL_COLOR,
    LearningRateSlider,
    ScientificSpinBox,
    Swatch,
    lr_to_slider,
    slider_to_lr,
)

translate = QCoreApplication.translate


def optimizer_title(name: str) -> str:
    titles = {
        "gd": translate("RacePanel", "GD (full batch)"), "sgd": translate("RacePanel", "SGD"), "momentum": translate("RacePanel", "Momentum"),
        "adagrad": translate("RacePanel", "Adagrad"), "rmsprop": translate("RacePanel", "RMSprop"), "adam": translate("RacePanel", "Adam"),
        "adamw": translate("RacePanel", "AdamW"),
    }
    return titles.get(name, name)


def hyper_title(key: str) -> str:
    titles = {
        "momentum": translate("RacePanel", "momentum"), "dampening": translate("RacePanel", "dampening"),
        "weight_decay": translate("RacePanel", "weight decay"), "nesterov": translate("RacePanel", "Nesterov"),
        "lr_decay": translate("RacePanel", "lr decay"), "initial_accumulator_value": translate("RacePanel", "initial accumulator"),
        "eps": translate("RacePanel", "eps"), "alpha": translate("RacePanel", "alpha (decay)"), "centered": translate("RacePanel", "centered"),
        "beta1": translate("RacePanel", "beta1"), "beta2": translate("RacePanel", "beta2"), "amsgrad": translate("RacePanel", "AMSGrad"),
    }
    return titles.get(key, key)


class RunRow:
    """The widgets of one run in the panel's grid."""

    def __init__(self, panel, k: int, run: RunFrame, n_samples: int) -> None:
        self.k = k
        self.swatch = Swatch(run.color)
        self.label = QLabel(run.label)
        self.label.setMinimumWidth(70)
        self.visible = QCheckBox()
        self.visible.setToolTip(translate("RacePanel", "Show this run's path, line and curve"))
        self.optimizer = QComboBox()
        for name in OPTIMIZER_NAMES:
            self.optimizer.addItem(optimizer_title(name), name)
        self.optimizer.setToolTip(translate("RacePanel", "The optimiser (changing it starts the race again)"))
        self.lr_slider = LearningRateSlider()
        self.lr_slider.setMinimumWidth(64)  # it stretches where there is room; at 1024 pixels the status needs it
        self.lr_slider.setToolTip(translate("RacePanel", "Learning rate, on a log scale from 1e-6 to 10"))
        self.lr_spin = ScientificSpinBox(0.0, 1e6, log_steps=True)
        self.lr_spin.setToolTip(translate("RacePanel", "Learning rate: applies at once, the run keeps its place"))
        self.batch_mode = QComboBox()
        self.batch_mode.addItem(translate("RacePanel", "full batch"), "full")
        self.batch_mode.addItem(translate("RacePanel", "stochastic (1)"), "stochastic")
        self.batch_mode.addItem(translate("RacePanel", "mini-batch"), "mini")
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, max(n_samples, 1))
        self.batch_size.setToolTip(translate("RacePanel", "Mini-batch size b"))
        self.batch_size.setKeyboardTracking(False)
        self.status = QLabel()
        self.status.setMinimumWidth(100)
        self.loss = QLabel()
        self.loss.setMinimumWidth(62)
        self.loss.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.accuracy = QLabel()  # classes: accuracy on the training rows (and the test rows)
        self.accuracy.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.select = QPushButton(translate("RacePanel", "Settings"))
        self.select.setCheckable(True)
        self.select.setToolTip(translate("RacePanel", "Edit this run's other hyper-parameters"))

        self.visible.toggled.connect(lambda on: panel.visible_changed.emit(self.k, on))
        self.optimizer.activated.connect(
            lambda i: panel.optimizer_changed.emit(self.k, self.optimizer.itemData(i)))
        self.lr_slider.valueChanged.connect(self._slider_moved)
        self.lr_spin.valueChanged.connect(self._spin_changed)
        self.batch_mode.activated.connect(lambda i: self._batch_changed())
        self.batch_size.valueChanged.connect(lambda v: self._batch_changed())
        self.select.clicked.connect(lambda: panel.select_run(self.k))
        self._panel = panel

    def widgets(self) -> list[QWidget]:
        return [self.swatch, self.label, self.visible, self.optimizer, self.lr_slider, self.lr_spin,
                self.batch_mode, self.batch_size, self.loss, self.accuracy, self.status, self.select]

    def _slider_moved(self, position: int) -> None:
        lr = slider_to_lr(position)
        with QSignalBlocker(self.lr_spin):
            self.lr_spin.setValue(lr)
        self._panel.hyper_changed.emit(self.k, "lr", lr)

    def _spin_changed(self, value: float) -> None:
        with QSignalBlocker(self.lr_slider):
            self.lr_slider.setValue(lr_to_slider(value))
        self._panel.hyper_changed.emit(self.k, "lr", float(value))

    def _batch_changed(self) -> None:
        mode = self.batch_mode.currentData()
        self.batch_size.setEnabled(mode == "mini")
        batch = None if mode == "full" else 1 if mode == "stochastic" else int(self.batch_size.value())
        self._panel.batch_changed.emit(self.k, batch)

    def show_run(self, run: RunFrame, n_samples: int, quadratic: bool = True, function=None) -> None:
        """``function``: the FunctionModel of a race on a function (no batches; "reached" a minimum)."""
        """Paint the run's state; signals are blocked by the caller, focused editors are skipped."""
        self.swatch.set_color(run.color)
        self.label.setText(run.label)
        self.visible.setChecked(run.visible)
        index = self.optimizer.findData(run.optimizer)
        if index >= 0 and not self.optimizer.view().isVisible():
            self.optimizer.setCurrentIndex(index)
        lr = float(run.hyper.get("lr", 0.0))
        if not self.lr_spin.hasFocus() and abs(self.lr_spin.value() - lr) > 1e-15:
            self.lr_spin.setValue(lr)
        if not self.lr_slider.isSliderDown():
            self.lr_slider.setValue(lr_to_slider(lr))
        self.batch_size.setMaximum(max(n_samples, 1))
        mode = "full" if run.batch is None or run.batch >= n_samples else "stochastic" if run.batch == 1 else "mini"
        if not self.batch_mode.view().isVisible():
            self.batch_mode.setCurrentIndex(self.batch_mode.findData(mode))
        if mode == "mini" and not self.batch_size.hasFocus():
            self.batch_size.setValue(int(run.batch))
        elif mode != "mini" and not self.batch_size.hasFocus():
            self.batch_size.setValue(min(8, max(n_samples, 1)))
        self.batch_size.setEnabled(mode == "mini")
        self.batch_mode.setVisible(function is None)  # a function has no data to take batches of
        self.batch_size.setVisible(function is None)
        self._show_critical(run, quadratic, function is not None)
        # a limit only for MSE (a quadratic): for a cross-entropy the curvature changes as the run moves
        too_fast = quadratic and run.critical_lr is not None and lr > run.critical_lr \
            and run.status in ("paused", "running")
        text, tip = (translate("RacePanel", "will diverge"), self.lr_slider.toolTip()) if too_fast else status_text(run, function)
        self.status.setText(text)
        self.status.setToolTip(tip)  # why: the critical rate, or which minimum
        good = run.status == "converged" and (function is None or run.at_minimum) or run.at_minimum
        self.status.setStyleSheet(f"color: {CRITICAL_COLOR}; font-weight: bold;"
                                  if run.status == "diverged" or too_fast else
                                  "color: #006B3C; font-weight: bold;" if good and function is not None else
                                  "color: #006B3C;" if good else "")
        self.loss.setText(f"{run.loss:.4g}" if math.isfinite(run.loss) else "—")
        tests = run.test_loss_history  # the test cost in the tooltip (the loss curves draw it dashed)
        self.loss.setToolTip(translate("RacePanel", "Cost on the training rows {train}, on the test rows {test}").format(
            train=f"{run.loss:.6g}", test=f"{tests[-1]:.6g}") if tests is not None and len(tests) else "")
        self.accuracy.setVisible(run.metrics is not None)
        self.status.setMinimumWidth(100 if run.metrics is not None else 150)  # the accuracy column takes the rest
        if run.metrics is not None:
            self.accuracy.setText(accuracy_text(run.metrics))
            self.accuracy.setToolTip(metrics_tip(run.metrics))


    def _show_critical(self, run: RunFrame, quadratic: bool, on_function: bool = False) -> None:
        """The critical rate on the slider, and in words in the tooltips (full-batch GD and momentum)."""
        self.lr_slider.set_critical(run.critical_lr)
        slider = translate("RacePanel", "Learning rate, on a log scale from 1e-6 to 10")
        spin = translate("RacePanel", "Learning rate: applies at once, the run keeps its place")
        if run.critical_lr is not None:
            rate = f"{run.critical_lr:.4g}"
            more = translate("RacePanel", "Red mark: {lr}, the critical rate for this data (from the cost's Hessian): above it "
                                "this run diverges.").format(lr=rate) if quadratic else translate("RacePanel", 
                "Red mark: {lr}, 2/λmax of the function's Hessian at the start: above it the first steps "
                "overshoot (the curvature changes as the run moves, so this is no limit).").format(lr=rate) \
                if on_function else translate("RacePanel", 
                "Red mark: {lr}, 2/λmax of the cost's Hessian at the start: above it the cost may rise and fall "
                "at first instead of falling at every step (for a cross-entropy the curvature changes as the run "
                "moves, so this is no limit).").format(lr=rate)
            slider, spin = slider + "\n" + more, spin + "\n" + more
        if slider != self.lr_slider.toolTip():
            self.lr_slider.setToolTip(slider)
            self.lr_spin.setToolTip(spin)


def status_text(run: RunFrame, function=None) -> tuple[str, str]:
    """The status column's words and tooltip. On a function: whether the run got to a minimum,
    and when it came to rest elsewhere, that it is stuck (Rastrigin's lesson)."""
    if run.status == "diverged":
        return translate("RacePanel", "diverged at step {n}").format(n=run.diverged_at), ""
    if function is not None and run.at_minimum:
        tip = translate("RacePanel", "Within {tol:.3g} of a minimum of the function (a star on the surface)").format(
            tol=function.tolerance)
        if run.status == "converged":
            return translate("RacePanel", "reached at step {n}").format(n=run.converged_at), tip
        return translate("RacePanel", "at the minimum"), tip
    if run.status == "converged":
        if function is not None and function.minima:
            return translate("RacePanel", "stuck at step {n}").format(n=run.converged_at), translate("RacePanel", 
                "The gradient is zero here but this is not the lowest point: a local minimum (or a saddle)")
        return translate("RacePanel", "converged at step {n}").format(n=run.converged_at), ""
    if run.status == "stopped":
        return translate("RacePanel", "stopped at step {n} (the limit)").format(n=run.steps), ""
    # paused or running: the step is the race's own, in the status bar; a short word fits the
    # column at 1024x768 in Korean too ("paused at step 50" was cut off)
    if run.status == "paused":
        return translate("RacePanel", "paused"), ""
    return translate("RacePanel", "running"), ""
