"""Static figures (matplotlib): labelled points in 2-D and 3-D, with neighbour lines.

>>> from helpers import fruit_space
>>> ax = scatter_2d(fruit_space(), axes=("sweet", "crunchy"), neighbours_of="apple", k=2)
>>> ax.get_xlabel()
'sweet'
"""
from __future__ import annotations

import numpy as np

from .errors import CourseError, matrix, number, shorten, whole
from .errors import table as table_

PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#9d755d", "#bab0ac", "#ff9da6"]


def _check_space(space, who: str):
    """``space`` if it is a :class:`helpers.Space`, else a CourseError naming ``who`` needs one."""
    from .space import Space

    if not isinstance(space, Space):
        raise CourseError(f"{who} needs a Space, e.g. fruit_space() or Space(names, vectors), "
                          f"not {shorten(space)} ({type(space).__name__}).")
    return space


def check_ax(ax, three_d: bool = False):
    """``ax`` if it is None (a new figure) or a matplotlib Axes (3-D when ``three_d``), else a
    CourseError: the one check of every plot helper's ``ax``."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes) or (three_d and getattr(ax, "name", "") != "3d"):
        kind = "a 3-D matplotlib Axes (fig.add_subplot(projection='3d'))" if three_d else \
            "a matplotlib Axes (e.g. from plt.subplots())"
        raise CourseError(f"ax must be {kind}, or None for a new figure; not {shorten(ax)}.")
    return ax


def _colours(groups, n: int | None = None):
    if groups is None:
        return PALETTE[0], []
    if isinstance(groups, str) or not hasattr(groups, "__len__") or (n is not None and len(groups) != n):
        raise CourseError(f"groups must be a list with one group per point ({n}), like fruit()['kind'], "
                          f"not {shorten(groups)}.")
    groups = list(groups)
    kinds = list(dict.fromkeys(groups))
    lookup = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(kinds)}
    return [lookup[g] for g in groups], [(g, lookup[g]) for g in kinds]


def _plane_xy(space, axes):
    from .projections import Plane

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
    for g, c in legend:
        ax.scatter([], [], c=c, label=g)
    if legend:
        ax.legend(loc="best", fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else f"{xlabel} against {ylabel}")
    ax.grid(alpha=0.25)
    if labels:
        _label_points_2d(ax, xy[[space.index(n) for n in labels]], labels)
    return ax


def _labels(space, labels) -> list:
    """The names to label: all for True, none for False or None, else the names given (checked)."""
    if labels is True:
        return list(space.names)
    if labels is False or labels is None:
        return []
    names = [labels] if isinstance(labels, str) else labels
    try:
        names = list(names)
    except TypeError:
        raise CourseError(f"labels must be True, False or a list of names, not {shorten(labels)}.") from None
    for name in names:
        space.index(name)
    return names


def _label_points_2d(ax, xy, names, fontsize: float = 9, colors=None) -> None:
    """Write ``names`` beside their points without overlaps. Points on the very same spot
    share one label ("celery, potato"); each label takes the first side of its point
    (:data:`_OFFSETS`) where it stays inside the axes and covers no label placed before it
    (and, if possible, no other point); a label with no free side is left out. Earlier names
    are placed first (put the important ones first); ``colors``, one per name, colours them.
    Call it once the figure's layout is final. Written by hand: matplotlib places no labels."""
    fig = ax.figure
    fig.canvas.draw()  # fixes limits and layout, so pixel boxes below are the ones shown
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    xy = np.asarray(xy, dtype=float)
    colors = list(colors) if colors is not None else ["#222"] * len(names)
    spots: dict = {}
    colour_of: dict = {}
    for (x, y), name, colour in zip(xy, names, colors):
        spot = (round(x, 6), round(y, 6))
        spots.setdefault(spot, []).append(name)
        colour_of.setdefault(spot, colour)
    px = {spot: ax.transData.transform(spot) for spot in spots}
    placed: list = []
    for spot, group in sorted(spots.items(), key=lambda kv: -len(kv[1])):  # shared spots first
        free_of_dots = None
        for dx, dy in _OFFSETS:
            text = _label_at(ax, ", ".join(group), spot, dx, dy, fontsize=fontsize)
            box = text.get_window_extent(renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            text.remove()
            if not inside or any(box.overlaps(b) for b in placed):
                continue
            covers = any(other != spot and box.padded(5).contains(*p) for other, p in px.items())
            if not covers:
                free_of_dots = (dx, dy, box)
                break
            if free_of_dots is None:
                free_of_dots = (dx, dy, box)  # covers a dot: used only if no side is free of them
        if free_of_dots is not None:
            dx, dy, box = free_of_dots
            _label_at(ax, ", ".join(group), spot, dx, dy, zorder=7, fontsize=fontsize, color=colour_of[spot])
            placed.append(box)


def _label_at(ax, text: str, xy, dx: float, dy: float, **style):
    """``text`` written (dx, dy) points away from ``xy``, on the side it is pushed to."""
    return ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points",
                       ha="left" if dx > 0 else "right" if dx < 0 else "center", **style)


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
    if labels:
        _place_labels(ax, space, first + [n for n in labels if n not in first], set(first))
    return ax


