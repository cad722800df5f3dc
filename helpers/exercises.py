"""Self-checks for the "Try it" exercises: ✔ or ✘ with a hint, never the answer.

>>> check(2 + 2 == 4, hint="add again")
✔ Correct!
"""
from __future__ import annotations

from .errors import CourseError
from .errors import number as checked_number, shorten, whole


def check(passed, hint: str, success: str = "Correct!") -> None:
    """Print ✔ and ``success`` when ``passed`` is true, else ✘ and ``hint``.

    ``passed`` may be a callable, so a check that would raise (say, on a
    name the learner has not defined yet) prints the hint instead.
    """
    if callable(passed):
        try:
            passed = passed()
        except CourseError as exc:  # a helper explains what is wrong with the answer
            print(f"✘ Not yet: {exc} Hint: {hint}")
            return
        except Exception:  # the answer is unfinished (None, a missing name, ...): hint, don't crash
            passed = False
    if passed:
        print(f"✔ {success}")
    else:
        print(f"✘ Not yet. Hint: {hint}")


def reveal(guess, truth, *, close=None, show=None, explain: str = "") -> None:
    """"Predict, then run": compare the learner's ``guess`` with what really happens.

    Until a guess is written (``guess`` is ``None`` or ``...``), nothing about the answer is
    printed. ``truth`` may be a callable (evaluated only after a guess exists). ``close`` is an
    optional tolerance for numbers; ``show`` an optional way to print the true value (default:
    ``truth`` itself); ``explain`` is one sentence printed after the verdict.

    >>> reveal(None, 4)
    ✎ Write your prediction first (replace the None), then run this cell again.
    >>> reveal(4, lambda: 2 + 2, explain="Addition.")
    ✔ Your prediction matched: 4. Addition.
    >>> reveal(5, 4, close=0.5)
    ✘ Not quite: the result is 4.
    """
    if guess is None or guess is Ellipsis:
        print("✎ Write your prediction first (replace the None), then run this cell again.")
        return
    if callable(truth):
        try:
            truth = truth()
        except Exception:  # the cells the answer needs have not run, or the learner's part is unfinished
            print("✘ The result cannot be worked out yet: this cell needs a value that is not there. "
                  "Fill in every None in this cell (and run the cells above it, if you skipped some), then run it again.")
            return
    if close is not None:
        try:
            matched = abs(float(guess) - float(truth)) <= close
        except (TypeError, ValueError):
            matched = False
    elif isinstance(truth, str) and isinstance(guess, str):
        matched = guess.strip().lower() == truth.strip().lower()
    else:
        matched = guess == truth
    shown = show(truth) if callable(show) else (show if show is not None else truth)
    if matched:
        print(f"✔ Your prediction matched: {shown}. {explain}".rstrip())
    else:
        print(f"✘ Not quite: the result is {shown}. {explain}".rstrip())


def same_similarity(before, after, a: str, b: str, kv, turned) -> bool:
    """Notebook 05: ``before`` and ``after`` are the cosine similarities of ``a`` and ``b`` in
    ``kv`` and in its rotated copy ``turned`` (each to 5 decimals), so a made-up value fails."""
    return (abs(float(before) - float(kv.similarity(a, b))) < 1e-5
            and abs(float(after) - float(turned.similarity(a, b))) < 1e-5)


def nmi_matches(nmi, vectors, labels, k: int) -> bool:
    """Notebook 03: ``nmi`` is the NMI of a KMeans clustering with ``k`` groups against ``labels``."""
    from . import clusters

    return abs(float(nmi) - clusters.agreement(clusters.kmeans(vectors, k=k), labels)["NMI"]) < 1e-9


def separation_matches(table, hidden=(8,), seed: int = 0) -> bool:
    """Notebook 09: ``table`` is ``layers.separation`` (euclidean) of a digit network with
    ``hidden`` layers, trained with ``seed``: the same layers and the same numbers."""
    import numpy as np

    from . import layers

    model, X_test, y_test, _ = layers.digit_network(hidden=tuple(hidden), seed=seed)
    expected = layers.separation(layers.digit_layers(model, X_test), y_test, metric="euclidean")
    return (list(table.index) == list(expected.index) and list(table.columns) == list(expected.columns)
            and np.allclose(table.to_numpy(float), expected.to_numpy(float), atol=1e-6))


# -- the notebooks' Try-it checks ------------------------------------------------------------
# One function per exercise, named for what it checks. Each prints one ✔ or ✘ line (a ✘ with a
# hint that never contains the answer) and tests the idea itself (which point moved, by how much,
# inside the allowed range, the right name and only it), not a proxy that a wrong answer can meet.
# tests/test_checks.py holds, for every one, a table of wrong answers that must each get a ✘.

def _unfilled(value) -> bool:
    """The template's placeholder is still there (None, ``...``, "" or "...")."""
    return value is None or value is Ellipsis or (isinstance(value, str) and value.strip(" .") == "")


def _say(passed: bool, hint: str, success: str = "Correct!") -> None:
    check(bool(passed), hint=hint, success=success)


def _name(value) -> str | None:
    """A typed name, lower-cased and stripped; None when it is not text."""
    return value.strip().lower() if isinstance(value, str) else None


def _real(value) -> float | None:
    """A finite number (never True/False, never text), else None."""
    import math
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        return None
    return float(value)


def _whole_number(value) -> int | None:
    number = _real(value)
    return int(number) if number is not None and number == int(number) else None


def _given(value, method: str, name: str, what: str):
    """``value``, the notebook's own object a check reads (``what``, which has ``method``), else
    one ✘ that says what to pass (a learner may call a check by hand with something else)."""
    if not callable(getattr(value, method, None)):
        raise CourseError(f"{name} must be {what}; not {shorten(value)}.")
    return value


def _word(value, kv, name: str) -> str:
    """``value``, a word of the word vectors ``kv``, else one ✘ naming the argument."""
    if not isinstance(value, str) or value not in kv:
        raise CourseError(f"{name} must be a word of the model's vocabulary, in quotes; not {shorten(value)}.")
    return value


def _columns_table(value, name: str, column):
    """``value``, a table with a ``column`` column, else one ✘ naming the argument."""
    from .errors import table

    if not isinstance(column, str):
        raise CourseError(f"column must be a column name in quotes; not {shorten(column)}.")
    return table(value, name, [column])


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

    from . import sentences

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
    from . import words

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


def _forms(word: str) -> set[str]:
    """``word`` and the simple forms of it that still name the same thing (plural, possessive)."""
    w = word.lower().strip()
    return {w, w + "s", w + "es", w + "'s", w + "s'"}


def picture_word(my_word, model, cls: str = "elephant", share: float = 0.6, k: int = 10) -> None:
    """Notebook 06: a word that is none of the class names (nor a form of one: "elephants",
    "Elephant") whose ``k`` nearest test pictures are at least ``share`` ``cls``."""
    k, share = whole(k, "k", 1, what="how many pictures"), checked_number(share, "share", 0, 1)
    _given(model, "precision", "model", "a trained picture model, e.g. pictures.train()")
    typed = _name(my_word)
    if not typed:
        _say(False, "write one word between the quotes, in place of the three dots")
        return
    if any(typed in _forms(c) or c in typed for c in model.classes):
        _say(False, "that is a class name (or a form of one); the exercise asks for another word: "
                    "what does text say about elephants?")
        return
    found = model.precision(typed, cls, k=k)
    _say(found >= share, f"think of what {cls}s are hunted for, or of an animal written about alongside them; "
                         "model.word_table([...]) shows what a word finds")


def held_out_model(exercise_model, cls: str = "zebra") -> None:
    """Notebook 06: ``exercise_model`` is a picture model trained with ``cls`` held out."""
    from .pictures import PictureModel

    if not isinstance(exercise_model, PictureModel):
        _say(False, f"exercise_model should be a trained model: pictures.train(held_out=...) with the {cls} held out")
    else:
        _say(exercise_model.held_out == cls,
             "that model holds out another class; train a new one with held_out set to the striped animal")


def nearest_film(answer, model, title: str) -> None:
    """Notebook 07: ``answer`` names the film nearest ``title`` (leniently matched, as model.find does)."""
    _given(model, "nearest_films", "model", "the trained film model, e.g. recommend.train(...)")
    if not isinstance(answer, str) or _unfilled(answer):
        _say(False, "write a film's title between the quotes")
        return
    try:
        row = model.find(answer)
    except CourseError as exc:
        print(f"✘ Not yet: {exc}")
        return
    if row == model.find(title):
        _say(False, "that is the film itself; a film is not its own neighbour: read the first row of "
                    "model.nearest_films(...) for it")
        return
    _say(row == model.find(model.nearest_films(title, k=1).index[0]),
         "call model.nearest_films with the title and k=1, and read the first row")


def horror_fan(fan, model, genre: str = "Horror", neighbours=("Horror", "Thriller"), k: int = 10,
               need: int = 3) -> None:
    """Notebook 07: ``fan`` is a new person (model.fold_in) who gave at least ``need`` films of
    ``genre`` 4 or 5 stars, and ``need`` of their top ``k`` recommendations are ``neighbours`` films."""
    from .recommend import NewUser

    k, need = whole(k, "k", 1, what="how many films to recommend"), whole(need, "need", 1)
    _given(model, "recommend", "model", "the trained film model, e.g. recommend.train(...)")
    if not isinstance(genre, str):
        raise CourseError(f"genre must be a genre in quotes, e.g. 'Horror'; not {shorten(genre)}.")
    if not isinstance(neighbours, (list, tuple)) or not all(isinstance(g, str) for g in neighbours):
        raise CourseError(f"neighbours must be a list of genres, e.g. ('Horror', 'Thriller'); not {shorten(neighbours)}.")
    if not isinstance(fan, NewUser):
        _say(False, "fan should be a new person: fan = model.fold_in({\"a film's title\": 5, ...}), "
                    "not a person's number or a list of films")
        return
    genres = model.films["genres"]
    loved = [row for row, stars in fan.rated.items() if stars >= 4 and genre in genres.iloc[row]]
    if len(loved) < need:
        _say(False, f"fan needs at least {need} {genre.lower()} films rated 4 or 5 stars "
                    f"(they have {len(loved)}); model.films shows each film's genres")
        return
    top = model.recommend(fan, k=k)["genres"]
    _say(sum(any(g in gs for g in neighbours) for gs in top) >= need,
         f"their top {k} should hold at least {need} {' or '.join(neighbours)} films: try other "
         f"{genre.lower()} films, or more of them")


def smallest_k(my_k, table, column: str, at_least: float) -> None:
    """Notebook 08: ``my_k`` is the smallest k (a row of ``table``) whose ``column`` is ≥ ``at_least``."""
    table, at_least = _columns_table(table, "table", column), checked_number(at_least, "at_least")
    ks = [_whole_number(k) for k in table.index]
    if None in ks:
        raise CourseError(f"table must have the values of k as its rows, e.g. anomaly.auc_by_k(...); "
                          f"its rows are {shorten(list(table.index))}.")
    number = _whole_number(my_k)
    if number is None:
        _say(False, "write k as a whole number without quotes, one of the table's row labels")
    elif number not in ks:
        _say(False, f"that k is not a row of the table; the rows are k = {', '.join(map(str, ks))}")
    else:
        good = [k for k, v in zip(ks, table[column]) if v >= at_least]
        if good and number == good[0]:
            _say(True, "")
        elif number in good:
            _say(False, f"that k reaches {at_least} but is not the smallest: look at the rows above it")
        else:
            _say(False, f"at that k the '{column}' column is still below {at_least}; read on down the column")


def dragged_score(my_score, odd_explorer, name: str) -> None:
    """Notebook 08: ``name`` is the point dragged last in the OddnessExplorer, its score now
    passes the flag line, and ``my_score`` is that score (as ``use`` returned it), not a number
    typed in."""
    if not hasattr(odd_explorer, "flag_line") or not hasattr(odd_explorer, "explorer"):
        raise CourseError(f"odd_explorer must be the OddnessExplorer you dragged the point in; not {shorten(odd_explorer)}.")
    active = getattr(odd_explorer.explorer, "active", None) or {}
    if active.get("name") != name:
        _say(False, f"move {name!r} itself: x, y = explorer.position({name!r}); my_score = explorer.use({name!r}, x + ..., y)")
        return
    if odd_explorer.score is None or odd_explorer.score <= odd_explorer.flag_line:
        _say(False, "move it further: try adding a few tens to x or y (the map's scale is shown on its axes)")
        return
    value = _real(my_score)
    _say(value is not None and abs(value - odd_explorer.score) < 1e-6,
         "store the number explorer.use(...) returned in my_score (my_score = explorer.use(...)), not a number typed in")


def best_row(answer, table, column: str) -> None:
    """Notebook 09: ``answer`` names a row of ``table`` with the largest ``column`` (ties: any)."""
    table = _columns_table(table, "table", column)
    typed = _name(answer)
    rows = [str(r) for r in table.index]
    if not typed:
        _say(False, "write a row name between the quotes, as the table's first column spells it")
    elif typed not in [r.lower() for r in rows]:
        _say(False, "that is not a row of the table; copy a name from its first column")
    else:
        row = rows[[r.lower() for r in rows].index(typed)]
        _say(table.loc[row, column] == table[column].max(),
             f"look down the '{column}' column of the table for its largest value (ties: any of them)")


def small_network(small_sep, hidden=(8,), seed: int = 0) -> None:
    """Notebook 09: ``small_sep`` is the separation table of a digit network with ``hidden`` layers."""
    import pandas as pd

    seed = whole(seed, "seed", 0)
    if not isinstance(hidden, (list, tuple)):
        raise CourseError(f"hidden must be a tuple of layer sizes, e.g. (8,); not {shorten(hidden)}.")
    if not isinstance(small_sep, pd.DataFrame):
        _say(False, f"small_sep should be the table layers.separation(...) gives for a network "
                    f"trained with hidden={tuple(hidden)}")
        return
    _say(separation_matches(small_sep, hidden=hidden, seed=seed),
         f"build it with digit_network(hidden={tuple(hidden)}), then digit_layers(...) and "
         "separation(..., metric='euclidean')")


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.lower())


def _same_text(a: str, b: str) -> bool:
    """The same sentence, whatever its case, spacing or punctuation."""
    return _words(a) == _words(b)


def _placeholder(text) -> bool:
    """Unfinished text: not text at all, empty, or still holding the template's dots."""
    return not isinstance(text, str) or _unfilled(text) or "..." in text or "…" in text


def _course_error(call):
    """Run ``call``; a CourseError (an unknown name, say) becomes one ✘ line and None."""
    from .errors import CourseError

    try:
        return call(), None
    except CourseError as exc:
        return None, f"✘ Not yet: {exc}"


def reject_at_accept(my_reject, table, at_most: float = 0.01) -> None:
    """Notebook 10: ``my_reject`` is the false reject rate at the largest threshold of ``table``
    (faces.unlock_table) whose false accept rate is at most ``at_most``: the table's own value,
    so a number copied from the rounded print, a rate of another threshold, a false accept rate
    or a threshold all fail."""
    from .errors import table as checked_table

    table = checked_table(table, "table", ["false accept", "false reject"])
    at_most = checked_number(at_most, "at_most", 0, 1)
    value = _real(my_reject)
    if value is None:
        _say(False, "my_reject should be a number taken from the table, such as table.loc[0.5, 'false reject'] "
                    "(with the right threshold in place of 0.5), written without quotes")
        return
    accept, reject = table["false accept"], table["false reject"]
    allowed = [t for t in table.index if accept[t] <= at_most]
    truth = float(reject[max(allowed)])
    on_reject = [t for t in table.index if abs(reject[t] - value) < 1e-9]
    if abs(value - truth) < 1e-9:
        _say(True, "")
    elif not 0 <= value <= 1:
        _say(False, "a rate is a share from 0 to 1, not a percentage: read the 'false reject' column as it is")
    elif on_reject and all(accept[t] > at_most for t in on_reject):
        _say(False, f"at that threshold more than 1 stranger in {round(1 / at_most)} gets in (its false accept "
                    f"is above {at_most}); look at smaller thresholds")
    elif on_reject:
        _say(False, f"that threshold keeps strangers out well enough, but it is not the largest that does: "
                    f"a larger one refuses the owner less often; take the last row with false accept ≤ {at_most}")
    elif abs(value - truth) < 0.01:
        _say(False, "close, but not the table's own number: store table.loc[threshold, 'false reject'] itself, "
                    "not a number copied from the rounded print")
    elif any(abs(accept[t] - value) < 1e-9 for t in table.index):
        _say(False, "that number is from the 'false accept' column; the question asks for the false reject rate")
    elif any(abs(t - value) < 1e-9 for t in table.index):
        _say(False, "that is a threshold, not a rate: read the 'false reject' column in its row")
    else:
        _say(False, f"filter the rows with table[table['false accept'] <= {at_most}], take the last one, "
                    "and read its 'false reject'")


