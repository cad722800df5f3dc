"""Anomaly detection on real pictures: digits with faces and photo patches mixed in.

Floors: on seeds 0-4 (12 faces + 12 photo patches, PCA 20-d, k=30) we measured ROC AUC
neighbours 0.994-0.999, LOF 0.977-0.99, isolation forest 0.92-0.95. The floors below sit well
under those (robust to library versions) and far above chance (0.5).
"""
import numpy as np
import pytest

from helpers import CourseError, anomaly, widgets


@pytest.fixture(scope="module")
def mix():
    data = anomaly.digits_with_strangers(n_faces=12, n_photos=12, seed=0)
    points, pca = anomaly.embed(data.images, dims=20)
    return data, points, pca


def test_collection_counts(mix):
    data, points, _ = mix
    assert len(data) == 1797 + 24 and data.images.shape == (1821, 8, 8)
    assert (data.kind == "face").sum() == 12 and (data.kind == "photo").sum() == 12
    assert data.images.min() >= 0 and data.images.max() <= 16
    assert len(set(data.names)) == len(data)  # names are unique (the explorer needs that)
    assert points.shape == (1821, 20)


@pytest.mark.parametrize("method,floor", [("neighbours", 0.95), ("lof", 0.9), ("forest", 0.85)])
def test_scores_beat_chance(mix, method, floor):
    data, points, _ = mix
    auc = anomaly.roc_auc(anomaly.oddness(points, method, k=30), data.is_odd)
    assert auc > floor


def test_score_table(mix):
    data, points, _ = mix
    table = anomaly.score_table(points, data.is_odd)
    assert list(table.index) == ["neighbours", "lof", "forest"]
    assert (table["ROC AUC"] > 0.85).all()
    assert table["odd items in top 24"].max() >= 15


def test_small_k_lets_a_clump_of_strangers_hide(mix):
    # the measured lesson of section 4: LOF with k below the clump size falls to about chance
    data, points, _ = mix
    by_k = anomaly.auc_by_k(points, data.is_odd, ks=(10, 50))
    assert by_k.loc[10, "lof"] < 0.7 < 0.95 < by_k.loc[50, "lof"]


def test_drag_score_rises_as_point_moves_out(mix):
    data, points, pca = mix
    scores = anomaly.oddness(points, "neighbours", k=30)
    w = widgets.DragAway(points, index=int(np.argmin(scores)), k=30, pca=pca, names=data.names)
    path = [w.use(d) for d in np.linspace(0, w.max_distance, 11)]
    assert path[-1] > 3 * path[0]
    assert all(b >= a - 1e-9 for a, b in zip(path[3:], path[4:]))  # monotone once out of the crowd
    assert not widgets.DragAway(points, index=int(np.argmin(scores))).flagged
    assert w.flagged  # at max distance it is past the flag line
    # the plain function agrees with the widget
    assert anomaly.score_point(w.position(), w.others, k=30) == pytest.approx(w.score)


def _png(data: bytes):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_drag_away_use_from_code_moves_the_slider_and_figure(mix):
    """use() from code moves the shown slider, its score line and the figure (so a Run all
    never leaves the slider at 0 under a figure that says 40); moving the slider moves the item;
    a distance past the slider's end stretches the slider."""
    data, points, pca = mix
    scores = anomaly.oddness(points, "neighbours", k=30)
    w = widgets.DragAway(points, index=int(np.argmin(scores)), k=30, pca=pca, names=data.names)
    box = w.widget()
    start = w.figure.value
    assert _png(start).shape == (360, 1200, 3) and w.slider.value == 0
    for d in [0, 10, 20, 30, 40]:
        score = w.use(d)
    assert w.slider.value == 40 == w.distance and w.flagged
    assert "<b>40.0</b>" in w.status.value and f"<b>{score:.1f}</b>" in w.status.value and "FLAGGED" in w.status.value
    moved = w.figure.value
    assert moved != start and _png(moved).shape == (360, 1200, 3) and (_png(moved) < 200).any()
    w.slider.value = 6.0                      # what dragging the slider does
    assert w.distance == 6.0 and w.score == pytest.approx(anomaly.score_point(w.position(), w.others, 30))
    assert "<b>6.0</b>" in w.status.value and w.figure.value != moved
    far = w.max_distance + 7.3
    w.use(far)
    assert w.slider.max >= far and w.slider.value == far and w.distance == far and w.path[-1] >= far
    assert box is w.widget()
    # the slider's steps are round numbers, so 0, 10, ..., 40 sit on them
    assert all(abs(d / w.step - round(d / w.step)) < 1e-9 for d in (10, 20, 30, 40))


