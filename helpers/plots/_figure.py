"""What every figure helper shares: the palette, the checks of a plot's ``space``, ``ax`` and
``groups``, and new figures (one Jupyter shows once, or one a widget renders to PNG itself)."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, matrix, number, shorten


PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#9d755d", "#bab0ac", "#ff9da6"]


def _check_space(space, who: str):
    """``space`` if it is a :class:`helpers.Space`, else a CourseError naming ``who`` needs one."""
    from ..space import Space

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


def _per_item(scores, truth, n: int):
    """Anomaly ``scores`` (one ordinary number per item) and ``truth`` (None, or True/False per
    item), each checked as helpers.anomaly checks them: a NaN score would be ranked silently."""
    if np.ndim(scores) != 1 or len(scores) != n:
        raise CourseError(f"Need one score per item: {np.size(scores)} scores for {n} items.")
    matrix(scores, "scores")
    odd = None if truth is None else np.asarray(truth)
    if odd is not None and (odd.ndim != 1 or odd.dtype.kind not in "bi" or not np.isin(odd, (0, 1)).all()):
        raise CourseError(f"truth must be one True or False per item (like data.is_odd), not {shorten(truth)}.")
    if odd is not None and len(odd) != n:
        raise CourseError(f"Need one truth value per item: {len(odd)} for {n} items.")
    return np.asarray(scores, dtype=float), (None if odd is None else odd.astype(bool))


def _unlock_labels(ax, threshold, xlabel: str, ylabel: str, title: str) -> None:
    """A face-unlock figure's ``threshold`` line (checked: 0 to 2, if given), labels and legend."""
    if threshold is not None:
        threshold = number(threshold, "threshold", 0, 2)
        ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:g}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()


def _legend(ax, legend, loc: str, dims: int = 2) -> None:
    """A legend of the ``(group, colour)`` pairs :func:`_colours` gives, if there are any."""
    for g, c in legend:
        ax.scatter(*[[]] * dims, c=c, label=g)
    if legend:
        ax.legend(loc=loc, fontsize=9)


def figure(figsize):
    """A new figure that Jupyter shows once: when it is returned, not again at the cell's end."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    plt.close(fig)
    return fig


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
