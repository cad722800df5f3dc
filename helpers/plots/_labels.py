"""Labels that overlap nothing: the names of points in 2-D and 3-D figures, each moved to a
free side of its point. Written by hand: matplotlib places no labels."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, shorten


_OFFSETS = [(5, 4), (5, -11), (-5, 4), (-5, -11), (0, 9), (0, -15), (9, -3), (-9, -3)]  # points


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
