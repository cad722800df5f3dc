"""The explorer: drag a point and watch its nearest neighbours change.

The neighbours are computed in the FULL space. In a browser, the page does it at
every pointer move: the space's vectors are sent to it once, as float32 buffers,
with what it needs to lift a 2-D drop back into the full space exactly as
:meth:`Plane.lift` does (helpers/explorer_js/search.js). The kernel still hears the drops
(at most one in flight, and always the last one) and recomputes them with
:func:`neighbours_at`, the reference: ``explorer.active``, ``explorer.neighbours``
and ``table()`` stay correct, and headless runs (no JavaScript) and tests use it.
Spaces too large to send stay in the kernel, as the widget's status line says.
:meth:`Explorer.use` does from Python exactly what a mouse drag does.

>>> from helpers import Space, explore
>>> fruit = Space(["apple", "pear", "onion"], [[7, 8, 3], [7, 6, 3], [3, 8, 3]],
...               axes=["sweet", "crunchy", "long"])
>>> w = explore(fruit, k=1, axes=("sweet", "crunchy"), metric="euclidean")
>>> w.use("apple", 3, 8).index[0]
'onion'
"""
from __future__ import annotations

from pathlib import Path

import anywidget
import numpy as np
import traitlets

from .._javascript import explorer_module
from ..errors import check_k, CourseError, flag, number, shorten, whole
from ..projections import Plane
from ..space import check_metric, distances, Space, top_k
from ._base import CourseWidget

HERE = Path(__file__).parent.parent   # explorer.css lives in helpers/ (the page code in helpers/explorer_js/)


# The page computes the neighbours when the vectors it must receive (n × d float32) fit in its
# limit. On a plane whose lift is affine (two axes, PCA, meaning directions) a move is scored from
# three numbers per row (helpers/explorer_js/search.js `search`), so all 400,000 GloVe words fit in a frame:
# 4–8 ms median per move in chromium, 5.6 ms from pointer to list in JupyterLab (README, "Measured
# here"; `python bench/bench_drag.py`). A given map (UMAP) has no affine lift and every move scores
# every row in full (31 ms at 400,000 × 50-d); its limit keeps that under about half a 16.7 ms frame
# (about 160,000 × 50-d or 21,000 × 384-d).
PAGE_LIMIT_BYTES = 32 * 2**20
AFFINE_PAGE_LIMIT_BYTES = 128 * 2**20
# Vectors up to this size travel with the widget's state (so a saved or exported notebook keeps
# them); larger ones are sent right after the widget shows, by a message the page asks for, and
# the kernel answers drags until they have arrived (at 20 Mbit/s, 76 MiB take about 32 s).
EAGER_BYTES = 8 * 2**20
# A plane whose limits reach past this many units could only be drawn by overflowing float32.
LIMIT_RANGE = 1e9


def neighbours_at(space, plane: Plane, i: int, x: float, y: float, k: int = 5,
                  metric: str = "cosine", moved: dict[int, np.ndarray] | None = None):
    """The ``k`` nearest neighbours of point ``i`` dropped at (x, y) on ``plane``.

    Distances are measured in the full space; ``moved`` maps point numbers to the
    full vectors of points dragged earlier. Ties go to the smaller point number.
    Returns (indices, distances, vector).
    """
    v = plane.lift(i, x, y)
    d = distances(space.vectors, v, metric, space.unit if metric == "cosine" else None)
    if moved:
        ids = [j for j in moved if j != i]
        if ids:
            d[ids] = distances(np.stack([moved[j] for j in ids]), v, metric)
    d[i] = np.inf
    idx = top_k(d, min(k, len(space) - 1))
    return idx, d[idx], v


def _drawn_points(space, labels, max_points: int, seed: int = 0) -> np.ndarray:
    """Which points to draw: every labelled one, then a seeded sample of the rest."""
    first = list(dict.fromkeys(space.index(n) for n in (labels or [])))
    if len(first) > max_points:
        raise CourseError(f"labels names {len(first):,} points but max_points is {max_points:,}: give at most "
                          f"{max_points:,} labels, or raise max_points (more than a few thousand drawn points "
                          "make dragging slow).")
    rest_budget = max(0, max_points - len(first))
    others = np.setdiff1d(np.arange(len(space)), first)
    if len(others) > rest_budget:
        others = np.sort(np.random.default_rng(seed).choice(others, rest_budget, replace=False))
    return np.concatenate([np.asarray(first, dtype=int), others.astype(int)])


def _f32(a) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float32)


