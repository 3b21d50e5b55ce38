"""Korean text needs a Hangul font on any machine: the app ships a subset and falls back to it."""
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QColor
from PySide6.QtCore import Qt

from gui.app import RESOURCES, korean_font_family


def test_the_bundled_font_is_found_and_has_hangul(qapp):
    assert list((RESOURCES / "fonts").glob("*.otf")), "the Hangul subset is missing from resources/fonts"
    family = korean_font_family()
    assert family is not None
    metrics = QFontMetrics(QFont(family, 12))
    for character in "경사하강법 손실 학습률":
        assert character == " " or metrics.inFontUcs4(ord(character)), character


def test_korean_text_draws_ink(qapp):
    family = korean_font_family()
    image = QImage(200, 40, QImage.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont(family, 16))
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignCenter, "경사 하강법")
    painter.end()
    dark = sum(1 for x in range(200) for y in range(40) if image.pixelColor(x, y).lightness() < 128)
    assert dark > 100
