"""Anomaly detection: find the odd items in an embedding space without labels.

The data: scikit-learn's 1,797 handwritten digits (8×8 pictures, ink 0–16) with a
few strangers slipped in — real faces (scikit-image's LFW subset) and patches of
real photos (scikit-image's sample images), shrunk to 8×8 and put on the digits'
0–16 scale. The scorers never see which item is which; the truth is kept back
only to grade them afterwards.

>>> from helpers import anomaly
>>> data = anomaly.digits_with_strangers(n_faces=12, n_photos=12)
>>> len(data), int(data.is_odd.sum())
(1821, 24)
>>> points, pca = anomaly.embed(data.images, dims=20)
>>> scores = anomaly.oddness(points, "neighbours", k=10)
>>> anomaly.roc_auc(scores, data.is_odd) > 0.85
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import space
from .errors import check_k, CourseError, matrix, number, shorten, unknown, whole
from ._images import as_pictures
from .widgets import CourseWidget, escape

#: scorer name -> what it measures (all: higher = weirder)
METHODS = {
    "neighbours": "mean distance to the k nearest other points",
    "lof": "local outlier factor: how much sparser a point's neighbourhood is than its neighbours' (scikit-learn)",
    "forest": "isolation forest: how few random cuts it takes to isolate the point (scikit-learn)",
}

#: scikit-image sample photos the photo patches are cut from (all ship with the package)
PHOTOS = ("camera", "coins", "moon", "clock", "brick", "grass", "gravel", "page",
          "text", "astronaut", "chelsea", "coffee", "rocket")


@dataclass(repr=False)
class Collection:
    """Pictures with their names and the held-back truth of what each one is."""

    images: np.ndarray          # (n, 8, 8) float, 0–16
    names: list[str]            # e.g. "digit 3 #1205", "face #7", "photo: coins"
    kind: np.ndarray            # "digit", "face" or "photo"
    digit: np.ndarray           # the digit 0–9, or -1 for a stranger

    def __len__(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        kinds = ", ".join(f"{(self.kind == k).sum()} {k}s" for k in ("digit", "face", "photo"))
        return f"<Collection: {len(self)} pictures of 8×8 ({kinds})>"

    @property
    def is_odd(self) -> np.ndarray:
        """True for every item that is not a digit (the truth the scorers never see)."""
        return self.kind != "digit"


def _to_digit_scale(picture: np.ndarray) -> np.ndarray:
    """Shrink a grey picture to 8×8 and stretch it to whole numbers 0–16, like the digits."""
    from skimage.transform import resize

    small = resize(np.asarray(picture, dtype=float), (8, 8), anti_aliasing=True)
    low, high = small.min(), small.max()
    small = (small - low) / (high - low) if high > low else np.zeros_like(small)
    return np.round(small * 16)


def digits_with_strangers(n_faces: int = 12, n_photos: int = 12, seed: int = 0) -> Collection:
    """All 1,797 scikit-learn digits plus ``n_faces`` faces and ``n_photos`` photo patches.

    Faces are drawn at random from the 100 faces of ``skimage.data.lfw_subset()``;
    photo patches are random square crops of the photos in :data:`PHOTOS`.
    Everything is offline (both libraries ship these pictures).

    >>> data = digits_with_strangers(n_faces=2, n_photos=3)
    >>> data.kind[-5:].tolist()
    ['face', 'face', 'photo', 'photo', 'photo']
    """
    n_faces = whole(n_faces, "n_faces", 0, 100)
    n_photos = whole(n_photos, "n_photos", 0, 200)
    seed = whole(seed, "seed", 0)
    import skimage.data
    from sklearn.datasets import load_digits

    rng = np.random.default_rng(seed)
    digits = load_digits()
    images = [digits.images.astype(float)]
    names = [f"digit {d} #{i}" for i, d in enumerate(digits.target)]
    kind = ["digit"] * len(digits.target)
    which = list(digits.target)

    faces = skimage.data.lfw_subset()[:100]  # the first 100 are faces, the rest are not
    for i in sorted(rng.choice(100, size=n_faces, replace=False)):
        images.append(_to_digit_scale(faces[i])[None])
        names.append(f"face #{i}")
    for j in range(n_photos):
        name = PHOTOS[j % len(PHOTOS)]
        photo = np.asarray(getattr(skimage.data, name)(), dtype=float)
        if photo.ndim == 3:
            photo = photo.mean(axis=2)
        h, w = photo.shape
        size = int(rng.integers(48, min(h, w) + 1))
        y, x = int(rng.integers(0, h - size + 1)), int(rng.integers(0, w - size + 1))
        images.append(_to_digit_scale(photo[y:y + size, x:x + size])[None])
        names.append(f"photo: {name}" + (f" ({j // len(PHOTOS) + 1})" if j >= len(PHOTOS) else ""))
    kind += ["face"] * n_faces + ["photo"] * n_photos
    which += [-1] * (n_faces + n_photos)
    return Collection(np.concatenate(images), names, np.array(kind), np.array(which))


def embed(images, dims: int = 20, seed: int = 0):
    """Each 8×8 picture → a point in ``dims`` dimensions (PCA fitted on all of them, no labels).

    Returns ``(points, pca)``; ``pca.inverse_transform(point)`` turns a point back
    into 64 pixel values, so you can see what any place in the space looks like.

    >>> points, pca = embed(digits_with_strangers(0, 0).images, dims=5)
    >>> points.shape
    (1797, 5)
    """
    from sklearn.decomposition import PCA

    pics = as_pictures(images, 8, 16)
    dims = whole(dims, "dims", 1, min(64, len(pics)), "how many directions to keep")
    seed = whole(seed, "seed", 0)
    pca = PCA(n_components=dims, random_state=seed).fit(pics.reshape(len(pics), -1))
    return pca.transform(pics.reshape(len(pics), -1)), pca


def _as_points(vectors) -> np.ndarray:
    """``vectors`` checked (a table of ordinary numbers, at least two rows), in full precision."""
    matrix(vectors, "points", rows=2)
    return np.asarray(vectors, dtype=float)


def _as_scores(scores, n: int) -> np.ndarray:
    """One ordinary number per item, or a ✘ (a NaN score would be ranked silently)."""
    if np.ndim(scores) != 1 or len(scores) != n:
        raise CourseError(f"Need one score per item: {np.size(scores)} scores for {n} items.")
    matrix(scores, "scores")
    return np.asarray(scores, dtype=float)


def oddness(vectors, method: str = "neighbours", k: int = 30, seed: int = 0) -> np.ndarray:
    """An anomaly score for every point (higher = weirder), computed without any labels.

    ``method``: ``"neighbours"`` (mean distance to the k nearest other points),
    ``"lof"`` (scikit-learn LocalOutlierFactor with ``n_neighbors=k``) or
    ``"forest"`` (scikit-learn IsolationForest; ``k`` is not used).

    >>> int(oddness([[0, 0], [0, 1], [1, 0], [9, 9]], "neighbours", k=1).argmax())
    3
    """
    pts = _as_points(vectors)
    if not isinstance(method, str) or method not in METHODS:
        raise unknown(method, list(METHODS), "scoring method")
    seed = whole(seed, "seed", 0)
    if method == "forest":
        from sklearn.ensemble import IsolationForest

        return -IsolationForest(random_state=seed).fit(pts).score_samples(pts)
    k = check_k(k, len(pts) - 1, "neighbours")
    if method == "lof":
        from sklearn.neighbors import LocalOutlierFactor

        return -LocalOutlierFactor(n_neighbors=k).fit(pts).negative_outlier_factor_
    from sklearn.neighbors import NearestNeighbors

    dist, _ = NearestNeighbors(n_neighbors=k + 1).fit(pts).kneighbors(pts)
    return dist[:, 1:].mean(axis=1)  # column 0 is the point itself


def roc_auc(scores, truth) -> float:
    """ROC AUC of ``scores`` against the true odd items: 0.5 = chance, 1 = every odd item ranked first.

    It is the chance that a randomly picked odd item scores higher than a randomly
    picked normal one (scikit-learn's ``roc_auc_score``).
    """
    from sklearn.metrics import roc_auc_score

    truth = _as_truth(truth)
    scores = _as_scores(scores, len(truth))
    if truth.all() or not truth.any():
        raise CourseError("The truth must contain both odd and normal items to measure ROC AUC.")
    return float(roc_auc_score(truth, scores))


def _as_truth(truth, n: int | None = None) -> np.ndarray:
    """True/False for each of ``n`` items (the held-back truth), or a ✘."""
    t = np.asarray(truth)
    if t.ndim != 1 or t.dtype.kind not in "bi" or not np.isin(t, (0, 1)).all():
        raise CourseError(f"truth must be one True or False per item (like data.is_odd), not {shorten(truth)}.")
    if n is not None and len(t) != n:
        raise CourseError(f"Need one truth value per item: {len(t)} for {n} items.")
    return t.astype(bool)


def score_table(vectors, truth, k: int = 30, seed: int = 0):
    """ROC AUC (and how many odd items land in the top-N) for each scorer, as a DataFrame.

    N is the number of odd items, so "found in top N" is what you would catch if you
    knew how many to look for.
    """
    import pandas as pd

    truth = _as_truth(truth, len(_as_points(vectors)))
    n_odd = int(truth.sum())
    rows = []
    for method, what in METHODS.items():
        s = oddness(vectors, method, k=k, seed=seed)
        top = space.top_k(s, n_odd, largest=True)
        rows.append({"method": method, "ROC AUC": round(roc_auc(s, truth), 3),
                     f"odd items in top {n_odd}": int(truth[top].sum()), "what it measures": what})
    return pd.DataFrame(rows).set_index("method")


def auc_by_k(vectors, truth, ks=(3, 5, 10, 15, 20, 30, 50)):
    """ROC AUC of the two neighbour-based scorers for each k, as a DataFrame (one row per k)."""
    import pandas as pd

    if isinstance(ks, (str, bytes)) or not np.iterable(ks) or not len(ks):
        raise CourseError(f"ks must be a list of k values, like (3, 10, 30); not {shorten(ks)}.")
    rows = [{"k": k, "neighbours": roc_auc(oddness(vectors, "neighbours", k=k), truth),
             "lof": roc_auc(oddness(vectors, "lof", k=k), truth)} for k in ks]
    return pd.DataFrame(rows).set_index("k").round(3)


def score_point(point, vectors, k: int = 30) -> float:
    """The nearest-neighbour anomaly score of one (new or moved) point: its mean
    distance to the k nearest rows of ``vectors``. A plain function, so you can call it
    on any position — this is what the drag widget shows.

    >>> score_point([5, 5], [[0, 0], [0, 1], [1, 0]], k=1) > score_point([0, 0.5], [[0, 0], [0, 1], [1, 0]], k=1)
    True
    """
    pts = _as_points(vectors)
    matrix(point, "point", columns=pts.shape[1])
    if np.ndim(point) != 1:
        raise CourseError(f"Give one point (a list of {pts.shape[1]} numbers), not a table.")
    k = check_k(k, len(pts), "neighbours")
    d = space.distances(pts, np.asarray(point, dtype=float), "euclidean")
    return float(d[space.top_k(d, k)].mean())


def direction_out(vectors, index: int) -> np.ndarray:
    """Unit vector from the centre of the cloud through point ``index``: the way "out"."""
    pts = _as_points(vectors)
    index = whole(index, "index", 0, len(pts) - 1, "an item's number")
    away = pts[index] - pts.mean(axis=0)
    norm = np.linalg.norm(away)
    if norm == 0:
        away, norm = np.eye(pts.shape[1])[0], 1.0
    return away / norm


def scores_along_path(vectors, index: int, distances, k: int = 30) -> np.ndarray:
    """Score of point ``index`` moved ``d`` units out of the cloud, for each ``d`` in ``distances``
    (the point's own original place is left out of its neighbours)."""
    pts = _as_points(vectors)
    index = whole(index, "index", 0, len(pts) - 1, "an item's number")
    distances = matrix(np.atleast_1d(distances), "distances")[0]
    others = np.delete(pts, index, axis=0)
    u = direction_out(pts, index)
    return np.array([score_point(pts[index] + d * u, others, k) for d in distances])


# ---------------------------------------------------------------- the drag widget

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
        from .plots import figure_png, widget_figure

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
        from .projections import Plane
        from .widgets import explore

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
