"""The film map of notebook 07: every film a grey dot, a readable subset named, and a user (a gold
star) with the films they rated and the films recommended to them."""
from __future__ import annotations

from ..errors import CourseError, shorten, whole
from ._figure import check_ax
from ._labels import _label_points_2d

#: the user's marks: (marker, colour, what it means)
LEGEND = [("s", "tab:green", "you liked it (4–5)"), ("s", "tab:purple", "you disliked it (1–2)"),
          ("o", "tab:red", "recommended for you"), ("*", "gold", "you")]


def film_map(films, user=None, recommendations=None, labels: int | list = 30, ax=None,
             title: str = "Films on the map of taste"):
    """Draw ``films`` (``model.film_map()``): every film a grey dot, a readable subset named;
    optionally a ``user`` (a gold star), the films they rated (squares) and their
    ``recommendations`` (red rings), all named. Returns the matplotlib axes.

    Every argument is checked before anything is drawn: a ✘ never comes with half a map."""
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    if not all(hasattr(films, part) for part in ("plane", "space", "readable_labels", "position")):
        raise CourseError(f"films must be the map model.film_map() gives, not {shorten(films)}.")
    you = films.position(user) if user is not None else None
    titles = films.model.films["title"]
    rated = {titles.iloc[r]: s for r, s in user.rated.items()} if hasattr(user, "rated") else {}
    if recommendations is not None and not hasattr(recommendations, "columns"):
        raise CourseError("recommendations must be the table model.recommend(...) returns, "
                          f"not {shorten(recommendations)}.")
    recs = [n for n in (recommendations.index if recommendations is not None else []) if n in films.space]
    forced = [n for n in [*rated, *recs] if n in films.space]
    if isinstance(labels, (list, tuple)):
        names = [films.model.title(t) for t in labels]
    else:
        names = films.readable_labels(whole(labels, "labels", 0, what="how many films to name, or a list of titles"),
                                      avoid=forced)
    names = [n for n in names if n in films.space]
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 8))
    marked = _films(ax, films, rated, recs, names)
    if you is not None:
        _you(ax, you)
    ax.set_xlabel(films.plane.xlabel)
    ax.set_ylabel(films.plane.ylabel)
    ax.set_title(title)
    xy = films.plane.xy  # labels that overlap nothing, rated and recommended first
    spots = [(you, "you", "black")] if you is not None else []
    spots += [(xy[films.space.index(n)], shorten(n, 30, quote=False), colour) for n, colour in marked.items()]
    if spots:
        _label_points_2d(ax, [s[0] for s in spots], [s[1] for s in spots], fontsize=8,
                         colors=[s[2] for s in spots])
    return ax


def _films(ax, films, rated: dict, recs: list, names: list) -> dict:
    """Every film a grey dot; the rated (squares), recommended (red rings) and named (blue) ones
    marked. Returns {name: colour of its label}, rated and recommended films first."""
    xy = films.plane.xy
    ax.scatter(xy[:, 0], xy[:, 1], s=8, color="0.78", zorder=1)
    marked: dict = {}

    def mark(name, color, **style):
        x, y = xy[films.space.index(name)]
        ax.scatter([x], [y], color=color, **style)
        marked.setdefault(name, color if color != "tab:blue" else "0.15")

    for name, stars in rated.items():
        if name in films.space:
            mark(name, "tab:green" if stars >= 4 else "tab:purple" if stars <= 2 else "tab:olive",
                 s=60, marker="s", zorder=5)
    for name in recs:
        mark(name, "tab:red", s=80, facecolors="none", linewidths=1.6, zorder=4)
    for name in names:
        mark(name, "tab:blue", s=14, zorder=2)
    return marked


def _you(ax, you) -> None:
    """The user as a gold star with an arrow from the origin, and the legend of the marks."""
    import matplotlib.pyplot as plt

    ux, uy = you
    ax.annotate("", (ux, uy), xytext=(0, 0), arrowprops=dict(arrowstyle="->", color="goldenrod", lw=1.5))
    ax.scatter([ux], [uy], s=320, marker="*", color="gold", edgecolors="black", zorder=6)
    handles = [plt.Line2D([], [], marker=m, linestyle="", markersize=9, markeredgecolor="black" if m == "*" else c,
                          markerfacecolor="none" if m == "o" else c, label=t) for m, c, t in LEGEND]
    ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
