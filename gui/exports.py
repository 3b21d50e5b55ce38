"""File ▸ Export: a plot as PNG or SVG, the whole window as PNG, every run's costs or paths as CSV.

Pictures are made here, on the GUI thread, from what is on screen: a PNG of a plot is the view as
the student sees it (legend, labels and all) at twice the screen's resolution, crisp on a slide;
an SVG is the same view as vectors (axes, points, curves and contours stay sharp at any size).
The CSV files come from the session, which holds the whole race history (``ExportRace``).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog

from engine.session import messages as m
from gui.words import shown

PNG_SCALE = 2  # pixels per screen pixel in an exported PNG


def render_png(widget, path: str, scale: int = PNG_SCALE) -> bool:
    """``widget`` as it is on screen, ``scale`` times as many pixels each way."""
    pixmap = QPixmap(widget.size() * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(widget.palette().window().color())
    widget.render(pixmap, QPoint())
    return pixmap.save(path, "PNG")


def render_svg(widget, path: str, title: str = "Descent Lab") -> bool:
    """``widget`` as vectors (QSvgGenerator: the plot's points, curves, contours and text, and the
    labels around it). pyqtgraph's own SVG exporter fails on the paths Qt 6.11 writes."""
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(QSize(widget.width(), widget.height()))
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    import pyqtgraph as pg

    # scatter symbols are drawn from a pixmap cache, which an SVG shows as dotted boxes: as
    # vector paths while the SVG is written
    scatters = [item for view in widget.findChildren(pg.GraphicsView) for item in view.scene().items()
                if isinstance(item, pg.ScatterPlotItem) and item.opts.get("useCache", True)]
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"cannot write {Path(path).name}")
    try:
        for item in scatters:
            item.opts["useCache"] = False
        widget.render(painter, QPoint())
    finally:
        painter.end()
        for item in scatters:
            item.opts["useCache"] = True
    return True


def _with_suffix(path: str, chosen_filter: str, default: str) -> str:
    if Path(path).suffix.lower() in (".png", ".svg", ".csv"):
        return path
    return path + (".svg" if "svg" in chosen_filter.lower() else default)


class Exports(QObject):
    """The dialogs of File ▸ Export for ``window`` (a MainWindow)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def _ask(self, title: str, name: str, filters: str) -> tuple[str, str]:
        folder = Path(self.window.files.path).parent if self.window.files.path else Path.cwd()
        path, chosen = QFileDialog.getSaveFileName(self.window, title, str(folder / name), filters)
        return path, chosen

    def _stem(self) -> str:
        frame = self.window._latest
        return frame.dataset.name if frame is not None and frame.dataset is not None else "descent-lab"

    def plot(self, key: str) -> None:
        """One view (``key`` of the window's docks) as PNG or SVG."""
        view = self.window.docks[key].widget().view
        if hasattr(view, "widget") and not hasattr(view, "_plot_widget"):
            view = view.widget()  # the race panel sits in a scroll area
        filters = self.tr("PNG image (*.png);;SVG drawing (*.svg)")
        path, chosen = self._ask(self.tr("Export the plot"), f"{self._stem()}-{key}.png", filters)
        if not path:
            return
        path = _with_suffix(path, chosen, ".png")
        self._write_picture(path, lambda: render_svg(view, path) if path.lower().endswith(".svg")
                            else render_png(view, path))

    def window_png(self) -> None:
        path, chosen = self._ask(self.tr("Export the window"), f"{self._stem()}-window.png",
                                 self.tr("PNG image (*.png)"))
        if path:
            path = _with_suffix(path, chosen, ".png")
            self._write_picture(path, lambda: render_png(self.window, path))

    def race_csv(self, what: str) -> None:
        """Every run's costs or paths: the session writes them (it has the whole history)."""
        title = self.tr("Export the costs of every run") if what == "costs" else \
            self.tr("Export the paths of every run")
        path, chosen = self._ask(title, f"{self._stem()}-{what}.csv", self.tr("CSV files (*.csv)"))
        if path:
            self.window.post(m.ExportRace(_with_suffix(path, chosen, ".csv"), what))

    def pytorch_script(self) -> None:
        """The runs as a standalone PyTorch script (engine/script_export.py), from the session as
        shown: its data, start, runs and step limit."""
        from engine.data.writing import write_whole
        from engine.script_export import pytorch_script

        frame = self.window._latest
        if frame is None or frame.dataset is None or frame.state.model is None:
            return
        path, chosen = self._ask(self.tr("Export as PyTorch script"), f"{self._stem()}-race.py",
                                 self.tr("Python scripts (*.py)"))
        if not path:
            return
        path = path if path.lower().endswith(".py") else path + ".py"
        try:
            text = pytorch_script(frame.state, shown)  # commented in the interface's language
            write_whole(path, lambda stream: stream.write(text), OSError)
        except (OSError, ValueError) as error:
            self.window.show_error(self.tr("Cannot write {file}. {reason}Choose another folder or name.").format(
                file=Path(path).name, reason=f"{error} "), self.tr("Could not export"))
            return
        self.window.statusBar().showMessage(self.tr("Exported {file}").format(file=Path(path).name), 5000)

    def _write_picture(self, path: str, write) -> None:
        try:
            ok = write()
        except (OSError, ValueError, RuntimeError) as error:
            ok, reason = False, str(error)
        else:
            reason = ""
        if not ok:
            self.window.show_error(self.tr("Cannot write {file}. {reason}Choose another folder or name.").format(
                file=Path(path).name, reason=f"{reason} " if reason else ""), self.tr("Could not export"))
        else:
            self.window.statusBar().showMessage(self.tr("Exported {file}").format(file=Path(path).name), 5000)
