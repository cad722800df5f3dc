"""Maps of a space: labelled points in 2-D and 3-D, with neighbour lines, and a 3-D space
with its two shadows (projection).

>>> from helpers import fruit_space
>>> ax = scatter_2d(fruit_space(), axes=("sweet", "crunchy"), neighbours_of="apple", k=2)
>>> ax.get_xlabel()
'sweet'
"""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, choice, matrix, number, one_or_more, shorten, whole
from ._figure import _check_space, _colours, _legend, _per_item, check_ax, figure
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


def oddness_map(points, scores, truth=None, ax=None, title: str = "The first two directions of the embedding"):
    """Scatter of the first two coordinates of ``anomaly.embed``'s points, coloured by anomaly
    score (``anomaly.oddness``); the true odd items (``truth``, e.g. ``data.is_odd``) ringed."""
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    pts = np.asarray(matrix(points, "points", rows=2), dtype=float)
    scores, odd = _per_item(scores, truth, len(pts))
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5))
    sc = ax.scatter(pts[:, 0], pts[:, 1], c=scores, s=9, cmap="viridis")
    if odd is not None:
        ax.scatter(pts[odd, 0], pts[odd, 1], s=70, facecolors="none", edgecolors="red",
                   linewidths=1.2, label="really not a digit")
        ax.legend(loc="upper right", fontsize=9)
    plt.colorbar(sc, ax=ax, label="anomaly score")
    ax.set_xlabel("direction 1")
    ax.set_ylabel("direction 2")
    ax.set_title(title)
    return ax