def test_explorer_drag_score(mix):
    data, points, _ = mix
    w = widgets.OddnessExplorer(points, data.names, k=30)
    x, y = w.position("digit 0 #0")
    near = w.use("digit 0 #0", x, y)
    far = w.use("digit 0 #0", x + 60, y + 60)
    assert far > w.flag_line > near
    listed = [n["distance"] for n in w.explorer.neighbours]
    assert len(listed) == 30 and far == pytest.approx(np.mean(listed))
    w.explorer.reset += 1                      # the page's Reset button
    assert w.score is None
    assert w.use("digit 0 #0", x + 60, y + 60) == pytest.approx(far)   # the same drag again: the same score
    assert "score" in repr(w) and len(repr(w)) < 120


def test_explorer_map_holds_a_cloud_away_from_the_origin():
    # the map's window is centred on the cloud as the map draws it (its PCA plane), wherever the
    # points lie: a cloud around 100 is on the map and can be dragged out of
    pts = np.random.default_rng(0).normal(size=(100, 3)) * [1, 1, 5] + 100
    w = widgets.OddnessExplorer(pts, [f"p{i}" for i in range(100)], k=5)
    x0, x1, y0, y1 = w.explorer.bounds
    assert all(x0 < x < x1 and y0 < y < y1 for x, y in map(w.position, w.space.names))
    x, y = w.position("p0")
    assert w.use("p0", x + 0.9 * (x1 - x), y) > w.flag_line


def test_score_point_is_the_mean_distance_to_the_k_nearest():
    rng = np.random.default_rng(1)
    cloud, p = rng.normal(size=(50, 4)), rng.normal(size=4)
    by_hand = np.sort(np.linalg.norm(cloud - p, axis=1))[:7].mean()
    assert anomaly.score_point(p, cloud, k=7) == pytest.approx(by_hand, rel=1e-5)


def test_score_point_simple():
    cloud = [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert anomaly.score_point([0.5, 0.5], cloud, k=2) < anomaly.score_point([5, 5], cloud, k=2)


@pytest.mark.parametrize("call,message", [
    (lambda p: anomaly.oddness(p, "lofx"), "Did you mean: lof"),
    (lambda p: anomaly.oddness(p, "neighbours", k=5000), "too large"),
    (lambda p: anomaly.oddness(p, "neighbours", k=0), "whole number"),
    (lambda p: anomaly.oddness([[1, 2]], "neighbours"), "at least 2 rows"),
    (lambda p: anomaly.oddness(np.where(np.eye(3) > 0, np.nan, 0.0)), "NaN"),
    (lambda p: anomaly.score_point([1, 2], p), "20 numbers"),
    (lambda p: anomaly.scores_along_path(p, 0, [0, float("nan")]), "NaN"),
    (lambda p: anomaly.roc_auc([1, float("nan")], [True, False]), "NaN"),
    (lambda p: anomaly.embed(np.full((5, 8, 8), 0.5)), "multiply them by 16"),
    (lambda p: anomaly.embed(np.zeros((5, 4, 4))), "8×8"),
    (lambda p: anomaly.embed(np.zeros((5, 8, 8)), dims=99), "dims"),
    (lambda p: anomaly.digits_with_strangers(n_faces=500), "n_faces"),
    (lambda p: widgets.DragAway(p, index=99999), "index"),
    (lambda p: widgets.DragAway(p[:50], index=0, k=5).use(-1), "from 0 to"),
    (lambda p: widgets.OddnessExplorer(p[:50], [str(i) for i in range(50)], k=5).use("0", float("nan"), 0), "NaN"),
    (lambda p: anomaly.roc_auc([1, 2], [True, True]), "both odd and normal"),
])
def test_bad_input_clear_messages(mix, call, message):
    with pytest.raises(CourseError, match=message):
        call(mix[1])


@pytest.mark.parametrize("make", [
    lambda data, points, pca: widgets.DragAway(points, index=0, k=30, pca=pca, names=data.names),
    lambda data, points, pca: widgets.OddnessExplorer(points, data.names, k=30),
], ids=["DragAway", "OddnessExplorer"])
def test_widgets_show_one_box_on_ipywidgets_7_and_8(mix, make, monkeypatch):
    """display(w) and a cell ending in ``w`` both call _ipython_display_, which shows the box;
    _repr_mimebundle_ gives its widget view, also where widgets lack that method (ipywidgets 7)."""
    import ipywidgets
    from helpers.widgets import WIDGET_VIEW

    w = make(*mix)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kwargs: shown.extend(objs))
    w._ipython_display_()
    w._ipython_display_()
    box = w.widget()
    assert shown == [box, box] and isinstance(box, ipywidgets.VBox)  # built once, shown twice
    monkeypatch.delattr(ipywidgets.Widget, "_repr_mimebundle_", raising=False)
    assert w._repr_mimebundle_()[WIDGET_VIEW]["model_id"] == box.model_id
