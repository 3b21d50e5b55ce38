"""The toolbar, the status bar and the title, painted from frames like the views.

Controls are set with their signals blocked, so painting a frame never echoes back as an edit,
and a control the user is working in (a focused spin box, an open list) is left alone.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt

from engine.functions import is_function
from engine.models import COSTS_FOR_KIND, MODELS_FOR_TASK
from engine.session import Frame
from engine.session.policy import images_offered
from engine.session.state import SPEED_MAX, SPEED_MIN
from gui.actions import class_icon
from gui.function_lab import COMBO_PREFIX
from gui.words import shown


def speed_to_slider(speed: float) -> int:
    """The speed slider is logarithmic: 0 is 1 step a second, 1000 is 10 000."""
    return int(round(1000 * math.log10(max(speed, SPEED_MIN)) / math.log10(SPEED_MAX)))


def slider_to_speed(position: int) -> int:
    return int(round(10 ** (position / 1000 * math.log10(SPEED_MAX))))


class Pending:
    """A choice the user just made that frames do not show yet (the worker answers in a few ms,
    the controls are painted at 10 Hz): until a frame confirms it, the control shows the choice,
    not an older frame's value, and a second press toggles from the choice."""

    def __init__(self) -> None:
        self.value = None  # a bool, or a choice such as "global"

    def shown(self, from_frame):
        return from_frame if self.value is None else self.value

    def confirm(self, from_state) -> None:
        if self.value is not None and from_state == self.value:
            self.value = None


