"""The explorer's Python side: what it sends the page, its fallback, its tie order and its replies.

(The page's own search is checked against ``neighbours_at`` in tests/test_browser.py.)
"""
import numpy as np
import pytest

from helpers import Space, explore
from helpers.projections import Plane
from helpers.space import top_k
from helpers.widgets import EAGER_BYTES, PAGE_LIMIT_BYTES, neighbours_at


def test_small_spaces_send_their_vectors_once_as_float32(fruit):
    w = explore(fruit, k=3, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))
    assert w.in_page and w.note == "" and w.dim == 3 and w.names == fruit.names
    assert np.frombuffer(w.vectors, dtype=np.float32).reshape(len(fruit), 3).tolist() == fruit.vectors.tolist()
    assert np.frombuffer(w.plane_xy, dtype=np.float32).reshape(-1, 2).tolist() == fruit.vectors[:, :2].tolist()
    assert w.plane_kind == "axes" and w.dims == [0, 1] and w.components == b""
    # the binary traits travel as buffers, not JSON
    state = w.get_state()
    assert isinstance(state["vectors"], (bytes, memoryview))


def test_pca_planes_send_their_components():
    rng = np.random.default_rng(1)
    s = Space([f"p{i}" for i in range(50)], rng.normal(size=(50, 6)))
    w = explore(s, k=3)
    comps = np.frombuffer(w.components, dtype=np.float32).reshape(2, 6)
    np.testing.assert_array_equal(comps, w.plane.components)


def test_large_spaces_stay_in_the_kernel_and_say_so():
    n = PAGE_LIMIT_BYTES // (4 * 8) + 1            # just over a given map's limit at 8-d
    s = Space([str(i) for i in range(n)], np.ones((n, 8), dtype=np.float32) + np.arange(n)[:, None] * 1e-3)
    w = explore(s, k=3, max_points=100, axes=Plane.given(s, s.vectors[:, :2]))
    assert not w.in_page and w.vectors == b"" and w.names == []
    assert "too many to send" in w.note and "kernel" in w.note
    x, y = w.position(s.names[5])
    assert len(w.use(s.names[5], x, y)) == 3        # the kernel path still works
    assert explore(Space(["a", "b", "c"], [[0, 1], [1, 0], [1, 1]]), k=1, in_page=False).in_page is False


def test_affine_planes_take_large_spaces_into_the_page_by_message():
    """Over EAGER_BYTES the vectors are not in the state: the page asks, and gets them as buffers."""
    n = EAGER_BYTES // (4 * 8) + 1
    s = Space([str(i) for i in range(n)], np.random.default_rng(0).normal(size=(n, 8)))
    w = explore(s, k=3, max_points=100)
    assert w.in_page and w.vectors == b"" and w.names == [] and w.n == n and w.dim == 8
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, buffers))
    w._on_msg(w, {"ask": "vectors"}, [])
    (content, buffers), = sent
    assert content["names"] == s.names
    np.testing.assert_array_equal(np.frombuffer(buffers[0], np.float32).reshape(n, 8), s.vectors)
    np.testing.assert_array_equal(np.frombuffer(buffers[1], np.float32).reshape(n, 2), w.plane.xy)
    np.testing.assert_array_equal(np.frombuffer(buffers[2], np.float32).reshape(2, 8), w.plane.components)


