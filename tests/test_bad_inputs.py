"""Bad inputs, as a learner types them in a notebook: every case runs inside IPython
(the course's ✘ handler installed, exactly as in Jupyter) and must end in ONE ✘ line
that says what to do, or in a correct result. Never a traceback, never a silent NaN,
and the object must still work afterwards.

A case is ``(code, expect)``:

* ``expect`` a string: a regular expression the ✘ message must match (it should name
  the fix: the valid range, the choices, a close spelling);
* ``expect`` an ``Ok("expression")``: the code runs without a ✘ and the expression,
  evaluated afterwards in the same namespace, is true (a correct result, a status line
  that says a widget ignored the input, ...).

Each area has a SETUP (run once) and an AFTER check (run after every case: the
objects still answer).
"""
from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Ok:
    check: str


# ---------------------------------------------------------------------------- areas
# name -> (setup code, after-check expression, cases)
AREAS: dict[str, tuple[str, str, list]] = {}

AREAS["space"] = (
    "from helpers import Space, fruit_space\n"
    "import numpy as np\n"
    "fruit = fruit_space()\n"
    "one = Space(['solo'], [[1, 2]])\n",
    "fruit.nearest('apple', k=1, metric='euclidean').index[0] == 'pear'",
    [
        ("fruit.nearest('aple')", r"'aple' is not a point here\. Did you mean: apple"),
        ("fruit.nearest('apple', k=0)", r"k must be a whole number of at least 1"),
        ("fruit.nearest('apple', k='5')", r"not '5' \(it is text: remove the quotes\)"),
        ("fruit.nearest('apple', k=True)", r"k must be a whole number.*not True"),
        ("fruit.nearest('apple', k=10**9)", r"k=1000000000 is too large: there are only \d+ other points"),
        ("fruit.nearest('apple', metric='cos')", r"metric must be one of 'cosine', 'euclidean'; not 'cos'"),
        ("one.nearest('solo')", r"There are no other points to show here"),
        ("fruit.nearest('x' * 10000)", r"^(?!.{400}).*is not a point here"),
        ("fruit.nearest([1, float('nan'), 3])", r"Coordinate 2 \(crunchy\) is NaN"),
        ("r = fruit.nearest([7, 8, 3], k=2, metric='euclidean')", Ok("r.index[0] == 'apple'")),
    ],
)


# -- words: AREAS['words'] = (setup, after, cases) goes here


# -- explorer: AREAS['explorer'] = (setup, after, cases) goes here


# -- widgets: AREAS['widgets'] = (setup, after, cases) goes here


# -- sentences: AREAS['sentences'] = (setup, after, cases) goes here


# -- clusters: AREAS['clusters'] = (setup, after, cases) goes here


