"""Notebook 08's slider: move one item out of the cloud and watch its anomaly score rise.

The scores come from :mod:`helpers.anomaly` (the same "neighbours" score the notebook
grades); this file only draws them and takes the slider's input.
"""
from __future__ import annotations

import numpy as np

from ..anomaly import _as_points, direction_out, oddness, score_point, scores_along_path
from ..errors import check_k, CourseError, number, shorten, whole
from ._base import CourseWidget, escape


class DragAway(CourseWidget):
    """Move one item out of the cloud with a slider and watch its anomaly score rise.

    Python can drive it exactly as the slider does: ``w.use(30.0)`` returns the score,
    and moves the slider, its score line and the figure with it. Display ``w`` (the last
    expression of a cell) to get the slider and the live figure.

    >>> import numpy as np
    >>> pts = np.random.default_rng(0).normal(size=(200, 3))
    >>> w = DragAway(pts, index=0, k=5)
    >>> w.use(10.0) > w.use(0.0)
    True
    """

    DPI = 100
    FARTHEST = 1e6  #: the farthest the item can move (further changes nothing you can see)

    def __init__(self, points, index: int = 0, k: int = 30, pca=None, names=None,
                 max_distance: float | None = None, flag_share: float = 0.02):
        self.points = _as_points(points)
        self.index = whole(index, "index", 0, len(self.points) - 1, "an item's number")
        self.k = check_k(k, len(self.points) - 1, "neighbours")
        if max_distance is not None:
            max_distance = number(max_distance, "max_distance", 1e-6, self.FARTHEST)
        if names is not None and (isinstance(names, str) or len(names) != len(self.points)):
            raise CourseError(f"names must be a list with one name per point ({len(self.points)}), like data.names.")
        self.pca = pca
        self._box = None
        self._syncing = False
        self.slider = self.status = self.figure = None
        self.drawn = None   #: the distance the figure shows
        self.name = str(names[self.index]) if names is not None else f"item {self.index}"
        self.others = np.delete(self.points, self.index, axis=0)
        self.direction = direction_out(self.points, self.index)
        spread = np.sqrt(((self.points - self.points.mean(0)) ** 2).sum(1))
        reach = float(max_distance or 2 * np.median(spread))
        #: the slider's step: a round number (1, 2 or 5 × a power of ten), about 1/40 of the way
        self.step = _round_step(reach / 40)
        self.flag_share, self.flag_line = _flag_line(self.points, self.k, flag_share)
        self._set_reach(reach)
        self.distance = 0.0
        self.score = self.use(0.0)

    def _summary(self) -> str:
        return (f"{shorten(self.name, quote=False)} moved {self.distance:.1f}, score {self.score:.1f} "
                f"(flag line {self.flag_line:.1f})")

    def _set_reach(self, distance: float) -> None:
        """Let the slider and the score curve reach ``distance`` (rounded up to a whole step)."""
        self.max_distance = float(np.ceil(distance / self.step - 1e-9) * self.step)
        self.path = np.linspace(0, self.max_distance, 41)
        self.path_scores = scores_along_path(self.points, self.index, self.path, self.k)
        if self.slider is not None:
            self.slider.max = self.max_distance

    def position(self, distance: float | None = None) -> np.ndarray:
        """Where the item is after moving ``distance`` units out (default: current)."""
        d = self.distance if distance is None else number(distance, "distance", 0, self.FARTHEST)
        return self.points[self.index] + d * self.direction

    def use(self, distance: float) -> float:
        """Move the item ``distance`` units out of the cloud, as the slider does; return its new score.

        Shown, the slider moves there too (its range grows if needed), with the figure."""
        d = number(distance, "distance", 0, self.FARTHEST, "how far to move the item out")
        self._move(d)
        if self._box is not None:
            self._syncing = True          # the slider's own observer must not move it again
            try:
                self.slider.value = d
            finally:
                self._syncing = False
            self.status.value = self.text()
            self._draw()
        return self.score

    def _move(self, d: float) -> None:
        if d > self.max_distance:
            self._set_reach(d)
        self.distance = d
        self.score = score_point(self.position(), self.others, self.k)

    def _slid(self, change) -> None:
        """The page's slider was released at a new value: the score line and the figure follow."""
        if self._syncing:
            return
        self._move(number(change["new"], "distance", 0, self.FARTHEST))
        self.status.value = self.text()
        self._draw()

    @property
    def flagged(self) -> bool:
        """True once the score is above the flag line."""
        return self.score > self.flag_line

    def text(self) -> str:
        """The line under the slider: where the item is and its score."""
        flag = " <b style='color:#c00'>→ FLAGGED</b>" if self.flagged else ""
        return (f"<span class='pis-drag-score' style='white-space:normal;overflow-wrap:anywhere'>{escape(self.name)} moved <b>{self.distance:.1f}</b>: anomaly score "
                f"<b>{self.score:.1f}</b> (flag line {self.flag_line:.1f}){flag}</span>")

    def draw(self) -> bytes:
        """The figure for the current position, as PNG bytes of a fixed size."""
        from ..plots import figure_png, widget_figure

        cols = 3 if self.pca is not None else 2
        fig, axes = widget_figure(4 * cols, 3.6, ncols=cols)
        ax = axes[0]
        ax.scatter(self.others[:, 0], self.others[:, 1], s=4, c="lightgray")
        start, now = self.points[self.index], self.position()
        ax.plot([start[0], now[0]], [start[1], now[1]], "k--", lw=1)
        ax.scatter([now[0]], [now[1]], s=90, c="red" if self.flagged else "tab:blue", edgecolors="k")
        ax.set_title(f"{self.name}, moved {self.distance:.1f}")
        ax.set_xlabel("direction 1")
        ax.set_ylabel("direction 2")
        ax = axes[1]
        ax.plot(self.path, self.path_scores, color="tab:blue")
        ax.axhline(self.flag_line, color="red", ls=":", label=f"flag line (top {self.flag_share * 100:g}% of the data)")
        ax.scatter([self.distance], [self.score], c="red" if self.flagged else "tab:blue", s=60, zorder=3)
        ax.set_xlabel("distance moved out of the cloud")
        ax.set_ylabel("anomaly score")
        ax.set_title(f"score {self.score:.1f}" + ("  → FLAGGED" if self.flagged else ""))
        ax.legend(fontsize=8, loc="upper left")
        if self.pca is not None:
            pic = np.clip(self.pca.inverse_transform(self.position()[None])[0], 0, 16)
            axes[2].imshow(pic.reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
            axes[2].set_title("what this point looks like")
            axes[2].axis("off")
        return figure_png(fig, dpi=self.DPI)

    def _draw(self):
        self.figure.value = self.draw()
        self.drawn = self.distance

    def widget(self):
        """The slider, its score line and the live figure, as one ipywidget (built on first use)."""
        import ipywidgets as widgets

        if self._box is None:
            # The page sends the value when the slider is released (its readout follows the drag
            # live), not at every step: with a step per pointer move, a burst of values reached a
            # kernel busy drawing the figure of an older one, and under load the last value could
            # stay in the page (the slider read 10.0, the kernel 32.0; 2 of 3 browser runs with a
            # core kept busy). Each part as wide as the output allows; no side margins, which would
            # make a part of width 100% stick out of the output by 4 px.
            self.slider = widgets.FloatSlider(value=self.distance, min=0.0, max=self.max_distance,
                                              step=self.step, description="move out",
                                              continuous_update=False, readout_format=".1f",
                                              layout=widgets.Layout(width="100%", max_width="420px", margin="2px 0"))
            self.slider.observe(self._slid, names="value")
            self.status = widgets.HTML(self.text(), layout=widgets.Layout(max_width="100%", margin="2px 0"))
            cols = 3 if self.pca is not None else 2
            self.figure = widgets.Image(format="png", layout=widgets.Layout(   # keeps its shape
                width="100%", max_width=f"{4 * cols * self.DPI}px", height="auto", margin="2px 0"))
            self._box = widgets.VBox([self.slider, self.status, self.figure],
                                     layout=widgets.Layout(width="100%", max_width="100%"))
            self._draw()
        return self._box


def _flag_line(points: np.ndarray, k: int, flag_share) -> tuple[float, float]:
    """``(flag_share, flag line)``: the score above which an item is flagged, the top
    ``flag_share`` of the data's own "neighbours" scores (both widgets flag the same way)."""
    flag_share = number(flag_share, "flag_share", 0.001, 0.5, "the share of the data flagged")
    return flag_share, float(np.quantile(oddness(points, "neighbours", k=k), 1 - flag_share))


def _round_step(x: float) -> float:
    """The round number (1, 2 or 5 × a power of ten) closest to ``x``: 1.03 -> 1, 0.4 -> 0.5."""
    if not x > 0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(x))
    return float(min((m * power for m in (1, 2, 5, 10)), key=lambda s: abs(np.log(s / x))))
