"""Notebook 08's explorer with a live anomaly score: drag any point out of the cloud and
see the mean distance to its k nearest neighbours cross the flag line.
"""
from __future__ import annotations

import numpy as np

from .. import space
from ..anomaly import _as_points
from ..errors import check_k, CourseError
from ..projections import Plane
from ._base import CourseWidget
from .drag_away import _flag_line
from .explorer import explore


class OddnessExplorer(CourseWidget):
    """The course explorer (drag any point, see its k nearest neighbours) plus a live
    anomaly score: the mean distance to those k neighbours, with the flag line.

    ``w.use(name, x, y)`` does what a mouse drag does and returns the new score.

    >>> pts = np.random.default_rng(0).normal(size=(100, 3))
    >>> w = OddnessExplorer(pts, [f"p{i}" for i in range(100)], k=5)
    >>> w.use("p0", 7, 7) > w.flag_line
    True
    """

    def __init__(self, points, names, k: int = 30, labels=None, flag_share: float = 0.02):
        pts = _as_points(points)
        self.k = check_k(k, len(pts) - 1, "neighbours")
        if isinstance(names, str):
            raise CourseError("names must be a list with one name per point, like data.names.")
        _, self.flag_line = _flag_line(pts, self.k, flag_share)
        self.space = space.Space(list(names), pts)
        with np.errstate(invalid="ignore", divide="ignore"):  # points all in one spot: no variance to share
            plane = Plane.pca(self.space)   # the map's own coordinates, centred on the cloud
        reach = float(np.abs(plane.xy).max()) * 2.5 or 1.0  # room to drag far out of the cloud (all in one spot: 1)
        lim = (-reach, reach, -reach, reach)
        self.explorer = explore(self.space, k=self.k, axes=plane, metric="euclidean",
                                labels=labels or [], limits=lim,
                                title=f"Drag a point: its {self.k} nearest neighbours and its score")
        self.score = None
        self._label = None
        self.explorer.observe(self._update, names="neighbours")

    def _update(self, change=None) -> None:
        nb = self.explorer.neighbours
        self.score = float(np.mean([n["distance"] for n in nb])) if nb else None
        if self._label is not None:
            self._label.value = self._text()

    def _text(self) -> str:
        if self.score is None:
            return "Drag a point to see its anomaly score."
        flag = " <b style='color:#c00'>→ FLAGGED as odd</b>" if self.score > self.flag_line else ""
        return (f"anomaly score (mean distance to its {self.k} nearest neighbours): "
                f"<b>{self.score:.1f}</b> &nbsp; flag line: {self.flag_line:.1f}{flag}")

    def use(self, name: str, x: float, y: float) -> float:
        """Move ``name`` to (x, y) on the map as a mouse drag would; return its score."""
        self.explorer.use(name, x, y)
        self._update()
        return self.score

    def position(self, name: str) -> tuple[float, float]:
        """Where ``name`` is drawn on the map now."""
        return self.explorer.position(name)

    def _summary(self) -> str:
        score = "no point dragged yet" if self.score is None else f"score {self.score:.1f}"
        return f"{len(self.space)} points, k={self.k}, {score} (flag line {self.flag_line:.1f})"

    def widget(self):
        """The explorer with the score line under it, as one ipywidget (built on first use)."""
        import ipywidgets as widgets

        if self._label is None:
            fit = widgets.Layout(max_width="100%")    # the score line wraps inside a narrow output
            self._label = widgets.HTML(self._text(), layout=fit)
            self._box = widgets.VBox([self.explorer, self._label], layout=fit)
        return self._box
