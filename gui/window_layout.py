"""Where the docks go: a full layout for a large screen, a compact one for a projector.

The window fits the screen it opens on, and the layout follows the window's size whenever it
is resized (View ▸ Layout ▸ Automatic), or stays as the user forces it (Compact, Full). The
switch happens only when the size crosses the threshold, so docks the user arranged are not
rearranged by every small resize.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QGuiApplication

SETTINGS_VERSION = 2  # 2: the step inspector's dock (an older saved layout would leave it floating)
COMPACT_WIDTH = 1100  # px: narrower than this, or lower than COMPACT_HEIGHT, is a small screen
COMPACT_HEIGHT = 860
RACE_MIN_HEIGHT = 190  # px of race panel (it scrolls below this)
FRAME_HEIGHT = 130  # px of the window that are not docks: menu, two toolbars, status bar
RACE_MIN_HEIGHT_COMPACT = 120
LAYOUTS = ("auto", "compact", "full")
SCREEN_MARGIN = (16, 48)  # px left for the window's frame and title bar (and a panel)
FIRST_START_SHARE = 0.9  # of the free screen a first start takes on a screen bigger than the default size


class LayoutMixin:
    """For ``MainWindow``: needs ``docks``, ``_race_scroll`` and ``_default_state``."""

    _layout_shown = "full"  # the layout the docks are in now ("full" as built)
    fit_screen = True  # False for --screenshot --size, which asks for its size
    _layout_busy = False

    @property
    def layout_choice(self) -> str:
        value = QSettings().value("window/layout", "auto")
        return value if value in LAYOUTS else "auto"

    def set_layout_choice(self, choice: str) -> None:
        QSettings().setValue("window/layout", choice)
        self._adapt_layout(force=True)

    def wanted_layout(self, width: int, height: int) -> str:
        choice = self.layout_choice
        if choice != "auto":
            return choice
        if getattr(self, "presenting", False):  # 1.5x text needs the plots' room
            return "compact"
        return "compact" if width < COMPACT_WIDTH or height < COMPACT_HEIGHT else "full"

    def fit_to_screen(self, free=None, grow: bool = False) -> None:
        """Never open larger than the screen's free area (a 1024x768 projector got a 1440x920
        window, cut off), and never off it. ``free``: that area (default: the window's screen's).
        ``grow`` (a first start, no size remembered): on a big screen take most of it (at
        1920x1080 the default 1440x920 left the surface a flat strip)."""
        if free is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is None:
                return
            free = screen.availableGeometry()
        want_w, want_h = self.width(), self.height()
        if grow:
            want_w = max(want_w, round(FIRST_START_SHARE * free.width()))
            want_h = max(want_h, round(FIRST_START_SHARE * free.height()))
        width = min(want_w, free.width() - SCREEN_MARGIN[0])
        height = min(want_h, free.height() - SCREEN_MARGIN[1])
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(self.x(), free.left()), free.right() - width)
        y = min(max(self.y(), free.top()), free.bottom() - height)
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def _adapt_layout(self, force: bool = False, show_all: bool = False) -> None:
        """Put the docks in the layout the size wants; a dock the user closed stays closed
        (unless ``show_all``: Reset layout)."""
        wanted = self.wanted_layout(self.width(), self.height())
        if self._layout_busy or (wanted == self._layout_shown and not force):
            return
        self._layout_busy = True
        try:
            # before the first show no dock counts as shown: none was closed by the user yet
            closed = set() if show_all or not self.isVisible() else {
                key for key, dock in self.docks.items() if not dock.toggleViewAction().isChecked()}
            self.restoreState(self._default_state, SETTINGS_VERSION)
            for key, dock in self.docks.items():
                dock.setVisible(key not in closed)
            if wanted == "compact":
                self._compact_layout()
            else:
                self._race_scroll.setMinimumHeight(RACE_MIN_HEIGHT)
                self.tabifyDockWidget(self.docks["race"], self.docks["inspector"])  # beside the race: pause, look
                self.docks["race"].raise_()
                self._full_proportions()
            self._layout_shown = wanted
        finally:
            self._layout_busy = False

    def _full_proportions(self) -> None:
        """Three rows shared by the window's height now (the saved default was made at 1440x920):
        the data and the surface get half, the race panel its rows and no more, so on a tall
        screen the extra height goes to the plots, not to empty race rows."""
        d = self.docks
        rows = max(0, self.height() - FRAME_HEIGHT)
        race = max(RACE_MIN_HEIGHT, round(0.22 * rows))
        top = round(0.5 * rows)
        self.resizeDocks([d["data"], d["probabilities"]], [top, rows - top - race], Qt.Vertical)
        self.resizeDocks([d["surface"], d["curves"]], [top, rows - top - race], Qt.Vertical)
        self.resizeDocks([d["race"]], [race], Qt.Vertical)

    def _compact_layout(self) -> None:
        """A short window (a 1024x768 projector, a laptop): three rows of docks would each get a
        sliver, so the data and the loss surface keep the top at full height and the race panel,
        the probabilities and the loss curves share the bottom row as tabs."""
        d = self.docks
        self.tabifyDockWidget(d["race"], d["probabilities"])
        self.tabifyDockWidget(d["race"], d["curves"])
        self.tabifyDockWidget(d["race"], d["inspector"])
        d["race"].raise_()
        self._race_scroll.setMinimumHeight(RACE_MIN_HEIGHT_COMPACT)
        self.resizeDocks([d["race"]], [200], Qt.Vertical)

    def _reset_layout(self) -> None:
        """View ▸ Reset layout: the layout that suits the window's size now, as first built."""
        self._adapt_layout(force=True, show_all=True)

    def _restore_settings(self) -> bool:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        self._size_remembered = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and self.restoreState(state, SETTINGS_VERSION):
            shown = settings.value("window/layout_shown", "full")
            self._layout_shown = shown if shown in ("compact", "full") else "full"
            return True
        return False

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(SETTINGS_VERSION))
        settings.setValue("window/layout_shown", self._layout_shown)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_fitted", False):
            self._fitted = True
            if self.fit_screen and QGuiApplication.platformName() != "offscreen":  # no real screen there
                grow = not getattr(self, "_size_remembered", False)
                self.fit_to_screen(grow=grow)
                if grow:  # the docks shared out for the size the window now has
                    self._adapt_layout(force=True)
        self._adapt_layout()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self._adapt_layout()