_OFFSETS = [(5, 4), (5, -11), (-5, 4), (-5, -11), (0, 9), (0, -15), (9, -3), (-9, -3)]  # points


def _place_labels(ax, space, names, important) -> None:
    """Label the points of a 3-D plot in ``names`` order without overlaps: each label
    tries the sides of its point in turn (:data:`_OFFSETS`) and takes the first where it
    covers no label already placed and no other point; ``important`` labels are bold,
    on a white backing, drawn above everything and always kept; the others are left out
    when no side is free. Written by hand: matplotlib has no label placement for 3-D."""
    from mpl_toolkits.mplot3d import proj3d

    fig = ax.figure
    fig.canvas.draw()  # fixes the view, so the projection below is the one shown
    renderer = fig.canvas.get_renderer()
    proj = ax.get_proj()
    xs, ys, _ = proj3d.proj_transform(*space.vectors.T, proj)
    px = ax.transData.transform(np.column_stack([xs, ys]))  # every point, in pixels
    dots = [(n, px[i]) for i, n in enumerate(space.names)]
    if important:  # keep labels off the red lines too: points along each line count as dots
        centre = px[space.index(names[0])]
        dots += [("", centre + t * (px[space.index(n)] - centre))
                 for n in names[1:len(important)] for t in np.linspace(0.15, 0.85, 8)]
    placed: list = []
    scale = fig.dpi / 72
    for name in names:
        bold = name in important
        x, y = xs[space.index(name)], ys[space.index(name)]
        style = dict(fontsize=9.5 if bold else 7.5, fontweight="bold" if bold else "normal",
                     zorder=30 if bold else 20, color="#222" if bold else "#333")
        if bold:  # a white backing, and a thin line to its point so it cannot be read as a neighbour's
            style["bbox"] = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)
            style["arrowprops"] = dict(arrowstyle="-", color="#999", lw=0.7, shrinkA=0, shrinkB=4)
        offsets = ([(f * a, f * b) for f in (1.6, 2.6, 3.6) for a, b in _OFFSETS] if bold else _OFFSETS)
        best = None
        for dx, dy in offsets:
            text = _label_at(ax, name, (x, y), dx, dy, **style)
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            labels_hit = sum(box.overlaps(b) for b in placed)
            dots_hit = sum(other != name and box.x0 - 3 * scale < p[0] < box.x1 + 3 * scale
                           and box.y0 - 3 * scale < p[1] < box.y1 + 3 * scale for other, p in dots)
            if labels_hit == 0 and dots_hit == 0:
                placed.append(box)
                break
            text.remove()
            if bold and (best is None or (labels_hit, dots_hit) < best[0]):
                best = ((labels_hit, dots_hit), (dx, dy))
        else:
            if bold:  # an important label always stays: where it covers the fewest labels, then dots
                dx, dy = best[1]
                text = _label_at(ax, name, (x, y), dx, dy, **style)
                placed.append(text.get_window_extent(renderer))


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