def test_a_given_map_of_few_points_lifts_from_the_others_only():
    """Plane.given averages the (up to) 5 OTHER points nearest the drop, as the page does."""
    s = Space(["a", "b", "c"], [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    p = Plane.given(s, [[0, 0], [1, 0], [0, 1]])
    np.testing.assert_allclose(p.lift(0, 0.5, 0.5), [0.5, 0.5, 0])
    one = Space(["a"], [[1, 2]])
    np.testing.assert_allclose(Plane.given(one, [[0, 0]]).lift(0, 1, 1), [1, 2])


def test_ties_go_to_the_smaller_index():
    d = np.array([3.0, 1.0, 2.0, 1.0, 1.0, 0.5, 2.0], dtype=np.float32)
    assert top_k(d, 3).tolist() == [5, 1, 3]
    assert top_k(d, 5).tolist() == [5, 1, 3, 4, 2]
    assert top_k(d, 7).tolist() == [5, 1, 3, 4, 2, 6, 0]


def test_neighbours_at_breaks_exact_ties_by_index(fruit):
    plane = Plane.axes(fruit, "sweet", "crunchy")
    idx, dist, _ = neighbours_at(fruit, plane, fruit.index("pear"), 8.5, 2.5, k=5, metric="euclidean")
    for a, b, da, db in zip(idx, idx[1:], dist, dist[1:]):
        assert da < db or (da == db and a < b)


def test_a_drop_from_the_page_is_answered_and_acknowledged(fruit):
    w = explore(fruit, k=2, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))
    w.drop = {"id": fruit.index("pear"), "x": 2.0, "y": 3.0, "seq": 7, "view": "abc"}
    assert w.done == {"seq": 7, "view": "abc"}
    assert w.active["seq"] == 7 and w.active["view"] == "abc" and w.active["name"] == "pear"
    assert w.moved_at == [[fruit.index("pear"), 2.0, 3.0]]
    # an ignored drop is acknowledged too, so the page can send its next one
    w.drop = {"id": fruit.index("pear"), "x": 99.0, "y": 3.0, "seq": 8, "view": "abc"}
    assert w.done == {"seq": 8, "view": "abc"} and w.status.startswith("Ignored")
    # a drag from Python carries no page's mark: every page redraws it
    w.use("onion", 8, 3)
    assert "view" not in w.active
    assert [j for j, _, _ in w.moved_at] == [fruit.index("pear"), fruit.index("onion")]
    w.reset += 1
    assert w.moved_at == [] and w.active == {}


def test_moved_points_are_drawn_where_they_were_dropped_on_every_plane():
    rng = np.random.default_rng(3)
    s = Space([f"p{i}" for i in range(40)], rng.normal(size=(40, 5)))
    for axes in ("pca", Plane.given(s, rng.normal(size=(40, 2)))):
        w = explore(s, k=3, axes=axes)
        x, y = w.position("p4")
        w.use("p4", x + 0.1, y - 0.1)
        assert w.position("p4") == pytest.approx((x + 0.1, y - 0.1))
        w.use("p9", *w.position("p9"))
        near = {n["name"]: (n["x"], n["y"]) for n in w.neighbours}
        if "p4" in near:
            assert near["p4"] == pytest.approx((x + 0.1, y - 0.1), abs=1e-4)


def test_a_plane_of_meaning_directions():
    """Plane.directions: x = unit(woman − man), y = the part of king − man at right angles to it;
    coordinates are projections on them (man at the origin); a drop moves the point parallel to
    the plane, as the PCA plane's lift does; mistakes get friendly messages."""
    import helpers

    rng = np.random.default_rng(3)
    names = ["man", "woman", "king", "queen", "apple"]
    s = Space(names, rng.normal(size=(5, 7)))
    p = Plane.directions(s, x=("man", "woman"), y=("man", "king"))
    v = s.vectors.astype(np.float64)
    ux = (v[1] - v[0]) / np.linalg.norm(v[1] - v[0])
    up = (v[2] - v[0]) - ((v[2] - v[0]) @ ux) * ux
    uy = up / np.linalg.norm(up)
    np.testing.assert_allclose(p.components, np.stack([ux, uy]), atol=1e-6)
    assert abs(p.components[0] @ p.components[1]) < 1e-6
    np.testing.assert_allclose(np.linalg.norm(p.components, axis=1), 1, atol=1e-6)
    np.testing.assert_allclose(p.xy, (v - v[0]) @ np.stack([ux, uy]).T, atol=1e-5)
    assert p.xy[0].tolist() == [0, 0] and abs(p.xy[1, 1]) < 1e-6      # man at 0, woman straight right
    assert p.xlabel == "man → woman" and p.ylabel.startswith("man → king (")
    assert p.kind == "pca"      # the same linear lift, in Python and in helpers/explorer_js/search.js
    np.testing.assert_allclose(p.lift(2, p.xy[2, 0] + 1.5, p.xy[2, 1] - 2), v[2] + 1.5 * ux - 2 * uy, atol=1e-5)
    # dragging king by woman − man on the map is king − man + woman in the full space
    np.testing.assert_allclose(p.lift(2, *(p.xy[2] + p.xy[1] - p.xy[0])), v[2] - v[0] + v[1], atol=1e-5)

    with pytest.raises(helpers.CourseError, match="'womann' is not a point here. Did you mean: woman"):
        Plane.directions(s, x=("man", "womann"), y=("man", "king"))
    with pytest.raises(helpers.CourseError, match="pair of names"):
        Plane.directions(s, x="man", y=("man", "king"))
    with pytest.raises(helpers.CourseError, match="same point"):
        Plane.directions(s, x=("man", "man"), y=("man", "king"))
    with pytest.raises(helpers.CourseError, match="same way"):
        Plane.directions(s, x=("man", "woman"), y=("woman", "man"))
    # a pair of names given as axes= still means two of the space's own axes
    with pytest.raises(helpers.CourseError, match="'man' is not a"):
        explore(s, k=2, axes=("man", "woman"))


def test_dragging_king_along_man_to_woman_finds_queen():
    """On GloVe's man → woman / man → king plane, moving king right by the man → woman gap puts
    queen first among its neighbours (king itself excluded), as notebook 04 says."""
    from helpers import words

    people = ["king", "queen", "man", "woman"]
    space = words.words_space(3000, include=people)
    ex = explore(space, k=6, axes=Plane.directions(space, x=("man", "woman"), y=("man", "king")), labels=people)
    (kx, ky), (mx, my), (wx, wy) = (ex.position(n) for n in ("king", "man", "woman"))
    table = ex.use("king", kx + wx - mx, ky + wy - my)
    assert ex.status == "" and table.index[0] == "queen" and "king" not in table.index, table
    np.testing.assert_allclose(ex._moved[space.index("king")],
                               words.vector("king") - words.vector("man") + words.vector("woman"), atol=1e-4)


def test_use_after_reset_to_the_same_place_answers_again(fruit):
    w = explore(fruit, k=2, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))
    first = w.use("pear", 2, 3)
    w.reset += 1
    assert w.neighbours == [] and w.active == {}
    again = w.use("pear", 2, 3)          # the same drop as before the reset: still answered
    assert list(again.index) == list(first.index) and w.active["name"] == "pear"
    assert w.moved_at == [[fruit.index("pear"), 2.0, 3.0]]


