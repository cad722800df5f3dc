"""Planes: how a many-dimensional space is shown on a flat screen, and back.

A :class:`Plane` gives every point 2-D coordinates, and ``lift`` answers the
reverse question the explorer needs: if the learner drops point *i* at (x, y)
on the screen, where is it in the FULL space?

- ``Plane.axes``: two of the original coordinates; lifting replaces those two.
- ``Plane.pca``: the best-fitting flat plane (scikit-learn PCA); lifting moves the
  point parallel to that plane, keeping the part of it the plane cannot show.
- ``Plane.directions``: a plane spanned by two meaning directions, such as man → woman
  and man → king (the Embedding Projector's "custom" projection); lifting moves the point
  parallel to it, as for PCA.
- ``Plane.given``: any 2-D map (e.g. UMAP); there is no exact way back, so lifting
  takes the mean full vector of the map points nearest the drop position.

>>> from helpers import Space
>>> s = Space(["a", "b"], [[1, 2, 3], [4, 5, 6]], axes=["x", "y", "z"])
>>> Plane.axes(s, "x", "z").lift(0, 9, 9).tolist()
[9.0, 2.0, 9.0]
"""
from __future__ import annotations

import numpy as np

from .errors import CourseError, matrix, number, shorten, unknown, whole
from .space import top_k


