"""A labelled point cloud: names plus vectors, and the questions you ask of it.

>>> fruit = Space(["apple", "pear", "onion"], [[7, 8, 3], [7, 6, 3], [3, 8, 3]],
...               axes=["sweet", "crunchy", "long"])
>>> fruit.nearest("apple", k=1, metric="euclidean").index[0]
'pear'
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

import numpy as np

from .core import cosine, distance
from .errors import _too_big, check_k, choice, CourseError, matrix, shorten, some, unknown

METRICS = ("cosine", "euclidean")


def check_metric(metric: str) -> str:
    """``metric`` if the course knows it ('cosine' or 'euclidean'), else a CourseError listing both."""
    return choice(metric, METRICS, "metric")


def unit_rows(vectors) -> np.ndarray:
    """Each row scaled to length 1 (a row of zeros stays zeros): the one place the
    course normalises vectors for cosine similarity.

    >>> unit_rows([[3, 4], [0, 0]]).tolist()
    [[0.6000000238418579, 0.800000011920929], [0.0, 0.0]]
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    norms[norms == 0] = 1
    return vectors / norms


def distances(vectors: np.ndarray, query: np.ndarray, metric: str = "cosine",
              unit: np.ndarray | None = None) -> np.ndarray:
    """Distance from ``query`` to every row of ``vectors``.

    cosine distance = 1 - cosine similarity; ``unit`` may pass the rows already
    normalised to length 1 (saves the work when called on every drag).
    """
    check_metric(metric)
    q = np.asarray(query, dtype=np.float32)
    if metric == "euclidean":
        return distance(vectors, q)   # notebook 01's core, row by row
    if unit is None:
        unit = unit_rows(vectors)
    norm = float(np.linalg.norm(q))
    if norm == 0:
        return np.ones(len(vectors), dtype=np.float32)
    # einsum, not `unit @ q`: a single matrix-vector product is faster on one thread than
    # through multi-threaded BLAS, which stalls badly when the cores are busy (measured in bench/)
    return 1.0 - np.einsum("ij,j->i", unit, q / norm)


def top_k(values, k: int, largest: bool = False) -> np.ndarray:
    """Indices of the ``k`` smallest values (``largest=True``: largest), best first.

    The course's one top-k: every nearest-neighbour list (words, pictures, films, faces,
    sounds, the explorer) comes from here; only the notebooks' cores (02's ``most_similar``,
    08's ``knn_oddness``) rank with plain numpy, to show the idea. Ties go to the smaller index,
    the order helpers/explorer_js/search.js uses in the page; NaN counts as the worst value.
    Written by hand because numpy has no top-k and scikit-learn's NearestNeighbors
    adds a fit and per-call overhead to what is one pass over the values: for a small
    ``k`` of many values, the k-th best of every 16th value is a cut that at least
    ``k`` values pass, so only those few are sorted.

    >>> top_k([0.3, 0.1, 0.2, 0.1], 2).tolist()
    [1, 3]
    >>> top_k([0.3, 0.1, 0.2], 1, largest=True).tolist()
    [0]
    """
    d = np.asarray(values)
    d = -d if largest else d
    n, k = len(d), min(int(k), len(d))
    if k <= 0:
        return np.empty(0, dtype=int)
    nan = np.isnan(d)
    if nan.any():
        d = np.where(nan, np.inf, d)
    if k * 64 < n:
        cut = np.partition(d[::16], k - 1)[k - 1]
        cand = np.flatnonzero(d <= cut)
    elif k < n:
        cut = d[np.argpartition(d, k - 1)[:k]].max()
        cand = np.flatnonzero(d <= cut)          # in index order
    else:
        cand = np.arange(n)
    return cand[np.argsort(d[cand], kind="stable")][:k]


def unique_names(names: Iterable[str], mark: str = " ({})") -> list[str]:
    """Names made unique, as a Space needs them: each repeat gets ``mark`` with its number.

    >>> unique_names(["a", "b", "a", "a (2)"])
    ['a', 'b', 'a (2)', 'a (2) (2)']
    """
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise CourseError(f"names must be a list of names, like ['a', 'b'], not {shorten(names)}.")
    seen: dict[str, int] = {}
    out: list[str] = []
    used: set[str] = set()
    for name in map(str, names):
        n = seen.get(name, 0) + 1
        label = name if n == 1 else name + mark.format(n)
        while label in used:       # a name that already reads like a numbered repeat
            n += 1
            label = name + mark.format(n)
        seen[name] = n
        used.add(label)
        out.append(label)
    return out