@pytest.mark.parametrize("state, says", [
    ({"k": "5"}, "k must be a whole number"), ({"k": None}, "k must be a whole number"),
    ({"k": True}, "not True"), ({"k": 0}, "at least 1"),
    ({"drop": None}, "without a point"), ({"drop": [1, 2, 3]}, "without a point"),
    ({"drop": {"id": float("inf"), "x": 1, "y": 1}}, "without a point"),
    ({"drop": {"id": float("nan"), "x": 1, "y": 1}}, "without a point"),
    ({"drop": {"id": None, "x": 1, "y": 1}}, "without a point"),
    ({"drop": {"id": 3, "x": "a", "y": 1}}, "not a number"),
])
def test_bad_messages_from_the_page_are_ignored_with_a_status(fruit, state, says):
    w = explore(fruit, k=2, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))
    before = w.use("pear", 2, 3)
    w.set_state(state)
    assert w.status.startswith("Ignored") and says in w.status, w.status
    assert w.k == 2 and list(w.table().index) == list(before.index)
    assert list(w.use("onion", 8, 3).index)                       # still works
    w.set_state({"k": 100})                                        # more than there are: all the others
    assert w.k == len(fruit) - 1 and len(w.neighbours) == len(fruit) - 1


def test_bad_explorer_arguments_name_the_fix(fruit):
    import helpers

    for limits, says in [((0,), "limits must be"), (("a", "b"), "each limit must be"), ((5, 1), "low below high"),
                         ("0-10", "limits must be"), ((0, float("nan")), "NaN")]:
        with pytest.raises(helpers.CourseError, match=says):
            explore(fruit, limits=limits)
    with pytest.raises(helpers.CourseError, match="There are no other points"):
        explore(Space(["solo"], [[1, 2]]))
    w = explore(fruit, k=2, axes=("sweet", "crunchy"), limits=(0, 10))
    with pytest.raises(helpers.CourseError, match=r"x must be a number from 0 to 10 \(inside the plot\), not 25"):
        w.use("pear", 25, 3)
    with pytest.raises(helpers.CourseError, match="k must be a whole number"):
        w.k = "5"
    assert w.k == 2
    assert repr(w) == "<Explorer: 27 points, 3-d, k=2, cosine>"
    w.use("pear", 2, 3)
    assert repr(w) == "<Explorer: 27 points, 3-d, k=2, cosine, pear moved>"
