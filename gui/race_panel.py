"""The race panel: one row per run (colour, visible, optimiser, learning rate, batch mode, status)
and, for the selected row, a compact form with the optimiser's own hyper-parameters.

The panel never holds engine state. It paints what frames say and emits what the user changed;
the window forwards that to the worker. Updates from frames happen inside a signals-blocked guard
so painting a frame never echoes back as an edit, and a widget the user is typing in is left alone.
"""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
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

from engine.race import MAX_UPDATES
from engine.session import Frame, RunFrame
from engine.stability import critical_lr_holds
from gui.race_row import RunRow, hyper_title, optimizer_title, status_text  # noqa: F401  (callers)
from gui.widgets import (
    ScientificSpinBox,
)


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