AREAS["recommend"] = (
    "from helpers import datasets, recommend\n"
    "import numpy as np\n"
    "data = datasets.movielens()\n"
    "train, test = recommend.split(data.ratings)\n"
    "model = recommend.train(train, data.films)\n"
    "me = model.fold_in({'Toy Story': 5, 'Scream': 1})\n"
    "fmap = model.film_map()\n"
    "board = recommend.you_are_a_point(model, draw=False)\n"
    "rare = data.films['title'][data.films['ratings'] < 5].iloc[0]\n",
    "model.nearest_films('Star Wars', k=1).index[0] == 'Empire Strikes Back, The (1980)' "
    "and len(model.recommend(me, k=3)) == 3 and np.isfinite(fmap.position(me)).all() "
    "and len(board.recommendations) == 8",
    [
        # titles, wherever a title is typed
        *[(call.format(title), expect)
          for call in ("model.nearest_films({})", "model.fold_in({{{}: 5}})", "fmap.xy({})", "board.use({}, 4)")
          for title, expect in [
              ("'Toy Stroy'", r"^'Toy Stroy' is not a film in MovieLens 100k\. Did you mean: Toy Story \(1995\)\?"),
              ("''", r"Type a film title, e\.g\. 'Toy Story \(1995\)'; got ''"),
              ("None", r"Type a film title.*got None"), ("42", r"Type a film title.*got 42"),
              ("'x' * 10000", r"^'x{20,40}… is not a film in MovieLens 100k\. Check the spelling"),
              ("'我爱电影'", r"'我爱电影' is not a film in MovieLens 100k\. Check the spelling"),
              ("'<img src=x onerror=alert(1)>'", r"^'<img src=x onerror=alert\(1\)>' is not a film in MovieLens"),
              ("'sabrina'", r"'sabrina' matches 2 films: Sabrina \(1995\); Sabrina \(1954\)\. Add the year")]],
        ("model.nearest_films(['Star Wars'])", r"Type a film title"),
        ("r = model.nearest_films('  STAR WARS ', k=3)", Ok("'Star Wars (1977)' not in r.index and len(r) == 3")),
        ("r = model.nearest_films(rare, k=3)", Ok("rare not in r.index and len(r) == 3")),
        # k and min_ratings of nearest_films
        *[(f"model.nearest_films('Star Wars', k={k})", rf"k must be a whole number of at least 1 .*not {shown}")
          for k, shown in [("0", "0"), ("-3", "-3"), ("'5'", r"'5' \(it is text: remove the quotes\)"),
                           ("True", "True"), ("2.5", r"2\.5"), ("float('nan')", "nan")]],
        ("model.nearest_films('Star Wars', k=2000)", r"k=2000 is too large: there are only 938 other films"),
        ("model.nearest_films('Star Wars', min_ratings=-1)", r"min_ratings must be a whole number from 0 to 583"),
        ("model.nearest_films('Star Wars', min_ratings=10**6)", r"min_ratings must be a whole number from 0 to 583"),
        ("model.nearest_films('Star Wars', min_ratings='20')", r"min_ratings.*remove the quotes"),
        ("model.nearest_films('Toy Story', k=3, min_ratings=583)", r"k=3 is too large: there are only 1 other films"),
        # fold_in
        *[(f"model.fold_in({{'Toy Story': {stars}}})",
           rf"The stars for 'Toy Story' must be a number from 1 to 5 .*, not {shown}")
          for stars, shown in [("7", "7"), ("0", "0"), ("'5'", "'5' .*remove the quotes"), ("True", "True"),
                               ("float('nan')", "nan .*NaN"), ("float('inf')", "inf .*infinite"), ("None", "None")]],
        ("model.fold_in(['Toy Story', 5])", r"Give ratings as a dictionary \{film title: stars\}"),
        ("model.fold_in('Toy Story')", r"Give ratings as a dictionary"),
        ("model.fold_in({'Toy Story': 5, 'toy story (1995)': 4})", r"'Toy Story \(1995\)' is rated twice"),
        ("model.fold_in({'Toy Story': 5}, bias_penalty=-1)", r"bias_penalty must be a number of at least 0"),
        ("model.fold_in({'Toy Story': 5}, bias_penalty='x')", r"bias_penalty.*remove the quotes"),
        ("u = model.fold_in({})", Ok("not u.vector.any() and u.bias == 0")),
        ("u = model.fold_in({'Toy Story': 4.5})", Ok("u.rated == {model.find('Toy Story'): 4.5}")),
        # recommend
        ("model.recommend(me, k=700)", r"k=700 is too large: there are only 601 films with ≥ 50 ratings not yet"),
        ("model.recommend(me, k=10**9)", r"k=1000000000 is too large: there are only 601 films"),
        ("r = model.recommend(me, k=601)",
         Ok("len(r) == 601 and not {'Toy Story (1995)', 'Scream (1996)'} & set(r.index) and r['ratings'].min() >= 50")),
        ("model.recommend(me, by='genre')", r"by must be one of 'match', 'stars'; not 'genre'"),
        *[(f"{call}({user})", rf"user must be a whole number from 0 to 942 .*model\.fold_in.*not {shown}")
          for call in ("model.recommend", "fmap.position")
          for user, shown in [("99999", "99999"), ("-1", "-1"), ("'me'", "'me' .*remove the quotes"), ("True", "True"),
                              ("None", "None"), ("float('inf')", "inf"), ("{'Toy Story': 5}", "{'Toy Story': 5}")]],
        ("model.recommend(me, min_ratings=-5)", r"min_ratings must be a whole number from 0 to 583"),
        ("r = model.recommend(me, k=3, by='stars')", Ok("len(r) == 3 and r['predicted rating'].between(1, 5).all()")),
        ("r = model.recommend(np.int64(5), k=2)", Ok("len(r) == 2")),
        ("r = model.recommend(0, k=50)", Ok("not set(r.index) & set(data.films['title'].iloc[model.seen[0].indices])")),
        # the film map
        ("fmap.xy(rare)", r"is not on this map: it has fewer ratings"),
        ("model.film_map(min_ratings=583)", r"Only 1 films have ≥ 583 ratings: a map needs at least 3"),
        ("model.film_map(min_ratings=None)", r"min_ratings must be a whole number.*not None"),
        ("fmap.genre_positions(min_films=0)", r"min_films must be a whole number of at least 1"),
        ("fmap.readable_labels(-3)", r"labels must be a whole number of at least 0"),
        ("fmap.draw(labels='many')", r"labels must be a whole number.*remove the quotes"),
        ("fmap.draw(labels=['Toy Stroy'])", r"Did you mean: Toy Story"),
        ("fmap.draw(recommendations='x')", r"recommendations must be the table model\.recommend\(\.\.\.\) returns"),
        # split, train, rmse, baselines
        ("recommend.split(data.ratings, test_share=2)", r"test_share must be a number from 0\.01 to 0\.99"),
        ("recommend.split(data.ratings, test_share=0)", r"test_share must be a number from 0\.01 to 0\.99"),
        ("recommend.split(data.ratings, test_share='0.1')", r"test_share.*remove the quotes"),
        ("recommend.split(data.ratings, seed=-1)", r"seed must be a whole number of at least 0"),
        ("recommend.split([1, 2, 3])", r"ratings must be a ratings table with columns user, film and rating"),
        ("recommend.split(data.ratings.iloc[:0])", r"ratings is empty"),
        ("recommend.train(train, data.films, dim=True)", r"dim must be a whole number from 1 to 500.*not True"),
        ("recommend.train(train, data.films, dim=0)", r"dim must be a whole number from 1 to 500"),
        ("recommend.train(train, data.films, dim='16')", r"dim.*remove the quotes"),
        ("recommend.train(train, data.films, dim=10**9)", r"dim must be a whole number from 1 to 500"),
        ("recommend.train(train, data.films, epochs=-1)", r"epochs must be a whole number from 1 to 1000"),
        ("recommend.train(train, data.films, reg=float('nan'))", r"reg must be a number of at least 0, not nan"),
        ("recommend.train(train, data.films, reg=-1)", r"reg must be a number of at least 0"),
        ("recommend.train(train.assign(rating=np.nan), data.films)", r"every rating must be 1 to 5 stars \(no NaN\)"),
        ("recommend.train(train.assign(rating=7), data.films)", r"every rating must be 1 to 5 stars"),
        ("recommend.train(train, [1, 2])", r"films must be the films table of MovieLens"),
        ("recommend.train(train.assign(film=5000), data.films)", r"films must be rows 0–1681"),
        ("model.rmse([1, 2])", r"ratings must be a ratings table"),
        ("model.rmse(test.assign(film=99999))", r"films 0–1681"),
        ("recommend.baselines(train, 'x')", r"test must be a ratings table"),
        ("datasets.movielens(download='yes')", r"download must be True or False"),
        # the board
        *[(f"board.use('Toy Story', {stars})",
           rf"The stars for 'Toy Story' must be a whole number from 1 to 5 .*, not {shown}")
          for stars, shown in [("9", "9"), ("0", "0"), ("'5'", "'5' .*remove the quotes"), ("True", "True"),
                               ("4.5", r"4\.5"), ("float('nan')", "nan")]],
        ("board.use('Lion Kong', 5)", r"Did you mean: Lion King, The \(1994\)"),
        ("board.search.value = '<img src=x onerror=alert(1)>'\nboard.add_button.click()",
         Ok("'&lt;img src=x' in board.status.value and '<img' not in board.status.value")),
        ("r = board.use('Toy Story', 5)",
         Ok("board.ratings['Toy Story (1995)'] == 5 and 'Toy Story (1995)' not in r.index")),
        ("r = board.use('Toy Story', None)", Ok("'Toy Story (1995)' not in board.ratings")),
        ("recommend.you_are_a_point(model, k=0)", r"k must be a whole number of at least 1"),
        ("recommend.you_are_a_point(model, k=10**6)", r"k=1000000 is too large: there are only 603 films with"),
        ("recommend.you_are_a_point('model')", r"Give the board a model from recommend\.train"),
        ("recommend.you_are_a_point(model, films=['Toy Stroy'], draw=False)", r"Did you mean: Toy Story"),
        ("recommend.you_are_a_point(model, draw='yes')", r"draw must be True or False"),
        ("text = repr(model) + repr(me) + repr(board) + repr(fmap) + repr(data)",
         Ok("len(text) < 450 and 'array' not in text and '\\n' not in text")),
    ],
)


