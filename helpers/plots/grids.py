"""Grids of coloured cells: a distance table as a heat map, vectors as stripes of colour."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, matrix, number
from ..errors import table as table_
from ._figure import check_ax


def distance_heatmap(table, ax=None, title: str = "Distance between every pair"):
    """A distance table (from ``Space.distance_table``) as a labelled heat map."""
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    table = table_(table, "table", source="space.distance_table()", numbers=True)
    if table.shape[0] != table.shape[1]:
        raise CourseError(f"table must be square, one row and one column per point, as space.distance_table() "
                          f"gives; this one is {table.shape[0]} × {table.shape[1]}.")
    n = len(table)
    if n > 60:
        raise CourseError(f"A heat map of {n} × {n} cells cannot be read: give a table of at most 60 points, "
                          "e.g. space.distance_table(names=space.names[:20]).")
    ax = ax or plt.figure(figsize=(0.42 * n + 2, 0.42 * n + 1.5)).add_subplot()
    im = ax.imshow(table.to_numpy(), cmap="viridis_r")
    ax.set_xticks(range(n), table.columns, rotation=90, fontsize=8)
    ax.set_yticks(range(n), table.index, fontsize=8)
    if n <= 12:
        for (r, c), val in np.ndenumerate(table.to_numpy()):
            ax.text(c, r, f"{val:.1f}", ha="center", va="center", fontsize=8,
                    color="white" if val > table.to_numpy().max() * 0.5 else "black")
    ax.figure.colorbar(im, ax=ax, label="distance (smaller = more alike)")
    ax.set_title(title)
    return ax


def colour_stripes(names, vectors, ax=None, title: str = "Each word as a stripe of 50 coloured cells",
                   limit: float | None = None):
    """Each vector as one row of coloured cells (red = positive, blue = negative, white = 0),
    one row per name, in the style of Jay Alammar's "The Illustrated Word2vec".

    >>> ax = colour_stripes(["a", "b"], [[1, -1, 0], [0.5, 0, -0.5]])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a', 'b']
    >>> colour_stripes(["a", "b"], [[1, -1], [0.5, float("nan")]])
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: vectors: row 2, column 2 is NaN (“not a number”, what a missing value becomes); every entry must be an ordinary number.
    """
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    m = matrix(vectors, "vectors")   # numbers in rows of one length, no NaN (a NaN cell would be blank)
    if isinstance(names, str) or not hasattr(names, "__len__") or len(m) != len(names):
        raise CourseError("Give one vector (a list of numbers) per name.")
    if len(m) > 100:
        raise CourseError(f"{len(m)} stripes cannot be read: give at most 100 names and vectors.")
    limit = (number(limit, "limit", 1e-12, what="the value drawn darkest") if limit is not None else None) \
        or float(np.abs(m).max()) or 1.0
    ax = ax or plt.figure(figsize=(min(14, 0.22 * m.shape[1] + 2), 0.45 * len(m) + 1.2)).add_subplot()
    im = ax.imshow(m, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_yticks(range(len(names)), list(names))
    ax.set_xticks(range(0, m.shape[1], 5))
    ax.set_xlabel("coordinate number")
    ax.set_xticks(np.arange(-0.5, m.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, len(m)), minor=True)
    ax.grid(which="minor", color="white", lw=0.6)
    ax.tick_params(which="minor", length=0)
    ax.figure.colorbar(im, ax=ax, fraction=0.03, pad=0.01, label="value")
    ax.set_title(title)
    return ax
