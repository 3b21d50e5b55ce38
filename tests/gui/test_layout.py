"""A short window (a 1024x768 projector) keeps the data and the surface readable."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QStandardPaths


def _window(qtbot, width, height):
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("DescentLabTests")
    QCoreApplication.setApplicationName("DescentLabTests")
    from gui.main_window import MainWindow

    win = MainWindow(preset="line-30", restore=False, playing=False)
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_short_window_tabs_the_lower_docks_and_keeps_the_plots_tall(qtbot):
    win = _window(qtbot, 1024, 700)
    tabbed = {dock.objectName() for dock in win.tabifiedDockWidgets(win.docks["race"])}
    assert tabbed == {"dock-probabilities", "dock-curves", "dock-inspector"}
    # before: about 150 px each, with a plot of about 40 px inside
    assert win.docks["data"].height() >= 200 and win.docks["surface"].height() >= 200
    win.close()


def test_tall_window_shows_every_dock_at_once(qtbot):
    win = _window(qtbot, 1440, 920)
    # the step inspector is a tab behind the race in every layout (it works on a paused race)
    assert win.tabifiedDockWidgets(win.docks["race"]) == [win.docks["inspector"]]
    assert all(not dock.visibleRegion().isEmpty() for key, dock in win.docks.items() if key != "inspector")
    win.close()


def _tabbed(win) -> set:
    """The docks tabbed with the race besides the step inspector (always tabbed with it)."""
    tabbed = {dock.objectName() for dock in win.tabifiedDockWidgets(win.docks["race"])}
    assert "dock-inspector" in tabbed or not win.docks["inspector"].toggleViewAction().isChecked()
    return tabbed - {"dock-inspector"}


def test_the_layout_follows_every_resize_across_the_threshold(qtbot):
    from PySide6.QtCore import QSettings

    QSettings().remove("window/layout")
    win = _window(qtbot, 1440, 920)
    assert _tabbed(win) == set()
    win.docks["curves"].close()  # the user's choice survives the switches
    win.resize(1024, 768)
    qtbot.waitUntil(lambda: _tabbed(win) == {"dock-probabilities"}, timeout=3000)
    win.resize(1200, 700)  # still too low: compact
    assert _tabbed(win) == {"dock-probabilities"} and win._layout_shown == "compact"
    win.resize(1920, 1080)
    qtbot.waitUntil(lambda: _tabbed(win) == set(), timeout=3000)
    assert not win.docks["curves"].toggleViewAction().isChecked()
    win._reset_layout()  # Reset layout brings every dock back
    assert win.docks["curves"].toggleViewAction().isChecked()
    win.close()


def test_view_layout_forces_compact_or_full_whatever_the_size(qtbot):
    from PySide6.QtCore import QSettings

    win = _window(qtbot, 1440, 920)
    try:
        win.layout_actions["compact"].trigger()
        assert _tabbed(win) == {"dock-probabilities", "dock-curves"}
        win.resize(1920, 1080)
        assert win._layout_shown == "compact"
        win.layout_actions["full"].trigger()
        win.resize(1024, 768)
        assert _tabbed(win) == set() and win._layout_shown == "full"
        assert win.wanted_layout(800, 600) == "full"
    finally:
        QSettings().remove("window/layout")
    assert win.wanted_layout(1024, 768) == "compact" and win.wanted_layout(1280, 720) == "compact"
    assert win.wanted_layout(1920, 1080) == "full" and win.wanted_layout(1099, 1000) == "compact"
    win.close()


def test_the_window_opens_within_the_screens_free_area(qtbot):
    from PySide6.QtCore import QRect

    win = _window(qtbot, 1440, 920)
    win.move(300, 200)
    win.fit_to_screen(QRect(0, 0, 1024, 740))  # a 1024x768 projector under a 28 px panel
    assert win.width() <= 1024 and win.height() <= 740
    assert win.x() >= 0 and win.y() >= 0 and win.x() + win.width() <= 1024 and win.y() + win.height() <= 740
    win.resize(1440, 920)
    win.fit_to_screen(QRect(0, 0, 1920, 1050), grow=True)  # a first start on a big screen takes most of it
    assert (win.width(), win.height()) == (1728, 945)
    win.resize(1440, 920)
    win.fit_to_screen(QRect(0, 0, 1920, 1050))  # a size the user left is kept
    assert (win.width(), win.height()) == (1440, 920)
    win.close()


def test_presentation_mode_enlarges_text_and_lines_tucks_the_advanced_away_and_comes_back(qtbot):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    win = _window(qtbot, 1440, 920)
    qtbot.waitUntil(lambda: win._latest is not None and win._latest.surface is not None, timeout=10_000)
    app = QApplication.instance()
    size = app.font().pointSizeF()
    try:
        win.presentation_action.trigger()
        assert win.presenting and app.font().pointSizeF() == size * 1.5
        assert not any(action.isVisible() for action in win.advanced_actions)
        assert win.race_panel._side.isHidden() and _tabbed(win) == {"dock-probabilities", "dock-curves"}
        path_pen = win.surface_view._runs[0].path.opts["pen"]
        assert path_pen.widthF() == 2.5 * 1.5
        tick = win.surface_view._plot_widget.plotItem.getAxis("bottom").style["tickFont"]
        assert tick.pointSizeF() == 15
        win.presentation_action.trigger()
        assert not win.presenting and app.font().pointSizeF() == size
        assert all(action.isVisible() for action in win.advanced_actions) and not win.race_panel._side.isHidden()
        assert win.surface_view._runs[0].path.opts["pen"].widthF() == 2.5 and _tabbed(win) == set()
    finally:
        QSettings().remove("view/presentation")
        win.close()
    assert app.font().pointSizeF() == size
