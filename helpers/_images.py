"""The one check of a learner's pictures: a stack of grey pictures of one size, on one ink scale."""
from __future__ import annotations

import numpy as np

from .errors import CourseError, matrix


def as_pictures(images, side: int, ink: float, name: str = "pictures") -> np.ndarray:
    """``images`` (one ``side``×``side`` picture, or a stack of them) as an (n, side, side)
    float array of values from 0 to ``ink`` (full ink), or a CourseError saying what is
    wrong: text, the wrong shape, NaN, values out of range, or pictures scaled 0 to 1
    (which would read as almost blank: the message says to multiply by ``ink``).

    >>> import numpy as np
    >>> as_pictures(np.zeros((8, 8)), 8, 16).shape
    (1, 8, 8)
    >>> as_pictures(np.full((8, 8), 0.5), 8, 16)
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: pictures go from 0 to 1, but here pixel values go from 0 (white) to 16 (full ink): multiply them by 16.
    """
    try:
        raw = np.asarray(images)
    except ValueError:  # ragged nested lists
        raw = np.asarray(images, dtype=object)
    if raw.dtype.kind not in "biuf":
        what = "text" if raw.dtype.kind in "US" else "a mix of things, or rows of different lengths"
        raise CourseError(f"{name} must be numbers (pixel values from 0 to {ink:g}), not {what}.")
    if raw.ndim == 2:
        raw = raw[None]
    if raw.ndim != 3 or raw.shape[1:] != (side, side) or not len(raw):
        raise CourseError(f"{name} must be {side}×{side} pixels (one picture, or a stack of shape "
                          f"(n, {side}, {side})); got shape {raw.shape}.")
    flat = matrix(raw.reshape(len(raw), -1), name, span=(0, ink))
    if raw.dtype.kind == "f" and ink > 1 and 0 < flat.max() <= 1:
        raise CourseError(f"{name} go from 0 to 1, but here pixel values go from 0 (white) to {ink:g} (full ink): "
                          f"multiply them by {ink:g}.")
    return raw.astype(float)
