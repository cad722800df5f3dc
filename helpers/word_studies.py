"""Word vectors measured and made: the Google analogy test and WordSim-353 (notebook 04),
what fewer dimensions cost (04), and word vectors trained on the course's reviews, compared
between runs and with a rotated GloVe (05). The questions themselves (nearest words, analogies)
are :mod:`helpers.words`.

>>> from helpers import word_studies
>>> len(word_studies.analogy_questions())
19544
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from .errors import check_k, CourseError, shorten, some, whole
from .space import top_k, unit_rows
from .words import _check_kv, _ranked, _unit, common_words, nearest, similarity, vectors


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
        raise CourseError("questions must be a table like word_studies.analogy_questions() gives (columns "
                          f"{', '.join(need)}), not {shorten(questions)}.")
    if questions.empty:
        raise CourseError("questions is empty: give at least one question, e.g. word_studies.analogy_questions(5).")
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
        raise CourseError("answered must be the table word_studies.answer_questions(...) returns (columns section, "
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
    import pandas as pd

    restrict_vocab = whole(restrict_vocab, "restrict_vocab", 1, 400_000, "how many of the commonest words count")
    kv = vectors()
    questions, sections = _gensim_sections(kv, questions, restrict_vocab)
    total = questions.groupby("section", sort=False).size()
    table = pd.DataFrame(
        [(s["section"], len(s["correct"]), len(s["correct"]) + len(s["incorrect"])) for s in sections],
        columns=["section", "correct", "in vocabulary"]).set_index("section")
    table.insert(0, "questions", total.reindex(table.index).fillna(0).astype(int))
    table.loc["Total accuracy", "questions"] = int(total.sum())
    table["accuracy %"] = (100 * table["correct"] / table["in vocabulary"].clip(lower=1)).round(1)
    table = table[["questions", "in vocabulary", "correct", "accuracy %"]].astype(
        {"questions": int, "in vocabulary": int, "correct": int})
    answered = questions.copy()
    answered["answer"] = pd.Series(_gensim_answers(kv, questions, sections, restrict_vocab),
                                   index=answered.index, dtype=object)
    answered["correct"] = answered["answer"] == answered["expected"]
    return table, answered


def _gensim_sections(kv, questions, restrict_vocab: int):
    """(questions, sections): gensim's evaluate_word_analogies run on ``questions`` (None: its
    own questions-words.txt, else written to a temporary file in that format)."""
    import os
    import tempfile

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
    return questions, sections


def _gensim_answers(kv, questions, sections, restrict_vocab: int) -> list:
    """gensim's answer to each question: the expected word where it was right, the first word of
    ``most_similar`` where it was wrong, None where it skipped the question."""
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
    return answers


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

    kv = vectors()
    dims = _study_dims(dims, kv.vector_size)
    per_section = whole(per_section, "per_section", 1, what="questions from each of the 14 sections")
    seed = whole(seed, "seed", 0, 2**32 - 1)
    restrict_vocab = whole(restrict_vocab, "restrict_vocab", 1000, len(kv.index_to_key),
                           what="how many of the commonest words count")
    n_common = whole(n_common, "n_common", 1, 10_000, what="common words whose neighbours are compared")
    n_random = whole(n_random, "n_random", 2, 5_000, what="random words whose distances are measured")
    rng = np.random.default_rng(seed)
    Z = _pca_coordinates(kv.vectors[:restrict_vocab], rng, seed)
    idx = _question_rows(kv, analogy_questions(per_section=per_section, seed=seed), restrict_vocab)
    common = np.arange(100, 100 + n_common)
    randoms = rng.choice(_POOL, n_random, replace=False)
    rows, tops = {}, {}
    for d in sorted({*dims, kv.vector_size}):
        rows[d], tops[d] = _squeezed(Z[:, :d], idx, common, randoms)
    for d in dims:
        rows[d]["top-10 shared with 50-d"] = float(np.mean(
            [len(a & b) / 10 for a, b in zip(tops[d], tops[kv.vector_size])]))
    table = pd.DataFrame.from_dict({d: rows[d] for d in dims}, orient="index")[
        ["analogy accuracy", "top-10 shared with 50-d", "distance spread"]]
    table.index.name = "dimensions"
    table.attrs["questions"] = len(idx)
    return table


_POOL = 30_000  # dimension_study: neighbours are looked for among the most frequent words


def _study_dims(dims, size: int) -> list:
    """``dims`` as a sorted list of distinct numbers from 1 to ``size``, else a CourseError."""
    if isinstance(dims, str) or not isinstance(dims, Iterable) or not list(dims):
        raise CourseError(f"dims must be a list of numbers from 1 to {size}, e.g. (5, 10, 50); "
                          f"not {shorten(dims)}.")
    return sorted({whole(d, "each of dims", 1, size) for d in dims})


def _question_rows(kv, questions, restrict_vocab: int) -> np.ndarray:
    """The word numbers of each question's a, b, c and expected, for the questions whose four
    words are all among the ``restrict_vocab`` most frequent."""
    idx = np.array([[kv.key_to_index.get(w, -1) for w in questions[c]] for c in ("a", "b", "c", "expected")]).T
    return idx[((idx >= 0) & (idx < restrict_vocab)).all(axis=1)]


def _pca_coordinates(X: np.ndarray, rng, seed: int) -> np.ndarray:
    """The rows of ``X`` in the coordinates of a PCA (scikit-learn) fitted on 50,000 of them
    picked by ``rng``, all directions kept (the first d of them are the best d-d squeeze)."""
    from sklearn.decomposition import PCA

    fit_rows = X[rng.choice(len(X), min(50_000, len(X)), replace=False)]
    pca = PCA(n_components=X.shape[1], random_state=seed).fit(fit_rows)   # all 50: the reference
    return pca.transform(X).astype(np.float32)


def _squeezed(M: np.ndarray, idx: np.ndarray, common: np.ndarray, randoms: np.ndarray) -> tuple[dict, list]:
    """One row of :func:`dimension_study` for the words as the rows of ``M`` (their first PCA
    coordinates): ({analogy accuracy, distance spread}, each common word's 10 nearest)."""
    from scipy.spatial.distance import pdist

    U = unit_rows(M)
    query = U[idx[:, 1]] + U[idx[:, 2]] - U[idx[:, 0]]
    scores = query @ U.T
    scores[np.arange(len(idx))[:, None], idx[:, :3]] = -np.inf
    accuracy = float((scores.argmax(axis=1) == idx[:, 3]).mean())
    near = U[common] @ U[:_POOL].T
    near[np.arange(len(common)), common] = -np.inf
    tops = [set(top_k(row, 10, largest=True)) for row in near]
    dist = pdist(M[randoms])     # all pairs, each once
    return {"analogy accuracy": accuracy, "distance spread": float(dist.std() / dist.mean())}, tops