def stranger_gets_in(owner, visitor, model, threshold: float = 1.0, people=range(31, 41)) -> None:
    """Notebook 10: photos ``owner`` and ``visitor`` show two different people among ``people``
    (the strangers the network never saw) and unlock at ``threshold``: their points are at most
    that far apart."""
    import numpy as np

    from .errors import unknown

    model = _given(model, "nearest", "model", "the trained face model, model = faces.train()")
    threshold = checked_number(threshold, "threshold", 0)
    if _unfilled(owner) or _unfilled(visitor):
        _say(False, 'put two photo names between quotes, such as the names model.nearest("person 33 #2") lists')
        return
    data = model.data
    names = data.names
    for name in (owner, visitor):
        if not isinstance(name, str) or name not in names:
            print(f"✘ Not yet: {unknown(name, names, 'photo', 'Copy a name from model.nearest(...).')}")
            return
    a, b = names.index(owner), names.index(visitor)
    pa, pb = int(data.person[a]), int(data.person[b])
    if pa not in people or pb not in people:
        _say(False, f"pick photos of people {people[0]}–{people[-1]}, the strangers the network never saw "
                    "(model.nearest lists only those)")
    elif pa == pb:
        _say(False, "those two photos show the same person, and letting an owner in is what the phone should do; "
                    "find two different people")
    else:
        distance = float(np.linalg.norm(model.vectors[a] - model.vectors[b]))
        _say(distance <= threshold, f"those two are more than {threshold:g} apart, so the phone stays locked; look down "
                                    "the nearest lists of a few photos for a row whose 'same person' is False "
                                    f"and whose distance is at most {threshold:g}")


def other_instrument_note(my_note, timbre) -> None:
    """Notebook 11: ``my_note`` names a note whose nearest note in ``timbre`` is played by
    another instrument."""
    from . import sounds

    if _placeholder(my_note):
        _say(False, "write a note's name between the quotes, an instrument and a note, as sounds.sounds_like lists them")
        return
    data = sounds.notes()
    row, error = _course_error(lambda: data.index(my_note.strip()))
    if error:
        print(error)
        return
    nearest = sounds.sounds_like(timbre, my_note.strip(), k=1)["instrument"].iloc[0]
    _say(nearest != data.instrument[row],
         "that note's nearest note is the same instrument; try notes of instruments that sit close together "
         "on the map of section 4, and compare the instrument in the answer with yours")


