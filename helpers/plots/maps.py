"""Maps of a space: labelled points in 2-D and 3-D, with neighbour lines, and a 3-D space
with its two shadows (projection).

>>> from helpers import fruit_space
>>> ax = scatter_2d(fruit_space(), axes=("sweet", "crunchy"), neighbours_of="apple", k=2)
>>> ax.get_xlabel()
'sweet'
"""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, number, shorten
from ._figure import _check_space, _colours, _legend, check_ax
from ._labels import _label_points_2d, _labels, _place_labels


def _plane_xy(space, axes):
    from ..projections import Plane

    if isinstance(axes, str) and axes == "pca":
        plane = Plane.pca(space)
    elif isinstance(axes, (list, tuple)) and len(axes) == 2:
        plane = Plane.axes(space, *axes)
    else:
        raise CourseError(f"axes must be 'pca' or a pair of axes, e.g. {tuple(space.axes[:2])}, not {shorten(axes)}.")
    return plane.xy, plane.xlabel, plane.ylabel


def scatter_2d(space, axes=("sweet", "crunchy"), groups=None, neighbours_of=None, k: int = 3,
               metric: str = "euclidean", labels=True, ax=None, title: str | None = None):
    """Points on two axes (or ``axes="pca"``), labelled, optionally coloured by
    ``groups`` and with lines from ``neighbours_of`` to its ``k`` nearest (in the full space)."""
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    _check_space(space, "scatter_2d")
    xy, xlabel, ylabel = _plane_xy(space, axes)
    colours, legend = _colours(groups, len(space))
    labels = _labels(space, labels)
    ax = ax or plt.figure(figsize=(7, 5.5)).add_subplot()
    if neighbours_of is not None:
        i = space.index(neighbours_of)
        for name in space.nearest(neighbours_of, k=k, metric=metric).index:
            j = space.index(name)
            ax.plot(*xy[[i, j]].T, color="#e45756", lw=1.5, alpha=0.7, zorder=1)
    ax.scatter(xy[:, 0], xy[:, 1], c=colours, s=45, zorder=2, edgecolor="white", linewidth=0.6)
    _legend(ax, legend, "best")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else f"{xlabel} against {ylabel}")
    ax.grid(alpha=0.25)
    if labels:
        _label_points_2d(ax, xy[[space.index(n) for n in labels]], labels)
    return ax


def scatter_3d(space, groups=None, neighbours_of=None, k: int = 3, metric: str = "euclidean",
               labels=True, ax=None, title: str = "", elev: float = 20, azim: float = -60):
    """A 3-D view of a space with exactly three axes, labelled, with optional neighbour lines.

    With ``neighbours_of``, that point (ringed in red) and its ``k`` nearest get bold
    labels on a white backing, placed first and drawn on top; the other labels are
    smaller and move to a free side of their point, and a label that would cover
    another is left out (:func:`_place_labels`).

    >>> from helpers import fruit_space
    >>> ax = scatter_3d(fruit_space(), neighbours_of="apple", k=3)
    >>> sorted(t.get_text() for t in ax.texts if t.get_fontweight() == "bold")
    ['apple', 'onion', 'pear', 'watermelon']
    """
    import matplotlib.pyplot as plt

    ax = check_ax(ax, three_d=True)
    _check_space(space, "scatter_3d")
    if space.dim != 3:
        raise CourseError(f"A 3-D view needs 3 axes; this space has {space.dim}. Try scatter_2d(..., axes='pca').")
    colours, legend = _colours(groups, len(space))
    labels = _labels(space, labels)
    elev, azim = number(elev, "elev", -360, 360, "degrees"), number(azim, "azim", -360, 360, "degrees")
    if neighbours_of is not None:
        space.nearest(neighbours_of, k=k, metric=metric)  # checks all three before drawing
    ax = ax or plt.figure(figsize=(8, 7)).add_subplot(projection="3d")
    v = space.vectors
    first = []  # the highlighted point, then its neighbours: their labels come first and on top
    if neighbours_of is not None:
        i = space.index(neighbours_of)
        first = [space.names[i]]
        for name in space.nearest(neighbours_of, k=k, metric=metric).index:
            j = space.index(name)
            ax.plot(*v[[i, j]].T, color="#e45756", lw=1.5)
            first.append(name)
    ax.scatter(*v.T, c=colours, s=40, depthshade=False)
    if first:
        ax.scatter(*v[[i]].T, s=160, facecolors="none", edgecolors="#e45756", linewidths=2, depthshade=False)
    _legend(ax, legend, "upper left", dims=3)
    ax.set(xlabel=space.axes[0], ylabel=space.axes[1], zlabel=space.axes[2])
    ax.view_init(elev=elev, azim=azim)
    if title:
        ax.set_title(title)
    if labels:
        _place_labels(ax, space, first + [n for n in labels if n not in first], set(first))
    return ax


def shadow(space, groups=None, title: str = "A 3-D space and two of its shadows", mark=()):
    """Projection as a shadow: the 3-D points (left) with lines dropping each one onto the floor;
    that floor seen from above, i.e. the last axis simply dropped (middle); and the shadow on
    the best-tilted plane, PCA (right). The points named in ``mark`` are labelled in the 3-D
    panel too, with their line to the floor drawn dark. Returns the three axes.

    >>> from helpers import fruit_space
    >>> axes = shadow(fruit_space())
    >>> axes[1].get_xlabel(), axes[1].get_ylabel()
    ('sweet', 'crunchy')
    """
    import matplotlib.pyplot as plt

    _check_space(space, "shadow")
    if space.dim != 3:
        raise CourseError(f"The shadow picture needs 3 axes; this space has {space.dim}.")
    colours, legend = _colours(groups, len(space))
    fig = plt.figure(figsize=(15, 4.8))
    v = space.vectors
    a3 = fig.add_subplot(1, 3, 1, projection="3d")
    for p in v:
        a3.plot([p[0], p[0]], [p[1], p[1]], [0, p[2]], color="#bbb", lw=0.8)
    a3.scatter(v[:, 0], v[:, 1], np.zeros(len(v)), c="#999", s=12, depthshade=False)
    a3.scatter(*v.T, c=colours, s=30, depthshade=False)
    for name in [mark] if isinstance(mark, str) else list(mark):
        p = space.vector(name)
        a3.plot([p[0], p[0]], [p[1], p[1]], [0, p[2]], color="black", lw=1.6)
        a3.text(p[0], p[1], p[2], f" {name}", fontsize=9, fontweight="bold")
    a3.set_xlabel(space.axes[0])
    a3.set_ylabel(space.axes[1])
    a3.set_zlabel(space.axes[2])
    a3.set_title(f"3-D, with each point dropped to the floor ({space.axes[2]} = 0)", fontsize=10)
    a3.view_init(elev=22, azim=-60)
    flat = fig.add_subplot(1, 3, 2)
    scatter_2d(space, axes=(space.axes[0], space.axes[1]), groups=groups, ax=flat, labels=False,
               title=f"Shadow 1: {space.axes[2]} dropped")
    tilted = fig.add_subplot(1, 3, 3)
    scatter_2d(space, axes="pca", groups=groups, ax=tilted, labels=False,
               title="Shadow 2: the best-tilted plane (PCA)")
    for g, c in legend:
        a3.scatter([], [], [], c=c, label=g)
    fig.suptitle(title)
    fig.tight_layout()
    for ax, axes in ((flat, (space.axes[0], space.axes[1])), (tilted, "pca")):  # labels once the layout is final
        _label_points_2d(ax, _plane_xy(space, axes)[0], space.names, fontsize=8)
    return [a3, flat, tilted]
