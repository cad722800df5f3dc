"""Pictures: grids of small images (thumbnails) and the check that turns a learner's
pictures into one array."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, matrix, number, shorten, whole
from ._figure import figure


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


def thumbnails(images, titles=None, columns: int = 10, title: str | None = None, size: float = 1.1,
               ink: float | None = None):
    """A grid of small pictures with a title under each; returns a matplotlib Figure.

    Grey pictures are drawn dark on light, on one ink scale for the whole grid: 0 is white
    and ``ink`` (default: the largest value among them) is black. Colour pictures (RGB, or
    PIL images) are drawn as they are.

    >>> import numpy as np
    >>> thumbnails(np.eye(8)[None].repeat(3, axis=0), ["a", "b", "c"], ink=1).axes[0].get_title()
    'a'
    """
    if isinstance(images, (str, bytes, dict)) or not hasattr(images, "__iter__"):
        raise CourseError(f"images must be a list (or stack) of pictures, not {shorten(images)}.")
    images = [np.asarray(img) for img in images]
    if not images:
        raise CourseError("No pictures to show.")
    for i, img in enumerate(images):
        if img.dtype.kind not in "biuf" or img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] not in (3, 4)):
            raise CourseError(f"Picture {i} must be a grid of numbers (rows × columns, or × 3 colours), "
                              f"not {shorten(img if img.ndim == 0 else img.tolist())} (shape {img.shape}).")
        if img.dtype.kind == "f" and not np.isfinite(img).all():
            raise CourseError(f"Picture {i} has NaN or infinite pixels; every pixel must be an ordinary number.")
    if titles is not None and len(titles) != len(images):
        raise CourseError(f"{len(images)} pictures but {len(titles)} titles: give one title per picture.")
    columns = min(whole(columns, "columns", 1), len(images))
    size = number(size, "size", 0.2, 10, "inches per picture")
    grey = [img for img in images if img.ndim == 2]
    if ink is None:
        ink = max((float(img.max()) for img in grey), default=1.0) or 1.0
    rows = -(-len(images) // columns)
    fig = figure(figsize=(size * columns, size * rows + (0.4 if title else 0.1)))
    axes = fig.subplots(rows, columns, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < len(images):
            img = images[i]
            if img.ndim == 2:
                ax.imshow(img, cmap="gray_r", vmin=0, vmax=ink)
            else:
                ax.imshow(img)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=8)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig
