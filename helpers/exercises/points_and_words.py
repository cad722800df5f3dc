"""The Try-it checks of notebooks 00–05: points, search, clusters, analogies and axes."""
from __future__ import annotations

from ..errors import CourseError
from ..errors import shorten, whole
from ._shared import _given, _name, _real, _say, _unfilled, _whole_number, _word


def same_similarity(before, after, a: str, b: str, kv, turned) -> bool:
    """Notebook 05: ``before`` and ``after`` are the cosine similarities of ``a`` and ``b`` in
    ``kv`` and in its rotated copy ``turned`` (each to 5 decimals), so a made-up value fails."""
    return (abs(float(before) - float(kv.similarity(a, b))) < 1e-5
            and abs(float(after) - float(turned.similarity(a, b))) < 1e-5)


def nmi_matches(nmi, vectors, labels, k: int) -> bool:
    """Notebook 03: ``nmi`` is the NMI of a KMeans clustering with ``k`` groups against ``labels``."""
    from .. import clusters

    return abs(float(nmi) - clusters.agreement(clusters.kmeans(vectors, k=k), labels)["NMI"]) < 1e-9


def dragged(explorer, mover: str, target: str, hint: str) -> None:
    """Notebooks 00, 01 and 04: ``mover`` is the point dragged last and ``target`` is now its
    nearest neighbour (a drag of another point, or no drag at all, does not count)."""
    active = getattr(explorer, "active", None) or {}
    if active.get("name") != mover:
        _say(False, f"drag {mover} itself (the check reads the point you dragged last); {hint}")
        return
    first = explorer.neighbours[0]["name"] if explorer.neighbours else None
    _say(first == target, hint)


def fig(my_fig, space) -> None:
    """Notebook 01: a ripe fig is very sweet (7–10), soft (0–3) and a little longer than round
    (long above 3, at most 6), every score on the 0–10 scale. (``space`` is the fruit space the
    fig joins; the scores alone decide, since they are what the exercise asks for.)"""
    if not isinstance(my_fig, (list, tuple)) or len(my_fig) != 3 or any(_unfilled(v) for v in my_fig):
        _say(False, "replace each None with a number: three scores, sweet, crunchy and long")
        return
    scores = [_real(v) for v in my_fig]
    if any(v is None for v in scores):
        _say(False, "each score is a number such as 4 or 6.5, written without quotes")
        return
    sweet, crunchy, long = scores
    if not all(0 <= v <= 10 for v in scores):
        _say(False, "every axis of the table runs from 0 to 10; keep all three scores inside it")
    elif sweet < 7:
        _say(False, "a ripe fig is very sweet: compare your first number with the sweetest fruit in the table")
    elif crunchy > 3:
        _say(False, "a ripe fig is soft: which end of the crunchy axis means soft?")
    elif long <= 3:
        _say(False, "a fig is a little longer than round: round fruit such as cherry, orange or apple "
                    "score 1 to 3 on long, so a fig scores a bit more, but nowhere near a banana")
    elif long > 6:
        _say(False, "only a little longer than round: a fig is not as long as a banana or a carrot")
    else:
        _say(True, "", success="Correct! space.add('fig', my_fig).nearest('fig', k=3) shows where it landed.")


def farthest(answer, space, name: str = "apple") -> None:
    """Notebook 01: ``answer`` names the point farthest from ``name`` (Euclidean)."""
    _given(space, "nearest", "space", "the points, a Space such as fruit_space()")
    order = list(space.nearest(name, k=len(space) - 1, metric="euclidean").index)
    typed = _name(answer)
    if not typed:
        _say(False, "write a name from the table between the quotes")
    elif typed not in space.names:
        _say(False, f"{typed!r} is not in the table; copy a name from its first column")
    elif typed == name:
        _say(False, f"{name} is at distance 0 from itself: the question asks for the farthest other point")
    else:
        _say(typed == order[-1], f"ask for all the other points, nearest first "
                                 f"(space.nearest({name!r}, k={len(space) - 1})), and look at the end of the list")


