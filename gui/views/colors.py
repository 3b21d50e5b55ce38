"""The palette every view shares: run colours, class colours, the loss-surface colour map.

Colours come from the Okabe–Ito palette (safe for the common colour-vision deficiencies), with
Tableau 10 hues after it for data sets with more than eight classes. Classes also get distinct
symbols, so a class never depends on its colour alone. Everything here is constant: no Qt
objects are created at import time, so this module is cheap to import anywhere in gui/.
"""
from __future__ import annotations

import numpy as np

from engine.session import policy
from engine.surface.look import OPTIMUM_COLOR, OUTLINE_COLOR, hex_to_rgb, surface_stops  # noqa: F401

# Okabe & Ito (2008), "Color Universal Design": the eight colours, black left out of runs.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

# Runs: the session gives each run its colour (engine/session/policy.py owns the palette).
RUN_COLORS = policy.RUN_COLORS
run_color = policy.run_color

# Classes: class 0, 1, 2 ... ; the first eight are Okabe–Ito, then Tableau 10 hues.
CLASS_COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#8C564B",  # brown (Tableau)
    "#7F7F7F",  # grey (Tableau)
    "#BCBD22",  # olive (Tableau)
)

# pyqtgraph symbol names, one per class, so classes differ in shape as well as colour.
CLASS_SYMBOLS: tuple[str, ...] = ("o", "s", "t", "d", "star", "p", "h", "t1", "x", "+")

# Regression data points, the optimum marker and overlay text.
POINT_COLOR = "#333333"
TEXT_COLOR = "#202020"
BACKGROUND = "#FFFFFF"
FOREGROUND = "#202020"

# The loss-surface colour map and the markers' colours: engine/surface/look.py owns them.


def class_color(c: int) -> str:
    """The colour of class ``c`` (cycling past ten classes)."""
    return CLASS_COLORS[int(c) % len(CLASS_COLORS)]


def class_symbol(c: int) -> str:
    return CLASS_SYMBOLS[int(c) % len(CLASS_SYMBOLS)]


def class_rgb_table(n_classes: int) -> np.ndarray:
    """[C, 3] uint8: the class colours as a lookup table for region images."""
    return np.array([hex_to_rgb(class_color(c)) for c in range(max(n_classes, 1))], dtype=np.uint8)


# -- the look of every plot: dark text on white, large enough for the back row of a lecture hall ---

TICK_POINT_SIZE = 10
LABEL_POINT_SIZE = 11
PRESENTATION_SCALE = 1.5  # View > Presentation mode: fonts and the runs' lines, for a projector
_scale = 1.0


def set_scale(scale: float) -> None:
    """Fonts of every plot and the width of the runs' lines, times ``scale`` (1: as designed)."""
    global _scale
    _scale = scale


def scale() -> float:
    return _scale


def run_pen(color: str, width: float, **style):
    """A run's line (path, fit, loss curve): wider in presentation mode."""
    import pyqtgraph as pg

    return pg.mkPen(color, width=width * _scale, **style)


def pen_key(color: str) -> tuple:
    """What a cached run pen depends on: a view remakes the pen when this changes."""
    return (color, _scale)


def style_plot(plot_item, *, left: str = "", bottom: str = "") -> None:
    """Give a pyqtgraph PlotItem the shared look: axis colours, tick and label font sizes."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QGraphicsItem

    tick_font = QFont()
    tick_font.setPointSizeF(TICK_POINT_SIZE * _scale)
    for name in ("left", "bottom", "right", "top"):
        axis = plot_item.getAxis(name)
        axis.setPen(FOREGROUND)
        axis.setTextPen(FOREGROUND)
        axis.setTickFont(tick_font)
        axis.enableAutoSIPrefix(False)  # "b (x0.001)" confuses: ticks carry their own units
        # an axis is redrawn whenever its plot repaints (a moving run, a new image), though it
        # changes only with the range: Qt keeps it as a pixmap until the axis itself updates
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    label_style = {"color": FOREGROUND, "font-size": f"{LABEL_POINT_SIZE * _scale:g}pt"}
    if left:
        plot_item.setLabel("left", left, **label_style)
    if bottom:
        plot_item.setLabel("bottom", bottom, **label_style)


def set_axis_label(plot_item, side: str, text: str) -> None:
    """Set an axis label in the shared style (only when it changed: labels re-layout the plot)."""
    axis = plot_item.getAxis(side)
    if getattr(axis, "_descent_lab_label", None) == (text, _scale):
        return
    axis._descent_lab_label = (text, _scale)
    plot_item.setLabel(side, text, color=FOREGROUND, **{"font-size": f"{LABEL_POINT_SIZE * _scale:g}pt"})


def restyle_plot(plot_item) -> None:
    """The shared look again, at the current scale (tick fonts, and the labels already set)."""
    style_plot(plot_item)
    for side in ("left", "bottom"):
        label = getattr(plot_item.getAxis(side), "_descent_lab_label", None)
        if label is not None:
            set_axis_label(plot_item, side, label[0])