def cello_rail(my_history, timbre, instrument: str = "cello", fewest: int = 2, most: int = 4) -> None:
    """Notebook 11: ``my_history`` is a list of ``fewest``–``most`` different notes, none played
    by ``instrument``, whose recommendation rail (sounds.rail) suggests an ``instrument`` note first."""
    from . import sounds

    fewest = whole(fewest, "fewest", 1)
    most = whole(most, "most", fewest)
    if not isinstance(my_history, (list, tuple)) or any(_placeholder(n) for n in my_history) or not my_history:
        _say(False, f"my_history should be a list of {fewest} to {most} note names, each in quotes, "
                    "separated by commas, inside [ ]")
        return
    data = sounds.notes()
    history = [n.strip() for n in my_history]
    for name in history:
        _, error = _course_error(lambda: data.index(name))
        if error:
            print(error)
            return
    if len(set(history)) != len(history):
        _say(False, "each note once: a note listened to twice is still one point of your history")
    elif not fewest <= len(history) <= most:
        _say(False, f"a history of {fewest} to {most} notes, please (yours has {len(history)})")
    elif any(data.instrument[data.index(n)] == instrument for n in history):
        _say(False, f"no {instrument} note in the history: the rail should find the {instrument} by itself")
    else:
        first = sounds.rail(timbre, history, k=1)["instrument"].iloc[0]
        _say(first == instrument, f"the rail suggests another instrument first; on the map the {instrument} notes sit "
                                  "among the violin and organ notes: try low notes of those")


def giraffe_sentence(my_sentence, model, animal: str = "giraffe", at_least: int = 8, k: int = 10) -> None:
    """Notebook 12: a sentence of one's own (at least three words, none of the course's 60
    sentences whatever its case or punctuation) whose ``k`` nearest kept-out pictures hold at
    least ``at_least`` ``animal``s."""
    from . import captions

    model = _given(model, "pictures_for", "model", "the trained picture model, model = captions.train()")
    at_least, k = whole(at_least, "at_least", 1), whole(k, "k", 1)
    if _placeholder(my_sentence):
        _say(False, "write your sentence between the quotes, in place of the example's dots")
        return
    if len(_words(my_sentence)) < 3:
        _say(False, f"one word or two is not a sentence: describe the {animal} as the table's sentences do, "
                    "in a dozen plain words")
        return
    if any(_same_text(my_sentence, s) for s in captions.sentences()["sentence"]):
        _say(False, "that sentence is in the course's table; write one of your own")
        return
    found = int((model.pictures_for(my_sentence, k=k)["animal"] == animal).sum())
    _say(found >= at_least, f"{found} of its {k} nearest pictures are {animal}s; describe the {animal} as the "
                            "table's sentences do (how tall it is, its neck, its legs, where it lives)")


def bird_caption(my_captions, model, picture: int, animals=("bird", "horse", "sheep")) -> None:
    """Notebook 12: three different sentences about ``animals``, in that order (each read by the
    sentence model as nearest its own animal's training sentences, ``model.targets``), and the
    first is the best caption of ``picture`` among the three."""
    import numpy as np

    from . import captions

    model = _given(model, "caption", "model", "the trained picture model, model = captions.train()")
    picture = whole(picture, "picture", 0)
    n = len(animals)
    listing = ", ".join(animals)
    if (not isinstance(my_captions, (list, tuple)) or len(my_captions) != n
            or any(_placeholder(c) for c in my_captions)):
        _say(False, f"my_captions should be a list of {n} sentences, each in quotes: about a {listing}, in that order")
        return
    texts = [c.strip() for c in my_captions]
    if any(_same_text(a, b) for i, a in enumerate(texts) for b in texts[i + 1:]):
        _say(False, f"{n} different sentences: copies of one sentence cannot show that the picture picked the right one")
        return
    classes = list(model.data.classes)
    read_as = [classes[i] for i in np.argmax(captions._encode(texts) @ model.targets.T, axis=1)]
    for position, (want, got) in enumerate(zip(animals, read_as)):
        if got != want:
            _say(False, f"sentence {position + 1} should be about a {want}, but the sentence model reads it as nearer "
                        f"the {got} sentences; say more that only fits a {want}")
            return
    best = model.caption(picture, texts, k=1).index[0]
    _say(best == texts[0], f"the picture chose another of your sentences; make the {animals[0]} one about what its "
                           "silhouette shows: words like wings, feathers or flying help")


_ENGLISH = {"the", "at", "every", "each", "of", "and", "is", "are", "my", "his", "her", "its", "their", "our",
            "your", "to", "with", "when", "he", "she", "it", "they", "this", "that", "for", "from", "by", "a",
            "an", "on", "in"}


