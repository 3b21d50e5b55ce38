"""The main window: docks for the views, a toolbar, menus and a status bar around one worker.

The window owns the GUI half of the design: the ``DataDocument`` (the data the user edits, with
its undo stack), the views, and the race panel. Every user action becomes a message to the
worker; the worker answers with frames. The window keeps only the newest frame. A frame that
answers a data edit is painted at once (edits come at the pace of the hand, and they are what
must feel instant); frames of the race alone are painted on a timer, up to 60 a second, fewer if
drawing one costs more than a share of the GUI thread (``frame_interval_ms``). The loss curves,
the race panel and the status bar are refreshed ten times a second.
"""
from __future__ import annotations

import gc
import math
import time

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSettings, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QSlider, QSpinBox,
    QScrollArea, QToolBar, QToolButton, QWidget,
)

from engine.data import PRESET_INFO, PRESETS, DataError, Dataset
from gui.document import DataDocument
from gui.frame import Frame
from gui.race_panel import RacePanel
from gui.worker import MODEL_CHOICES, WorkerThread

PAINT_INTERVAL_MS = 16  # at most ~60 paints a second
MAX_PAINT_INTERVAL_MS = 33  # never fewer than 30 frames a second
EDIT_GAP = 1.0  # an edit's frame waits until the last frame's cost x this has passed
RACE_BUSY_SHARE = 0.6  # the share of the GUI thread that drawing the race may take
SLOW_PAINT_INTERVAL = 0.1  # s between updates of the loss curves, race panel and status bar
SPEED_MIN, SPEED_MAX = 1, 10000
DEFAULT_SPEED = 300
SETTINGS_VERSION = 1


def speed_to_slider(speed: float) -> int:
    return int(round(1000 * math.log10(max(speed, SPEED_MIN)) / math.log10(SPEED_MAX)))


def slider_to_speed(position: int) -> int:
    return int(round(10 ** (position / 1000 * math.log10(SPEED_MAX))))


def _class_icon(c: int) -> QIcon:
    from gui.views.colors import class_color

    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QColor("#1A1A1A"))
    painter.setBrush(QColor(class_color(c)))
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


class _Insulator(QWidget):
    """Holds a view so that its frequent label changes do not re-lay out the whole window.

    A view changes label texts every frame; each change asks the layouts above it to recompute,
    up to the main window's dock layout (about 2 ms a frame here). The view sits in this holder
    without a layout (placed by hand on resize), so those requests stop here; only when the
    view's minimum or preferred size really changes is the window told.
    """

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.view = widget
        widget.setParent(self)
        self._hints = (widget.minimumSizeHint(), widget.sizeHint())
        widget.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        return self.view.minimumSizeHint().expandedTo(self.view.minimumSize())

    def sizeHint(self) -> QSize:
        return self.view.sizeHint()

    def resizeEvent(self, event) -> None:
        self.view.setGeometry(self.rect())

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.LayoutRequest and obj is self.view:
            hints = (obj.minimumSizeHint(), obj.sizeHint())
            if hints != self._hints:
                self._hints = hints
                self.updateGeometry()
        return False


COMPACT_HEIGHT = 860  # px: below this the default layout tabs the lower plots together
RACE_MIN_HEIGHT = 190  # px of race panel (it scrolls below this)
RACE_MIN_HEIGHT_COMPACT = 120


def _insulated(widget: QWidget) -> QWidget:
    return _Insulator(widget)


