"""The window's actions, toolbars and menus. Each action posts a message to the session (or asks
the session-file controller); none of them changes anything itself."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QSlider,
    QSpinBox,
    QToolBar,
    QToolButton,
)

from engine.data import PRESET_INFO, PRESETS
from engine.session import messages as m
from engine.session.state import SPEED_MAX, SPEED_MIN
from gui.features_menu import FeaturesMenu
from gui.help import show_about, show_shortcuts
from gui.language import LANGUAGE_NAMES, LANGUAGES, choose_language
from gui.penalty_control import PenaltyControl
from gui.words import shown

MAX_CLASS_KEYS = 10  # keys 1 to 9 for classes 0 to 8, and 0 for class 9 (digits)


def class_icon(c: int) -> QIcon:
    from gui.views.colors import OUTLINE_COLOR, class_color

    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QColor(OUTLINE_COLOR))
    painter.setBrush(QColor(class_color(c)))
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


class ActionsMixin:
    """Builds ``MainWindow``'s actions, toolbars and menus (needs ``post``, ``files`` and the views)."""

    def _action(self, text: str, slot, shortcut=None, tip: str | None = None, checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
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
        post = self.post
        self.play_action = self._action(self.tr("Play"), self._on_play, Qt.Key_Space,
                                        self.tr("Play or pause the race (Space)"))
        self.play_action.setCheckable(True)  # shown pressed while racing; pressing toggles from what is shown
        self.step_action = self._action(self.tr("Step"), lambda: post(m.StepOnce()), Qt.Key_Right,
                                        self.tr("One step of every run (Right arrow)"))
        self.reset_action = self._action(self.tr("Reset"), lambda: post(m.Reset()), Qt.Key_R,
                                         self.tr("Every run back to the start, optimiser state cleared (R)"))
        # Undo and redo keep a fixed text (renaming them on every edit re-lays out the toolbar and
        # the whole window during a drag); what they would undo goes in the tooltip.
        self.undo_action = self._action(self.tr("Undo"), lambda: post(m.Undo()), QKeySequence.Undo)
        self.redo_action = self._action(self.tr("Redo"), lambda: post(m.Redo()), ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.clear_action = self._action(self.tr("Clear"), lambda: post(m.ClearData()), None,
                                         self.tr("Remove every point (undo brings them back)"))
        self.standardize_action = self._action(
            self.tr("Standardize"), lambda: post(m.Standardize()), None,
            self.tr("Rescale every feature to mean 0 and standard deviation 1 (undo brings the raw "
                    "values back): one learning rate then suits every parameter"))
        self.restart_action = self._action(self.tr("Restart on edit"), self._on_restart_on_edit, None,
                                           self.tr("Start the race again after every data edit, instead of "
                                                   "racing on over the new landscape"), checkable=True)
        self.shuffle_group = QActionGroup(self)  # where shuffled mini-batches draw their order
        self.shuffle_actions: dict[str, QAction] = {}
        for rng, text, tip in (
                ("generator", self.tr("Each run's own seeded generator (a fair race)"),
                 self.tr("As DataLoader(..., shuffle=True, generator=torch.Generator().manual_seed(seed)): "
                         "runs with the same batch size see the same batches")),
                ("global", self.tr("torch.manual_seed(seed), as the course's scripts"),
                 self.tr("As a DataLoader without a generator after torch.manual_seed(seed) and nn.Linear: "
                         "the tutorials' own batches"))):
            action = self._action(text, lambda _=False, rng=rng: self._on_shuffle_rng(rng), None, tip)
            action.setCheckable(True)
            action.setChecked(rng == "generator")
            self.shuffle_group.addAction(action)
            self.shuffle_actions[rng] = action
        files = self.files
        self.new_action = self._action(self.tr("New session"), files.new, QKeySequence.New,
                                       self.tr("Start afresh on line-30 (undo brings the current session back)"))
        self.open_action = self._action(self.tr("Open…"), files.open, QKeySequence.Open,
                                        self.tr("Open a session (.dlab.json) or a data set (.csv)"))
        self.save_action = self._action(self.tr("Save"), files.save, QKeySequence.Save,
                                        self.tr("Save the session: data, model, runs and settings"))
        self.save_as_action = self._action(self.tr("Save As…"), files.save_as, "Ctrl+Shift+S",
                                           self.tr("Save the session under another name"))
        self.export_action = self._action(self.tr("Export data as CSV…"), files.export_csv, None,
                                          self.tr("Save the current data points to a CSV file"))
        self.quit_action = self._action(self.tr("Quit"), self.close, QKeySequence.Quit)
        self.reset_layout_action = self._action(self.tr("Reset layout"), self._reset_layout)

        self.class_group = QActionGroup(self)
        self.class_actions: list[QAction] = []
        for c in range(MAX_CLASS_KEYS):
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
        self.preset_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        for name in PRESETS:
            self.preset_combo.addItem(name, name)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, shown(PRESET_INFO.get(name, "")), Qt.ToolTipRole)
        self.function_lab.fill_combo(self.preset_combo)
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
        self.speed_spin.setRange(int(SPEED_MIN), int(SPEED_MAX))
        self.speed_spin.setSuffix(self.tr(" steps/s"))
        self.speed_spin.setKeyboardTracking(False)
        bar.addWidget(self.speed_spin)
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
        self.test_label_action = edit.addWidget(QLabel(" " + self.tr("Test set:") + " "))
        self.test_spin = QSpinBox()
        self.test_spin.setRange(0, 50)
        self.test_spin.setSuffix(" %")
        self.test_spin.setKeyboardTracking(False)
        self.test_spin.setToolTip(self.tr("Hold out this share of the points as a test set, drawn hollow "
                                          "(Shift+click adds a test point): the runs never train on it, and "
                                          "the loss curves draw its cost dashed"))
        self.test_spin_action = edit.addWidget(self.test_spin)
        edit.addSeparator()
        self.penalty = PenaltyControl(self, edit)
        # the seed and restart-on-edit sit on this second row, which has room to spare: on the first,
        # at 1024 pixels, they squeezed the model's name ("Logistic regressic")
        # what presentation mode tucks away (gui/presentation.py)
        self.advanced_actions = [edit.addSeparator(), edit.addWidget(QLabel(" " + self.tr("Seed:") + " "))]
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip(self.tr("Seed for shuffling the mini-batches and generated data"))
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.setMaximumWidth(self.seed_spin.fontMetrics().horizontalAdvance("0000000") + 40)  # room
        self.advanced_actions.append(edit.addWidget(self.seed_spin))
        restart = QToolButton()
        restart.setDefaultAction(self.restart_action)
        self.advanced_actions.append(edit.addWidget(restart))

    def _build_export_menu(self, menu) -> None:
        exports = self.exports
        menu.addAction(self.export_action)
        self.export_costs_action = menu.addAction(self.tr("Costs of every run as CSV…"),
                                                  lambda: exports.race_csv("costs"))
        self.export_paths_action = menu.addAction(self.tr("Paths of every run as CSV…"),
                                                  lambda: exports.race_csv("paths"))
        self.export_script_action = menu.addAction(self.tr("As a PyTorch script…"), exports.pytorch_script)
        self.export_gif_action = menu.addAction(self.tr("The race as an animated GIF…"),
                                                self.animation_export.ask)
        menu.addSeparator()
        self.export_plot_actions = {}
        for key, text in (("data", self.tr("The data plot as PNG or SVG…")),
                          ("surface", self.tr("The loss surface as PNG or SVG…")),
                          ("probabilities", self.tr("The probabilities as PNG or SVG…")),
                          ("curves", self.tr("The loss curves as PNG or SVG…"))):
            self.export_plot_actions[key] = menu.addAction(text, lambda key=key: exports.plot(key))
        self.export_window_action = menu.addAction(self.tr("The whole window as PNG…"), exports.window_png)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent_menu(self.recent_menu))
        file_menu.addSeparator()
        for action in (self.save_action, self.save_as_action):
            file_menu.addAction(action)
        self._build_export_menu(file_menu.addMenu(self.tr("&Export")))
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
            action.setToolTip(shown(PRESET_INFO.get(name, "")))
            action.setStatusTip(shown(PRESET_INFO.get(name, "")))
            action.triggered.connect(lambda _=False, name=name: self.load_preset(name))
            self.preset_actions[name] = action
        self.function_lab.fill_menu(data_menu.addMenu(self.tr("&Functions")))
        data_menu.addSeparator()
        data_menu.addAction(self.standardize_action)
        self.features_menu = FeaturesMenu(self, data_menu.addMenu(self.tr("Feature &expansion")))
        data_menu.addSeparator()
        data_menu.addAction(self.open_action)
        data_menu.addAction(self.export_action)
        race_menu = menu.addMenu(self.tr("&Race"))
        for action in (self.play_action, self.step_action, self.reset_action, self.restart_action):
            race_menu.addAction(action)
        self.sweep_action = race_menu.addAction(self.tr("Learning-rate sweep…"), self.show_sweep)
        self.sweep_action.setStatusTip(self.tr("Race the selected run's optimiser at many learning rates at once "
                                               "(or momentum over learning rate and β)"))
        self.decay_action = race_menu.addAction(self.tr("Compare L2 with AdamW's weight decay"),
                                                lambda: self.post(m.CompareWeightDecay()))
        self.decay_action.setStatusTip(self.tr("Race Adam, Adam with an L2 term in its gradient and AdamW's "
                                               "decoupled weight decay (0.1) from the start"))
        self.clip_action = race_menu.addAction(self.tr("Clip gradients…"), self.function_lab.ask_clip)
        self.clip_action.setStatusTip(self.tr("Clip every run's gradient to a largest norm, as "
                                              "torch.nn.utils.clip_grad_norm_"))
        shuffle_menu = race_menu.addMenu(self.tr("Shuffled mini-batches"))
        for action in self.shuffle_actions.values():
            shuffle_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&View"))
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.images_action = view_menu.addAction(self.tr("Data as &images"))
        self.images_action.setCheckable(True)
        self.images_action.setStatusTip(self.tr("Draw each sample as a picture of its features (square data such "
                                                "as digits), with the runs' weights as pictures"))
        self.images_action.triggered.connect(lambda on: self._set_view(images=bool(on)))
        layout_menu = view_menu.addMenu(self.tr("&Layout"))
        self.layout_group = QActionGroup(self)
        self.layout_actions: dict[str, QAction] = {}
        for key, text in (("auto", self.tr("Automatic (follows the window's size)")),
                          ("compact", self.tr("Compact (a projector, a small screen)")),
                          ("full", self.tr("Full (a large screen)"))):
            action = layout_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(key == self.layout_choice)
            action.triggered.connect(lambda _=False, key=key: self.set_layout_choice(key))
            self.layout_group.addAction(action)
            self.layout_actions[key] = action
        view_menu.addAction(self.reset_layout_action)
        view_menu.addAction(self.presentation_action)
        current = getattr(QApplication.instance(), "_descent_lab_language", "en")
        # in both languages: someone who cannot read the one shown must still find it
        language_menu = view_menu.addMenu(self.tr("Language") + (" · 언어" if current == "en" else " · Language"))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for key in LANGUAGES:
            action = language_menu.addAction(LANGUAGE_NAMES[key])
            action.setCheckable(True)
            action.setChecked(key == current)
            action.triggered.connect(lambda _=False, key=key: choose_language(self, key))
            self.language_group.addAction(action)
            self.language_actions[key] = action

        help_menu = menu.addMenu(self.tr("&Help"))
        self.shortcuts_action = help_menu.addAction(self.tr("Keyboard shortcuts"))
        self.shortcuts_action.setShortcut(QKeySequence.HelpContents)
        self.shortcuts_action.triggered.connect(lambda: show_shortcuts(self))
        self.addAction(self.shortcuts_action)
        self.about_action = help_menu.addAction(self.tr("About Descent Lab"))
        self.about_action.setMenuRole(QAction.AboutRole)
        self.about_action.triggered.connect(lambda: show_about(self))