class Explorer(CourseWidget, anywidget.AnyWidget):
    """The drag-and-see-neighbours widget; make one with :func:`explore`."""

    _esm = explorer_module()   # helpers/explorer_js/*.js joined into one module (helpers/_javascript.py)
    _css = HERE / "explorer.css"

    xs = traitlets.List().tag(sync=True)
    ys = traitlets.List().tag(sync=True)
    ids = traitlets.List().tag(sync=True)
    texts = traitlets.List().tag(sync=True)       # the labels drawn on the map ("" for unlabelled points)
    tips = traitlets.List().tag(sync=True)        # every drawn point's name, shown on hover
    bounds = traitlets.List().tag(sync=True)
    xlabel = traitlets.Unicode().tag(sync=True)
    ylabel = traitlets.Unicode().tag(sync=True)
    title = traitlets.Unicode().tag(sync=True)
    width = traitlets.Int(640).tag(sync=True)     # the largest the plot is drawn; narrower outputs get less
    height = traitlets.Int(480).tag(sync=True)
    k = traitlets.Any(5).tag(sync=True)           # checked by _valid_k (Any: a bad k from code gets a ✘)
    metric = traitlets.Unicode("cosine").tag(sync=True)
    drop = traitlets.Any({}).tag(sync=True)       # from the browser: {"id", "x", "y", "seq", "view"}
    done = traitlets.Dict().tag(sync=True)        # to the browser: {"seq", "view"} of the last drop handled
    active = traitlets.Dict().tag(sync=True)      # to the browser: the dragged point
    neighbours = traitlets.List().tag(sync=True)  # to the browser: [{"name", "distance", "x", "y"}]
    moved_at = traitlets.List().tag(sync=True)    # to the browser: [[id, x, y], ...] of every moved point
    status = traitlets.Unicode().tag(sync=True)
    note = traitlets.Unicode().tag(sync=True)     # why the kernel computes the neighbours, if it does
    reset = traitlets.Int(0).tag(sync=True)       # the browser's Reset button counts up
    n = traitlets.Int(0).tag(sync=True)               # points in the space
    dim = traitlets.Int(0).tag(sync=True)
    # what the page needs to compute the neighbours itself; the vectors travel in the state when
    # small (EAGER_BYTES), else the page asks for them (_on_msg); none when the space is too large
    in_page = traitlets.Bool(False).tag(sync=True)
    names = traitlets.List().tag(sync=True)
    vectors = traitlets.Bytes(b"").tag(sync=True)     # n × dim float32, row-major
    plane_xy = traitlets.Bytes(b"").tag(sync=True)    # n × 2 float32: every point's place on the plane
    components = traitlets.Bytes(b"").tag(sync=True)  # 2 × dim float32 (PCA planes)
    plane_kind = traitlets.Unicode().tag(sync=True)   # "axes", "pca" or "given"
    dims = traitlets.List().tag(sync=True)            # the two axes of an "axes" plane

    def __init__(self, space, plane: Plane, k: int, metric: str, labels, max_points: int,
                 limits, title: str, width: int, height: int, in_page=None):
        drawn = _drawn_points(space, labels, max_points)
        if labels is None and len(space) <= 100:
            labels = space.names
        labelled = set(labels or [])
        xy = plane.xy
        if limits is None:
            lo, hi = xy[drawn].min(axis=0), xy[drawn].max(axis=0)
            pad = np.maximum((hi - lo) * 0.08, 1e-3)
            limits = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
        size = len(space) * space.dim * 4
        limit = PAGE_LIMIT_BYTES if plane.kind == "given" else AFFINE_PAGE_LIMIT_BYTES
        forced = in_page is not None
        if not forced:
            in_page = size <= limit
        page = {}
        if in_page:
            page = dict(in_page=True, plane_kind=plane.kind, dims=[int(d) for d in (plane.dims or ())])
            if size <= EAGER_BYTES:
                page.update(self._page_data(space, plane, names=True))
            note = ""
        elif forced:
            note = "in_page=False: the kernel computes the neighbours, so the list follows a drag with a delay."
        else:
            note = (f"{len(space):,} points × {space.dim} dimensions ({size / 2**20:.0f} MB) are too many to send "
                    f"to the page for this plane: the kernel computes the neighbours, so the list follows a drag "
                    "with a delay.")
        names = space.names
        super().__init__(
            xs=[round(float(v), 4) for v in xy[drawn, 0]], ys=[round(float(v), 4) for v in xy[drawn, 1]],
            ids=[int(i) for i in drawn], texts=[names[i] if names[i] in labelled else "" for i in drawn],
            tips=[names[i] for i in drawn], n=len(space), dim=space.dim,
            bounds=[float(b) for b in limits], xlabel=plane.xlabel, ylabel=plane.ylabel, title=title,
            width=width, height=height, k=k, metric=metric, note=note, **page)
        self.space, self.plane = space, plane
        self._uses = 0
        self._moved: dict[int, np.ndarray] = {}
        self._at: dict[int, tuple[float, float]] = {}
        self.observe(self._on_drop, names="drop")
        self.observe(self._on_k, names="k")
        self.observe(self._on_reset, names="reset")
        self.on_msg(self._on_msg)

    @staticmethod
    def _page_data(space, plane, names: bool) -> dict:
        """The vectors, plane coordinates and plane directions as float32 bytes (and the names)."""
        data = dict(vectors=_f32(space.vectors).tobytes(), plane_xy=_f32(plane.xy).tobytes(),
                    components=b"" if plane.components is None else _f32(plane.components).tobytes())
        if names:
            data["names"] = list(space.names)
        return data

    def _on_msg(self, widget, content, buffers) -> None:
        """The page asks for the vectors (they were too large for the state, or its front end
        dropped the state's buffers, as Colab's does): send them as binary buffers."""
        if not (isinstance(content, dict) and content.get("ask") == "vectors" and self.in_page):
            return
        parts = [_f32(self.space.vectors), _f32(self.plane.xy),
                 _f32(self.plane.components) if self.plane.components is not None else np.zeros(0, np.float32)]
        self.send({"kind": "vectors", "names": list(self.space.names)}, buffers=[memoryview(p) for p in parts])

    # -- what the browser triggers --------------------------------------------
    def set_state(self, sync_data) -> None:
        """What the page (or ``set_state``) sends: a k that is not a whole number of at least 1 is
        ignored with a status line, never a TraitError; a k above the number of other points
        lists them all."""
        if "k" in sync_data:
            sync_data = dict(sync_data)
            try:
                sync_data["k"] = min(whole(sync_data["k"], "k", 1), max(1, len(self.space) - 1))
            except CourseError as exc:
                del sync_data["k"]
                self.status = f"Ignored: {exc}"
        super().set_state(sync_data)

    @traitlets.validate("k")
    def _valid_k(self, proposal) -> int:
        others = len(self.space) - 1 if hasattr(self, "space") else None
        return check_k(proposal["value"], others, "other points")

    def _on_drop(self, change) -> None:
        msg = change["new"] if isinstance(change["new"], dict) else {}
        origin = {key: msg[key] for key in ("seq", "view") if key in msg}
        try:
            i = whole(msg.get("id"), "id", 0)
        except CourseError:
            self.status = f"Ignored a drag message without a point (id {shorten(msg.get('id'), 20)})."
        else:
            try:
                x, y = (number(msg.get(c), c) for c in ("x", "y"))
            except CourseError:
                self.status = "Ignored a drag to a position that is not a number."
            else:
                self._move(i, x, y, origin)
        if origin:
            self.done = origin     # the page may send its next drop

    def _on_k(self, change) -> None:
        if self.active:
            a = self.active
            self._move(a["id"], a["x"], a["y"], {key: a[key] for key in ("seq", "view") if key in a})

    def _on_reset(self, change) -> None:
        self._moved.clear()
        self._at.clear()
        with self.hold_sync():
            self.active, self.neighbours, self.moved_at = {}, [], []
            self.status = "All points are back where they started."

    def _move(self, i: int, x: float, y: float, origin: dict | None = None) -> bool:
        x0, x1, y0, y1 = self.bounds
        if not (0 <= i < len(self.space)):
            self.status = f"Ignored a drag of point {i}: there is no such point."
            return False
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            self.status = f"Ignored a drag outside the plot ({x:.3g}, {y:.3g})."
            return False
        idx, dist, v = neighbours_at(self.space, self.plane, i, x, y, self.k, self.metric, self._moved)
        if not (np.isfinite(v).all() and np.isfinite(dist).all()):
            self.status = f"Ignored a drag to ({x:.3g}, {y:.3g}): that is too far out to measure distances."
            return False
        self._moved[i] = v
        self._at.pop(i, None)
        self._at[i] = (x, y)
        with self.hold_sync():   # one message: the page sees the move, its list and every moved point together
            self.moved_at = [[int(j), float(px), float(py)] for j, (px, py) in self._at.items()]
            self.neighbours = [{"name": self.space.names[j], "distance": round(float(d), 4),
                                "x": round(float(self._xy(j)[0]), 4), "y": round(float(self._xy(j)[1]), 4)}
                               for j, d in zip(idx, dist)]
            self.active = {"id": int(i), "name": self.space.names[i], "x": x, "y": y,
                           "x0": float(self.plane.xy[i, 0]), "y0": float(self.plane.xy[i, 1]), **(origin or {})}
            self.status = ""
        return True

    def _xy(self, j: int):
        if j in self._at:      # a dragged point is drawn where it was dropped
            return self._at[j]
        return self.plane.xy[j]

    # -- the same from Python -------------------------------------------------
    def use(self, name, x, y=None):
        """Drag ``name`` to (x, y) on the plane, as the mouse does; returns the neighbours the
        page now lists. The position may also be one pair, ``use("pear", (7, 8))``. A position
        off the plot or not a number gets a ✘ saying the range.

        >>> from helpers import fruit_space
        >>> explore(fruit_space(), k=1, axes=("sweet", "crunchy")).use("pear", 7, 8).index[0]
        'apple'
        """
        if y is None and isinstance(x, (tuple, list)) and len(x) == 2:
            x, y = x
        i = self.space.index(name)
        x0, x1, y0, y1 = self.bounds
        x, y = number(x, "x", x0, x1, "inside the plot"), number(y, "y", y0, y1, "inside the plot")
        self._uses += 1     # a new message even when the same drop is made again (say, after Reset)
        self.drop = {"id": i, "x": x, "y": y, "use": self._uses}
        return self.table()

    def _summary(self) -> str:
        moved = f", {self.active['name']} moved" if self.active else ""
        return f"{len(self.space):,} points, {self.space.dim}-d, k={self.k}, {self.metric}{moved}"

    def position(self, name: str) -> tuple[float, float]:
        """Where ``name`` is drawn on the plane now."""
        return tuple(float(c) for c in self._xy(self.space.index(name)))

    def table(self):
        """The current neighbours as a DataFrame (empty before any drag)."""
        import pandas as pd

        return pd.DataFrame({"distance": [n["distance"] for n in self.neighbours]},
                            index=pd.Index([n["name"] for n in self.neighbours], name="name"))


