"""The core: a labelled point cloud, its planes, and the explorer's neighbour logic."""
import numpy as np
import pytest

import helpers
from helpers import CourseError, Space, explore
from helpers.projections import Plane
from helpers.widgets import neighbours_at


def test_lesson_fruit_claims(fruit):
    four = fruit.subset(["apple", "pear", "mango", "onion"])
    table = four.distance_table()
    assert table.loc["apple", "pear"] == 2.0
    assert four.nearest("apple", k=1, metric="euclidean").index[0] == "pear"
    # onion's nearest companion is farther than anyone else's: alone in its corner
    gaps = {n: four.nearest(n, k=1, metric="euclidean")["distance"].iloc[0] for n in four.names}
    assert max(gaps, key=gaps.get) == "onion"
    # mango is the sweetest and softest of the four
    frame = four.to_frame()
    assert frame["sweet"].idxmax() == "mango" and frame["crunchy"].idxmin() == "mango"


def test_fruit_table_has_lesson_values_and_enough_items():
    table = helpers.fruit()
    assert 19 <= len(table) <= 29
    for name, row in {"apple": (7, 8, 3), "pear": (7, 6, 3), "mango": (9, 4, 4), "onion": (3, 8, 3)}.items():
        assert tuple(table.loc[name, ["sweet", "crunchy", "long"]]) == row
    assert table[["sweet", "crunchy", "long"]].stack().between(0, 10).all()


def test_nearest_cosine_and_euclidean_agree_with_brute_force(fruit):
    rng = np.random.default_rng(0)
    q = rng.uniform(0, 10, 3)
    eu = np.linalg.norm(fruit.vectors - q, axis=1)
    cos = 1 - fruit.vectors @ q / (np.linalg.norm(fruit.vectors, axis=1) * np.linalg.norm(q))
    assert list(fruit.nearest(q, k=5, metric="euclidean").index) == [fruit.names[i] for i in np.argsort(eu)[:5]]
    assert list(fruit.nearest(q, k=5, metric="cosine").index) == [fruit.names[i] for i in np.argsort(cos)[:5]]
    res = fruit.nearest("apple", k=3, metric="cosine")
    assert "apple" not in res.index and np.allclose(res["similarity"], 1 - res["distance"])


def test_similarity_distance_and_arithmetic(fruit):
    assert fruit.similarity("apple", fruit.vector("apple") * 3) == pytest.approx(1.0)
    assert fruit.distance("apple", "pear") == pytest.approx(2.0)
    np.testing.assert_allclose(fruit.combine(plus=["apple", "mango"], minus=["pear"]),
                               fruit.vector("apple") + fruit.vector("mango") - fruit.vector("pear"))
    bigger = fruit.add("fig", [9, 2, 3])
    assert len(bigger) == len(fruit) + 1 and "fig" not in fruit


@pytest.mark.parametrize("call, fragment", [
    (lambda s: s.nearest("aple"), "Did you mean: apple"),
    (lambda s: s.nearest("apple", k=100), "only 26 other points"),
    (lambda s: s.nearest("apple", k=0), "at least 1"),
    (lambda s: s.nearest([1, 2]), "3 dimensions"),
    (lambda s: s.nearest([1, 2, float("nan")]), "Coordinate 3 .long. is NaN .*ordinary number from"),
    (lambda s: s.add("fig", [None, None, 2]), r"Replace each None with a number from 0 to 10.*sweet, crunchy"),
    (lambda s: s.nearest(None), "Replace None with a list of 3 numbers"),
    (lambda s: s.nearest(""), "Type a name"),
    (lambda s: s.nearest("apple", metric="manhattan"), "metric must be"),
    (lambda s: s.add("apple", [1, 1, 1]), "already here"),
    (lambda s: s.combine(), "at least one"),
])
def test_bad_input_gives_clear_message(fruit, call, fragment):
    with pytest.raises(CourseError, match=fragment):
        call(fruit)


def test_bad_construction_messages():
    with pytest.raises(CourseError, match="repeated: a"):
        Space(["a", "a", "b"], [[0], [1], [2]])
    with pytest.raises(CourseError, match="one vector per name"):
        Space(["a", "b"], [[0, 1]])
    with pytest.raises(CourseError, match="one length"):
        Space(["a", "b"], [[0, 1], [1]])


def test_pca_plane_lift_moves_within_the_plane():
    rng = np.random.default_rng(1)
    s = Space([f"p{i}" for i in range(200)], rng.normal(size=(200, 50)))
    plane = Plane.pca(s)
    x, y = plane.xy[7] + [0.5, -0.25]
    v = plane.lift(7, x, y)
    # the lifted point lands exactly at (x, y) on the plane, and only moved along it
    np.testing.assert_allclose((v - s.vectors[7]) @ plane.components.T, [0.5, -0.25], atol=1e-5)
    off_plane = (v - s.vectors[7]) - (v - s.vectors[7]) @ plane.components.T @ plane.components
    assert np.abs(off_plane).max() < 1e-5


def test_neighbours_are_computed_in_the_full_space(fruit):
    # banana dragged onto apple's (sweet, crunchy) spot keeps its length 9: its neighbour is carrot, not apple
    idx, dist, v = neighbours_at(fruit, Plane.axes(fruit, "sweet", "crunchy"), fruit.index("banana"), 7, 8, k=2,
                                 metric="euclidean")
    assert v.tolist() == [7, 8, 9]
    assert [fruit.names[i] for i in idx][0] == "carrot"