class Plane:
    """2-D coordinates for the points of a space, with a way back (``lift``).

    ``kind`` is how ``lift`` works (and what helpers/explorer_js/search.js repeats in the page):
    ``"axes"`` replaces two coordinates; ``"pca"`` moves the point parallel to the flat
    plane of the two unit rows of ``components`` (PCA and meaning-direction planes alike);
    ``"given"`` averages the points drawn nearest the drop.
    """

    def __init__(self, space, xy: np.ndarray, xlabel: str, ylabel: str, kind: str,
                 components: np.ndarray | None = None, dims: tuple[int, int] | None = None):
        self.space, self.xy = space, np.asarray(xy, dtype=np.float32)
        self.xlabel, self.ylabel, self.kind = xlabel, ylabel, kind
        self.components, self.dims = components, dims

    # -- constructors --------------------------------------------------------
    @classmethod
    def axes(cls, space, x=0, y=1) -> "Plane":
        """Two of the space's own axes, by number or name."""
        i, j = (_axis_number(space, a) for a in (x, y))
        if i == j:
            raise CourseError("Pick two different axes.")
        return cls(space, space.vectors[:, [i, j]], space.axes[i], space.axes[j], "axes", dims=(i, j))

    @classmethod
    def pca(cls, space, sample: int = 20000, seed: int = 0) -> "Plane":
        """The plane of the two principal components (fitted on at most ``sample`` points)."""
        from sklearn.decomposition import PCA

        sample, seed = whole(sample, "sample", 2), whole(seed, "seed", 0)
        if space.dim < 2 or len(space) < 2:
            raise CourseError("A PCA plane needs at least 2 points with 2 or more dimensions.")
        rows = space.vectors
        if len(rows) > sample:
            rows = rows[np.random.default_rng(seed).choice(len(rows), sample, replace=False)]
        pca = PCA(n_components=2, random_state=seed).fit(rows)
        xy = pca.transform(space.vectors)
        share = pca.explained_variance_ratio_ * 100
        return cls(space, xy, f"PC 1 ({share[0]:.0f}% of spread)", f"PC 2 ({share[1]:.0f}% of spread)",
                   "pca", components=pca.components_.astype(np.float32))

    @classmethod
    def directions(cls, space, x=("man", "woman"), y=("man", "king")) -> "Plane":
        """The plane of two meaning directions, each given as a pair of names (from, to).

        Across: the unit direction of ``x[1] − x[0]``. Up: the part of ``y[1] − y[0]`` at right
        angles to it (Gram–Schmidt), made unit length. A point's coordinates are its projections
        on those two directions, measured from ``x[0]``, so dragging a point by (dx, dy) moves it
        by dx·across + dy·up in the full space (as ``Plane.pca``'s lift does). Written by hand:
        scikit-learn has no such projection.

        >>> from helpers import Space
        >>> s = Space(["man", "woman", "king", "queen"],
        ...           [[1, 0, 0], [1, 2, 0], [4, 0, 1], [4, 2, 1]], axes=["a", "b", "c"])
        >>> p = Plane.directions(s, x=("man", "woman"), y=("man", "king"))
        >>> p.xlabel, p.ylabel
        ('man → woman', 'man → king (the part at right angles to man → woman)')
        >>> p.xy.astype(float).round(2).tolist()
        [[0.0, 0.0], [2.0, 0.0], [0.0, 3.16], [2.0, 3.16]]
        >>> p.lift(2, 2, 3.16).round(2).tolist()     # king moved 2 across: queen's vector
        [4.0, 2.0, 1.0]
        """
        pairs = []
        for name, pair in (("x", x), ("y", y)):
            if isinstance(pair, str) or not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise CourseError(f"{name} must be a pair of names (from, to), like ('man', 'woman'); got {shorten(pair)}.")
            if not all(isinstance(p, str) for p in pair):
                raise CourseError(f"{name} must be a pair of names (from, to), like ('man', 'woman'), in quotes; "
                                  f"got {shorten(tuple(pair))}.")
            if pair[0] == pair[1]:
                raise CourseError(f"{pair[0]!r} and {pair[1]!r} are the same point, so {name} has no direction; "
                                  "pick two different names.")
            pairs.append((pair[0], pair[1]))
        (a, b), (c, d) = pairs
        vec = {n: space.vectors[space.index(n)].astype(np.float64) for n in (a, b, c, d)}
        across = vec[b] - vec[a]
        if np.linalg.norm(across) < 1e-9:
            raise CourseError(f"{a!r} and {b!r} are the same point, so {a} → {b} has no direction; pick two different names.")
        across /= np.linalg.norm(across)
        up = vec[d] - vec[c]
        up -= (up @ across) * across
        if np.linalg.norm(up) < 1e-6 * max(1.0, np.linalg.norm(vec[d] - vec[c])):
            raise CourseError(f"{c} → {d} points the same way as {a} → {b}, so together they span no plane; "
                              "pick another y pair.")
        up /= np.linalg.norm(up)
        components = np.stack([across, up])
        xy = (space.vectors.astype(np.float64) - vec[a]) @ components.T
        return cls(space, xy, f"{a} → {b}", f"{c} → {d} (the part at right angles to {a} → {b})",
                   "pca", components=components.astype(np.float32))

    @classmethod
    def given(cls, space, xy, xlabel: str = "map x", ylabel: str = "map y") -> "Plane":
        """Your own 2-D map of the space (one (x, y) row per point), e.g. from UMAP."""
        xy = matrix(xy, "The map", columns=2, row_names=space.names)
        if len(xy) != len(space):
            raise CourseError(f"The map needs one (x, y) pair per point: {len(space)} rows, not {len(xy)}.")
        return cls(space, xy, xlabel, ylabel, "given")

    # -- the way back ----------------------------------------------------------
    def lift(self, i: int, x: float, y: float) -> np.ndarray:
        """The full-space vector of point ``i`` dropped at (x, y) on this plane."""
        i = whole(i, "i", 0, len(self.space) - 1, "a point number")
        x, y = number(x, "x"), number(y, "y")
        v = self.space.vectors[i].copy()
        if self.kind == "axes":
            v[self.dims[0]], v[self.dims[1]] = x, y
            return v
        if self.kind == "pca":
            dx, dy = x - self.xy[i, 0], y - self.xy[i, 1]
            return v + dx * self.components[0] + dy * self.components[1]
        # a given map has no inverse: average the points the map shows nearest the drop
        d = np.hypot(self.xy[:, 0] - x, self.xy[:, 1] - y)
        d[i] = np.inf
        near = top_k(d, min(5, len(d) - 1))   # the other points only; ties: smaller index first, as the page does
        return self.space.vectors[near].mean(axis=0) if len(near) else v


def _axis_number(space, a) -> int:
    """The column of axis ``a`` (a number from 0, or one of ``space.axes``); else a ✘ that says
    the valid axes."""
    if isinstance(a, str):
        if a in space.axes:
            return space.axes.index(a)
        extra = "" if space.dim <= 12 else (f"Give a number from 0 to {space.dim - 1}, or one of the "
                                            f"{space.dim} axis names ({shorten(', '.join(space.axes), 60, quote=False)}).")
        raise unknown(a, space.axes, "axis", extra)
    return whole(a, "An axis", 0, space.dim - 1, f"or one of the names {shorten(', '.join(space.axes), 60, quote=False)}")