def _english(text: str, target: str) -> bool:
    """A rough test: English when it has "the", one of ``target``'s own words (or a form of one:
    barks, barking, postmen), or when a third of its words are common English small words."""
    words = _words(text)
    forms = set()
    for w in _words(target):
        base = w[:-1] if w.endswith("s") and len(w) > 3 else w
        forms |= {base, base + "s", base + "es", base + "ed", base + "ing"}
        if base.endswith("man"):
            forms.add(base[:-3] + "men")
    if "the" in words or forms & set(words):
        return True
    return sum(w in _ENGLISH for w in words) * 3 >= len(words)


def _word_count(text: str) -> int:
    """Words, counting each character of a script written without spaces (Chinese, Japanese, Thai) as one."""
    import re

    return len(_words(re.sub(r"[\u0e00-\u0e7f\u2e80-\u9fff\uac00-\ud7af]", " x ", text)))


def dog_sentence(my_sentence, table, target: str = "the dog barks at the postman every morning") -> None:
    """Notebook 13: a sentence in another language than English (by a rough test: see ``_english``),
    not copied from ``table`` whatever its case or punctuation, whose nearest English sentence is ``target``."""
    from . import translation

    table = _given(table, "stack", "table", "the table of sentences, translation.pairs()")
    if _placeholder(my_sentence):
        _say(False, "write your sentence between the quotes, in place of the example's dots")
        return
    if _word_count(my_sentence) < 3:
        _say(False, "one word or two is not a sentence: say the whole thing, the dog, the postman and the morning")
        return
    if any(_same_text(my_sentence, s) for s in table.stack()):
        _say(False, "that sentence is in the table; write one of your own (a different wording, or another language)")
        return
    if _english(my_sentence, target):
        _say(False, "that looks like English; the exercise asks for another language: French, German, Spanish, "
                    "Italian, Portuguese, ...")
        return
    nearest = translation.translate(my_sentence, into="english", k=1).index[0]
    _say(nearest == target, "its nearest English sentence is another one; write the sentence about the dog and the "
                            "postman in a language you know (or with a dictionary); it need not be perfect")


def top1_of(my_top1, source: str = "german", target: str = "spanish") -> None:
    """Notebook 13: ``my_top1`` is the table translation.top1(``source``, ``target``) returns.
    The check asks for the table, not the share: every share of 40 sentences is a short decimal,
    so a typed share could not be told from a computed one."""
    import numpy as np
    import pandas as pd

    from . import translation

    if not isinstance(my_top1, pd.DataFrame) or list(my_top1.columns) != ["sentence", "nearest", "similarity", "right"]:
        _say(False, "my_top1 should be the table translation.top1(...) returns, one row per sentence, not a number: "
                    "the check reads the share of right answers from it")
        return
    table = translation.pairs()
    if list(my_top1["sentence"]) != list(table[source]):
        _say(False, f"its sentences are not the {source} ones: the first language top1 takes is the one you translate from")
        return
    if not set(my_top1["nearest"]) <= set(table[target]):
        _say(False, f"its nearest sentences are not {target}: the second language top1 takes is the one searched")
        return
    expected = translation.top1(source, target)
    if (list(my_top1["nearest"]) != list(expected["nearest"])
            or not np.array_equal(np.asarray(my_top1["right"], bool), np.asarray(expected["right"], bool))):
        _say(False, f"that is not what translation.top1({source!r}, {target!r}) gives; compute it again rather than edit it")
        return
    right = int(expected["right"].sum())
    _say(True, "", success=f"Correct! {source.title()} → {target.title()}: {right} of {len(expected)} nearest "
                           f"sentences are the translation, a top-1 of {right / len(expected):.0%}.")