def meaning_query(my_query, corpus, target: str) -> None:
    """Notebook 02: search by meaning puts ``target`` first for ``my_query``, and the query shares
    no word with it, not even in another form (sink/sinks, slow/slowly: the first four letters)."""
    import re

    from .. import sentences

    _given(corpus, "search", "corpus", "the sentences to search, a sentences.Corpus")
    if not isinstance(target, str) or not target.strip():
        raise CourseError(f"target must be the sentence to find, as text; not {shorten(target)}.")
    if not isinstance(my_query, str) or _unfilled(my_query):
        _say(False, "write your query between the quotes, in place of the three dots")
        return
    stems = {w[:4] for w in re.findall(r"[a-z]+", target.lower()) if len(w) > 2}
    mine = {w[:4] for w in re.findall(r"[a-z]+", my_query.lower()) if len(w) > 2}
    if sentences.shared_words(my_query, target) or stems & mine:
        _say(False, "your query shares a word (or a form of one) with the sentence, so a keyword search "
                    "could find it too; say the same thing with other words")
        return
    first = corpus.search(my_query, k=1)["text"].iloc[0]
    _say(first == target, "name the same object and the same problem in other words (what else can you call "
                          "a sink? what else can you call 'blocked'?); corpus.search(my_query) shows what comes first")


def keyword_blind_query(my_query, corpus) -> None:
    """Notebook 02: a real query (at least one letter, digit or emoji, not just punctuation) that
    the keyword search answers with nothing while the search by meaning returns five reviews."""
    import re
    import unicodedata

    _given(corpus, "keyword_search", "corpus", "the reviews to search, a sentences.Corpus")
    if not isinstance(my_query, str) or _unfilled(my_query):
        _say(False, "write your query between the quotes, in place of the three dots")
        return
    if not any(ch.isalnum() or unicodedata.category(ch) == "So" for ch in my_query):
        _say(False, "punctuation alone is not a query: use letters, a misspelt word, or an emoji")
        return
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    typed = re.findall(r"\w+", my_query.lower())
    if typed and all(w in ENGLISH_STOP_WORDS for w in typed) and not any(
            unicodedata.category(ch) == "So" for ch in my_query):
        _say(False, "words such as 'the' or 'it' are in nearly every review, and a keyword search skips "
                    "them on purpose; write a query that is about something")
        return
    found = len(corpus.keyword_search(my_query, k=5))
    if found:
        _say(False, f"the keyword search still finds {found} review(s) sharing a word with your query; "
                    "real words are in thousands of reviews: try a misspelling, slang, an emoji or another language")
        return
    _say(len(corpus.search(my_query, k=5)) == 5, "the search by meaning should return five reviews")


def swim_cluster(answer, classes, cluster_labels, noise: int = -1) -> None:
    """Notebook 03: ``answer`` is the number of the HDBSCAN cluster with the largest share of
    swimwear (the Swim class) among its reviews."""
    import numpy as np
    import pandas as pd

    noise = whole(noise, "noise")
    given = classes, cluster_labels
    classes, cluster_labels = np.asarray(classes, dtype=object), np.asarray(cluster_labels, dtype=object)
    for values, name, what in ((classes, "classes", "reviews['class']"), (cluster_labels, "cluster_labels", "hd_labels")):
        if values.ndim != 1:
            raise CourseError(f"{name} must be a column with one value per review, e.g. {what}; "
                              f"not {shorten(given[name == 'cluster_labels'])}.")
    if len(classes) != len(cluster_labels):
        raise CourseError(f"classes and cluster_labels must be one per review, in the same order; got "
                          f"{len(classes):,} and {len(cluster_labels):,}.")
    share = (pd.Series(classes) == "Swim").groupby(cluster_labels).mean()
    share = share.drop(noise, errors="ignore")
    number = _whole_number(answer)
    if number is None:
        _say(False, "write the cluster's number (a whole number, without quotes) from the HDBSCAN table")
    elif number == noise:
        _say(False, f"{noise} is the noise, the reviews HDBSCAN left out; pick a numbered cluster")
    elif number not in share.index:
        _say(False, "that number is not a row of the HDBSCAN table; read the numbers in its first column")
    else:
        _say(share[number] == share.max(),
             "that cluster is about something else; look for words about bathing or swimming in the name column")


