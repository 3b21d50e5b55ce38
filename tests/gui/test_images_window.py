"""Softmax on images: digits opens drawn as pictures, each framed in the class the selected run
predicts, the selected one large with its true and predicted class, and the runs' weights as one
picture per class; a click on a picture selects that sample; View ▸ Data as images turns it off."""
from __future__ import annotations

import numpy as np

from engine.data import load_preset
from engine.session import messages as m
from gui.views import image_tiles as tiles
from gui.views.colors import class_rgb_table
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


def test_tiles_lay_out_and_find_pictures():
    pictures = np.zeros((5, 8, 8, 3), dtype=np.uint8)
    borders = np.array([[255, 0, 0]] * 5, dtype=np.uint8)
    image = tiles.layout(pictures, borders, cols=3)
    pitch = tiles.cell(8)
    assert image.shape == (2 * pitch, 3 * pitch, 3)
    assert tuple(image[0, 0]) == (255, 0, 0) and tuple(image[1, 1]) == (0, 0, 0)  # border, then picture
    assert tiles.tile_at(pitch + 3, pitch + 3, 8, 3, 5) == 4
    assert tiles.tile_at(2 * pitch + 3, pitch + 3, 8, 3, 5) is None  # past the last picture
    assert tiles.tile_at(pitch - 0.5, 3, 8, 3, 5) is None  # in the gap
    assert tuple(tiles.diverging(np.array([1.0, -1.0, 0.0]), 1.0)[2]) == (255, 255, 255)


def test_digits_as_images(qtbot):
    window = make_window(qtbot, preset="digits")
    try:
        window.post(m.RunSteps(30))
        frame = wait_painted(qtbot, window, lambda f: f.step == 30 and f.regions is not None)
        view, card = window.data_view, window.data_view.image_card
        assert frame.state.view.images and card.isVisibleTo(view) and not view._plot_widget.isVisibleTo(view)
        wait_slow_paint(qtbot, window, lambda w: card._grid_key is not None  # the page shows the latest predictions
                        and card._grid_key[2] == w._latest.regions.predicted[:96].tobytes())
        frame = window._latest
        image = card.grid.image
        pitch = tiles.cell(8)
        # sample 5's picture is digits' row 5, in ink, framed in its predicted class's colour
        ds = load_preset("digits")
        r, c = divmod(5, 12)
        y, x = r * pitch, c * pitch
        expected = tiles.grey(ds.X[5].reshape(8, 8), ds.X.min(), ds.X.max())
        np.testing.assert_array_equal(image[y + 1:y + 9, x + 1:x + 9], expected)
        color = class_rgb_table(10)[frame.regions.predicted[5]]
        assert tuple(image[y, x]) == tuple(color)
        # the weights: one picture per class, the selected run's
        assert card.weights.image.shape[1] == 10 * pitch and "weights of Adam" in card.weights_label.text()
        # a click on sample 13 selects it, and the large picture follows
        card.grid_box.autoRange(padding=0)
        r, c = divmod(13, 12)
        point = card.grid_box.mapViewToScene(pg_point(c * pitch + 4, r * pitch + 4))

        class Click:
            def button(self):
                from PySide6.QtCore import Qt
                return Qt.MouseButton.LeftButton

            def scenePos(self):
                return point

        card._on_click(Click())
        wait_painted(qtbot, window, lambda f: f.selected_sample == 13)
        wait_slow_paint(qtbot, window, lambda w: card.big_label.text().startswith("sample 13: class 3"))
        window.images_action.trigger()  # off: the points again
        wait_painted(qtbot, window, lambda f: not f.state.view.images)
        wait_slow_paint(qtbot, window, lambda w: view._plot_widget.isVisibleTo(view) and not card.isVisibleTo(view))
        # to a function and back: digits' pictures and its class legend return
        window.post(m.LoadFunction("booth"))
        wait_painted(qtbot, window, lambda f: f.model.kind == "function")
        wait_slow_paint(qtbot, window, lambda w: not card.isVisibleTo(view) and not view.class_legend.isVisibleTo(view))
        window.load_preset("digits")
        wait_painted(qtbot, window, lambda f: f.dataset.name == "digits" and f.state.view.images)
        wait_slow_paint(qtbot, window, lambda w: card.isVisibleTo(view) and view.class_legend.isVisibleTo(view))
    finally:
        window.close()


def pg_point(x, y):
    from PySide6.QtCore import QPointF
    return QPointF(x, y)
