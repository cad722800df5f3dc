"""Recommendation: users and films as points in one learned space (MovieLens 100k).

The data, :func:`helpers.datasets.movielens`: 100,000 ratings (1–5 stars) by 943 users
of 1,682 films.

The model: matrix factorisation with biases,
``predicted rating = mean + user bias + film bias + user vector · film vector``,
learned by alternating least squares (ALS): fix the film vectors and every
user's vector is a small ridge regression, solved exactly (:func:`half_step`); then
swap. ALS is written here by hand in numpy (about 30 lines) because it needs no
learning rate, is deterministic for a seed, and its user half-step is *exactly* the
"fold-in" that places a new learner in the space from a handful of ratings.

>>> from helpers import datasets, recommend
>>> data = datasets.movielens()
>>> train, test = recommend.split(data.ratings)
>>> model = recommend.train(train, data.films)
>>> model
Recommender(943 users and 1,682 films as points of 16 numbers)
>>> bool(model.rmse(test) < recommend.baselines(train, test)["film mean"])
True
>>> me = model.fold_in({"Toy Story": 5, "Aladdin (1992)": 5, "Scream": 1})
>>> list(model.recommend(me, k=3).columns)
['match', 'predicted rating', 'ratings', 'genres']
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .core import half_step
from .datasets import GENRES
from .errors import check_k, choice, CourseError, number, shorten, some, suggest, whole
from .space import top_k


# --------------------------------------------------------------------------- data
def split(ratings, test_share: float = 0.1, seed: int = 0):
    """Hold out a random ``test_share`` of the ratings (scikit-learn's
    ``train_test_split``, seeded): returns (train, test), each in the original order.

    >>> from helpers.datasets import movielens
    >>> train, test = split(movielens().ratings)
    >>> len(train), len(test)
    (90000, 10000)
    """
    from sklearn.model_selection import train_test_split

    ratings = _check_table(ratings, "ratings")
    test_share = number(test_share, "test_share", 0.01, 0.99, what="the share held out, e.g. 0.1")
    train, test = train_test_split(ratings, test_size=test_share, random_state=whole(seed, "seed", 0))
    return train.sort_index().reset_index(drop=True), test.sort_index().reset_index(drop=True)


def _check_table(ratings, name: str):
    """``ratings`` if it is a non-empty table with user, film and rating columns."""
    import pandas as pd

    if not isinstance(ratings, pd.DataFrame) or not {"user", "film", "rating"} <= set(ratings.columns):
        raise CourseError(f"{name} must be a ratings table with columns user, film and rating "
                          f"(e.g. data.ratings), not {shorten(ratings)}.")
    if ratings.empty:
        raise CourseError(f"{name} is empty: give it some ratings (e.g. data.ratings).")
    for column in ("user", "film"):
        values = pd.to_numeric(ratings[column], errors="coerce").to_numpy(dtype=float)
        bad = ~(np.isfinite(values) & (values >= 0) & (values == np.round(values)))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise CourseError(f"{name}: every {column} must be a row number (a whole number from 0); "
                              f"row {i} has {shorten(ratings[column].iloc[i])}. Fix or drop those rows.")
    stars = pd.to_numeric(ratings["rating"], errors="coerce").to_numpy(dtype=float)
    bad = ~(np.isfinite(stars) & (stars >= 1) & (stars <= 5))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise CourseError(f"{name}: every rating must be 1 to 5 stars (no NaN); row {i} has "
                          f"{shorten(ratings['rating'].iloc[i])}. Fix or drop the other rows.")
    return ratings


def baselines(train, test) -> dict[str, float]:
    """Held-out RMSE of the two simplest guesses: everyone's mean, and each film's mean.

    A film with no training ratings gets the global mean.
    """
    from sklearn.metrics import root_mean_squared_error

    train, test = _check_table(train, "train"), _check_table(test, "test")
    mean = float(train["rating"].mean())
    film_mean = test["film"].map(train.groupby("film")["rating"].mean()).fillna(mean)
    return {"global mean": float(root_mean_squared_error(test["rating"], np.full(len(test), mean))),
            "film mean": float(root_mean_squared_error(test["rating"], film_mean))}


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
    """Look films up by title, leniently (case, year, accents and "The" optional).

    >>> Titles(["Godfather, The (1972)", "Toy Story (1995)"]).find("the godfather")
    0
    """

    def __init__(self, titles):
        self.titles = list(titles)
        self.lower = {t.lower(): i for i, t in enumerate(self.titles)}
        self.by_key: dict[str, list[int]] = {}
        for i, t in enumerate(self.titles):
            self.by_key.setdefault(_key(t), []).append(i)
        self.keys = list(self.by_key)

    def find(self, title) -> int:
        """Row number of the film called ``title``; unknown titles suggest close ones."""
        if not isinstance(title, str) or not title.strip():
            raise CourseError(f"Type a film title, e.g. {self.titles[0]!r}; got {shorten(title)}.")
        title = title.strip()
        if title.lower() in self.lower:  # the exact title, in any case (no two differ only in case)
            return self.lower[title.lower()]
        rows = self.by_key.get(_key(title), [])
        year = _year(title)
        if year:
            rows = [i for i in rows if _year(self.titles[i]) == year]
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            named = [self.titles[i] for i in rows]  # all with the same key
            if len({_year(t) for t in named}) == 1:
                return rows[0]  # the same film listed twice in MovieLens: take the first
            raise CourseError(f"{shorten(title)} matches {len(rows)} films: " + some(named, 5, "films").replace(", ", "; ")
                              + ". Add the year, e.g. " + repr(named[0]) + ".")
        raise CourseError(f"{shorten(title)} is not a film in MovieLens 100k." + self._suggestion(title))

    def _suggestion(self, title: str) -> str:
        key = _key(title)
        close = suggest(key, self.keys) if key else []
        if not close:  # a word inside a longer title ("godfather" -> "The Godfather")
            words = set(key.split())
            close = [k for k in self.keys if words and words <= set(k.split())][:5]
        if not close:
            return " Check the spelling; titles look like 'Toy Story (1995)'."
        return " Did you mean: " + "; ".join(self.titles[self.by_key[k][0]] for k in close) + "?"


# --------------------------------------------------------------------------- the model
@dataclass(repr=False)
class NewUser:
    """A learner placed in the space by :meth:`Recommender.fold_in`."""

    vector: np.ndarray
    bias: float
    rated: dict = field(default_factory=dict)  # film row -> stars

    def __repr__(self) -> str:
        return f"NewUser({len(self.rated)} rating{'s' * (len(self.rated) != 1)}, bias {self.bias:+.2f})"


@dataclass(repr=False)
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
    seen: "object"  # users × films sparse matrix: which films each user rated in training
    seconds: float = 0.0

    def __repr__(self) -> str:
        return (f"Recommender({len(self.user_vectors):,} users and {len(self.film_vectors):,} films "
                f"as points of {self.film_vectors.shape[1]} numbers)")

    @cached_property
    def titles(self) -> Titles:
        return Titles(self.films["title"])

    def find(self, title: str) -> int:
        """Row of a film by (lenient) title: ``model.find("toy story")``."""
        return self.titles.find(title)

    def title(self, title: str) -> str:
        """The film's full MovieLens title: ``model.title("toy story")`` is 'Toy Story (1995)'."""
        return self.films["title"].iloc[self.find(title)]

    def predict(self, users, films) -> np.ndarray:
        """Predicted stars for pairs of (user row, film row), clipped to 1–5."""
        users = self._rows(users, "users", len(self.user_vectors))
        films = self._rows(films, "films", len(self.film_vectors))
        if users.shape != films.shape:
            raise CourseError(f"Give one film per user: {len(users)} users but {len(films)} films.")
        raw = (self.mean + self.user_bias[users] + self.film_bias[films]
               + np.einsum("ij,ij->i", self.user_vectors[users], self.film_vectors[films]))
        return np.clip(raw, 1, 5)

    @staticmethod
    def _rows(values, name: str, n: int) -> np.ndarray:
        """``values`` (one row number or a list of them) as an int array of rows 0 to n - 1."""
        array = np.atleast_1d(np.asarray(values))
        if array.dtype.kind in "iu" and array.ndim == 1 and (not len(array) or (array.min() >= 0 and array.max() < n)):
            return array.astype(int)  # the common case, checked at once
        flat = np.atleast_1d(np.asarray(values, dtype=object))
        if flat.ndim != 1:
            raise CourseError(f"{name} must be a list of row numbers, not {flat.ndim}-dimensional.")
        return np.array([whole(v, f"each of {name}", 0, n - 1, "a row number") for v in flat], dtype=int)

    def rmse(self, ratings) -> float:
        """Root-mean-square error in stars on a ratings table (e.g. the held-out test set)."""
        from sklearn.metrics import root_mean_squared_error

        ratings = _check_table(ratings, "ratings")
        users, films = ratings["user"].to_numpy(), ratings["film"].to_numpy()
        if users.min() < 0 or users.max() >= len(self.user_vectors) or films.min() < 0 \
                or films.max() >= len(self.film_vectors):
            raise CourseError(f"ratings must be of users 0–{len(self.user_vectors) - 1} and films "
                              f"0–{len(self.film_vectors) - 1}, the ones this model learned.")
        return float(root_mean_squared_error(ratings["rating"], self.predict(users, films)))

    def _min_ratings(self, min_ratings) -> int:
        most = int(self.films["ratings"].max())
        return whole(min_ratings, "min_ratings", 0, most,
                     what=f"ratings a film needs to be listed; the most-rated film has {most}")

    # -- films near films ---------------------------------------------------
    def space(self, min_ratings: int = 20):
        """The film vectors as a :class:`helpers.Space` (films with ≥ ``min_ratings`` ratings)."""
        from .space import Space

        keep = np.flatnonzero(self.films["ratings"].to_numpy() >= self._min_ratings(min_ratings))
        return Space(self.films["title"].iloc[keep].tolist(), self.film_vectors[keep],
                     axes=[f"taste {i + 1}" for i in range(self.film_vectors.shape[1])])

    def nearest_films(self, title: str, k: int = 10, min_ratings: int = 20):
        """The ``k`` films whose vectors point the same way as this film's (cosine), found by
        :meth:`helpers.Space.nearest`; the film itself is never listed.

        Only films with at least ``min_ratings`` ratings are listed: a film seen by
        three people has a vector that is mostly noise.

        >>> from helpers.datasets import movielens
        >>> data = movielens()
        >>> model = train(data.ratings, data.films)
        >>> model.nearest_films("Star Wars", k=2).index.tolist()
        ['Empire Strikes Back, The (1980)', 'Return of the Jedi (1983)']
        """
        row = self.find(title)
        space = self.space(min_ratings)
        name = self.films["title"].iloc[row]
        k = check_k(k, len(space) - (name in space), f"other films with ≥ {min_ratings} ratings")
        near = space.nearest(name if name in space else self.film_vectors[row], k=k, metric="cosine")
        f = self.films.iloc[[self.find(n) for n in near.index]]
        return near.assign(ratings=f["ratings"].to_numpy(), genres=f["genres"].to_numpy())

    def _table(self, rows, columns: dict):
        """The films ``rows`` (best first) with ``columns`` (one value per row), their rating
        count and genres, indexed by title."""
        import pandas as pd

        f = self.films.iloc[rows]
        frame = pd.DataFrame(columns, index=pd.Index(f["title"].tolist(), name="film"))
        frame["ratings"] = f["ratings"].to_numpy()
        frame["genres"] = f["genres"].to_numpy()
        return frame

    # -- a new user ---------------------------------------------------------
    def fold_in(self, ratings: dict, bias_penalty: float | None = None) -> NewUser:
        """Place a new user in the space from a few ratings {title: stars 1–5}.

        The film vectors and biases stay fixed; the user's vector and bias are the
        ridge regression that best explains their stars — the ALS user step
        (:func:`half_step`), so it takes milliseconds. One change for a newcomer: the
        bias is held near zero as firmly as the vector (``bias_penalty`` defaults to
        3 × the vector's), else "four films, all five stars" is explained as "rates
        everything high" and says nothing about taste. ``bias_penalty=model.reg_bias``
        gives exactly the training step.

        >>> from helpers.datasets import movielens
        >>> data = movielens()
        >>> model = train(data.ratings, data.films)
        >>> model.fold_in({"Toy Story (1995)": 5, "star wars": 4})
        NewUser(2 ratings, bias +0.26)
        """
        rated = self._check_ratings(ratings)
        k = self.film_vectors.shape[1]
        if not rated:
            return NewUser(np.zeros(k), 0.0, {})
        rows = np.array(list(rated), dtype=int)
        stars = np.array([rated[r] for r in rows], dtype=float)
        penalty = 3 * self.reg if bias_penalty is None else number(bias_penalty, "bias_penalty", 0)
        vectors, bias = half_step(np.zeros(len(rows), int), rows, stars - self.mean - self.film_bias[rows],
                                  self.film_vectors, 1, self.reg, penalty)
        return NewUser(vectors[0], float(bias[0]), rated)

    def _check_ratings(self, ratings) -> dict:
        if not isinstance(ratings, dict):
            raise CourseError("Give ratings as a dictionary {film title: stars}, e.g. "
                              "{'Toy Story (1995)': 5, 'Scream (1996)': 2}.")
        rated: dict[int, float] = {}
        for title, stars in ratings.items():
            row = self.find(title)
            stars = number(stars, f"The stars for {shorten(title)}", 1, 5, what="1 = hated it, 5 = loved it")
            if row in rated:
                raise CourseError(f"{self.films['title'].iloc[row]!r} is rated twice; rate each film once.")
            rated[row] = stars
        return rated

    def recommend(self, user, k: int = 10, by: str = "match", min_ratings: int = 50):
        """The ``k`` films to suggest to ``user`` (a :class:`NewUser` or a user number).

        by="match" (default): the films lying furthest in the direction the user's
        vector points, i.e. the largest ``user · film`` — the personal part of the
        prediction. by="stars": the highest predicted rating (mean + biases + match),
        which favours films everyone likes. A user who has rated nothing has no
        direction yet, so gets the "stars" list. Films the user rated, and films
        with fewer than ``min_ratings`` ratings, are never listed: ``k`` can be at most
        the number of films left.

        >>> from helpers.datasets import movielens
        >>> data = movielens()
        >>> model = train(data.ratings, data.films)
        >>> model.recommend(model.fold_in({"Scream": 5}), k=2).index.tolist()
        ['Nightmare on Elm Street, A (1984)', 'Scream 2 (1997)']
        """
        by = choice(by, ("match", "stars"), "by")
        if isinstance(user, NewUser):
            vector, bias, rated = user.vector, user.bias, list(user.rated)
        else:
            user = whole(user, "user", 0, len(self.user_vectors) - 1,
                         what="a person's number; place yourself with model.fold_in({...})")
            rated = self.seen[user].indices
            vector, bias = self.user_vectors[user], self.user_bias[user]
        allowed = self.films["ratings"].to_numpy() >= self._min_ratings(min_ratings)
        allowed[rated] = False
        candidates = np.flatnonzero(allowed)
        k = check_k(k, len(candidates), f"films with ≥ {min_ratings} ratings not yet rated by this user")
        match = self.film_vectors[candidates] @ vector
        stars = self.mean + bias + self.film_bias[candidates] + match
        ranked = stars if by == "stars" or not np.any(vector) else match  # unclipped: 5.3 beats 5.1
        best = top_k(ranked, k, largest=True)
        return self._table(candidates[best], {"match": match[best].round(2),
                                              "predicted rating": np.clip(stars[best], 1, 5).round(2)})

    # -- the map --------------------------------------------------------------
    def film_map(self, min_ratings: int = 50) -> "FilmMap":
        """A 2-D map (the PCA plane, as in :func:`helpers.explore`) of the films with
        ≥ ``min_ratings`` ratings; it can also place users on the same plane."""
        return FilmMap(self, min_ratings)


