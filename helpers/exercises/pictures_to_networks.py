"""The Try-it checks of notebooks 06–09: pictures, films, odd points and a network's layers."""
from __future__ import annotations

from ..errors import CourseError
from ..errors import number as checked_number, shorten, whole
from ._shared import _columns_table, _given, _name, _real, _say, _unfilled, _whole_number


def separation_matches(table, hidden=(8,), seed: int = 0) -> bool:
    """Notebook 09: ``table`` is ``layers.separation`` (euclidean) of a digit network with
    ``hidden`` layers, trained with ``seed``: the same layers and the same numbers."""
    import numpy as np

    from .. import layers

    model, X_test, y_test, _ = layers.digit_network(hidden=tuple(hidden), seed=seed)
    expected = layers.separation(layers.digit_layers(model, X_test), y_test, metric="euclidean")
    return (list(table.index) == list(expected.index) and list(table.columns) == list(expected.columns)
            and np.allclose(table.to_numpy(float), expected.to_numpy(float), atol=1e-6))



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
    from ..pictures import PictureModel

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
    from ..recommend import NewUser

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
