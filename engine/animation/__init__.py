"""The race as an animated picture, without Qt: ``film`` takes a snapshot of the session,
``picture`` paints a frame of it with Pillow, ``gif`` writes the frames as they are painted."""
from engine.animation.film import Film, film_of
from engine.animation.gif import SIZES, Cancelled, Progress, check_request, write_gif

__all__ = ["SIZES", "Cancelled", "Film", "Progress", "check_request", "film_of", "write_gif"]