# -- pictures: AREAS['pictures'] = (setup, after, cases) goes here


# -- anomaly: AREAS['anomaly'] = (setup, after, cases) goes here


# -- layers: AREAS['layers'] = (setup, after, cases) goes here


# ---------------------------------------------------------------------------- runner
def _run(shell, code: str):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        result = shell.run_cell(code, store_history=False)
    return result, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    result, out, err = _run(shell, "import helpers")
    assert result.success, out + err
    shell.set_up_areas = set()
    yield shell
    InteractiveShell.clear_instance()


CASES = [pytest.param(area, code, expect, id=f"{area}:{code[:60]}")
         for area, (_, _, cases) in AREAS.items() for code, expect in cases]


def test_there_are_enough_cases():
    assert len(CASES) >= 200, len(CASES)


@pytest.mark.parametrize("area, code, expect", CASES)
def test_bad_input(shell, area, code, expect):
    setup, after, _ = AREAS[area]
    if area not in shell.set_up_areas:
        result, out, err = _run(shell, setup)
        assert result.success and "✘" not in err, f"setup of {area} failed:\n{out}{err}"
        shell.set_up_areas.add(area)
    result, out, err = _run(shell, code)
    text = out + err
    assert "Traceback" not in text and result.error_before_exec is None and result.error_in_exec is None, text
    marks = [line for line in err.splitlines() if line.startswith("✘")]
    if isinstance(expect, Ok):
        assert not marks, err
        result, out, err = _run(shell, f"assert {expect.check}, 'not the right result'")
        assert result.success, f"{expect.check!r} is not true after {code!r}:\n{out}{err}"
    else:
        assert len(marks) == 1, f"expected one ✘ line, got:\n{text}"
        assert re.search(expect, marks[0][2:]), f"{marks[0]!r} does not match {expect!r}"
        assert len(marks[0]) < 400, "a message must stay short"
    result, out, err = _run(shell, f"assert {after}, 'the object no longer works'")
    assert result.success, f"after {code!r}: {out}{err}"