def test_explorer_drag_updates_neighbours_and_ignores_bad_drops(fruit):
    w = explore(fruit, k=3, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))
    before = w.use("pear", 7, 6)
    assert before.index[0] == "apple"
    after = w.use("pear", 8.5, 2.5)
    assert after.index[0] != "apple" and w.active["name"] == "pear"
    # ties (grape, mango and orange are equally far) go to the smaller point number, as in the page
    d = np.linalg.norm(fruit.vectors - np.float32([8.5, 2.5, 3]), axis=1)
    expected = [fruit.names[j] for j in np.lexsort((np.arange(len(d)), d)) if fruit.names[j] != "pear"][:3]
    assert list(after.index) == list(expected)
    # NaN, infinities and positions off the plot are ignored: the previous neighbours stay
    for x, y in [(float("nan"), 3), (3, float("inf")), (25, 3), (-1, 4)]:
        w.drop = {"id": fruit.index("pear"), "x": x, "y": y}
        assert w.status.startswith("Ignored") and list(w.table().index) == list(expected)
    w.drop = {"id": 999, "x": 1, "y": 1}
    assert "no such point" in w.status
    w.drop = {"x": 1}
    assert "Ignored" in w.status
    # the widget still works afterwards, and k can change
    w.k = 5
    assert len(w.neighbours) == 5
    w.reset += 1
    assert w.neighbours == [] and w.active == {}


def test_moved_points_count_for_later_drags(fruit):
    w = explore(fruit, k=1, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))
    w.use("apple", 0.5, 9.5)          # apple leaves pear behind ...
    assert w.use("pear", 7, 6).index[0] != "apple"   # ... so pear no longer finds it
    assert w.position("apple") == (0.5, 9.5)


def test_explorer_argument_errors(fruit):
    with pytest.raises(CourseError, match="k=40 is too large: there are only 26 other points"):
        explore(fruit, k=40)
    with pytest.raises(CourseError, match="Did you mean: sweet"):
        explore(fruit, axes=("swet", "crunchy"))
    with pytest.raises(CourseError, match="axes must be"):
        explore(fruit, axes="tsne")
    with pytest.raises(CourseError, match="Did you mean: apple"):
        explore(fruit).use("appel", 1, 1)


def test_large_space_draws_a_subset_but_searches_all():
    rng = np.random.default_rng(2)
    names = [f"w{i}" for i in range(20000)]
    s = Space(names, rng.normal(size=(20000, 50)))
    w = explore(s, k=5, labels=["w19999"], max_points=1500)
    assert len(w.ids) == 1500 and w.ids[0] == 19999 and w.texts[0] == "w19999"
    x, y = w.position("w3")
    got = w.use("w3", x + 0.3, y)
    v = Plane.pca(s).lift(3, x + 0.3, y)
    brute = np.argsort(1 - s.unit @ (v / np.linalg.norm(v)))
    assert list(got.index) == [names[i] for i in brute if i != 3][:5]


def test_import_helpers_is_light():
    import subprocess
    import sys

    code = "import sys, helpers; print(','.join(m for m in ('torch', 'gensim', 'umap', 'sentence_transformers', 'sklearn', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_check_prints_tick_or_hint(capsys):
    helpers.check(True, hint="h")
    helpers.check(False, hint="look again")
    helpers.check(lambda: undefined_name, hint="define it")  # noqa: F821
    helpers.check(lambda: Space(["a"], [[1]]).nearest("b"), hint="spell it")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✔") and out[1] == "✘ Not yet. Hint: look again"
    assert out[2] == "✘ Not yet. Hint: define it" and out[3].startswith("✘ Not yet: 'b' is not a point")


def test_one_name_is_one_point_not_its_letters(fruit):
    np.testing.assert_array_equal(fruit.combine(plus="apple", minus="pear"), fruit.vector("apple") - fruit.vector("pear"))
    assert fruit.subset("apple").names == ["apple"]
    assert "pear" not in fruit.nearest("apple", k=3, exclude="pear").index
    with pytest.raises(CourseError, match="plus must be a name or a list of names"):
        fruit.combine(plus=5)


def test_unknown_axes_say_the_valid_ones(fruit):
    with pytest.raises(CourseError, match=r"'sour' is not an axis here\. Choose one of: sweet, crunchy, long\."):
        Plane.axes(fruit, "sour", "sweet")
    wide = Space(["a", "b"], np.eye(2, 20))
    with pytest.raises(CourseError, match=r"Give a number from 0 to 19, or one of the 20 axis names \(dim 0, dim 1"):
        Plane.axes(wide, "colour", 1)
    with pytest.raises(CourseError, match=r"An axis must be a whole number from 0 to 2 .*not True"):
        Plane.axes(fruit, True, 2)


def test_vectors_are_checked_like_every_matrix():
    with pytest.raises(CourseError, match=r"'b', column 2 is NaN"):
        Space(["a", "b"], [[0, 1], [1, None]])
    with pytest.raises(CourseError, match=r"not 3-dimensional|rows × columns"):
        Space(["a", "b"], np.zeros((2, 2, 2)))
    assert repr(Space(["a"], [[1]])) == "Space(1 point, 1 dimension)"