class Space:
    """Named points in a space of any number of dimensions.

    Parameters
    ----------
    names : the label of each point (unique).
    vectors : one row per name, all the same length.
    axes : optional names of the dimensions (e.g. ``["sweet", "crunchy", "long"]``).
    """

    TABLE_MOST = 5000  #: the most points distance_table shows: 25 million cells, 200 MB

    def __init__(self, names: Sequence[str], vectors, axes: Sequence[str] | None = None):
        if isinstance(names, str) or not isinstance(names, Iterable):
            raise CourseError(f"names must be a list of names, one per point, not {shorten(names)}.")
        names = list(names)
        for i, n in enumerate(names):
            if n is None or (isinstance(n, float) and n != n) or not str(n).strip():
                raise CourseError(f"Name {i} is {shorten(n)}: every point needs a name you can type, "
                                  "e.g. 'apple' (drop or fill in the rows without one).")
        names = [str(n) for n in names]
        if not names:
            raise CourseError("A space needs at least one point: give a list of names and one vector per name.")
        vectors = matrix(vectors, "The vectors", row_names=names)
        if len(names) != len(vectors):
            raise CourseError(f"{len(names)} names but {len(vectors)} vectors: give one vector per name.")
        dupes = sorted(n for n, count in Counter(names).items() if count > 1)
        if dupes:
            raise CourseError("Each name must be used once; repeated: " + some(dupes, 5, "names") + ".")
        if isinstance(axes, str):
            raise CourseError(f"axes must be a list of {vectors.shape[1]} names, not the text {shorten(axes)}.")
        if axes is not None and len(axes) != vectors.shape[1]:
            raise CourseError(f"{len(axes)} axis names for {vectors.shape[1]}-dimensional vectors.")
        self.names = names
        self.vectors = vectors
        self.axes = list(axes) if axes is not None else [f"dim {i}" for i in range(vectors.shape[1])]
        self._index = {n: i for i, n in enumerate(names)}
        self._unit = None

    # -- basics -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name) -> bool:
        return name in self._index

    def __repr__(self) -> str:
        return (f"Space({len(self)} point{'s' if len(self) != 1 else ''}, "
                f"{self.dim} dimension{'s' if self.dim != 1 else ''})")

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    @property
    def unit(self) -> np.ndarray:
        """The vectors scaled to length 1 (cached), for cosine similarity."""
        if self._unit is None:
            self._unit = unit_rows(self.vectors)
        return self._unit

    def index(self, name: str) -> int:
        """Row number of ``name``; an unknown name suggests close spellings."""
        if not isinstance(name, str) or not name.strip():
            raise CourseError("Type a name, e.g. " + repr(self.names[0]) + ".")
        try:
            return self._index[name]
        except KeyError:
            raise unknown(name, self.names, "point", f"(All {len(self)} are in .names.)" if len(self) > 12 else "") from None

    def vector(self, item) -> np.ndarray:
        """The vector of a name, or ``item`` itself checked as a vector."""
        if isinstance(item, str):
            return self.vectors[self.index(item)]
        self._check_blanks(item)
        try:
            with np.errstate(over="ignore"):  # a number beyond float32 becomes inf, named below
                v = np.asarray(item, dtype=np.float32).reshape(-1)
        except (TypeError, ValueError, OverflowError):
            raise CourseError(f"Expected a name or a list of {self.dim} numbers, got {shorten(item)}.") from None
        if v.shape[0] != self.dim:
            raise CourseError(f"This space has {self.dim} dimensions ({', '.join(self.axes[:5])}"
                              f"{', ...' if self.dim > 5 else ''}); your vector has {v.shape[0]} numbers.")
        if not np.isfinite(v).all():
            bad = int(np.flatnonzero(~np.isfinite(v))[0])
            what = "NaN (“not a number”, what a missing or undefined value becomes)" if np.isnan(v[bad]) \
                else _too_big(np.asarray(item, dtype=object).reshape(-1)[bad]) or "infinite"
            raise CourseError(f"Coordinate {bad + 1} ({self.axes[bad]}) is {what}: every coordinate must be "
                              f"an ordinary number{self._typical()}.")
        return v

    def _typical(self) -> str:
        """' from 0 to 10 (like the other points)' for this space's coordinates, or ''."""
        finite = self.vectors[np.isfinite(self.vectors)]
        if not finite.size:
            return ""
        lo, hi = float(finite.min()), float(finite.max())
        return f" from {lo:g} to {hi:g}, like the other points" if lo != hi else ""

    def _check_blanks(self, item) -> None:
        """A clear message when a vector still has ``None`` in it (an unfilled exercise)."""
        if item is None:
            raise CourseError(f"Replace None with a list of {self.dim} numbers ({', '.join(self.axes[:5])}"
                              f"{', ...' if self.dim > 5 else ''}){self._typical()}.")
        if isinstance(item, (list, tuple)):
            blanks = [i for i, x in enumerate(item) if x is None]
            if blanks:
                where = some((self.axes[i] if i < self.dim else f"number {i + 1}" for i in blanks), 5)
                raise CourseError(f"Replace each None with a number{self._typical()} "
                                  f"({len(blanks)} still None: {where}).")

    # -- the questions -----------------------------------------------------
    def nearest(self, query, k: int = 5, metric: str = "cosine", exclude: Iterable[str] = ()):
        """The ``k`` points nearest ``query`` (a name or a vector), nearest first.

        A name never counts as its own neighbour. Returns a pandas DataFrame
        indexed by name with a ``distance`` column (and ``similarity`` for cosine).

        >>> Space(["a", "b", "c"], [[0, 0], [1, 0], [5, 5]]).nearest("a", 1, "euclidean")["distance"].tolist()
        [1.0]
        """
        import pandas as pd

        check_metric(metric)
        drop = {self.index(n) for n in self._items(exclude, "exclude")}
        if isinstance(query, str):
            drop.add(self.index(query))
        k = check_k(k, len(self) - len(drop), "other points")
        d = distances(self.vectors, self.vector(query), metric, self.unit if metric == "cosine" else None)
        d[list(drop)] = np.inf      # d is a new array: distances() never returns its input
        idx = top_k(d, k)
        frame = pd.DataFrame({"distance": d[idx].astype(float).round(4)},
                             index=pd.Index([self.names[i] for i in idx], name="name"))
        if metric == "cosine":
            frame["similarity"] = (1 - frame["distance"]).round(4)
        return frame

    def similarity(self, a, b) -> float:
        """Cosine similarity of two names or vectors: 1 same direction, 0 unrelated, -1 opposite."""
        va, vb = self.vector(a), self.vector(b)
        if not va.any() or not vb.any():   # a point at the origin points nowhere
            return 0.0
        return float(cosine(va, vb))

    def distance(self, a, b, metric: str = "euclidean") -> float:
        """Distance between two names or vectors (cosine distance = 1 − cosine similarity)."""
        va, vb = self.vector(a), self.vector(b)
        if check_metric(metric) == "cosine":
            return 1.0 - self.similarity(va, vb)
        return float(distance(va, vb))

    def distance_table(self, names: Sequence[str] | None = None, metric: str = "euclidean"):
        """A table of pairwise distances (pandas DataFrame), via scikit-learn.

        >>> float(Space(["a", "b"], [[0, 0], [3, 4]]).distance_table().loc["a", "b"])
        5.0
        """
        import pandas as pd
        from sklearn.metrics import pairwise_distances

        names = self.names if names is None else self._items(names, "names")
        if not names:
            raise CourseError("names is empty: give the names to compare, e.g. ['apple', 'pear'], or leave it out "
                              "for all of them.")
        if len(names) > self.TABLE_MOST:
            raise CourseError(f"A distance table of {len(names):,} points would have {len(names) ** 2:,} cells "
                              f"(about {len(names) ** 2 * 8 / 2**30:.0f} GiB); pick at most {self.TABLE_MOST:,}, "
                              f"e.g. .distance_table(names=space.names[:20]).")
        rows = self.vectors[[self.index(n) for n in names]]
        table = pairwise_distances(rows, metric=check_metric(metric))
        return pd.DataFrame(table.round(2), index=names, columns=names)

    def combine(self, plus: Sequence = (), minus: Sequence = ()) -> np.ndarray:
        """Vector arithmetic: the sum of ``plus`` minus the sum of ``minus``.

        >>> Space(["a", "b"], [[1, 2], [3, 4]]).combine(plus=["b"], minus=["a"]).tolist()
        [2.0, 2.0]
        >>> Space(["a", "b"], [[1, 2], [3, 4]]).combine(plus="b").tolist()     # one name
        [3.0, 4.0]
        """
        plus, minus = self._items(plus, "plus"), self._items(minus, "minus")
        if not plus and not minus:
            raise CourseError("Give at least one name to add or subtract.")
        total = np.zeros(self.dim, dtype=np.float32)
        for item in plus:
            total += self.vector(item)
        for item in minus:
            total -= self.vector(item)
        return total

    @staticmethod
    def _items(value, what: str) -> list:
        """``value`` as a list of names or vectors: one name (text) or one numpy vector is one item."""
        if isinstance(value, str) or (isinstance(value, np.ndarray) and value.ndim == 1):
            return [value]
        if value is None or not isinstance(value, Iterable):
            raise CourseError(f"{what} must be a name or a list of names, e.g. {what}=['apple'], "
                              f"not {shorten(value)}.")
        return list(value)

    def add(self, name: str, vector) -> "Space":
        """A new space with one more point (the original is unchanged)."""
        if not isinstance(name, str) or not name.strip():
            raise CourseError("Give the new point a name, e.g. 'kiwi'.")
        if name in self:
            raise CourseError(f"{name!r} is already here; pick another name.")
        v = self.vector(vector)
        return Space(self.names + [name], np.vstack([self.vectors, v]), self.axes)

    def subset(self, names: Sequence[str]) -> "Space":
        """A new space with only ``names``."""
        idx = [self.index(n) for n in self._items(names, "names")]
        return Space([self.names[i] for i in idx], self.vectors[idx], self.axes)

    def to_frame(self):
        """The points as a pandas DataFrame (one row per name, one column per axis)."""
        import pandas as pd

        return pd.DataFrame(self.vectors, index=pd.Index(self.names, name="name"), columns=self.axes)
