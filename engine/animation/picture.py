"""Painting one frame of a ``Film`` with Pillow: the loss surface with the runs' paths on the
left, each run's cost and the cost curves on the right, the step counter above.

Everything that does not move (the colour map, the contour lines, the axes, the legend's labels)
is painted once. The paths and the cost curves only grow, so each frame draws just the stretch
since the previous one onto canvases that keep it; then the moving heads and numbers go on top.
Drawn at twice the size and halved (``reduce``), the lines come out smooth.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from engine.animation.film import Film, Track, step_words
from engine.surface import look
from engine.words import translate
from resources import FOLDER

FONT_FILE = FOLDER / "fonts" / "NotoSansCJKkr-Hangul-subset.otf"  # Hangul and Latin alike
SUPERSAMPLE = 2
INK = (34, 34, 34)
FAINT = (120, 120, 120)
PAPER = (255, 255, 255)
LEGEND_SHARE = 0.45  # of the panel's height, at most, for the legend: the cost curves keep the rest


class FilmPainter:
    def __init__(self, film: Film, width: int, height: int, shown: Callable[[object], str] = str) -> None:
        self.film, self.shown = film, shown
        k = SUPERSAMPLE
        w, h = width * k, height * k
        self.fs = fs = max(11, round(height / 32)) * k
        self.font = ImageFont.truetype(str(FONT_FILE), fs)
        self.small = ImageFont.truetype(str(FONT_FILE), round(fs * 0.82))
        self.big = ImageFont.truetype(str(FONT_FILE), round(fs * 1.2))
        self.line = max(2, round(fs / 7))
        self.row_h = round(fs * 1.6)  # a legend row
        m = round(fs * 0.9)
        title_h = round(fs * 2.0)
        below, left = round(fs * (2.9 if film.exact else 4.1)), round(fs * 3.6)
        side = max(16, min(h - title_h - below - 2 * m, round(0.65 * w) - left - m))
        self.top = top = max(0, (h - title_h - side - below) // 2)  # the whole picture centred
        self.box = (m + left, top + title_h, m + left + side, top + title_h + side)  # the surface, in pixels
        self.panel = (self.box[2] + round(1.6 * fs), top + title_h, w - m, top + title_h + side)
        # the legend takes at most LEGEND_SHARE of the panel: beyond, "+N more" (a race holds 64 runs)
        most = max(1, int(LEGEND_SHARE * (self.panel[3] - self.panel[1]) / self.row_h))
        self.legend = film.tracks if len(film.tracks) <= most else film.tracks[: most - 1]
        self.hidden = len(film.tracks) - len(self.legend)
        legend_h = self.row_h * (len(self.legend) + (1 if self.hidden else 0))
        px0, py0, px1, py1 = self.panel
        curve_top = py0 + legend_h + round(fs * 1.8)
        self.curve_box = (px0 + round(fs * 2.8), curve_top, px1, max(curve_top + 2 * fs, py1 - round(fs * 1.6)))
        self._curve_range = _curve_range(film.tracks)
        # each track's last row with a point on the plane, at or before each row: a head to draw
        self._heads = [np.maximum.accumulate(np.where(np.isfinite(t.ab).all(axis=1), np.arange(len(t.ab)), -1))
                       for t in film.tracks]
        self.background = self._background(w, h)
        self.reset()

    def exact_colours(self) -> list[tuple[int, int, int]]:
        """The colours the GIF's palette must hold exactly: a run must not change colour."""
        marks = [look.hex_to_rgb(c) for c in (look.OPTIMUM_COLOR, look.OUTLINE_COLOR)]
        return [look.hex_to_rgb(t.color) for t in self.film.tracks] + marks + [PAPER, INK, FAINT]

    # -- what moves --------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to step 0: the growing canvases empty again."""
        self.paths = self.background.crop(self.box)
        self.curves = self.background.crop(self.curve_box)
        self._drawn = [-1 for _ in self.film.tracks]  # each track's last row drawn on the canvases

    def frame(self, step: int) -> Image.Image:
        """The picture at race step ``step`` (steps never go back without ``reset``), full size RGB."""
        film = self.film
        rows = [track.row_at(step) for track in film.tracks]
        self._grow(rows)
        out = self.background.copy()
        plot = self.paths.copy()
        draw = ImageDraw.Draw(plot)
        r = round(self.fs * 0.42)
        sx, sy = self._to_plot(np.array([film.start_ab]))[0]
        _dot(draw, sx, sy, r, PAPER, self.line)
        if film.optimum_ab is not None:
            ox, oy = self._to_plot(np.array([film.optimum_ab]))[0]
            _star(draw, ox, oy, round(self.fs * 0.75), look.hex_to_rgb(look.OPTIMUM_COLOR), self.line)
        for track, heads, row in zip(film.tracks, self._heads, rows):
            if row >= 0 and heads[row] >= 0:
                hx, hy = self._to_plot(track.ab[heads[row]][None])[0]
                _dot(draw, hx, hy, r, look.hex_to_rgb(track.color), self.line)
        out.paste(plot, self.box[:2])
        out.paste(self.curves, self.curve_box[:2])
        self._numbers(ImageDraw.Draw(out), step, rows)
        return out.reduce(SUPERSAMPLE) if SUPERSAMPLE > 1 else out

    def _grow(self, rows: list[int]) -> None:
        paths, curves = ImageDraw.Draw(self.paths), ImageDraw.Draw(self.curves)
        for i, (track, row) in enumerate(zip(self.film.tracks, rows)):
            done = self._drawn[i]
            if row <= done:
                continue
            first = max(done, 0)
            color = look.hex_to_rgb(track.color)
            pts = self._to_plot(track.ab[first: row + 1])
            _polyline(paths, pts, self.paths.size, color, self.line)
            _polyline(curves, self._to_curve(track, first, row), self.curves.size, color, self.line)
            self._drawn[i] = row

    def _numbers(self, draw: ImageDraw.ImageDraw, step: int, rows: list[int]) -> None:
        fs = self.fs
        px0, py0, px1, _ = self.panel
        draw.text((px1, self.top + round(fs * 1.2)), self.shown(step_words(step, self.film.total)), font=self.font,
                  fill=INK, anchor="rs")
        for i, (track, row) in enumerate(zip(self.legend, rows)):
            y = py0 + self.row_h * i + round(fs * 0.8)
            if row < 0:
                text = "–"
            elif track.diverged_at is not None and step >= track.diverged_at:
                text = self.shown(translate("Animation", "diverged"))
            else:
                text = f"{float(track.loss[row]):.4g}"
            draw.text((px1, y), text, font=self.font, fill=INK, anchor="rm")
            room = px1 - px0 - round(fs * 1.6) - self.font.getlength(text)  # the label gives way to the number
            draw.text((px0 + round(fs * 1.1), y), _fit(track.label, self.font, room), font=self.font, fill=INK,
                      anchor="lm")

    # -- what stays --------------------------------------------------------------------------

    def _background(self, w: int, h: int) -> Image.Image:
        film, fs = self.film, self.fs
        out = Image.new("RGB", (w, h), PAPER)
        x0, y0, x1, y1 = self.box
        side = x1 - x0
        lo, hi = look.colour_range(film.z)
        rgb = look.colour_image(film.z, lo, hi).transpose(1, 0, 2)[::-1]  # rows: b from the top down
        out.paste(Image.fromarray(np.ascontiguousarray(rgb)).resize((side, side), Image.Resampling.BILINEAR), (x0, y0))
        xs, ys = look.contour_polyline(film.a, film.b, film.z.T, look.contour_levels(lo, hi, film.log_scale))
        mask = Image.new("L", (side, side), 0)
        lines = self._to_plot(np.column_stack([xs, ys]))
        _polyline(ImageDraw.Draw(mask), lines, mask.size, 255, max(1, self.line // 2))
        *ink, alpha = look.CONTOUR_RGBA
        plot = out.crop(self.box)
        plot.paste(Image.new("RGB", plot.size, tuple(ink)), (0, 0), mask.point(lambda v: v * alpha // 255))
        out.paste(plot, (x0, y0))
        draw = ImageDraw.Draw(out)
        draw.rectangle((x0 - 1, y0 - 1, x1, y1), outline=FAINT, width=max(1, self.line // 2))
        draw.text((x0, self.top + round(fs * 1.2)), self.shown(film.title), font=self.big, fill=INK, anchor="ls")
        self._axes(out, draw)
        self._panel(draw)
        return out

    def _axes(self, out: Image.Image, draw: ImageDraw.ImageDraw) -> None:
        film, fs = self.film, self.fs
        x0, y0, x1, y1 = self.box
        tick = round(fs * 0.35)
        for value in nice_ticks(*film.a_range):
            x = x0 + (value - film.a_range[0]) / (film.a_range[1] - film.a_range[0]) * (x1 - x0)
            draw.line((x, y1, x, y1 + tick), fill=FAINT, width=max(1, self.line // 2))
            draw.text((x, y1 + tick + round(fs * 0.1)), _number(value), font=self.small, fill=INK, anchor="mt")
        for value in nice_ticks(*film.b_range):
            y = y1 - (value - film.b_range[0]) / (film.b_range[1] - film.b_range[0]) * (y1 - y0)
            draw.line((x0 - tick, y, x0, y), fill=FAINT, width=max(1, self.line // 2))
            draw.text((x0 - tick - round(fs * 0.2), y), _number(value), font=self.small, fill=INK, anchor="rm")
        draw.text(((x0 + x1) / 2, y1 + round(fs * 2.7)), _fit(self.shown(film.a_label), self.font, x1 - x0),
                  font=self.font, fill=INK, anchor="ms")
        if not film.exact:  # say what the picture is: a slice, and the paths' shadows on it
            words = translate("Animation", "a slice of the cost along two directions: the paths are their "
                                           "shadows on it")
            draw.text(((x0 + x1) / 2, y1 + round(fs * 3.9)), _fit(self.shown(words), self.small, x1 - x0),
                      font=self.small, fill=FAINT, anchor="ms")
        label = _fit(self.shown(film.b_label), self.font, y1 - y0)
        width = max(1, round(self.font.getlength(label)))
        strip = Image.new("L", (width, round(fs * 1.4)), 0)
        ImageDraw.Draw(strip).text((0, round(fs * 0.7)), label, font=self.font, fill=255, anchor="lm")
        strip = strip.rotate(90, expand=True)
        out.paste(Image.new("RGB", strip.size, INK), (x0 - round(fs * 3.5), round((y0 + y1 - width) / 2)), strip)

    def _panel(self, draw: ImageDraw.ImageDraw) -> None:
        fs = self.fs
        px0, py0, px1, _ = self.panel
        for i, track in enumerate(self.legend):
            y = py0 + self.row_h * i + round(fs * 0.8)
            _dot(draw, px0 + round(fs * 0.4), y, round(fs * 0.36), look.hex_to_rgb(track.color), self.line)
        if self.hidden:
            y = py0 + self.row_h * len(self.legend) + round(fs * 0.8)
            words = translate("Animation", "+ {n} more runs").format(n=self.hidden)
            draw.text((px0 + round(fs * 1.1), y), self.shown(words), font=self.font, fill=FAINT, anchor="lm")
        cx0, cy0, cx1, cy1 = self.curve_box
        words = translate("Animation", "cost (log scale)")
        draw.text((px0, cy0 - round(fs * 0.5)), self.shown(words), font=self.small, fill=INK, anchor="ls")
        draw.rectangle((cx0 - 1, cy0 - 1, cx1, cy1), outline=FAINT, width=max(1, self.line // 2))
        lo, hi = self._curve_range
        for value, label in look.log_ticks(lo, hi, most=5):
            y = cy1 - (value - lo) / (hi - lo) * (cy1 - cy0)
            draw.text((cx0 - round(fs * 0.25), y), label, font=self.small, fill=INK, anchor="rm")
        draw.text((cx0, cy1 + round(fs * 0.2)), "0", font=self.small, fill=INK, anchor="lt")
        draw.text((cx1, cy1 + round(fs * 0.2)), f"{self.film.total:,}", font=self.small, fill=INK, anchor="rt")
        draw.text(((cx0 + cx1) / 2, cy1 + round(fs * 0.2)), self.shown(translate("Animation", "step")),
                  font=self.small, fill=FAINT, anchor="mt")

    # -- coordinates -------------------------------------------------------------------------

    def _to_plot(self, ab: np.ndarray) -> np.ndarray:
        """Plane (a, b) to pixels of the surface's own canvas (origin at its top left)."""
        film = self.film
        side = self.box[2] - self.box[0]
        (a0, a1), (b0, b1) = film.a_range, film.b_range
        ab = np.asarray(ab, dtype=np.float64).reshape(-1, 2)
        return np.column_stack([(ab[:, 0] - a0) / (a1 - a0) * side, (b1 - ab[:, 1]) / (b1 - b0) * side])

    def _to_curve(self, track: Track, first: int, last: int) -> np.ndarray:
        cx0, cy0, cx1, cy1 = self.curve_box
        lo, hi = self._curve_range
        with np.errstate(all="ignore"):
            z = np.log10(np.maximum(track.loss[first: last + 1], 1e-300))
        x = track.steps[first: last + 1] / max(self.film.total, 1) * (cx1 - cx0)
        return np.column_stack([x, (hi - z) / (hi - lo) * (cy1 - cy0)])


def nice_ticks(lo: float, hi: float, most: int = 5) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) inside [lo, hi], at most ``most``."""
    span = hi - lo
    if not (math.isfinite(span) and span > 0):
        return []
    for unit in (10.0 ** math.floor(math.log10(span / most)) * f for f in (1, 2, 5, 10, 20, 50)):
        first = math.ceil(lo / unit)
        values = [i * unit for i in range(first, math.floor(hi / unit) + 1)]
        if len(values) <= most:
            return [0.0 if abs(v) < unit * 1e-9 else v for v in values]
    return []


def _number(value: float) -> str:
    return f"{value:.3g}"


def _fit(text: str, font, room: float) -> str:
    """``text`` shortened with an ellipsis until it fits ``room`` pixels."""
    if font.getlength(text) <= room:
        return text
    while text and font.getlength(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _curve_range(tracks) -> tuple[float, float]:
    """log10 of the cost at the curve box's bottom and top: from the lowest cost reached to a
    decade above the highest start (a diverging run leaves through the top)."""
    lows, tops = [], []
    for track in tracks:
        finite = track.loss[np.isfinite(track.loss)]
        if finite.size:
            lows.append(np.log10(max(float(finite.min()), 1e-300)))
            tops.append(np.log10(max(float(finite[0]), 1e-300)))
    if not lows:
        return 0.0, 1.0
    lo, hi = min(lows), max(tops) + 0.3
    return (lo - 0.05 * (hi - lo), hi) if hi > lo else (lo - 1.0, lo + 1.0)


def _dot(draw, x: float, y: float, r: int, fill, line: int) -> None:
    draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=look.hex_to_rgb(look.OUTLINE_COLOR),
                 width=max(1, line // 2 + 1))


def _star(draw, x: float, y: float, r: int, fill, line: int) -> None:
    angles = np.pi / 2 + np.arange(10) * np.pi / 5
    radii = np.where(np.arange(10) % 2 == 0, r, r * 0.45)
    points = [(float(x + q * np.cos(t)), float(y - q * np.sin(t))) for q, t in zip(radii, angles)]
    draw.polygon(points, fill=fill, outline=look.hex_to_rgb(look.OUTLINE_COLOR), width=max(1, line // 2 + 1))


def _polyline(draw, pts: np.ndarray, size: tuple[int, int], fill, width: int) -> None:
    """Draw ``pts`` (NaN rows break the line) on a canvas of ``size``; segments reaching far
    outside are clipped first (a diverging run's points can be 1e300 pixels away)."""
    if len(pts) < 2:
        return
    margin = 2.0 * max(size)
    lo, hi = np.array([-margin, -margin]), np.array([size[0] + margin, size[1] + margin])
    p0, p1 = pts[:-1], pts[1:]
    valid = np.isfinite(p0).all(axis=1) & np.isfinite(p1).all(axis=1)
    inside = valid & (p0 >= lo).all(axis=1) & (p0 <= hi).all(axis=1) & (p1 >= lo).all(axis=1) & (p1 <= hi).all(axis=1)
    # runs of consecutive segments inside: one polyline each
    edges = np.flatnonzero(np.diff(np.concatenate([[0], inside.astype(np.int8), [0]])))
    for begin, end in zip(edges[::2], edges[1::2]):
        draw.line([tuple(p) for p in pts[begin: end + 1].tolist()], fill=fill, width=width, joint="curve")
    for i in np.flatnonzero(valid & ~inside):
        clipped = _clip(p0[i], p1[i], lo, hi)
        if clipped is not None:
            draw.line(clipped, fill=fill, width=width)


def _clip(p: np.ndarray, q: np.ndarray, lo: np.ndarray, hi: np.ndarray):
    """The part of segment p→q inside the box [lo, hi] (Liang–Barsky), or None."""
    d = q - p
    t0, t1 = 0.0, 1.0
    for axis in (0, 1):
        for edge, sign in ((lo[axis], -1.0), (hi[axis], 1.0)):
            num, den = sign * (edge - p[axis]), sign * d[axis]
            if den == 0.0:
                if num < 0.0:
                    return None
                continue
            t = num / den
            if den > 0.0:
                t1 = min(t1, t)
            else:
                t0 = max(t0, t)
    if t0 > t1:
        return None
    a, b = p + t0 * d, p + t1 * d
    return [(float(a[0]), float(a[1])), (float(b[0]), float(b[1]))]