def weather_query(my_query, mine, example, topic: str = "weather") -> None:
    """Notebook 14: a query of one's own (not one of the sentences whatever its case or punctuation,
    nor three or more words of mostly one sentence) whose nearest sentence in ``mine`` is one of
    ``example``'s ``topic`` sentences."""
    from . import own
    from .errors import table as checked_table

    example = checked_table(example, "example", ["topic", "sentence"])
    mine = _given(mine, "nearest", "mine", "your points, mine = own.from_texts(...)")
    if _placeholder(my_query):
        _say(False, "write your query between the quotes, in place of the example's dots")
        return
    wanted = set(example.loc[example["topic"] == topic, "sentence"]) & set(mine.names)
    if not wanted:
        _say(False, f"this Try-it uses the example sentences, and yours have none about the {topic}: "
                    "run section 1 with the example text, then this cell")
        return
    words = set(_words(my_query))
    for sentence in mine.names:
        theirs = set(_words(sentence))
        if _same_text(my_query, sentence) or (len(words) >= 3 and len(words & theirs) * 4 >= len(words) * 3):
            _say(False, "that is (nearly) one of the sentences; the exercise asks for a query in your own words")
            return
    first = own.search(mine, my_query, k=1).index[0]
    _say(first in wanted, "its nearest sentence is about something else; ask something you would ask before "
                          "going out, in your own words")


def _metadata_file(my_metadata):
    """The metadata.tsv path the learner stored, or None after one ✘ saying what it is instead."""
    from pathlib import Path

    if isinstance(my_metadata, (tuple, list)):
        return _say(False, "that is both paths; keep only the second, the metadata file")
    if _unfilled(my_metadata) or not isinstance(my_metadata, (str, Path)):
        return _say(False, "put the second path export_projector returns in my_metadata (it returns two: vectors first)")
    path = Path(my_metadata)
    if not path.is_file():
        return _say(False, "there is no file at that path; store the second path export_projector returns")
    if path.name != "metadata.tsv":
        return _say(False, "that is not the metadata file; export_projector returns two paths, vectors first, "
                           "metadata second")
    return path


def _topics_fit(lines: list, mine, example, column: str) -> bool:
    """Whether metadata.tsv's ``lines`` name ``mine``'s sentences with their topics from
    ``example``, in order; one ✘ at the first thing that does not fit."""
    header = lines[0].split("\t") if lines else []
    if header != ["name", column]:
        _say(False, f"its columns should be the name and one more, called {column!r}: "
                    "metadata is a dict of columns, {column name: list of values}")
        return False

    def clean(value) -> str:   # as own.export_projector writes a value
        return " ".join(str(value).split())

    rows = [line.split("\t") for line in lines[1:]]
    if [r[0] for r in rows] != [clean(n) for n in mine.names]:
        _say(False, "its rows are not your sentences; export mine")
        return False
    topic_of = dict(zip(example["sentence"], example[column]))
    if any(n not in topic_of for n in mine.names):
        _say(False, "this Try-it uses the example sentences: run section 1 with the example text, then export again")
        return False
    if [r[1] for r in rows] != [clean(topic_of[n]) for n in mine.names]:
        _say(False, "its topic column does not give each sentence its own topic in the same order: "
                    "use example['topic'] as it is")
        return False
    return True


def topic_export(my_metadata, mine, example, column: str = "topic") -> None:
    """Notebook 14: ``my_metadata`` is the path of a metadata.tsv that own.export_projector wrote
    for ``mine``: a ``column`` giving each sentence its topic from ``example``, in order, and
    beside it a vectors.tsv holding ``mine``'s points."""
    import numpy as np

    from .errors import table as checked_table

    example = checked_table(example, "example", ["topic", "sentence"])
    mine = _given(mine, "nearest", "mine", "your points, mine = own.from_texts(...)")
    path = _metadata_file(my_metadata)
    if path is None or not _topics_fit(path.read_text(encoding="utf-8").splitlines(), mine, example, column):
        return
    vectors = path.with_name("vectors.tsv")
    try:
        written = np.loadtxt(vectors, delimiter="\t", ndmin=2)
    except (OSError, ValueError):
        written = None
    _say(written is not None and written.shape == mine.vectors.shape and np.allclose(written, mine.vectors, atol=1e-6),
         "the vectors.tsv beside it does not hold your sentences' points: write both files with one "
         "export_projector call")