def train(ratings, films, dim: int = 16, epochs: int = 10, reg: float = 0.12,
          reg_bias: float = 0.02, seed: int = 0) -> Recommender:
    """Learn a ``dim``-number vector and a bias for every user and film by ALS: ``epochs``
    rounds of :func:`half_step` for the users, then for the films.

    ``ratings`` is a table with user, film, rating (e.g. the training split);
    ``films`` the films table of :func:`helpers.datasets.movielens`. Seeded: same data,
    same model.

    >>> from helpers.datasets import movielens
    >>> data = movielens()
    >>> train(data.ratings, data.films, dim=4, epochs=2)
    Recommender(943 users and 1,682 films as points of 4 numbers)
    """
    import time

    from scipy import sparse

    start = time.perf_counter()
    ratings = _check_table(ratings, "ratings")
    dim = whole(dim, "dim", 1, 500, what="how many numbers per user and per film")
    epochs = whole(epochs, "epochs", 1, 1000)
    reg, reg_bias = number(reg, "reg", 0), number(reg_bias, "reg_bias", 0)
    if not hasattr(films, "columns") or "title" not in films.columns:
        raise CourseError(f"films must be the films table of MovieLens (data.films), not {shorten(films)}.")
    u = ratings["user"].to_numpy()
    f = ratings["film"].to_numpy()
    r = ratings["rating"].to_numpy().astype(float)
    if not np.isfinite(r).all() or r.min() < 1 or r.max() > 5:
        raise CourseError("ratings: every rating must be 1 to 5 stars (no NaN); fix or drop the other rows.")
    if f.min() < 0 or f.max() >= len(films) or u.min() < 0:
        raise CourseError(f"ratings: films must be rows 0–{len(films) - 1} of films, and users numbers from 0.")
    n_users, n_films = int(u.max()) + 1, len(films)
    mean = float(r.mean())
    rng = np.random.default_rng(whole(seed, "seed", 0))
    film_vectors = rng.normal(0, 0.1, (n_films, dim))
    film_bias = np.zeros(n_films)
    for _ in range(epochs):
        user_vectors, user_bias = half_step(u, f, r - mean - film_bias[f], film_vectors, n_users, reg, reg_bias)
        film_vectors, film_bias = half_step(f, u, r - mean - user_bias[u], user_vectors, n_films, reg, reg_bias)
    # a last user step, so every user is exactly the ridge fit against the final films (= fold_in)
    user_vectors, user_bias = half_step(u, f, r - mean - film_bias[f], film_vectors, n_users, reg, reg_bias)
    seen = sparse.csr_matrix((np.ones(len(u), bool), (u, f)), shape=(n_users, n_films))
    return Recommender(user_vectors, film_vectors, user_bias, film_bias, mean, films, reg, reg_bias,
                       seen=seen, seconds=time.perf_counter() - start)


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
        if len(self.space) < 3:
            raise CourseError(f"Only {len(self.space)} films have ≥ {min_ratings} ratings: a map needs at "
                              "least 3; lower min_ratings (e.g. 50).")
        self.plane = Plane.pca(self.space)
        self.rows = np.array([model.find(t) for t in self.space.names])
        self._mean = self.space.vectors.mean(axis=0)

    def __repr__(self) -> str:
        return f"FilmMap({len(self.space):,} films on the plane {self.plane.xlabel} × {self.plane.ylabel})"

    def xy(self, title: str) -> tuple[float, float]:
        """Where a film sits on the map."""
        name = self.model.title(title)
        if name not in self.space:
            raise CourseError(f"{name!r} is not on this map: it has fewer ratings than the map's films.")
        x, y = self.plane.xy[self.space.index(name)]
        return float(x), float(y)

    def position(self, user) -> tuple[float, float]:
        """Where a user (a :class:`NewUser` or a user number) sits on the map."""
        if isinstance(user, NewUser):
            v = user.vector
        else:
            v = self.model.user_vectors[whole(user, "user", 0, len(self.model.user_vectors) - 1,
                                              what="a person's number, or yourself from model.fold_in({...})")]
        x, y = (np.asarray(v, np.float32) - self._mean) @ self.plane.components.T
        return float(x), float(y)

    def genre_positions(self, min_films: int = 10):
        """Each genre's mean position on the map (a DataFrame: films, mean PC 1, mean PC 2),
        for genres with at least ``min_films`` films on it, sorted along PC 1."""
        import pandas as pd

        min_films = whole(min_films, "min_films", 1, what="films a genre needs on the map to be listed")
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
        n = whole(n, "n", 0, what="how many films to name")
        if isinstance(avoid, str):
            avoid = [avoid]
        if not isinstance(avoid, (list, tuple, set, dict)):
            raise CourseError(f"avoid must be a list of titles, not {shorten(avoid)}.")
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