def explore(space, k: int | None = None, axes="pca", metric: str = "cosine", labels=None,
            max_points: int = 1500, limits=None, title: str = "", width: int = 640,
            height: int = 480, in_page: bool | None = None) -> Explorer:
    """Show ``space`` on a plane; drag any point and its ``k`` nearest neighbours update.

    k : how many neighbours to list (5, or all the other points when there are fewer).
    axes : ``"pca"`` (the best-fitting plane), a pair of axis names or numbers,
        or a Plane: ``Plane.given(space, umap_xy)`` for your own map, or
        ``Plane.directions(space, x=("man", "woman"), y=("man", "king"))`` for the plane of
        two meaning directions (a pair of names here always means two of the space's axes).
    labels : names to write on the map (all points when there are ≤ 100).
    max_points : draw at most this many (all labelled ones first), so large
        spaces stay responsive; neighbours are always searched among all points.
    limits : (low, high) for both axes, or (x0, x1, y0, y1); drags outside are ignored.
    in_page : compute the neighbours in the page (True) or in the kernel (False);
        by default the page does it unless the space is too large to send.

    >>> from helpers import Space
    >>> explore(Space(["a", "b", "c"], [[0, 1], [1, 0], [1, 1]]), k=1).k
    1
    """
    if not isinstance(space, Space):
        raise CourseError(f"explore needs a Space (e.g. helpers.fruit_space()), not {shorten(space)}.")
    check_metric(metric)
    k = check_k(min(5, max(1, len(space) - 1)) if k is None else k, len(space) - 1, "other points")
    max_points, width, height = (whole(v, n, 1) for v, n in ((max_points, "max_points"), (width, "width"),
                                                              (height, "height")))
    labels = [labels] if isinstance(labels, str) else labels
    if not isinstance(title, str):
        raise CourseError(f"title must be text, not {shorten(title)}.")
    in_page = None if in_page is None else flag(in_page, "in_page")
    limits = _limits(limits)
    if isinstance(axes, Plane):
        plane = axes
    elif isinstance(axes, str) and axes == "pca":
        plane = Plane.pca(space)
    elif isinstance(axes, (tuple, list)) and len(axes) == 2:
        plane = Plane.axes(space, *axes)
    else:
        raise CourseError("axes must be 'pca', a pair of axes like ('sweet', 'crunchy'), or a Plane "
                          "(e.g. Plane.directions(space, x=('man', 'woman'), y=('man', 'king'))).")
    return Explorer(space, plane, k, metric, labels, max_points, limits, title, width, height, in_page)


def _limits(limits):
    """``limits`` as (x0, x1, y0, y1), or None; a ✘ for anything else."""
    if limits is None:
        return None
    need = "limits must be (low, high) for both axes or (x0, x1, y0, y1), low below high"
    if isinstance(limits, (str, bytes)) or not hasattr(limits, "__len__") or len(limits) not in (2, 4):
        raise CourseError(f"{need}; not {shorten(limits)}.")
    values = [number(v, "each limit") for v in limits]
    if max(abs(v) for v in values) > LIMIT_RANGE:
        raise CourseError(f"limits must stay between -{LIMIT_RANGE:,.0f} and {LIMIT_RANGE:,.0f} (further out, "
                          f"distances overflow); not {shorten(tuple(limits))}.")
    values = values * 2 if len(values) == 2 else values
    if not (values[0] < values[1] and values[2] < values[3]):
        raise CourseError(f"{need}; not {shorten(tuple(limits))}.")
    return tuple(values)