# -- pictures before formulas ---------------------------------------------------------
def cosine_arrows(angles=(0, 90, 180), ax=None, title: str = "Cosine similarity is about angle, not length"):
    """Pairs of arrows from the origin, one panel each, at the given angles between them
    (default 0°, 90°, 180°: cosine 1, 0, −1), each labelled with its angle and cosine.
    Arrow b is drawn shorter than a, to show that length does not enter.

    >>> import numpy as np
    >>> axes = cosine_arrows()
    >>> [a.get_title().split("cosine ")[1] for a in axes]
    ['1.00', '0.00', '-1.00']
    """
    import matplotlib.pyplot as plt

    if isinstance(angles, str) or not hasattr(angles, "__len__") or not 1 <= len(angles) <= 8:
        raise CourseError(f"angles must be a list of 1 to 8 angles in degrees, e.g. (0, 90, 180), not {shorten(angles)}.")
    angles = [number(a, "each angle", -360, 360, "degrees") for a in angles]
    angles = [int(a) if a.is_integer() else a for a in angles]
    axes = ax if ax is not None else plt.subplots(1, len(angles), figsize=(3.2 * len(angles), 3.2))[1]
    axes = np.atleast_1d(axes)
    for a, angle in zip(axes, angles):
        base = np.deg2rad(15)
        for theta, colour, name, length in ((base, PALETTE[0], "a", 1.0),
                                            (base + np.deg2rad(angle), PALETTE[1], "b", 0.6)):
            x, y = length * np.cos(theta), length * np.sin(theta)
            a.annotate("", xy=(x, y), xytext=(0, 0),
                       arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.5, mutation_scale=18))
            a.text(x + 0.15 * np.cos(theta) - 0.12 * np.sin(theta), y + 0.15 * np.sin(theta) + 0.12 * np.cos(theta),
                   name, color=colour, ha="center", va="center", fontsize=12)
        cos = np.cos(np.deg2rad(angle))
        a.set_title(f"angle {angle}°, cosine {0.0 if abs(cos) < 1e-9 else cos:.2f}")
        a.set_xlim(-1.35, 1.35)
        a.set_ylim(-1.35, 1.35)
        a.set_aspect("equal")
        a.axhline(0, color="#ccc", lw=0.8, zorder=0)
        a.axvline(0, color="#ccc", lw=0.8, zorder=0)
        a.set_xticks([])
        a.set_yticks([])
    axes[0].figure.suptitle(title)
    return axes


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


def by_dimension(table, title: str = "What fewer dimensions cost"):
    """Line chart of a table indexed by number of dimensions, one line per column (e.g. from
    :func:`helpers.word_studies.dimension_study`), with the values in 0–1.

    >>> import pandas as pd
    >>> ax = by_dimension(pd.DataFrame({"accuracy": [0.1, 0.4]}, index=[5, 50]))
    >>> ax.get_xlabel()
    'dimensions kept'
    """
    import matplotlib.pyplot as plt

    table = table_(table, "table", source="word_studies.dimension_study()", numbers=True)
    ax = plt.figure(figsize=(6, 3.8)).add_subplot()
    for i, col in enumerate(table.columns):
        ax.plot(table.index, table[col], marker="o", color=PALETTE[i % len(PALETTE)], label=col)
    ax.set_xticks(list(table.index))
    ax.set_xlabel("dimensions kept")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    ax.set_title(title)
    return ax


# ---------------------------------------------------------------- figures redrawn by widgets
def widget_figure(width: float, height: float, ncols: int = 1):
    """A matplotlib figure for a widget to redraw from a callback: ``(fig, axes)``.

    Made with ``matplotlib.figure.Figure``, not pyplot, so no backend ever shows or
    keeps it: the widget renders it itself with :func:`figure_png`.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # a canvas that can measure text, for label placement
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, (axes[0] if ncols == 1 else list(axes))


def figure_png(fig, dpi: int = 100) -> bytes:
    """The figure as PNG bytes of a fixed size, ``figsize × dpi`` pixels (no tight bbox, so
    every redraw has the same size; the constrained layout keeps titles and labels inside).

    Widgets put these bytes in an ``ipywidgets.Image`` and replace its value on every
    change: unlike ``display(fig)`` into an ``Output`` from a button or slider callback,
    that renders the same in JupyterLab, classic Notebook and Colab, ipywidgets 7 and 8.

    >>> fig, ax = widget_figure(2, 1)
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
    """
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


# ---------------------------------------------------------------- pictures
def as_pictures(images, side: int, ink: float, name: str = "pictures") -> np.ndarray:
    """``images`` (one ``side``×``side`` picture, or a stack of them) as an (n, side, side)
    float array of values from 0 to ``ink`` (full ink), or a CourseError saying what is
    wrong: text, the wrong shape, NaN, values out of range, or pictures scaled 0 to 1
    (which would read as almost blank: the message says to multiply by ``ink``).

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


def figure(figsize):
    """A new figure that Jupyter shows once: when it is returned, not again at the cell's end."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    plt.close(fig)
    return fig


def thumbnails(images, titles=None, columns: int = 10, title: str | None = None, size: float = 1.1,
               ink: float | None = None):
    """A grid of small pictures with a title under each; returns a matplotlib Figure.

    Grey pictures are drawn dark on light, on one ink scale for the whole grid: 0 is white
    and ``ink`` (default: the largest value among them) is black. Colour pictures (RGB, or
    PIL images) are drawn as they are.

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
