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
from .core import knn_oddness
from .errors import check_k, CourseError, matrix, shorten, unknown, whole
from ._images import as_pictures

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
    # notebook 08's core, once per point, the point itself left out of its neighbours
    return np.array([knn_oddness(p, np.delete(pts, i, axis=0), k) for i, p in enumerate(pts)])


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
    return knn_oddness(np.asarray(point, dtype=float), pts, k)   # notebook 08's core


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


