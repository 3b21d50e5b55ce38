"""What the data view says around its plot: the feature pickers, the class legend (whose class
a click adds) and the note on the features the model sees."""
from __future__ import annotations

from . import colors
from .data_editing import CLASSES_2D, REGRESSION, layout_kind

_SYMBOL_GLYPHS = {"o": "●", "s": "■", "t": "▼", "d": "◆", "star": "★", "p": "⬟", "h": "⬢", "t1": "▲", "x": "✕",
                  "+": "✚"}


class CaptionsMixin:
    """Needs ``DataView``'s pickers, labels, ``_dataset``, ``_shown``, ``_current_class`` and the
    ``shown_features_changed`` signal."""

    def _show_features(self, features) -> None:
        """Say what the model is fitted on when it is not the inputs themselves: the curve bends
        because of these features, and the student should see which."""
        key = None if features is None else features.text
        if key == self._features_key:
            return
        self._features_key = key
        if features is None:
            self._features_note.setVisible(False)
            return
        names = features.names
        listed = ", ".join(names) if len(names) <= 5 else ", ".join(names[:3]) + ", …, " + names[-1]
        self._features_note.setText(self.tr("features: {names} ({n}; z standardised)").format(
            names=listed, n=len(names)))
        self._features_note.setToolTip(self.tr("The model is fitted on these {n} features, made from the "
                                               "standardised inputs (Data ▸ Feature expansion)").format(n=len(names)))
        self._features_note.setVisible(True)

    def _set_up_pickers(self, ds, shown: tuple[int, int]) -> None:
        kind = layout_kind(ds)
        names = list(ds.feature_names)
        shown = (min(shown[0], ds.d - 1), min(shown[1], ds.d - 1))
        if kind == REGRESSION:
            shown = (shown[0], shown[0])
        self._shown = shown
        for combo, pick in ((self._feature_x, shown[0]), (self._feature_y, shown[1])):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(pick)
            combo.blockSignals(False)
        x_picker = (kind == REGRESSION and ds.d > 1) or (kind == CLASSES_2D and ds.d > 2)
        y_picker = kind == CLASSES_2D and ds.d > 2
        self._feature_x_label.setVisible(x_picker)
        self._feature_x.setVisible(x_picker)
        self._feature_y_label.setVisible(y_picker)
        self._feature_y.setVisible(y_picker)
        self._feature_x_label.setText(self.tr("x axis:") if y_picker else self.tr("feature:"))
        self._held_note.setVisible(kind == REGRESSION and ds.d > 1)
        self._regions = None
        self._data_key = None

    def _on_feature_picked(self) -> None:
        ds = self._dataset
        if ds is None:
            return
        fx = max(self._feature_x.currentIndex(), 0)
        fy = fx if layout_kind(ds) == REGRESSION else max(self._feature_y.currentIndex(), 0)
        if (fx, fy) == self._shown:
            return
        self._shown = (fx, fy)
        self._regions = None
        self._draw_points()
        if self._frame is not None:
            self._draw_frame(self._frame)
        self.shown_features_changed.emit(fx, fy)

    def _update_class_legend(self) -> None:
        """Each class's marker and name; the class a click adds is underlined."""
        ds = self._dataset
        if ds is None or ds.task == "regression":
            self.class_legend.setVisible(False)
            return
        key = (ds.class_names, self._current_class)
        if key == self._legend_key:
            return
        self._legend_key = key
        parts = []
        for c, name in enumerate(ds.class_names):
            glyph = _SYMBOL_GLYPHS.get(colors.class_symbol(c), "●")
            text = f"<u><b>{name}</b></u>" if c == self._current_class else name
            parts.append(f'<span style="color:{colors.class_color(c)}; font-size:13pt;">{glyph}</span>&nbsp;{text}')
        self.class_legend.setText(self.tr("classes:") + "&nbsp;&nbsp;" + "&nbsp;&nbsp; ".join(parts))
        self.class_legend.setVisible(True)