class ControlsMixin:
    """``MainWindow``'s controls from a frame (needs the actions and widgets of ``ActionsMixin``)."""

    _asked_split: int | None = None  # the test share last typed, in percent

    def _test_percent(self, ds) -> int:
        """The test set's share as the box shows it: what was asked when that gives this many rows
        (25 % of 30 points hold out ceil(7.5) = 8), else the share rounded."""
        count = int(ds.test_mask.sum())
        asked = self._asked_split
        if asked is not None and math.ceil(asked / 100.0 * ds.n - 1e-12) == count:
            return asked
        return int(round(100.0 * count / ds.n)) if ds.n else 0

    def _show_controls(self, frame: Frame) -> None:
        """Toolbar, status bar and title from the frame (signals blocked: no echo back)."""
        state = frame.state
        self._show_play(self._play_pending.shown(frame.playing))
        if not self.speed_spin.hasFocus() and not self.speed_slider.isSliderDown():
            with QSignalBlocker(self.speed_spin), QSignalBlocker(self.speed_slider):
                self.speed_spin.setValue(int(round(state.speed)))
                self.speed_slider.setValue(speed_to_slider(state.speed))
        if not self.seed_spin.hasFocus():
            with QSignalBlocker(self.seed_spin):
                self.seed_spin.setValue(min(state.seed, self.seed_spin.maximum()))
        with QSignalBlocker(self.images_action):  # offered when the features form a square picture
            self.images_action.setEnabled(images_offered(state.dataset) and not is_function(state.model))
            self.images_action.setChecked(state.view.images and self.images_action.isEnabled())
        if not self.test_spin.hasFocus() and state.dataset is not None:
            with QSignalBlocker(self.test_spin):
                self.test_spin.setValue(self._test_percent(state.dataset))
        with QSignalBlocker(self.restart_action):
            self.restart_action.setChecked(self._restart_pending.shown(state.restart_on_edit))
        shuffle = self._shuffle_pending.shown(state.shuffle_rng)
        for rng, action in self.shuffle_actions.items():  # signals blocked: the group cannot uncheck the other
            with QSignalBlocker(action):
                action.setChecked(rng == shuffle)
        self._show_data_controls(frame)
        run = frame.runs[frame.selected_run] if 0 <= frame.selected_run < len(frame.runs) else None
        self.step_label.setText(self.tr("step {n}").format(n=frame.step))
        stopped = {"converged": self.tr("converged"), "diverged": self.tr("diverged"),
                   "stopped": self.tr("at the limit")}
        on_function = frame.model is not None and frame.model.kind == "function"
        if run is None:
            self.epoch_label.setText("")
        elif on_function:  # no epochs on a function: where the run is
            x, y = (float(v) for v in run.theta)
            self.epoch_label.setText(self.tr("{run}: (x, y) = ({x:.4g}, {y:.4g})").format(run=run.label, x=x, y=y))
        elif run.status in stopped:  # the run's own words, as the race panel says them
            self.epoch_label.setText(self.tr("{run}: {status}, epoch {e:.1f}").format(
                run=run.label, status=stopped[run.status], e=run.epoch))
        else:
            self.epoch_label.setText(self.tr("{run}: epoch {e:.1f}").format(run=run.label, e=run.epoch))
        self.fps_label.setText(self.tr("{fps:.0f} frames/s").format(fps=self.paints_per_second()))
        if frame.message:
            text, color = shown(frame.message), "#B00020"  # something is wrong with the data
        elif frame.finished:
            text, color = self.tr("Every run has stopped (converged, diverged or at the limit): press Play or R "
                                  "to race again."), "#1F5F3F"
        else:
            text, color = "", "#B00020"
        self.message_label.setText(text)
        if self.message_label.property("tone") != color:
            self.message_label.setProperty("tone", color)
            self.message_label.setStyleSheet(f"color: {color};")
        self.busy_label.setText("" if frame.settled else self.tr("computing…"))
        title = self.files.title(frame)
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    def _show_play(self, playing: bool) -> None:
        with QSignalBlocker(self.play_action):
            self.play_action.setChecked(playing)
            self.play_action.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _confirm_pending(self, frame: Frame) -> None:
        """Every frame: the choices it shows are no longer pending."""
        self._play_pending.confirm(frame.state.playing)
        self._restart_pending.confirm(frame.state.restart_on_edit)
        self._shuffle_pending.confirm(frame.state.shuffle_rng)

    def _show_undo(self, frame: Frame) -> None:
        """Undo and Redo follow every painted frame, not the slower controls' few per second: Ctrl+Z
        pressed just after an edit must undo it."""
        key = (frame.undo_text, frame.redo_text)
        if key == getattr(self, "_undo_key", None):
            return
        self._undo_key = key
        self.undo_action.setEnabled(frame.undo_text is not None)
        self.redo_action.setEnabled(frame.redo_text is not None)
        self.undo_action.setToolTip(self.tr("Undo {what} (Ctrl+Z)").format(what=frame.undo_text or ""))
        self.redo_action.setToolTip(self.tr("Redo {what} (Ctrl+Shift+Z)").format(what=frame.redo_text or ""))

    def _show_data_controls(self, frame: Frame) -> None:
        """The Data box, the model box and the class buttons: only when the data set or model changed."""
        ds, model = frame.dataset, frame.model
        key = (frame.source, None if ds is None else (ds.name, ds.task, ds.class_names), model)
        if key == self._controls_key or ds is None:
            return
        self._controls_key = key
        on_function = model is not None and model.kind == "function"
        with QSignalBlocker(self.preset_combo):
            if self.preset_combo.count() and self.preset_combo.itemData(0) is None:
                self.preset_combo.removeItem(0)  # the previous file's or session's entry
            index = self.preset_combo.findData(frame.source.name) if frame.source.kind == "preset" else -1
            if on_function:
                index = self.preset_combo.findData(COMBO_PREFIX + model.name) if model.name else -1
            if index < 0:  # a file or a session: named, but not a preset to pick again
                self.preset_combo.insertItem(0, frame.source.name or ds.name, None)
                self.preset_combo.setItemData(0, frame.source.path or "", Qt.ToolTipRole)
                index = 0
            self.preset_combo.setCurrentIndex(index)
        titles = {"linear": self.tr("Linear regression (MSE)"), "logistic": self.tr("Logistic regression"),
                  "logistic:mse": self.tr("Logistic regression, MSE cost"), "softmax": self.tr("Softmax regression")}
        with QSignalBlocker(self.model_combo), QSignalBlocker(self.bias_box):
            self.model_combo.clear()
            if on_function:  # the function is the model: nothing to choose, nothing to fit
                self.model_combo.addItem(self.tr("f(x, y) itself"), "function")
            else:
                for kind in MODELS_FOR_TASK[ds.task]:
                    for cost in COSTS_FOR_KIND[kind]:  # the kind's own cost first, then the others it takes
                        key = kind if cost == COSTS_FOR_KIND[kind][0] else f"{kind}:{cost}"
                        self.model_combo.addItem(titles[key], key)
            current = model.kind if model is not None else None
            if model is not None and getattr(model, "sigmoid_mse", False):
                current = "logistic:mse"
            self.model_combo.setCurrentIndex(max(self.model_combo.findData(current), 0))
            self.bias_box.setChecked(model.bias if model is not None and not on_function else True)
        self.model_combo.setEnabled(not on_function)
        self.test_spin.setEnabled(not on_function)
        self.bias_box.setEnabled(not on_function)
        for action in (self.clear_action, self.standardize_action, self.export_action, self.export_script_action):
            action.setEnabled(not on_function)
        n = len(ds.class_names) if ds.is_classification else 0
        # multiclass data can grow a class (softmax grows an output): one more button for it
        grows = ds.task == "multiclass" and n < len(self.class_actions)
        self._n_class_buttons = min(n + grows, len(self.class_actions))
        self.class_label_action.setVisible(n > 0)
        for c, action in enumerate(self.class_actions):
            visible = c < self._n_class_buttons
            action.setEnabled(visible)
            action.setVisible(visible)
            if visible:
                action.setText(ds.class_names[c] if c < n else self.tr("new class"))
                action.setIcon(class_icon(c))
        if n:
            self.set_point_class(min(self._class, self._n_class_buttons - 1))
