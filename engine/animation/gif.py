"""Writing a film as an animated GIF, one frame at a time, with Pillow's GIF encoder.

Pillow's ``save(save_all=True)`` keeps every frame in memory until the end (a 20 s film at
1280×720 would hold ~400 MB); here each frame is encoded as soon as it is painted, and only the
rectangle that changed since the previous frame is stored, so memory stays that of two frames
and a still background costs nothing. One palette serves every frame (taken from the first and
the last frame, which between them hold every colour the film shows), so colours never flicker.
The file appears under its name only once complete (``write_whole``: beside it, then renamed).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import GifImagePlugin, Image

from engine.animation.film import Film, durations, frame_count, schedule
from engine.animation.picture import FilmPainter
from engine.data.writing import write_whole
from engine.words import translate

SIZES = ((640, 480), (800, 600), (1024, 768), (1280, 720), (1920, 1080))  # what the dialog offers
MIN_SIZE, MAX_SIZE = (320, 240), (1920, 1080)
MAX_SECONDS = 60.0
UNCHANGED = 255  # the palette index that lets the previous frame show through


class Cancelled(Exception):
    """The user stopped the export: nothing is written."""


@dataclass
class Progress:
    """Shared by the export thread (which counts) and the session (which reads and may cancel)."""

    done: int = 0
    total: int = 0
    cancel: threading.Event = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.cancel is None:
            self.cancel = threading.Event()

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def check_request(width: int, height: int, seconds: float) -> None:
    """A ``ValueError`` in words when the size or the length cannot be filmed."""
    if not (MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]):
        raise ValueError(translate("Animation", "An animation is between {low} and {high} pixels; {size} is not.")
                         .format(low="{}×{}".format(*MIN_SIZE), high="{}×{}".format(*MAX_SIZE),
                                 size=f"{width}×{height}"))
    if width * 4 < height * 5:
        raise ValueError(translate("Animation", "An animation is at least as wide as 5:4 (the surface and the costs "
                                                "sit side by side); {size} is too narrow.").format(
            size=f"{width}×{height}"))
    if not 1.0 <= seconds <= MAX_SECONDS:
        raise ValueError(translate("Animation", "An animation lasts from 1 to {most} seconds.").format(
            most=f"{MAX_SECONDS:g}"))


def write_gif(film: Film, path: str | os.PathLike, width: int, height: int, seconds: float,
              shown: Callable[[object], str] = str, progress: Progress | None = None) -> int:
    """Paint and write the film; returns the number of frames. Raises ``Cancelled`` (no file
    written) when ``progress.cancel`` is set, ``OSError`` when the file cannot be written."""
    check_request(width, height, seconds)
    progress = progress if progress is not None else Progress()
    n = frame_count(seconds)
    steps, waits = schedule(film.total, n), durations(n)
    progress.total = n + 1  # the palette's frame first
    painter = FilmPainter(film, width, height, shown)
    palette = Palette(painter, film.total, progress.cancel)
    painter.reset()
    progress.done = 1

    def write(fp) -> None:
        previous = None
        for f, (step, wait) in enumerate(zip(steps, waits)):
            if progress.cancel.is_set():
                raise Cancelled()
            now = palette.indices(painter.frame(int(step)))
            if previous is None:
                header, _ = GifImagePlugin.getheader(palette.picture(now), info={"loop": 0, "optimize": False})
                fp.write(b"".join(header))
                _write_frame(fp, palette, now, (0, 0), wait)
            else:
                _write_changes(fp, palette, previous, now, wait)
            previous = now
            progress.done = f + 2
        fp.write(b";")

    write_whole(path, write, OSError, binary=True)
    return n


class Palette:
    """One palette for the whole film. The colours that must stay exact (each run's, the
    markers', the text's) first; the rest chosen from the last frame (every path drawn) beside
    the first. Index 255 (a copy of colour 0) is kept free to mean "as in the previous frame"."""

    def __init__(self, painter: FilmPainter, total: int, cancel: threading.Event | None = None) -> None:
        exact = list(dict.fromkeys(painter.exact_colours()))
        last = painter.frame(total)
        if cancel is not None and cancel.is_set():  # the slowest part: a Cancel should not wait for it
            raise Cancelled()
        painter.reset()
        first = painter.frame(0)
        both = Image.new("RGB", (last.width * 2, last.height))
        both.paste(first, (0, 0))
        both.paste(last, (last.width, 0))
        chosen = both.quantize(colors=255 - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        colours = [v for rgb in exact for v in rgb] + chosen.getpalette()[: 3 * (255 - len(exact))]
        colours += colours[:3] * (256 - len(colours) // 3)
        self.colours = colours
        self.image = Image.new("P", (1, 1))
        self.image.putpalette(colours)
        codes = np.array([_code(rgb) for rgb in exact], dtype=np.uint32)
        self._codes = codes  # exact colour i is palette index i

    def indices(self, picture: Image.Image) -> np.ndarray:
        """[H, W] palette indices of an RGB picture. Pillow matches colours through a coarse
        cache (5-6-5 bits), so white can come out off-white and two close run colours swap:
        the exact colours are put right afterwards."""
        out = np.array(picture.quantize(palette=self.image, dither=Image.Dither.NONE), dtype=np.uint8)
        code = np.asarray(picture.convert("RGBX")).view(np.uint32)[..., 0]  # one number per pixel
        for index, colour in enumerate(self._codes):
            out[code == colour] = index
        out[out == UNCHANGED] = 0
        return out

    def picture(self, indices: np.ndarray) -> Image.Image:
        image = Image.fromarray(indices, mode="P")
        image.putpalette(self.colours)
        return image


def _code(rgb: tuple[int, int, int]) -> int:
    """A colour as the 32-bit number of its RGBX pixel (as numpy views one)."""
    return int(np.array([[[*rgb, 255]]], dtype=np.uint8).view(np.uint32)[0, 0, 0])


def _write_changes(fp, palette: Palette, previous: np.ndarray, now: np.ndarray, wait_ms: int) -> None:
    """Only the rectangle that changed, its unchanged pixels see-through: a still picture costs a
    few bytes a frame, and the rectangle around a moving head and a counter stays small."""
    diff = previous != now
    rows, cols = np.flatnonzero(diff.any(axis=1)), np.flatnonzero(diff.any(axis=0))
    if not rows.size:  # nothing moved: one see-through pixel (a GIF frame has at least one)
        top, left, bottom, right = 0, 0, 1, 1
    else:
        top, left, bottom, right = int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1
    patch = now[top:bottom, left:right].copy()
    patch[~diff[top:bottom, left:right]] = UNCHANGED
    _write_frame(fp, palette, patch, (left, top), wait_ms, transparency=UNCHANGED)


def _write_frame(fp, palette: Palette, pixels: np.ndarray, offset: tuple[int, int], wait_ms: int,
                 **params) -> None:
    # disposal 1: the frame stays, the next one is painted over it
    for chunk in GifImagePlugin.getdata(palette.picture(pixels), offset=offset, duration=wait_ms, disposal=1, **params):
        fp.write(chunk)
