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
    assert tabbed == {"dock-probabilities", "dock-curves"}
    # before: about 150 px each, with a plot of about 40 px inside
    assert win.docks["data"].height() >= 200 and win.docks["surface"].height() >= 200
    win.close()


def test_tall_window_shows_every_dock_at_once(qtbot):
    win = _window(qtbot, 1440, 920)
    assert win.tabifiedDockWidgets(win.docks["race"]) == []
    assert all(not dock.visibleRegion().isEmpty() for dock in win.docks.values())
    win.close()
