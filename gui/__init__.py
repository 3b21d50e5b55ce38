"""Descent Lab's window: PySide6 + pyqtgraph views that paint the worker's frames."""
