"""The main window: docks for the views, a toolbar, menus and a status bar around one worker.

The window holds no engine state. Every user action becomes a message to the session (``post``);
the session answers with frames, which the ``PaintScheduler`` hands to the views; the toolbar,
the status bar and the title are painted from the same frames, so the screen shows one state.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QMessageBox, QScrollArea, QWidget

from engine.session import Frame, Notice, ViewSettings
from engine.session import messages as m
from engine.session.state import DEFAULT_SPEED
from gui.actions import ActionsMixin
from gui.animation_export import AnimationExport
from gui.controls import ControlsMixin, Pending, slider_to_speed, speed_to_slider
from gui.exports import Exports
from gui.function_lab import COMBO_PREFIX, FunctionLab
from gui.keyboard import WindowKeys
from gui.painting import PaintScheduler
from gui.presentation import PresentationMixin
from gui.race_panel import RacePanel
from gui.session_files import SessionFiles
from gui.window_layout import RACE_MIN_HEIGHT, SETTINGS_VERSION, LayoutMixin
from gui.words import shown
from gui.worker import WorkerThread


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


class MainWindow(ActionsMixin, ControlsMixin, PresentationMixin, LayoutMixin, QMainWindow):
    """Descent Lab's window. ``painted(seq, data_version)`` fires after each frame is handed to the views."""

    painted = Signal(int, int)
    repainted = Signal()  # a window repaint has just finished (what is painted is now on screen)

    def __init__(self, preset: str = "line-30", restore: bool = True, playing: bool = True, function: str | None = None,
                 speed: int = int(DEFAULT_SPEED), open_path: str | None = None, offer_restore: bool = False) -> None:
        super().__init__()
        self.setWindowTitle("Descent Lab")
        self.setObjectName("DescentLabMainWindow")
        self.setDockNestingEnabled(True)
        self._class = 0
        self._n_class_buttons = 0
        self._controls_key = None
        self._play_pending = Pending()
        self._restart_pending = Pending()
        self._shuffle_pending = Pending()

        self.engine = WorkerThread()
        self.worker = self.engine.worker
        self.files = SessionFiles(self)
        self.exports = Exports(self)
        self.animation_export = AnimationExport(self)
        self.function_lab = FunctionLab(self)
        self.sweep_dialog = None  # Race ▸ Learning-rate sweep, made when first asked for
        self.scheduler = PaintScheduler(self._paint_fast, self._paint_slow, self)
        self.scheduler.painted.connect(self.painted)

        self._build_views()
        self._build_actions()
        self._build_presentation()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._connect()

        self.resize(1440, 920)
        self._default_state = self.saveState(SETTINGS_VERSION)
        # after the default is kept: a tab in the saved default cost the plots 14 px at 1024x700
        self.tabifyDockWidget(self.docks["race"], self.docks["inspector"])
        self.docks["race"].raise_()
        self._layout_restored = self._restore_settings() if restore else False
        if restore:
            self.restore_presentation()
        self.keys = WindowKeys(self)
        QApplication.instance().installEventFilter(self.keys)
        self.engine.start()
        self.post(m.SetSpeed(speed))
        self.post(m.Play(playing))
        self.post(m.LoadPreset(preset) if function is None else m.LoadFunction(function))
        self.post(m.MarkSaved())
        if open_path:
            self.files.open_path(open_path)
        elif offer_restore:  # once the window is on screen, so the question is on top of it
            QTimer.singleShot(0, self.files.offer_restore)

    def post(self, message: m.Message) -> None:
        self.worker.post(message)

    @property
    def _latest(self) -> Frame | None:
        return self.scheduler.latest

    # ------------------------------------------------------------------------------------------
    # Building

    def _build_views(self) -> None:
        from gui.views.curves_view import CurvesView
        from gui.views.data_view import DataView
        from gui.views.inspector_view import InspectorView
        from gui.views.probability_view import ProbabilityView
        from gui.views.surface_view import SurfaceView

        self.data_view = DataView()
        self.surface_view = SurfaceView()
        self.probability_view = ProbabilityView()
        self.probability_view.legend_every_frame = False  # refreshed on the slow turn (_paint_slow)
        self.curves_view = CurvesView()
        self.race_panel = RacePanel()
        self.inspector_view = InspectorView()
        self.views_every_frame = [self.data_view, self.surface_view, self.probability_view]
        self.views_slow = [self.curves_view, self.race_panel, self.inspector_view]

        self.docks: dict[str, QDockWidget] = {}
        for key, title, widget in (
            ("data", self.tr("Data"), self.data_view),
            ("surface", self.tr("Loss surface"), self.surface_view),
            ("probabilities", self.tr("Probabilities"), self.probability_view),
            ("curves", self.tr("Loss curves"), self.curves_view),
            ("race", self.tr("Race"), self.race_panel),
            ("inspector", self.tr("Step inspector"), self.inspector_view),
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
            dock.setWidget(_Insulator(widget))
            dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                             | QDockWidget.DockWidgetClosable)
            self.docks[key] = dock
        d = self.docks
        self.addDockWidget(Qt.LeftDockWidgetArea, d["data"])
        self.splitDockWidget(d["data"], d["surface"], Qt.Horizontal)
        self.splitDockWidget(d["data"], d["probabilities"], Qt.Vertical)
        self.splitDockWidget(d["surface"], d["curves"], Qt.Vertical)
        self.addDockWidget(Qt.BottomDockWidgetArea, d["race"])
        self.addDockWidget(Qt.BottomDockWidgetArea, d["inspector"])  # tabbed with the race by each layout
        self.resizeDocks([d["data"], d["surface"]], [640, 780], Qt.Horizontal)
        # The lower plots need room for a legend and an axis above a readable plot; the race
        # panel needs its rows and one settings form, no more.
        self.resizeDocks([d["data"], d["probabilities"]], [420, 330], Qt.Vertical)
        self.resizeDocks([d["surface"], d["curves"]], [420, 330], Qt.Vertical)
        self.resizeDocks([d["race"]], [180], Qt.Vertical)

    def _build_status_bar(self) -> None:
        self.message_label = QLabel()
        self.busy_label = QLabel()
        self.busy_label.setStyleSheet("color: #555555;")
        self.step_label = QLabel()
        self.epoch_label = QLabel()
        self.fps_label = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.message_label, 1)
        bar.addPermanentWidget(self.busy_label)
        for label in (self.step_label, self.epoch_label, self.fps_label):
            label.setMinimumWidth(100)
            bar.addPermanentWidget(label)

    def _connect(self) -> None:
        w = self.worker
        w.frame_ready.connect(self.scheduler.on_frame)
        w.notice.connect(self._on_notice)
        post = self.post
        self.preset_combo.activated.connect(self._on_preset_combo)
        self.model_combo.activated.connect(lambda i: self._on_model())
        self.bias_box.toggled.connect(lambda on: self._on_model())
        self.speed_slider.valueChanged.connect(self._on_speed_slider)
        self.speed_spin.valueChanged.connect(self._on_speed_spin)
        self.seed_spin.valueChanged.connect(lambda seed: post(m.SetSeed(seed)))
        self.test_spin.valueChanged.connect(self._on_test_spin)
        self.inspector_view.update_requested.connect(lambda update: post(m.InspectUpdate(update)))
        # the inspector's numbers are worked out only while its tab is in front
        self.docks["inspector"].visibilityChanged.connect(lambda shown: post(m.ShowInspector(shown)))

        panel = self.race_panel
        panel.hyper_changed.connect(lambda k, key, value: post(m.SetHyper(k, key, value)))
        panel.optimizer_changed.connect(lambda k, name: post(m.SetOptimizer(k, name)))
        panel.batch_changed.connect(lambda k, b: post(m.SetBatch(k, b)))
        panel.visible_changed.connect(lambda k, on: post(m.SetVisible(k, on)))
        panel.run_selected.connect(lambda k: post(m.SelectRun(k)))
        panel.add_requested.connect(lambda: post(m.AddRun()))
        panel.duplicate_requested.connect(lambda k: post(m.DuplicateRun(k)))
        panel.remove_requested.connect(lambda k: post(m.RemoveRun(k)))
        panel.limit_changed.connect(lambda count, unit: post(m.SetLimit(count, unit)))

        sv = self.surface_view
        sv.start_moved.connect(lambda theta, final: post(m.SetStart(tuple(float(v) for v in theta), final)))
        sv.plane_requested.connect(lambda spec: post(m.SetPlane(spec)))
        sv.log_scale_changed.connect(lambda on: self._set_view(surface_log=on))
        sv.both_costs_changed.connect(lambda on: self._set_view(both_costs=on))
        dv = self.data_view
        dv.edit_requested.connect(post)
        dv.sample_selected.connect(lambda i: post(m.SelectSample(i)))
        dv.shown_features_changed.connect(lambda i, j: post(m.ShowFeatures(i, j)))
        pv = self.probability_view
        pv.run_selected.connect(lambda k: post(m.SelectRun(k)))
        pv.threshold_changed.connect(lambda t: post(m.SetThreshold(t)))
        cv = self.curves_view
        cv.log_scale_changed.connect(lambda on: self._set_view(curves_log=on))
        cv.x_in_epochs_changed.connect(lambda on: self._set_view(curves_epochs=on))
        cv.y_changed.connect(lambda kind: self._set_view(curves_y=kind))

    def _set_view(self, **changes) -> None:
        from dataclasses import replace

        frame = self._latest
        view = frame.state.view if frame is not None else ViewSettings()
        self.post(m.SetView(replace(view, **changes)))

    # ------------------------------------------------------------------------------------------
    # Actions

    def show_sweep(self) -> None:
        from gui.sweep_dialog import SweepDialog

        if self.sweep_dialog is None:
            self.sweep_dialog = SweepDialog(self)
        self.sweep_dialog.show()
        self.sweep_dialog.raise_()
        if self._latest is not None:
            self.sweep_dialog.show_frame(self._latest)

    def load_preset(self, name: str) -> None:
        """A course data set (loaded on the worker; undo brings the current data back)."""
        self.post(m.LoadPreset(name))

    def _on_preset_combo(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name and name.startswith(COMBO_PREFIX):
            self.function_lab.load(name[len(COMBO_PREFIX):])
        elif name:
            self.load_preset(name)

    def open_csv(self, path: str) -> None:
        self.files.open_path(path)

    def _on_test_spin(self, percent: int) -> None:
        self._asked_split = percent
        self.post(m.SetSplit(percent / 100.0))

    def _on_model(self) -> None:
        kind = self.model_combo.currentData()
        if kind:  # "logistic:mse": logistic regression trained on MSE of its sigmoid
            kind, _, cost = kind.partition(":")
            self.post(m.SetModel(kind, self.bias_box.isChecked(), cost or None))

    def set_point_class(self, c: int) -> None:
        """The class new points get (the toolbar's class buttons, keys 1 to 9)."""
        if c >= self._n_class_buttons:
            return
        self._class = c
        self.class_actions[c].setChecked(True)
        self.data_view.set_current_class(c)

    def _on_play(self, *_) -> None:
        """Play when the race shows as standing still, pause when it shows as racing."""
        latest = self._latest
        wish = not self._play_pending.shown(latest.playing if latest is not None else False)
        self._play_pending.value = wish
        self._show_play(wish)
        self.post(m.Play(wish))

    def _on_shuffle_rng(self, rng: str) -> None:
        self._shuffle_pending.value = rng
        self.post(m.SetShuffleRng(rng))

    def _on_restart_on_edit(self, on: bool) -> None:
        self._restart_pending.value = bool(on)
        self.post(m.SetRestartOnEdit(bool(on)))

    def _on_speed_slider(self, position: int) -> None:
        speed = slider_to_speed(position)
        with QSignalBlocker(self.speed_spin):
            self.speed_spin.setValue(speed)
        self.post(m.SetSpeed(speed))

    def _on_speed_spin(self, speed: int) -> None:
        with QSignalBlocker(self.speed_slider):
            self.speed_slider.setValue(speed_to_slider(speed))
        self.post(m.SetSpeed(speed))

    def show_error(self, message: str, title: str | None = None, modal: bool = False) -> None:
        """A problem the user must read (a bad file, a failed save); nothing is lost."""
        box = QMessageBox(QMessageBox.Warning, title or self.tr("Descent Lab"), message, QMessageBox.Ok, self)
        if modal:
            box.exec()
            return
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def _on_notice(self, notice: Notice) -> None:
        if self.files.on_notice(notice):
            return
        text = shown(notice.text)
        if notice.kind == "error" and notice.title:
            self.show_error(text, shown(notice.title))
        elif notice.kind == "error":
            self.statusBar().showMessage(text, 8000)
            self.data_view.flash(text)
        else:
            self.statusBar().showMessage(text, 5000)

    # ------------------------------------------------------------------------------------------
    # Painting

    def _paint_fast(self, frame: Frame) -> None:
        self._confirm_pending(frame)
        self._show_undo(frame)
        for view in self.views_every_frame:
            view.show_frame(frame)
        self.worker.painted(frame.data_version)

    def _paint_slow(self, frame: Frame) -> None:
        self.files.on_frame(frame)  # first: the title below names the file it still belongs to
        self.animation_export.on_frame(frame)
        if self.sweep_dialog is not None and self.sweep_dialog.isVisible():
            self.sweep_dialog.show_frame(frame)
        for view in self.views_slow:
            view.show_frame(frame)
        self.probability_view.show_legend()
        self.features_menu.show_frame(frame)
        self.penalty.show_frame(frame)
        self._show_controls(frame)

    def paints_per_second(self) -> float:
        return self.scheduler.paints_per_second()

    @property
    def longest_paint(self) -> float:
        return self.scheduler.longest_paint

    @longest_paint.setter
    def longest_paint(self, value: float) -> None:
        self.scheduler.longest_paint = value

    def event(self, event) -> bool:
        """Times the window's repaints (an UpdateRequest paints every dirty child at once)."""
        if event.type() != QEvent.UpdateRequest:
            return super().event(event)
        t0 = time.perf_counter()
        result = super().event(event)
        self.scheduler.rendered(time.perf_counter() - t0)
        self.repainted.emit()
        return result

    # ------------------------------------------------------------------------------------------
    # Layout, settings and closing

    def closeEvent(self, event) -> None:
        if not self.scheduler.closing and not self.files.confirm_close():
            event.ignore()
            return
        self.scheduler.stop()
        self._save_settings()
        self.end_presentation_quietly()
        QApplication.instance().removeEventFilter(self.keys)
        self.engine.stop()
        self.files.clean_exit()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the worker without closing (tests, screenshots)."""
        self.scheduler.stop()
        self.end_presentation_quietly()
        QApplication.instance().removeEventFilter(self.keys)
        self.engine.stop()
        self.files.clean_exit()
        QCoreApplication.processEvents()
