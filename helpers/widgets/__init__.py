"""The course's widgets: one file per widget, all built on one pattern.

* ``_base.py``: the pattern itself, :class:`CourseWidget` (show it as a cell's last value,
  drive it from code with ``use(...)``, escape what a learner typed), with
  :func:`escape`, :func:`error_html`, :func:`widget_bundle` and :class:`LatestOnly`.
* ``explorer.py``: the explorer, :func:`explore` (drag a point, see its nearest neighbours).
* ``word_analogy.py``: :func:`analogy_box`, a is to b as c is to ...? (notebook 04).
* ``sentence_search.py``: :func:`search_box` over a corpus of texts (notebook 02).
* ``picture_search.py``: :class:`PictureSearch`, words looking for pictures (notebook 06).
* ``film_board.py``: :func:`you_are_a_point`, rate films and become a point (notebook 07).
* ``drag_away.py`` and ``oddness_explorer.py``: :class:`DragAway` and
  :class:`OddnessExplorer`, an anomaly score live under a slider or a drag (notebook 08).

A widget file imports the topic module it shows (``helpers.anomaly``, ``helpers.pictures``,
...); no topic module imports a widget back. The names below load on first use, so
``from helpers import widgets`` stays instant.

>>> from helpers import widgets, fruit_space
>>> widgets.explore(fruit_space(), k=1, axes=("sweet", "crunchy")).use("pear", 7, 8).index[0]
'apple'
"""
from __future__ import annotations

import importlib

# name -> the file of this package that defines it; loaded on first access (PEP 562)
_LAZY = {
    **dict.fromkeys(["CourseWidget", "error_html", "escape", "widget_bundle", "LatestOnly", "WIDGET_VIEW",
                     "ERROR_STYLE"], "_base"),
    **dict.fromkeys(["Explorer", "explore", "neighbours_at", "PAGE_LIMIT_BYTES", "AFFINE_PAGE_LIMIT_BYTES",
                     "EAGER_BYTES", "LIMIT_RANGE"], "explorer"),
    **dict.fromkeys(["AnalogyBox", "analogy_box"], "word_analogy"),
    **dict.fromkeys(["SearchBox", "search_box"], "sentence_search"),
    "PictureSearch": "picture_search",
    **dict.fromkeys(["YouAreAPoint", "you_are_a_point", "STARTER_FILMS"], "film_board"),
    "DragAway": "drag_away",
    "OddnessExplorer": "oddness_explorer",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