def nmi_k6(nmi, vectors, labels, k: int = 6) -> None:
    """Notebook 03: ``nmi`` is the NMI of a KMeans clustering with ``k`` groups against ``labels``."""
    k = whole(k, "k", 2, what="how many groups")
    value = _real(nmi)
    if value is None:
        _say(False, "nmi_k6 should be a number: clusters.agreement(...) gives a small table; take its \"NMI\"")
    elif not 0 <= value <= 1:
        _say(False, "an NMI lies between 0 and 1; take the \"NMI\" of clusters.agreement(...)")
    else:
        _say(nmi_matches(value, vectors, labels, k),
             f"first make labels with clusters.kmeans(vectors, k={k}), then pass them and "
             "reviews['department'] (the department, not the class) to clusters.agreement")


def analogy_answer(my_answer, a: str, b: str, c: str, world: str | None = None) -> None:
    """Notebook 04: ``my_answer`` is the word GloVe puts first for *a : b :: c : ?*. ``world`` is
    the answer a person would give; typing it when GloVe disagrees gets a ✘ that says the model,
    not the learner, may be wrong."""
    from .. import words

    typed = _name(my_answer)
    if not typed:
        _say(False, f"run words.analogy({a!r}, {b!r}, {c!r}) and write its first word between the quotes")
        return
    first = words.analogy(a, b, c, k=1).index[0]
    if typed == first:
        _say(True, "")
    elif world is not None and typed == world:
        _say(False, f"{world} is right about the world, but is it what GloVe puts first? The exercise asks "
                    f"what the model answers: run words.analogy({a!r}, {b!r}, {c!r}) and read its first row")
    else:
        _say(False, "a : b :: c : ? is words.analogy(a, b, c); its first row is GloVe's answer")


def nearest_word(my_word, kv, word: str) -> None:
    """Notebook 05: ``my_word`` is the word ``kv`` (a model's ``.wv``) puts nearest ``word``."""
    word = _word(word, _given(kv, "most_similar", "kv", "word vectors, such as model.wv"), "word")
    typed = _name(my_word)
    if not typed:
        _say(False, f"run model.wv.most_similar({word!r}, topn=1) and write the word it gives between the quotes")
    elif typed == word:
        _say(False, f"a word is not its own neighbour: most_similar leaves {word!r} out of its answers")
    else:
        _say(typed == kv.most_similar(word, topn=1)[0][0],
             f"model.wv.most_similar({word!r}, topn=1) gives a list of (word, similarity); take the word "
             "(your model, trained above, not GloVe)")


def rotation_keeps(before, after, a: str, b: str, kv, turned) -> None:
    """Notebook 05: ``before`` and ``after`` are the similarities of ``a`` and ``b`` in ``kv``
    and in its rotated copy ``turned``, computed, not typed in."""
    for vectors, name in ((kv, "kv"), (turned, "turned")):
        for word, which in ((a, "a"), (b, "b")):
            _word(word, _given(vectors, "similarity", name, "word vectors, such as words.vectors()"), which)
    if _real(before) is None or _real(after) is None:
        _say(False, f"set both to numbers: glove.similarity({a!r}, {b!r}) and the same method on turned")
        return
    _say(same_similarity(before, after, a, b, kv, turned),
         f"use glove.similarity({a!r}, {b!r}) and the same method on turned; the two numbers "
         "should agree to about 6 decimal places")
