"""The race panel: one row per run (colour, visible, optimiser, learning rate, batch mode, status)
and, for the selected row, a compact form with the optimiser's own hyper-parameters.

The panel never holds engine state. It paints what frames say and emits what the user changed;
the window forwards that to the worker. Updates from frames happen inside a signals-blocked guard
so painting a frame never echoes back as an edit, and a widget the user is typing in is left alone.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import OPTIMIZERS as OPTIMIZER_NAMES
from engine.race import MAX_UPDATES
from engine.session import Frame, RunFrame
from engine.stability import critical_lr_holds
from gui.metrics_words import accuracy_text, metrics_tip
from gui.widgets import (
    CRITICAL_COLOR,
    LearningRateSlider,
    ScientificSpinBox,
    Swatch,
    lr_to_slider,
    slider_to_lr,
)


def optimizer_title(name: str) -> str:
    titles = {
        "gd": RacePanel.tr("GD (full batch)"), "sgd": RacePanel.tr("SGD"), "momentum": RacePanel.tr("Momentum"),
        "adagrad": RacePanel.tr("Adagrad"), "rmsprop": RacePanel.tr("RMSprop"), "adam": RacePanel.tr("Adam"),
        "adamw": RacePanel.tr("AdamW"),
    }
    return titles.get(name, name)


def hyper_title(key: str) -> str:
    titles = {
        "momentum": RacePanel.tr("momentum"), "dampening": RacePanel.tr("dampening"),
        "weight_decay": RacePanel.tr("weight decay"), "nesterov": RacePanel.tr("Nesterov"),
        "lr_decay": RacePanel.tr("lr decay"), "initial_accumulator_value": RacePanel.tr("initial accumulator"),
        "eps": RacePanel.tr("eps"), "alpha": RacePanel.tr("alpha (decay)"), "centered": RacePanel.tr("centered"),
        "beta1": RacePanel.tr("beta1"), "beta2": RacePanel.tr("beta2"), "amsgrad": RacePanel.tr("AMSGrad"),
    }
    return titles.get(key, key)


class RunRow:
    """The widgets of one run in the panel's grid."""

    def __init__(self, panel: RacePanel, k: int, run: RunFrame, n_samples: int) -> None:
        self.k = k
        self.swatch = Swatch(run.color)
        self.label = QLabel(run.label)
        self.label.setMinimumWidth(70)
        self.visible = QCheckBox()
        self.visible.setToolTip(RacePanel.tr("Show this run's path, line and curve"))
        self.optimizer = QComboBox()
        for name in OPTIMIZER_NAMES:
            self.optimizer.addItem(optimizer_title(name), name)
        self.optimizer.setToolTip(RacePanel.tr("The optimiser (changing it starts the race again)"))
        self.lr_slider = LearningRateSlider()
        self.lr_slider.setMinimumWidth(64)  # it stretches where there is room; at 1024 pixels the status needs it
        self.lr_slider.setToolTip(RacePanel.tr("Learning rate, on a log scale from 1e-6 to 10"))
        self.lr_spin = ScientificSpinBox(0.0, 1e6, log_steps=True)
        self.lr_spin.setToolTip(RacePanel.tr("Learning rate: applies at once, the run keeps its place"))
        self.batch_mode = QComboBox()
        self.batch_mode.addItem(RacePanel.tr("full batch"), "full")
        self.batch_mode.addItem(RacePanel.tr("stochastic (1)"), "stochastic")
        self.batch_mode.addItem(RacePanel.tr("mini-batch"), "mini")
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, max(n_samples, 1))
        self.batch_size.setToolTip(RacePanel.tr("Mini-batch size b"))
        self.batch_size.setKeyboardTracking(False)
        self.status = QLabel()
        self.status.setMinimumWidth(100)
        self.loss = QLabel()
        self.loss.setMinimumWidth(62)
        self.loss.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.accuracy = QLabel()  # classes: accuracy on the training rows (and the test rows)
        self.accuracy.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.select = QPushButton(RacePanel.tr("Settings"))
        self.select.setCheckable(True)
        self.select.setToolTip(RacePanel.tr("Edit this run's other hyper-parameters"))

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
        text, tip = (RacePanel.tr("will diverge"), self.lr_slider.toolTip()) if too_fast else status_text(run, function)
        self.status.setText(text)
        self.status.setToolTip(tip)  # why: the critical rate, or which minimum
        good = run.status == "converged" and (function is None or run.at_minimum) or run.at_minimum
        self.status.setStyleSheet(f"color: {CRITICAL_COLOR}; font-weight: bold;"
                                  if run.status == "diverged" or too_fast else
                                  "color: #006B3C; font-weight: bold;" if good and function is not None else
                                  "color: #006B3C;" if good else "")
        self.loss.setText(f"{run.loss:.4g}" if math.isfinite(run.loss) else "—")
        tests = run.test_loss_history  # the test cost in the tooltip (the loss curves draw it dashed)
        self.loss.setToolTip(RacePanel.tr("Cost on the training rows {train}, on the test rows {test}").format(
            train=f"{run.loss:.6g}", test=f"{tests[-1]:.6g}") if tests is not None and len(tests) else "")
        self.accuracy.setVisible(run.metrics is not None)
        self.status.setMinimumWidth(100 if run.metrics is not None else 150)  # the accuracy column takes the rest
        if run.metrics is not None:
            self.accuracy.setText(accuracy_text(run.metrics))
            self.accuracy.setToolTip(metrics_tip(run.metrics))


    def _show_critical(self, run: RunFrame, quadratic: bool, on_function: bool = False) -> None:
        """The critical rate on the slider, and in words in the tooltips (full-batch GD and momentum)."""
        self.lr_slider.set_critical(run.critical_lr)
        slider = RacePanel.tr("Learning rate, on a log scale from 1e-6 to 10")
        spin = RacePanel.tr("Learning rate: applies at once, the run keeps its place")
        if run.critical_lr is not None:
            rate = f"{run.critical_lr:.4g}"
            more = RacePanel.tr("Red mark: {lr}, the critical rate for this data (from the cost's Hessian): above it "
                                "this run diverges.").format(lr=rate) if quadratic else RacePanel.tr(
                "Red mark: {lr}, 2/λmax of the function's Hessian at the start: above it the first steps "
                "overshoot (the curvature changes as the run moves, so this is no limit).").format(lr=rate) \
                if on_function else RacePanel.tr(
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
        return RacePanel.tr("diverged at step {n}").format(n=run.diverged_at), ""
    if function is not None and run.at_minimum:
        tip = RacePanel.tr("Within {tol:.3g} of a minimum of the function (a star on the surface)").format(
            tol=function.tolerance)
        if run.status == "converged":
            return RacePanel.tr("reached at step {n}").format(n=run.converged_at), tip
        return RacePanel.tr("at the minimum"), tip
    if run.status == "converged":
        if function is not None and function.minima:
            return RacePanel.tr("stuck at step {n}").format(n=run.converged_at), RacePanel.tr(
                "The gradient is zero here but this is not the lowest point: a local minimum (or a saddle)")
        return RacePanel.tr("converged at step {n}").format(n=run.converged_at), ""
    if run.status == "stopped":
        return RacePanel.tr("stopped at step {n} (the limit)").format(n=run.steps), ""
    # paused or running: the step is the race's own, in the status bar; a short word fits the
    # column at 1024x768 in Korean too ("paused at step 50" was cut off)
    if run.status == "paused":
        return RacePanel.tr("paused"), ""
    return RacePanel.tr("running"), ""


class RacePanel(QWidget):
    """Rows of runs plus the selected run's hyper-parameter form; emits the user's changes."""

    hyper_changed = Signal(int, str, object)  # run, key, value
    optimizer_changed = Signal(int, str)
    batch_changed = Signal(int, object)  # run, batch size (None: full batch)
    visible_changed = Signal(int, bool)
    run_selected = Signal(int)
    add_requested = Signal()
    duplicate_requested = Signal(int)
    remove_requested = Signal(int)
    limit_changed = Signal(int, str)  # count, "steps" | "epochs"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RunRow] = []
        self._structure: tuple = ()
        self._selected = 0
        self._n_samples = 1
        self._hyper_widgets: dict[str, QWidget] = {}
        self._hyper_key: tuple = ()

        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(4, 2, 4, 2)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(2)
        headers = ["", self.tr("Run"), self.tr("Show"), self.tr("Optimiser"), self.tr("Learning rate"), "",
                   self.tr("Batch"), "", self.tr("Loss"), self.tr("Accuracy"), self.tr("Status"), ""]
        self._headers: list[QLabel] = []
        for column, text in enumerate(headers):
            label = QLabel(text)
            label.setStyleSheet("font-weight: bold;")
            self._grid.addWidget(label, 0, column)
            self._headers.append(label)
        self._grid.setColumnStretch(4, 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self._grid_host)

        self._hyper_title = QLabel()
        self._hyper_title.setStyleSheet("font-weight: bold;")
        self._hyper_host = QWidget()
        self._hyper_form = QFormLayout(self._hyper_host)
        self._hyper_form.setContentsMargins(4, 0, 4, 0)
        self._hyper_form.setVerticalSpacing(2)
        side = QVBoxLayout()
        side.addWidget(self._hyper_title)
        side.addWidget(self._hyper_host)
        side.addStretch(1)
        side_widget = QWidget()
        self._side = side_widget
        side_widget.setLayout(side)
        side_widget.setMinimumWidth(220)
        side_widget.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)

        self.add_button = QPushButton(self.tr("Add run"))
        self.add_button.setToolTip(self.tr("Add a run that starts now from the start point"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.duplicate_button.setToolTip(self.tr("Copy the selected run as it is now: a fork in the race"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected run"))
        self.add_button.clicked.connect(self.add_requested)
        self.duplicate_button.clicked.connect(lambda: self.duplicate_requested.emit(self._selected))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self._selected))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        self.curvature_label = QLabel()  # the data's Hessian: how hard the valley is for GD
        buttons.addWidget(self.curvature_label)
        buttons.addStretch(1)
        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(1, MAX_UPDATES)
        self.limit_spin.setGroupSeparatorShown(True)
        self.limit_spin.setKeyboardTracking(False)
        self.limit_spin.setToolTip(self.tr("Every run stops here; the race pauses when all have stopped"))
        self.limit_unit = QComboBox()
        self.limit_unit.addItem(self.tr("steps"), "steps")
        self.limit_unit.addItem(self.tr("epochs"), "epochs")
        buttons.addWidget(QLabel(self.tr("Stop after")))
        buttons.addWidget(self.limit_spin)
        buttons.addWidget(self.limit_unit)
        self.limit_spin.valueChanged.connect(self._on_limit)
        self.limit_unit.activated.connect(lambda _: self._on_limit())

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(scroll, 1)
        left.addLayout(buttons)
        self.setMinimumHeight(190)  # the header, four runs and the buttons without scrolling
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(left, 1)
        layout.addWidget(side_widget)

    # -- from frames ---------------------------------------------------------------------------

    def _on_limit(self, *_) -> None:
        self.limit_changed.emit(int(self.limit_spin.value()), self.limit_unit.currentData())

    def show_frame(self, frame: Frame) -> None:
        limit = frame.state.limit
        if not self.limit_spin.hasFocus():
            with QSignalBlocker(self.limit_spin):
                self.limit_spin.setValue(limit.count)
        if not self.limit_unit.view().isVisible():
            with QSignalBlocker(self.limit_unit):
                self.limit_unit.setCurrentIndex(max(self.limit_unit.findData(limit.unit), 0))
        if frame.dataset is None:
            return
        self._n_samples = frame.dataset.n
        structure = tuple((run.label, run.optimizer) for run in frame.runs)
        if structure != self._structure:
            self._build_rows(frame)
        self._selected = min(max(frame.selected_run, 0), max(len(frame.runs) - 1, 0))
        limit = frame.model is not None and critical_lr_holds(frame.model) == "everywhere"  # MSE: a real limit
        function = frame.model if frame.model is not None and frame.model.kind == "function" else None
        self._headers[6].setVisible(function is None)
        self._headers[8].setText(self.tr("f(x, y)") if function is not None else self.tr("Loss"))
        self._headers[9].setVisible(frame.dataset.is_classification and function is None)
        n_training = frame.state.training.n
        for row, run in zip(self._rows, frame.runs):
            blockers = [QSignalBlocker(w) for w in row.widgets()]
            row.show_run(run, n_training, limit, function)
            row.select.setChecked(row.k == self._selected)
            del blockers
        self.remove_button.setEnabled(len(frame.runs) > 1)
        if frame.runs:
            self._show_hyper(frame.runs[self._selected])
        self._show_curvature(frame.curvature)

    def _show_curvature(self, curvature) -> None:
        """κ and the curvatures of the cost at the start: standardising the data shows κ fall."""
        if curvature is None:
            text = tip = ""
        else:
            lam_min, lam_max, flat = curvature
            kappa = f"{lam_max / lam_min:,.4g}" if lam_min > 0 else "∞"
            text = self.tr("Hessian: κ = {kappa} (λ {low} to {high})").format(
                kappa=kappa, low=f"{lam_min:.3g}", high=f"{lam_max:.3g}") if lam_min >= 0 else self.tr(
                "Hessian: λ {low} to {high}, curving down").format(low=f"{lam_min:.3g}", high=f"{lam_max:.3g}")
            tip = self.tr("The cost's curvatures at the start (the Hessian's eigenvalues): κ = λmax / λmin. The "
                          "larger κ, the longer and narrower the valley and the slower gradient descent; above "
                          "2/λmax = {critical} it diverges.").format(critical=f"{2 / lam_max:.4g}" if lam_max > 0
                                                                     else "∞")
            if lam_min < 0:
                tip = self.tr("The function's curvatures at the start (the Hessian's eigenvalues): one is below 0, "
                              "so it curves down that way, as at a saddle or a hilltop: no minimum is near here.")
            if flat:
                tip += " " + self.tr("{flat} flat directions (the softmax's classes shifted alike) are left out.") \
                    .format(flat=flat)
        if text != self.curvature_label.text():
            self.curvature_label.setText(text)
            self.curvature_label.setToolTip(tip)

    def _build_rows(self, frame: Frame) -> None:
        for row in self._rows:
            for widget in row.widgets():
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self._rows = []
        for k, run in enumerate(frame.runs):
            row = RunRow(self, k, run, frame.dataset.n)
            for column, widget in enumerate(row.widgets()):
                self._grid.addWidget(widget, k + 1, column)
            row.select.setVisible(self._details)
            self._rows.append(row)
        self._grid.setRowStretch(len(frame.runs) + 1, 1)
        self._structure = tuple((run.label, run.optimizer) for run in frame.runs)
        self._hyper_key = ()

    def show_details(self, on: bool) -> None:
        """The selected run's hyper-parameter form and the Settings buttons (hidden in
        presentation mode: the rows keep what a lecture shows, the rate and the batch)."""
        self._details = on
        self._side.setVisible(on)
        for row in self._rows:
            row.select.setVisible(on)

    _details = True

    def select_run(self, k: int) -> None:
        self._selected = k
        for row in self._rows:
            with QSignalBlocker(row.select):
                row.select.setChecked(row.k == k)
        self.run_selected.emit(k)

    # -- the selected run's own hyper-parameters -----------------------------------------------

    def _show_hyper(self, run: RunFrame) -> None:
        key = (self._selected, run.label, run.optimizer)
        if key != self._hyper_key:
            self._build_hyper(run)
            self._hyper_key = key
        for name, widget in self._hyper_widgets.items():
            value = run.hyper.get(name)
            if value is None or widget.hasFocus():
                continue
            with QSignalBlocker(widget):
                if isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif abs(widget.value() - float(value)) > 1e-15:
                    widget.setValue(float(value))

    def _build_hyper(self, run: RunFrame) -> None:
        while self._hyper_form.rowCount():
            self._hyper_form.removeRow(0)
        self._hyper_widgets = {}
        title = optimizer_title(run.optimizer)
        self._hyper_title.setText(self.tr("Settings of {run}").format(run=run.label) if title.startswith(run.label)
                                  else self.tr("Settings of {run} ({optimizer})").format(run=run.label, optimizer=title))
        k = self._selected
        for name, value in run.hyper.items():
            if name == "lr":
                continue
            if isinstance(value, bool):
                widget = QCheckBox()
                widget.toggled.connect(lambda on, name=name: self.hyper_changed.emit(k, name, bool(on)))
            else:
                # torch's ranges: betas in [0, 1), alpha and dampening in [0, 1], the rest >= 0
                upper = 0.9999 if name in ("beta1", "beta2") else 1.0 if name in ("alpha", "dampening") else 1e6
                widget = ScientificSpinBox(0.0, upper)
                widget.setSingleStep(0.01)
                widget.valueChanged.connect(lambda v, name=name: self.hyper_changed.emit(k, name, float(v)))
            self._hyper_form.addRow(hyper_title(name), widget)
            self._hyper_widgets[name] = widget
