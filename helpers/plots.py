"""Static figures (matplotlib): labelled points in 2-D and 3-D, with neighbour lines.

>>> from helpers import fruit_space
>>> ax = scatter_2d(fruit_space(), axes=("sweet", "crunchy"), neighbours_of="apple", k=2)
>>> ax.get_xlabel()
'sweet'
"""
from __future__ import annotations

import numpy as np

from .errors import CourseError

PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#9d755d", "#bab0ac", "#ff9da6"]


def _colours(groups):
    if groups is None:
        return PALETTE[0], []
    groups = list(groups)
    kinds = list(dict.fromkeys(groups))
    lookup = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(kinds)}
    return [lookup[g] for g in groups], [(g, lookup[g]) for g in kinds]


def _plane_xy(space, axes):
    from .projections import Plane

    plane = Plane.pca(space) if axes == "pca" else Plane.axes(space, *axes)
    return plane.xy, plane.xlabel, plane.ylabel


def scatter_2d(space, axes=("sweet", "crunchy"), groups=None, neighbours_of=None, k: int = 3,
               metric: str = "euclidean", labels=True, ax=None, title: str | None = None):
    """Points on two axes (or ``axes="pca"``), labelled, optionally coloured by
    ``groups`` and with lines from ``neighbours_of`` to its ``k`` nearest (in the full space)."""
    import matplotlib.pyplot as plt

    xy, xlabel, ylabel = _plane_xy(space, axes)
    ax = ax or plt.figure(figsize=(7, 5.5)).add_subplot()
    colours, legend = _colours(groups)
    if neighbours_of is not None:
        i = space.index(neighbours_of)
        for name in space.nearest(neighbours_of, k=k, metric=metric).index:
            j = space.index(name)
            ax.plot(*xy[[i, j]].T, color="#e45756", lw=1.5, alpha=0.7, zorder=1)
    ax.scatter(xy[:, 0], xy[:, 1], c=colours, s=45, zorder=2, edgecolor="white", linewidth=0.6)
    if labels:
        show = space.names if labels is True else labels
        for name in show:
            x, y = xy[space.index(name)]
            ax.annotate(name, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=9)
    for g, c in legend:
        ax.scatter([], [], c=c, label=g)
    if legend:
        ax.legend(loc="best", fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else f"{xlabel} against {ylabel}")
    ax.grid(alpha=0.25)
    return ax


def scatter_3d(space, groups=None, neighbours_of=None, k: int = 3, metric: str = "euclidean",
               labels=True, ax=None, title: str = "", elev: float = 20, azim: float = -60):
    """A 3-D view of a space with exactly three axes, labelled, with optional neighbour lines."""
    import matplotlib.pyplot as plt

    if space.dim != 3:
        raise CourseError(f"A 3-D view needs 3 axes; this space has {space.dim}. Try scatter_2d(..., axes='pca').")
    ax = ax or plt.figure(figsize=(8, 7)).add_subplot(projection="3d")
    v = space.vectors
    colours, legend = _colours(groups)
    if neighbours_of is not None:
        i = space.index(neighbours_of)
        for name in space.nearest(neighbours_of, k=k, metric=metric).index:
            j = space.index(name)
            ax.plot(*v[[i, j]].T, color="#e45756", lw=1.5)
    ax.scatter(*v.T, c=colours, s=40, depthshade=False)
    if labels:
        for name in (space.names if labels is True else labels):
            ax.text(*space.vector(name), " " + name, fontsize=8)
    for g, c in legend:
        ax.scatter([], [], [], c=c, label=g)
    if legend:
        ax.legend(loc="upper left", fontsize=9)
    ax.set_xlabel(space.axes[0])
    ax.set_ylabel(space.axes[1])
    ax.set_zlabel(space.axes[2])
    ax.view_init(elev=elev, azim=azim)
    if title:
        ax.set_title(title)
    return ax


def distance_heatmap(table, ax=None, title: str = "Distance between every pair"):
    """A distance table (from ``Space.distance_table``) as a labelled heat map."""
    import matplotlib.pyplot as plt

    n = len(table)
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