class MainWindow(QMainWindow):
    """Descent Lab's window. ``painted(seq, data_version)`` fires after each frame is on screen."""

    painted = Signal(int, int)
    repainted = Signal()  # a window repaint has just finished (what is painted is now on screen)

    def __init__(self, preset: str = "line-30", restore: bool = True, playing: bool = True,
                 speed: int = DEFAULT_SPEED) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Descent Lab"))
        self.setObjectName("DescentLabMainWindow")
        self.setDockNestingEnabled(True)
        self.document = DataDocument(parent=self)
        self.undo_stack = self.document.undo_stack
        self._latest: Frame | None = None
        self._painted_seq = -1
        self._painted_version = -1
        self._last_slow_paint = 0.0
        self._gc_frozen = False
        self._scenes = None
        self._render_since_paint = 0.0  # s spent repainting the window since the last frame
        self._frame_cost = 0.0  # s, smoothed: one frame's cost to the GUI thread
        self._last_paint = 0.0
        self._paint_times: list[float] = []
        self.longest_paint = 0.0
        self._loading = False
        self._dataset_name: str | None = None  # the name of the data set the worker races on
        self._preset = preset
        self._class = 0
        self._closing = False

        self.engine = WorkerThread()
        self.worker = self.engine.worker

        self._build_views()
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._connect()

        self._paint_timer = QTimer(self)
        self._paint_timer.setSingleShot(True)
        self._paint_timer.timeout.connect(self._paint)
        self._data_plot = None
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(100)
        self._release_timer.timeout.connect(self._release_data_view)
        self._slow_timer = QTimer(self)
        self._slow_timer.setSingleShot(True)
        self._slow_timer.timeout.connect(self._paint_slow)

        self.resize(1440, 920)
        self._default_state = self.saveState(SETTINGS_VERSION)
        self._layout_restored = False
        if restore:
            self._layout_restored = self._restore_settings()
        with QSignalBlocker(self.speed_spin), QSignalBlocker(self.speed_slider), QSignalBlocker(self.play_action):
            self.speed_spin.setValue(speed)
            self.speed_slider.setValue(speed_to_slider(speed))
            self.play_action.setChecked(playing)
        self.worker.set_speed(speed)
        self.worker.play(playing)
        self.engine.start()
        self.load_preset(preset)

    # ------------------------------------------------------------------------------------------
    # Building

    def _build_views(self) -> None:
        from gui.views.curves_view import CurvesView
        from gui.views.data_view import DataView
        from gui.views.probability_view import ProbabilityView
        from gui.views.surface_view import SurfaceView

        self.data_view = DataView(self.document)
        self.surface_view = SurfaceView()
        self.probability_view = ProbabilityView()
        self.curves_view = CurvesView()
        self.race_panel = RacePanel()
        self.views = [self.data_view, self.surface_view, self.probability_view, self.curves_view]
        self.views_every_frame = [self.data_view, self.surface_view, self.probability_view]
        self.views_slow = [self.curves_view]

        self.docks: dict[str, QDockWidget] = {}
        for key, title, widget in (
            ("data", self.tr("Data"), self.data_view),
            ("surface", self.tr("Loss surface"), self.surface_view),
            ("probabilities", self.tr("Probabilities"), self.probability_view),
            ("curves", self.tr("Loss curves"), self.curves_view),
            ("race", self.tr("Race"), self.race_panel),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")
            if key == "race":  # scrolls rather than take a short screen's height from the plots
                scroll = QScrollArea()
                scroll.setWidget(widget)
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QScrollArea.NoFrame)
                scroll.setMinimumHeight(RACE_MIN_HEIGHT)  # four rows and a settings form
                self._race_scroll = widget = scroll
            dock.setWidget(_insulated(widget))
            dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                             | QDockWidget.DockWidgetClosable)
            self.docks[key] = dock
        d = self.docks
        self.addDockWidget(Qt.LeftDockWidgetArea, d["data"])
        self.splitDockWidget(d["data"], d["surface"], Qt.Horizontal)
        self.splitDockWidget(d["data"], d["probabilities"], Qt.Vertical)
        self.splitDockWidget(d["surface"], d["curves"], Qt.Vertical)
        self.addDockWidget(Qt.BottomDockWidgetArea, d["race"])
        self.resizeDocks([d["data"], d["surface"]], [640, 780], Qt.Horizontal)
        # The lower plots need room for a legend and an axis above a readable plot; the race
        # panel needs its rows and one settings form, no more.
        self.resizeDocks([d["data"], d["probabilities"]], [420, 330], Qt.Vertical)
        self.resizeDocks([d["surface"], d["curves"]], [420, 330], Qt.Vertical)
        self.resizeDocks([d["race"]], [180], Qt.Vertical)

    def _action(self, text: str, slot, shortcut=None, tip: str | None = None, checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.play_action = self._action(self.tr("Play"), self._on_play, Qt.Key_Space,
                                        self.tr("Play or pause the race (Space)"), checkable=True)
        self.step_action = self._action(self.tr("Step"), self.worker.step_once, Qt.Key_Right,
                                        self.tr("One step of every run (Right arrow)"))
        self.reset_action = self._action(self.tr("Reset"), self.worker.reset, Qt.Key_R,
                                         self.tr("Every run back to the start, optimiser state cleared (R)"))
        # Undo and redo keep a fixed text (the stack's own actions rename themselves on every
        # edit, which re-lays out the toolbar and the whole window during a drag); what they would
        # undo goes in the tooltip.
        stack = self.undo_stack
        self.undo_action = self._action(self.tr("Undo"), stack.undo, QKeySequence.Undo)
        self.redo_action = self._action(self.tr("Redo"), stack.redo, None)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.Redo])
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(
            lambda text: self.undo_action.setToolTip(self.tr("Undo {what} (Ctrl+Z)").format(what=text)))
        stack.redoTextChanged.connect(
            lambda text: self.redo_action.setToolTip(self.tr("Redo {what} (Ctrl+Shift+Z)").format(what=text)))
        self.clear_action = self._action(self.tr("Clear"), self._on_clear, None,
                                         self.tr("Remove every point (undo brings them back)"))
        self.standardize_action = self._action(
            self.tr("Standardize"), self._on_standardize, None,
            self.tr("Rescale every feature to mean 0 and standard deviation 1 (undo brings the raw "
                    "values back): one learning rate then suits every parameter"))
        self.restart_action = self._action(self.tr("Restart on edit"), self.worker.set_restart_on_edit, None,
                                           self.tr("Start the race again after every data edit, instead of "
                                                   "racing on over the new landscape"), checkable=True)
        self.open_action = self._action(self.tr("Open CSV…"), self._on_open_csv, QKeySequence.Open,
                                        self.tr("Load a data set from a CSV file"))
        self.export_action = self._action(self.tr("Export CSV…"), self._on_export_csv, QKeySequence.SaveAs,
                                          self.tr("Save the current data to a CSV file"))
        self.quit_action = self._action(self.tr("Quit"), self.close, QKeySequence.Quit)
        self.reset_layout_action = self._action(self.tr("Reset layout"), self._reset_layout)

        self.class_group = QActionGroup(self)
        self.class_actions: list[QAction] = []
        for c in range(10):  # keys 1 to 9 for classes 0 to 8, and 0 for class 9 (digits)
            key = (c + 1) % 10
            action = QAction(str(c), self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(str(key)))
            action.setToolTip(self.tr("New points get class {c} (key {key})").format(c=c, key=key))
            action.triggered.connect(lambda _=False, c=c: self.set_point_class(c))
            self.class_group.addAction(action)
            self.addAction(action)
            self.class_actions.append(action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"), self)
        bar.setObjectName("toolbar-main")
        bar.setMovable(True)
        self.addToolBar(Qt.TopToolBarArea, bar)
        self.toolbar = bar

        bar.addWidget(QLabel(self.tr("Data:") + " "))
        self.preset_combo = QComboBox()
        for name in PRESETS:
            self.preset_combo.addItem(name, name)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, PRESET_INFO.get(name, ""), Qt.ToolTipRole)
        self.preset_combo.setToolTip(self.tr("A data set of the course"))
        bar.addWidget(self.preset_combo)

        bar.addWidget(QLabel("  " + self.tr("Model:") + " "))
        self.model_combo = QComboBox()
        self.model_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.model_combo.setToolTip(self.tr("Linear (MSE), logistic (binary cross-entropy) or softmax "
                                            "(cross-entropy) regression"))
        bar.addWidget(self.model_combo)
        self.bias_box = QCheckBox(self.tr("bias"))
        self.bias_box.setChecked(True)
        self.bias_box.setToolTip(self.tr("Give the model a bias b (untick: the line goes through the origin)"))
        bar.addWidget(self.bias_box)
        bar.addSeparator()

        bar.addAction(self.play_action)
        bar.addAction(self.step_action)
        bar.addAction(self.reset_action)
        bar.addWidget(QLabel(" " + self.tr("Speed:") + " "))
        self.speed_slider = QSlider(Qt.Horizontal)
        self.speed_slider.setRange(0, 1000)
        self.speed_slider.setFixedWidth(110)
        self.speed_slider.setToolTip(self.tr("Steps per second, 1 to 10 000 (log scale)"))
        bar.addWidget(self.speed_slider)
        self.speed_spin = QSpinBox()
        self.speed_spin.setRange(SPEED_MIN, SPEED_MAX)
        self.speed_spin.setSuffix(self.tr(" steps/s"))
        self.speed_spin.setKeyboardTracking(False)
        bar.addWidget(self.speed_spin)
        bar.addWidget(QLabel(" " + self.tr("Seed:") + " "))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip(self.tr("Seed for shuffling the mini-batches and generated data"))
        self.seed_spin.setKeyboardTracking(False)
        bar.addWidget(self.seed_spin)
        restart = QToolButton()
        restart.setDefaultAction(self.restart_action)
        bar.addWidget(restart)

        edit = QToolBar(self.tr("Edit"), self)
        edit.setObjectName("toolbar-edit")
        edit.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.addToolBarBreak(Qt.TopToolBarArea)
        self.addToolBar(Qt.TopToolBarArea, edit)
        self.edit_toolbar = edit
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addAction(self.clear_action)
        edit.addAction(self.standardize_action)
        self.class_label = QLabel(" " + self.tr("New points:") + " ")
        self.class_label_action = edit.addWidget(self.class_label)
        for action in self.class_actions:
            edit.addAction(action)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.clear_action)
        data_menu = menu.addMenu(self.tr("&Data"))
        self.preset_actions: dict[str, QAction] = {}
        for name in PRESETS:
            action = data_menu.addAction(name)
            action.setToolTip(PRESET_INFO.get(name, ""))
            action.setStatusTip(PRESET_INFO.get(name, ""))
            action.triggered.connect(lambda _=False, name=name: self.load_preset(name))
            self.preset_actions[name] = action
        data_menu.addSeparator()
        data_menu.addAction(self.standardize_action)
        data_menu.addSeparator()
        data_menu.addAction(self.open_action)
        data_menu.addAction(self.export_action)
        race_menu = menu.addMenu(self.tr("&Race"))
        for action in (self.play_action, self.step_action, self.reset_action, self.restart_action):
            race_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&View"))
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self.reset_layout_action)

    def _build_status_bar(self) -> None:
        self.step_label = QLabel()
        self.epoch_label = QLabel()
        self.fps_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setStyleSheet("color: #B00020;")
        bar = self.statusBar()
        bar.addWidget(self.message_label, 1)
        for label in (self.step_label, self.epoch_label, self.fps_label):
            label.setMinimumWidth(110)
            bar.addPermanentWidget(label)

    def _connect(self) -> None:
        w = self.worker
        w.frame_ready.connect(self._on_frame)
        w.dataset_loaded.connect(self._on_dataset_loaded)
        w.error.connect(self._on_worker_error)
        self.document.dataset_changed.connect(self._on_dataset_changed)
        self.preset_combo.activated.connect(lambda i: self.load_preset(self.preset_combo.itemData(i)))
        self.model_combo.activated.connect(lambda i: self._on_model())
        self.bias_box.toggled.connect(lambda on: self._on_model())
        self.speed_slider.valueChanged.connect(self._on_speed_slider)
        self.speed_spin.valueChanged.connect(self._on_speed_spin)
        self.seed_spin.valueChanged.connect(self._on_seed)

        panel = self.race_panel
        panel.hyper_changed.connect(w.set_hyper)
        panel.optimizer_changed.connect(w.set_optimizer)
        panel.batch_changed.connect(lambda k, b: w.set_batch(k, b))
        panel.visible_changed.connect(w.set_visible)
        panel.run_selected.connect(w.select_run)
        panel.add_requested.connect(lambda: w.add_run())
        panel.duplicate_requested.connect(w.duplicate_run)
        panel.remove_requested.connect(w.remove_run)

        sv = self.surface_view
        if hasattr(sv, "start_moved"):
            sv.start_moved.connect(lambda theta, final: w.set_start(theta, final))
        if hasattr(sv, "plane_requested"):
            sv.plane_requested.connect(w.set_plane)
        dv = self.data_view
        for signal, slot in (("sample_selected", w.select_sample), ("shown_features_changed", w.set_shown_features)):
            if hasattr(dv, signal):
                getattr(dv, signal).connect(slot)
        pv = self.probability_view
        if hasattr(pv, "run_selected"):
            pv.run_selected.connect(w.select_run)
        if hasattr(pv, "threshold_changed") and hasattr(dv, "set_threshold"):
            pv.threshold_changed.connect(dv.set_threshold)

    # ------------------------------------------------------------------------------------------
    # Data

    def load_preset(self, name: str) -> None:
        """Ask the worker to load a preset (off the GUI thread); it comes back in _on_dataset_loaded."""
        self._preset = name
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(max(self.preset_combo.findData(name), 0))
        self.worker.load_preset(name, self.seed_spin.value())

    def _on_dataset_loaded(self, dataset: Dataset, _version: int) -> None:
        self.set_new_dataset(dataset)

    def set_new_dataset(self, dataset: Dataset) -> None:
        """A fresh data set (preset or file): the undo history starts again, the race too."""
        self._loading = True
        try:
            self.document.load_dataset(dataset)
        finally:
            self._loading = False
        self._update_model_combo(dataset)
        self._update_class_buttons(dataset)

    def _on_dataset_changed(self, dataset: Dataset, version: int) -> None:
        # A data set under another name (a preset, a file, standardised values, or undoing one of
        # these) starts the race afresh with rates for its scale; an edit keeps the name and the
        # race goes on over the reshaped surface.
        renamed = self._dataset_name is not None and dataset.name != self._dataset_name
        self._dataset_name = dataset.name
        if self._loading or renamed:
            self.worker.load_dataset(dataset, version)
        else:
            self.worker.set_dataset(dataset, version)
            self._hold_data_view()
            if dataset.is_classification and len(dataset.class_names) != self._n_class_buttons:
                self._update_class_buttons(dataset)

    def _hold_data_view(self) -> None:
        """Draw the moved point together with the frame that answers the edit (a few ms later),
        in one repaint instead of two: the data and the surface stay in step on screen, and a
        drag costs the GUI thread one repaint of the data view per move, not two."""
        if self._data_plot is None:
            import pyqtgraph as pg

            plots = self.data_view.findChildren(pg.GraphicsView)
            self._data_plot = plots[0] if plots else False
        if self._data_plot:
            self._data_plot.setUpdatesEnabled(False)
            self._release_timer.start()  # in case no frame comes (the worker refused the data)

    def _release_data_view(self) -> None:
        self._release_timer.stop()
        if self._data_plot and not self._data_plot.updatesEnabled():
            self._data_plot.setUpdatesEnabled(True)

    def _on_standardize(self) -> None:
        """Standardise the features as an undoable edit; the data set's name says it is done."""
        from dataclasses import replace

        from engine.data import standardize
        from gui.commands import ReplaceDataset

        dataset = self.document.dataset
        if dataset is None or dataset.n < 2:
            self.statusBar().showMessage(self.tr("Standardizing needs at least two points."), 5000)
            return
        scaled = standardize(dataset)[0]
        suffix = " " + self.tr("(standardized)")
        if not dataset.name.endswith(suffix):
            scaled = replace(scaled, name=dataset.name + suffix)
        self.undo_stack.push(ReplaceDataset(self.document, scaled, self.tr("Standardize features")))

    def _on_clear(self) -> None:
        from gui.commands import ClearData

        if self.document.dataset is not None and self.document.dataset.n:
            self.undo_stack.push(ClearData(self.document))

    def _on_open_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open CSV"), "", self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self.open_csv(path)

    def open_csv(self, path: str) -> bool:
        """Load a CSV as the new data set; a bad file is reported and nothing changes."""
        from engine.data import read_csv

        try:
            dataset = read_csv(path)
            dataset.validate_for_training()
        except (DataError, OSError, ValueError) as error:
            self.show_error(str(error), self.tr("Could not open the file"))
            return False
        self.set_new_dataset(dataset)
        return True

    def _on_export_csv(self) -> None:
        from engine.data import write_csv

        dataset = self.document.dataset
        if dataset is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), f"{dataset.name}.csv",
                                              self.tr("CSV files (*.csv)"))
        if not path:
            return
        try:
            write_csv(dataset, path)
        except (DataError, OSError, ValueError) as error:
            self.show_error(str(error), self.tr("Could not save the file"))

    def show_error(self, message: str, title: str | None = None) -> None:
        """A problem the user must read (a bad file, an impossible edit); nothing is lost."""
        box = QMessageBox(QMessageBox.Warning, title or self.tr("Descent Lab"), message, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def _on_worker_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # ------------------------------------------------------------------------------------------
    # Model, speed, seed, classes

    def _update_model_combo(self, dataset: Dataset) -> None:
        titles = {"linear": self.tr("Linear regression (MSE)"), "logistic": self.tr("Logistic regression"),
                  "softmax": self.tr("Softmax regression")}
        with QSignalBlocker(self.model_combo):
            self.model_combo.clear()
            for kind in MODEL_CHOICES[dataset.task]:
                self.model_combo.addItem(titles[kind], kind)
            self.model_combo.setCurrentIndex(0)
        with QSignalBlocker(self.bias_box):
            self.bias_box.setChecked(True)

    def _on_model(self) -> None:
        kind = self.model_combo.currentData()
        if kind:
            self.worker.set_model(kind, self.bias_box.isChecked())

    def _update_class_buttons(self, dataset: Dataset) -> None:
        n = len(dataset.class_names) if dataset.is_classification else 0
        self._n_class_buttons = n
        self.class_label_action.setVisible(n > 0)
        for c, action in enumerate(self.class_actions):
            visible = c < n
            action.setEnabled(visible)
            action.setVisible(visible)
            if visible:
                action.setText(dataset.class_names[c])
                action.setIcon(_class_icon(c))
        if n:
            self.set_point_class(min(self._class, n - 1))

    _n_class_buttons = 0

    def set_point_class(self, c: int) -> None:
        """The class new points get (the toolbar's class buttons, keys 1 to 9)."""
        if c >= self._n_class_buttons:
            return
        self._class = c
        self.class_actions[c].setChecked(True)
        if hasattr(self.data_view, "set_current_class"):
            self.data_view.set_current_class(c)

    def _on_play(self, on: bool) -> None:
        self.play_action.setText(self.tr("Pause") if on else self.tr("Play"))
        self.worker.play(on)

    def _on_speed_slider(self, position: int) -> None:
        speed = slider_to_speed(position)
        with QSignalBlocker(self.speed_spin):
            self.speed_spin.setValue(speed)
        self.worker.set_speed(speed)

    def _on_speed_spin(self, speed: int) -> None:
        with QSignalBlocker(self.speed_slider):
            self.speed_slider.setValue(speed_to_slider(speed))
        self.worker.set_speed(speed)

    def _on_seed(self, seed: int) -> None:
        self.worker.set_seed(seed)

    # ------------------------------------------------------------------------------------------
    # Frames and painting

    def _on_frame(self, frame: Frame) -> None:
        """Keep the newest frame; paint it now if the last paint is a frame's time old, or if it
        answers an edit (edits come at the pace of the hand, and they are what must feel instant)."""
        self._latest = frame
        since = (time.perf_counter() - self._last_paint) * 1000.0
        if frame.data_version != self._painted_version:
            # an edit: at once, unless the last frame is still being drawn (a drag faster than the
            # GUI can draw): then a moment later, so that input is still read in between
            wait = EDIT_GAP * self._frame_cost * 1000.0 - since
            if wait <= 0:
                self._paint_timer.stop()
                self._paint()
                return
        elif self._paint_timer.isActive():
            return
        else:
            wait = self.frame_interval_ms() - since
        if not self._paint_timer.isActive() or self._paint_timer.remainingTime() > wait:
            self._paint_timer.start(max(0, int(math.ceil(wait))))

    def _paint(self) -> None:
        frame = self._latest
        if frame is None or frame.seq == self._painted_seq or self._closing:
            return
        t0 = time.perf_counter()
        for view in self.views_every_frame:
            view.show_frame(frame)
        if frame.data_version >= self.document.version:
            self._release_data_view()
        # The loss curves, the race panel and the status bar change little from one frame to
        # the next: ten updates a second leave the GUI thread free for the views that move.
        # (on its own timer even when due: a separate turn of the event loop, so input and the
        # next edit are not kept waiting behind both)
        if not self._slow_timer.isActive():
            wait = SLOW_PAINT_INTERVAL - (t0 - self._last_slow_paint)
            self._slow_timer.start(max(0, int(wait * 1000) + 1))
        self._painted_seq = frame.seq
        self._painted_version = frame.data_version
        now = time.perf_counter()
        self._last_paint = now
        self.longest_paint = max(self.longest_paint, now - t0)
        # what the last frame cost the GUI thread: handing it to the views plus the repaints since
        self._frame_cost = 0.8 * self._frame_cost + 0.2 * ((now - t0) + self._render_since_paint)
        self._render_since_paint = 0.0
        self._paint_times.append(now)
        if len(self._paint_times) > 120:
            del self._paint_times[:-120]
        if not self._gc_frozen and frame.surface is not None:
            # Everything built so far (Qt wrappers, modules, the first data) lives as long as the
            # window: keep it out of the garbage collector's full passes (one took 22 ms here).
            self._gc_frozen = True
            gc.freeze()
        self.worker.edit_painted(frame.data_version)
        self.painted.emit(frame.seq, frame.data_version)

    def frame_interval_ms(self) -> float:
        """Time between two frames of the race: 60 a second when the GUI thread can afford it;
        fewer when a frame costs more (big window, slow machine), so that drawing the race leaves
        the GUI thread some room and an edit finds it free."""
        return min(max(PAINT_INTERVAL_MS, self._frame_cost * 1000.0 / RACE_BUSY_SHARE), MAX_PAINT_INTERVAL_MS)

    def event(self, event) -> bool:
        """Times the window's repaints (an UpdateRequest paints every dirty child at once)."""
        if event.type() != QEvent.UpdateRequest:
            return super().event(event)
        t0 = time.perf_counter()
        result = super().event(event)
        self._render_since_paint += time.perf_counter() - t0
        self.repainted.emit()
        return result

    def _flush_scenes(self) -> None:
        """Let every plot's scene announce its changes now, so that one repaint of the window
        draws them all (otherwise each scene's queued notice brings its own repaint pass)."""
        if self._scenes is None:
            import pyqtgraph as pg

            self._scenes = [view.scene() for view in self.findChildren(pg.GraphicsView)]
        for scene in self._scenes:
            QCoreApplication.sendPostedEvents(scene, QEvent.MetaCall)

    def _paint_slow(self) -> None:
        frame = self._latest
        if frame is None or self._closing:
            return
        self._last_slow_paint = time.perf_counter()
        for view in self.views_slow:
            view.show_frame(frame)
        self.race_panel.show_frame(frame)
        self._show_controls(frame)

    def paints_per_second(self) -> float:
        times = self._paint_times
        now = time.perf_counter()
        recent = [t for t in times if now - t <= 1.0]
        if len(recent) < 2:
            return 0.0
        return (len(recent) - 1) / max(recent[-1] - recent[0], 1e-9)

    def _show_controls(self, frame: Frame) -> None:
        """Toolbar and status bar from the frame (signals blocked: no echo back to the worker)."""
        with QSignalBlocker(self.play_action):
            self.play_action.setChecked(frame.playing)
            self.play_action.setText(self.tr("Pause") if frame.playing else self.tr("Play"))
        speed = int(round(frame.extras.get("speed", self.speed_spin.value())))
        if not self.speed_spin.hasFocus() and not self.speed_slider.isSliderDown():
            with QSignalBlocker(self.speed_spin), QSignalBlocker(self.speed_slider):
                self.speed_spin.setValue(speed)
                self.speed_slider.setValue(speed_to_slider(speed))
        with QSignalBlocker(self.restart_action):
            self.restart_action.setChecked(bool(frame.extras.get("restart_on_edit", False)))
        kind = frame.model.kind
        if self.model_combo.currentData() != kind:
            with QSignalBlocker(self.model_combo):
                index = self.model_combo.findData(kind)
                if index < 0:
                    self._update_model_combo(frame.dataset)
                    index = self.model_combo.findData(kind)
                self.model_combo.setCurrentIndex(max(index, 0))
        with QSignalBlocker(self.bias_box):
            self.bias_box.setChecked(frame.model.bias)
        run = frame.runs[frame.selected_run] if 0 <= frame.selected_run < len(frame.runs) else None
        self.step_label.setText(self.tr("step {n}").format(n=frame.step))
        self.epoch_label.setText(self.tr("epoch {e:.1f}").format(e=run.epoch if run else 0.0))
        self.fps_label.setText(self.tr("{fps:.0f} frames/s").format(fps=self.paints_per_second()))
        self.message_label.setText(frame.message or "")

    # ------------------------------------------------------------------------------------------
    # Settings and closing

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            return bool(self.restoreState(state, SETTINGS_VERSION))
        return False

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(SETTINGS_VERSION))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._layout_restored and not getattr(self, "_compact_checked", False):
            self._compact_checked = True
            if self.height() < COMPACT_HEIGHT:
                self._compact_layout()

    def _compact_layout(self) -> None:
        """A short window (a 1024x768 projector, a laptop): three rows of docks would each get a
        sliver, so the data and the loss surface keep the top at full height and the race panel,
        the probabilities and the loss curves share the bottom row as tabs."""
        d = self.docks
        self.tabifyDockWidget(d["race"], d["probabilities"])
        self.tabifyDockWidget(d["race"], d["curves"])
        d["race"].raise_()
        self._race_scroll.setMinimumHeight(RACE_MIN_HEIGHT_COMPACT)
        self.resizeDocks([d["race"]], [200], Qt.Vertical)

    def _reset_layout(self) -> None:
        self.restoreState(self._default_state, SETTINGS_VERSION)
        for dock in self.docks.values():
            dock.show()

    def closeEvent(self, event) -> None:
        self._closing = True
        self._paint_timer.stop()
        self._slow_timer.stop()
        self._save_settings()
        self.engine.stop()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the worker without closing (tests, screenshots)."""
        self._closing = True
        self._paint_timer.stop()
        self.engine.stop()