def cluster_map(xy, labels, names: dict[int, str] | None = None, ax=None, title: str = "",
                max_label: int = 40):
    """Scatter the 2-D map (``clusters.umap_map`` or ``pca_map``), one colour per cluster. Each cluster's number sits at its densest
    spot, and a legend beside the map gives number, colour and name (full names on the map
    itself overlapped one another)."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from ..clusters import NOISE

    ax = check_ax(ax)
    max_label = whole(max_label, "max_label", 1, what="characters of each cluster's label")
    xy = matrix(xy, "xy", columns=2)
    labels = np.asarray(labels)
    if labels.shape != (len(xy),):
        raise CourseError(f"{len(xy)} points on the map but {labels.size} labels: give one label per point.")
    if names is not None and not set(labels.tolist()) - {NOISE} <= set(names):
        raise CourseError("names must give a name to every cluster number in labels, as name_clusters does.")
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 8))
    ids = sorted(set(labels.tolist()))  # noise (-1) first, so it lies underneath
    palette = [c for i, c in enumerate(plt.get_cmap("tab20").colors) if i not in (14, 15)]  # no greys
    colours = {c: palette[i % len(palette)] for i, c in enumerate(i for i in ids if i != NOISE)}
    for c in ids:
        m = labels == c
        if c == NOISE:
            ax.scatter(xy[m, 0], xy[m, 1], s=3, color="lightgrey", alpha=0.4, linewidths=0)
        else:
            ax.scatter(xy[m, 0], xy[m, 1], s=4, color=colours[c], alpha=0.7, linewidths=0)
    if names:
        handles = []
        for c in ids:
            if c == NOISE:
                handles.append(Line2D([], [], marker="o", ls="", color="lightgrey", label="noise (no cluster)"))
                continue
            x, y = _densest_point(xy[labels == c], 0.03 * float(np.ptp(xy, axis=0).max() or 1))
            ax.annotate(str(c), (x, y), ha="center", va="center", fontsize=9, fontweight="bold",
                        bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=colours[c], alpha=0.9))
            handles.append(Line2D([], [], marker="o", ls="", color=colours[c],
                                  label=f"{c}: {names[c][:max_label]}"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9,
                  title="cluster: its name", frameon=False)
    ax.set_title(title)
    ax.set_xlabel("map x (no fixed meaning)")
    ax.set_ylabel("map y (no fixed meaning)")
    ax.figure.tight_layout()
    return ax


def _densest_point(points: np.ndarray, radius: float) -> np.ndarray:
    """Where a cluster is most crowded on the map (its label goes there, not at a
    mean that may fall between islands)."""
    if len(points) < 3:
        return points.mean(axis=0)
    sample = points[np.random.default_rng(0).permutation(len(points))[:600]]
    d2 = ((sample[:, None, :] - sample[None, :, :]) ** 2).sum(-1)
    return sample[int(np.argmax((d2 < radius ** 2).sum(1)))]


def layer_maps(layers: dict, groups, columns: int = 4, title: str = "", size: float = 3.2):
    """One PCA map per layer, in a grid, points coloured by their known group."""
    import matplotlib.pyplot as plt
    from sklearn.decomposition import PCA

    from ..layers import _check_layers

    groups = _check_layers(layers, groups)
    columns, size = whole(columns, "columns", 1, 10), number(size, "size", 1, 10, "inches per map")
    names = list(dict.fromkeys(groups.tolist()))  # in order of first appearance
    if np.issubdtype(groups.dtype, np.number):
        names = sorted(names)
    colours = plt.get_cmap("tab10")
    rows = -(-len(layers) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(columns * size, rows * size), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, (layer, reps) in zip(axes.ravel(), layers.items()):
        xy = PCA(2, random_state=0).fit_transform(np.asarray(reps, dtype=float))
        ax.axis("on")
        for c, g in enumerate(names):
            m = groups == g
            ax.scatter(xy[m, 0], xy[m, 1], s=14, color=colours(c % 10), label=str(g))
        ax.set_title(layer, fontsize=11)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("PCA 1", fontsize=8)
        ax.set_ylabel("PCA 2", fontsize=8)
    axes.ravel()[0].legend(fontsize=7, loc="best", markerscale=1.2)
    if title:
        fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


def sound_map(space, colour_by: str = "instrument", title: str = ""):
    """The notes on the plane of their two main directions (PCA), one colour per instrument (or
    per note), each group's name at its centre."""
    import matplotlib.pyplot as plt
    from sklearn.decomposition import PCA

    from ..sounds import _space, note_name, notes

    space = _space(space)
    colour_by = choice(colour_by, ["instrument", "note"], "colour_by")
    data = notes()
    groups = data.instrument if colour_by == "instrument" else np.array([note_name(p) for p in data.pitch])
    xy = PCA(2, random_state=0).fit_transform(space.vectors)
    fig = figure((8, 5.5))
    ax = fig.subplots()
    palette = plt.get_cmap("tab20").colors
    for i, g in enumerate(dict.fromkeys(groups.tolist())):
        m = groups == g
        ax.scatter(xy[m, 0], xy[m, 1], s=28, color=palette[(2 * i) % 20 + (i // 10)], label=g, alpha=0.85)
        ax.annotate(g, xy[m].mean(axis=0), fontsize=9, weight="bold", ha="center",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
    ax.set_xlabel("direction 1")
    ax.set_ylabel("direction 2")
    ax.set_title(title or f"130 notes, coloured by {colour_by}")
    return fig


def translation_pairs(n: int = 8, title: str = ""):
    """The first ``n`` sentences in all four languages on one plane (PCA of their points), each
    sentence's four versions joined by lines, one colour per language."""
    from sklearn.decomposition import PCA

    from ..translation import LANGUAGES, encode, pairs

    n = whole(n, "n", 1, len(pairs()), "how many sentences to draw")
    table = pairs().head(n)
    vectors = np.vstack([encode(pairs()[lang])[:n] for lang in LANGUAGES])   # the cached whole columns
    xy = PCA(2, random_state=0).fit_transform(vectors).reshape(len(LANGUAGES), n, 2)
    fig = figure((9, 6))
    ax = fig.subplots()
    for i in range(n):
        ax.plot(xy[:, i, 0], xy[:, i, 1], color="lightgrey", zorder=1)
    for lang, points, colour in zip(LANGUAGES, xy, ("tab:blue", "tab:red", "tab:green", "tab:orange")):
        ax.scatter(points[:, 0], points[:, 1], s=40, color=colour, label=lang, zorder=2)
    for i, text in enumerate(table["english"]):
        ax.annotate(text if len(text) < 28 else text[:26] + "…", xy[0, i], fontsize=8, xytext=(4, 4),
                    textcoords="offset points")
    ax.legend()
    ax.set_title(title or f"{n} sentences in four languages: each group of four is one sentence")
    return fig


def joint_map(model, words=("kitten", "puppy", "stripes", "savanna", "wool", "wings", "trunk", "milk"),
              per_class: int = 12, seed: int = 0):
    """One 2-D map (PCA of the picture points of ``model``, ``pictures.train()``) with pictures as
    thumbnails and words as text."""
    from matplotlib.offsetbox import AnnotationBbox, OffsetImage
    from sklearn.decomposition import PCA

    from ..pictures import PictureModel, word_vector

    if not isinstance(model, PictureModel):
        raise CourseError(f"This needs the trained model, e.g. model = pictures.train(); not {shorten(model)}.")
    words = one_or_more(words, "words must be a word or a list of words, e.g. ['wool', 'stripes']")
    extra = [w.strip().lower() if isinstance(w, str) else w for w in words]
    per_class = whole(per_class, "per_class", 1, 50, "pictures of each class on the map")
    seed = whole(seed, "seed", 0)
    word_vecs = np.stack([word_vector(w) for w in model.classes + extra])
    rng = np.random.default_rng(seed)
    rows = np.concatenate([rng.choice(np.flatnonzero(model.test & (model.data.labels == c)), per_class,
                                      replace=False) for c in range(len(model.classes))])
    pca = PCA(2, random_state=seed).fit(model.vectors[model.test])
    pxy, wxy = pca.transform(model.vectors[rows]), pca.transform(word_vecs)
    fig = figure(figsize=(10, 8))
    ax = fig.add_subplot()
    for (x, y), i in zip(pxy, rows):
        ax.add_artist(AnnotationBbox(OffsetImage(255 - model.data.images[i], cmap="gray", zoom=0.8,
                                                 alpha=0.85), (x, y), frameon=False))
    for (x, y), w in zip(wxy, model.classes + extra):
        colour = "crimson" if w == model.held_out else ("navy" if w in model.classes else "darkgreen")
        ax.plot(x, y, "o", color=colour, ms=6)
        ax.annotate(w, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=12,
                    weight="bold", color=colour,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", alpha=0.75, lw=0))
    allxy = np.vstack([pxy, wxy])
    pad = 0.08 * np.ptp(allxy, axis=0)
    ax.set_xlim(allxy[:, 0].min() - pad[0], allxy[:, 0].max() + pad[0])
    ax.set_ylim(allxy[:, 1].min() - pad[1], allxy[:, 1].max() + pad[1])
    share = pca.explained_variance_ratio_ * 100
    ax.set_xlabel(f"PC 1 ({share[0]:.0f}% of the pictures' spread)")
    ax.set_ylabel(f"PC 2 ({share[1]:.0f}%)")
    ax.set_title("Pictures and words on one map (blue: class words, red: held-out class, green: other words)")
    return fig
