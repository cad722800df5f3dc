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
        ("fruit.combine(plus='aple')", r"'aple' is not a point here\. Did you mean: apple"),
        ("fruit.combine(plus=5)", r"plus must be a name or a list of names"),
        ("fruit.combine()", r"Give at least one name to add or subtract"),
        ("fruit.combine(minus=[None])", r"Replace None with a list of 3 numbers"),
        ("Space(['a', 'b'], [[0, 1], [1]])", r"rows of one length"),
        ("Space(['a', 'b'], [[0, float('nan')], [1, 2]])", r"'a', column 2 is NaN"),
        ("Space(['a', 'b'], [[0, float('inf')], [1, 2]])", r"'a', column 2 is infinite"),
        ("Space('ab', [[1], [2]])", r"names must be a list of names"),
        ("Space(['a', 'a'], [[1], [2]])", r"Each name must be used once; repeated: a"),
        ("Space([], [])", r"A space needs at least one point"),
        ("Space(['a', 'b'], 'xx')", r"The vectors must be numbers"),
        ("Space(['a', 'b'], [[1, 2]])", r"2 names but 1 vectors: give one vector per name"),
        ("Space(['a', 'b'], [[1, 2], [3, 4]], axes='xy')", r"axes must be a list of 2 names"),
        ("Space(['a', 'b'], [[1, 2], [3, 4]], axes=['x'])", r"1 axis names for 2-dimensional vectors"),
        ("Space(['a', 'b'], np.zeros((2, 2, 2)))", r"must be a table of numbers \(rows × columns\)"),
        ("Space(['a', 'b'], [['x', 'y'], ['z', 'w']])", r"The vectors must be numbers in rows"),
        ("fruit.nearest(None)", r"Replace None with a list of 3 numbers"),
        ("fruit.nearest([1, 2])", r"This space has 3 dimensions .*your vector has 2 numbers"),
        ("fruit.nearest('')", r"Type a name, e\.g\. 'apple'"),
        ("fruit.nearest('苹果')", r"'苹果' is not a point here\. \(All 27 are in \.names\.\)"),
        ("fruit.nearest('<b>apple</b>')", r"is not a point here"),
        ("fruit.nearest('apple', k=2.5)", r"k must be a whole number"),
        ("fruit.nearest('apple', k=-1)", r"k must be a whole number of at least 1"),
        ("fruit.nearest('apple', k=float('nan'))", r"k must be a whole number.*not nan"),
        ("fruit.nearest('apple', k=None)", r"k must be a whole number.*not None"),
        ("fruit.nearest('apple', exclude=['pearr'])", r"Did you mean: pear"),
        ("fruit.nearest('apple', metric=None)", r"metric must be one of 'cosine', 'euclidean'; not None"),
        ("fruit.nearest('apple', metric=['cosine'])", r"metric must be one of"),
        ("fruit.distance('apple', 'pear', metric='manhattan')", r"metric must be one of"),
        ("fruit.distance_table(['apple', 'aple'])", r"Did you mean: apple"),
        ("fruit.add('', [1, 2, 3])", r"Give the new point a name"),
        ("fruit.add(5, [1, 2, 3])", r"Give the new point a name"),
        ("fruit.add('fig', [1, 2])", r"3 dimensions"),
        ("fruit.add('fig', [1, float('inf'), 2])", r"Coordinate 2 \(crunchy\) is infinite"),
        ("fruit.add('fig', [None, 5, 1])", r"Replace each None with a number from 0 to 10, like the other points \(1 still None: sweet\)"),
        ("fruit.subset([])", r"A space needs at least one point"),
        ("fruit.vector('y' * 10000)", r"^(?!.{300}).*is not a point here"),
        ("r = fruit.nearest([7, 8, 3], k=2, metric='euclidean')", Ok("r.index[0] == 'apple'")),
        ("r = fruit.combine(plus='apple')", Ok("np.allclose(r, fruit.vector('apple'))")),
        ("r = fruit.nearest('apple', k=5.0)", Ok("len(r) == 5")),
        ("r = fruit.nearest('apple', k=1, metric='euclidean', exclude='pear')", Ok("r.index[0] not in ('pear', 'apple')")),
        ("r = fruit.similarity('apple', [0, 0, 0])", Ok("r == 0.0")),
        ("t = fruit.distance_table('apple')", Ok("t.shape == (1, 1)")),
        ("s = fruit.subset('apple')", Ok("s.names == ['apple']")),
    ],
)


AREAS["words"] = (
    "from helpers import words\n"
    "kv = words.vectors()\n"
    "few = [['a', 'b', 'c']] * 10\n",
    "words.nearest('king', 1).index[0] == 'prince'",
    [
        ("words.nearest('')", r"Type one word, e\.g\. 'king'"),
        ("words.nearest('   ')", r"Type one word"),
        ("words.nearest('new york')", r"has 2 words; type one word at a time"),
        ("words.nearest('Paris')", r"'Paris' is not in the vocabulary, but 'paris' is"),
        ("words.nearest('qeeen')", r"Did you mean: queen"),
        ("words.nearest(3)", r"Type a word in quotes, e\.g\. 'king' \(got 3\)"),
        ("words.nearest(None)", r"Type a word in quotes"),
        ("words.nearest(['king'])", r"Type a word in quotes"),
        ("words.nearest(b'king')", r"Type a word in quotes"),
        ("words.nearest('x' * 10000)", r"^(?!.{300}).*is not one of the 400,000 GloVe words"),
        ("words.nearest('ab ' * 5000)", r"^(?!.{300}).*has 5000 words; type one word at a time"),
        ("words.nearest('我')", r"^'我' is not one of the 400,000 GloVe words\. \(The vocabulary is lower-case"),
        ("words.nearest('<script>')", r"Did you mean: script"),
        ("words.nearest('king', k=0)", r"k must be a whole number of at least 1"),
        ("words.nearest('king', k='5')", r"not '5' \(it is text: remove the quotes\)"),
        ("words.nearest('king', k=True)", r"k must be a whole number.*not True"),
        ("words.nearest('king', k=2.5)", r"k must be a whole number.*not 2\.5"),
        ("words.nearest('king', k=10**9)", r"k=1000000000 is too large: there are only 1000 words"),
        ("words.nearest('king', k=-3)", r"at least 1"),
        ("words.nearest('king', k=float('nan'))", r"not nan"),
        ("words.analogy('man', 'womna', 'king')", r"Did you mean: woman"),
        ("words.analogy('man', 'woman', 'king', k=1001)", r"k=1001 is too large"),
        ("words.analogy('man', 'woman', '')", r"Type one word"),
        ("words.similarity('cat', 'Dog')", r"but 'dog' is: the vocabulary is all lower-case"),
        ("words.vector(None)", r"Type a word in quotes"),
        ("words.common_words(0)", r"n must be a whole number from 1 to 100000, not 0"),
        ("words.common_words('5')", r"n must be a whole number.*remove the quotes"),
        ("words.common_words(True)", r"n must be a whole number.*not True"),
        ("words.common_words(10**6)", r"n must be a whole number from 1 to 100000"),
        ("words.words_space(10, include=['zzqqxx'])", r"'zzqqxx' is not one of the 400,000 GloVe words"),
        ("words.words_space('10')", r"n must be a whole number"),
        ("words.direction('cat', 'cat')", r"goes nowhere"),
        ("words.rank_along('he', 'she', ['nurse', 'xqzvv'])", r"'xqzvv' is not one of"),
        ("words.rank_along('he', 'he', ['nurse'])", r"'he' to 'he' goes nowhere: pick two different words"),
        ("words.pair_directions([('man', 'woman'), ('king',)])", r"Give a list of word pairs"),
        ("words.pair_directions('man')", r"Give a list of word pairs"),
        ("words.pair_directions([])", r"Give a list of word pairs"),
        ("words.parallelogram([('man', 'woman', 'x')])", r"Give a list of word pairs"),
        ("words.train_word2vec(few, watch=['a'], epochs=0)", r"epochs must be a whole number from 1 to 50, not 0"),
        ("words.train_word2vec(few, watch=['a'], epochs='5')", r"epochs must be a whole number.*remove the quotes"),
        ("words.train_word2vec(few, watch=['a'], epochs=True)", r"epochs must be a whole number.*not True"),
        ("words.train_word2vec(few, watch=['a'], k=0)", r"k must be a whole number of at least 1"),
        ("words.train_word2vec(few, watch=['a'], sg=2)", r"sg must be a whole number from 0 to 1"),
        ("words.train_word2vec(few, watch=['zzz' * 5000], epochs=1)", r"^(?!.{300}).*Not in the reviews' vocabulary"),
        ("words.coordinate_extremes(kv, dim=50)", r"dim must be a whole number from 0 to 49, not 50"),
        ("words.coordinate_extremes(kv, dim=True)", r"dim must be a whole number.*not True"),
        ("words.dimension_study(dims=(0,))", r"each of dims must be a whole number from 1 to 50, not 0"),
        ("words.dimension_study(dims='5')", r"dims must be a list of numbers from 1 to 50"),
        ("words.dimension_study(dims=5)", r"dims must be a list of numbers"),
        ("words.analogy_questions(per_section='5')", r"per_section must be a whole number"),
        ("r = words.nearest('naïve', 2)", Ok("r.index[0] == 'naive'")),
        ("r = words.nearest('king', k=5.0)", Ok("len(r) == 5")),
        ("s = words.words_space(10, include='queen')", Ok("len(s) == 11 and 'queen' in s")),
        ("r = words.rank_along('he', 'she', 'nurse')", Ok("r.index.tolist() == ['nurse']")),
    ],
)


AREAS["explorer"] = (
    "from helpers import Space, explore, fruit_space\n"
    "fruit = fruit_space()\n"
    "one = Space(['solo'], [[1, 2]])\n"
    "w = explore(fruit, k=2, axes=('sweet', 'crunchy'), metric='euclidean', limits=(0, 10))\n",
    "w.use('pear', 7, 6).index[0] == 'apple' and w.k == 2",
    [
        ("explore(fruit, limits=(0,))", r"limits must be \(low, high\) for both axes or \(x0, x1, y0, y1\)"),
        ("explore(fruit, limits=('a', 'b'))", r"each limit must be an ordinary number, not 'a'"),
        ("explore(fruit, limits=(5, 1))", r"low below high; not \(5, 1\)"),
        ("explore(fruit, limits='0-10')", r"limits must be"),
        ("explore(fruit, limits=(0, float('inf')))", r"each limit must be an ordinary number, not inf"),
        ("explore(fruit, limits=None, k=0)", r"k must be a whole number of at least 1"),
        ("explore(fruit, k='5')", r"remove the quotes"),
        ("explore(fruit, k=True)", r"not True"),
        ("explore(fruit, k=100)", r"k=100 is too large: there are only 26 other points"),
        ("explore(fruit, k=2.5)", r"k must be a whole number"),
        ("explore(one)", r"There are no other points to show here"),
        ("explore([[1, 2], [3, 4]])", r"explore needs a Space"),
        ("explore(fruit, axes='tsne')", r"axes must be 'pca', a pair of axes"),
        ("explore(fruit, axes=('swet', 'crunchy'))", r"'swet' is not an axis here\. Did you mean: sweet"),
        ("explore(fruit, axes=('sour', 'crunchy'))", r"Choose one of: sweet, crunchy, long"),
        ("explore(fruit, axes=('sweet', 'sweet'))", r"Pick two different axes"),
        ("explore(fruit, axes=(0, 9))", r"An axis must be a whole number from 0 to 2"),
        ("explore(fruit, axes=(True, 1))", r"An axis must be a whole number.*not True"),
        ("explore(fruit, metric='cos')", r"metric must be one of 'cosine', 'euclidean'"),
        ("explore(fruit, labels=['aple'])", r"Did you mean: apple"),
        ("explore(fruit, max_points=0)", r"max_points must be a whole number of at least 1"),
        ("explore(fruit, title=5)", r"title must be text"),
        ("explore(fruit, in_page='yes')", r"in_page must be True or False"),
        ("w.use('aple', 1, 1)", r"Did you mean: apple"),
        ("w.use('pear', 25, 3)", r"x must be a number from 0 to 10 \(inside the plot\), not 25"),
        ("w.use('pear', 3, -1)", r"y must be a number from 0 to 10"),
        ("w.use('pear', float('nan'), 3)", r"x must be .*not nan"),
        ("w.use('pear', '5', 3)", r"remove the quotes"),
        ("w.use('pear', None, 3)", r"x must be a number"),
        ("w.use('pear', True, 3)", r"not True"),
        ("w.position('aple')", r"Did you mean: apple"),
        ("w.k = '5'", r"k must be a whole number.*remove the quotes"),
        ("w.k = 0", r"k must be a whole number of at least 1"),
        ("w.k = 100", r"k=100 is too large: there are only 26 other points"),
        ("e = explore(fruit, labels='apple')", Ok("[t for t in e.texts if t] == ['apple']")),
        ("w.set_state({'k': '5'})", Ok("w.status.startswith('Ignored') and w.k == 2")),
        ("w.set_state({'k': None})", Ok("w.status.startswith('Ignored') and w.k == 2")),
        ("w.set_state({'k': -3})", Ok("'at least 1' in w.status and w.k == 2")),
        ("w.set_state({'k': 1e300}); big = w.k; w.set_state({'k': 2})", Ok("big == 26")),
        ("w.set_state({'drop': None})", Ok("w.status.startswith('Ignored a drag message without a point')")),
        ("w.set_state({'drop': [1, 2]})", Ok("w.status.startswith('Ignored a drag message without a point')")),
        ("w.set_state({'drop': 'apple'})", Ok("w.status.startswith('Ignored')")),
        ("w.set_state({'drop': {'id': float('inf'), 'x': 1, 'y': 1}})", Ok("'without a point (id inf)' in w.status")),
        ("w.set_state({'drop': {'id': float('nan'), 'x': 1, 'y': 1}})", Ok("'without a point' in w.status")),
        ("w.set_state({'drop': {'id': None, 'x': 1, 'y': 1}})", Ok("'without a point' in w.status")),
        ("w.set_state({'drop': {'id': 10**30, 'x': 1, 'y': 1}})", Ok("'there is no such point' in w.status")),
        ("w.set_state({'drop': {'id': 1, 'x': 'a', 'y': 1}})", Ok("'not a number' in w.status")),
        ("w.set_state({'drop': {'id': 1, 'x': 50, 'y': 1}})", Ok("'outside the plot' in w.status")),
        ("w.set_state({'drop': {'id': 1, 'x': 5, 'y': 1, 'seq': 3, 'view': 'v'}})", Ok("w.done == {'seq': 3, 'view': 'v'} and w.status == ''")),
        ("w.drop = None", Ok("w.status.startswith('Ignored')")),
        ("a = w.use('onion', 8, 3); w.reset += 1; b = w.use('onion', 8, 3)",
         Ok("list(a.index) == list(b.index) and w.active['name'] == 'onion'")),
        ("r = repr(w)", Ok("r.startswith('<Explorer: 27 points, 3-d, k=2, euclidean') and len(r) < 80")),
    ],
)


AREAS["widgets"] = (
    "import contextlib, io\n"
    "import helpers\n"
    "from helpers import Space, explore, fruit_space, words\n"
    "from helpers.projections import Plane\n"
    "fruit = fruit_space()\n"
    "box = words.analogy_box()\n"
    "ms = words.words_space(300, include=['king', 'queen', 'man', 'woman'])\n"
    "me = explore(ms, k=3, axes=Plane.directions(ms, x=('man', 'woman'), y=('man', 'king')))\n"
    "def said(f):\n"
    "    out = io.StringIO()\n"
    "    with contextlib.redirect_stdout(out):\n"
    "        f()\n"
    "    return out.getvalue()\n",
    "box.use('man', 'woman', 'king').index[0] == 'queen' and len(me.use('king', *me.position('king'))) == 3",
    [
        ("box.use('aple')", r"'aple' is not one of the 400,000 GloVe words\. Did you mean: .*apple"),
        ("box.use(c='')", r"Type one word"),
        ("box.use(c='Italy')", r"but 'italy' is: the vocabulary is all lower-case"),
        ("box.use(c=5)", r"Type words in quotes, e\.g\. use\('man', 'woman', 'king'\)"),
        ("box.use(c='x' * 10000)", r"^(?!.{300}).*is not one of the 400,000 GloVe words"),
        ("box.use(c='<img src=x onerror=alert(1)>')", r"has 3 words; type one word at a time"),
        ("box.use(c='我')", r"'我' is not one of the 400,000 GloVe words"),
        ("words.analogy_box(k=0)", r"k must be a whole number of at least 1"),
        ("words.analogy_box(k='3')", r"remove the quotes"),
        ("Plane.directions(ms, x=('man', 'womann'), y=('man', 'king'))", r"'womann' is not a point here\. Did you mean: woman"),
        ("Plane.directions(ms, x='man', y=('man', 'king'))", r"x must be a pair of names \(from, to\)"),
        ("Plane.directions(ms, x=('man', 'man'), y=('man', 'king'))", r"'man' and 'man' are the same point"),
        ("Plane.directions(ms, x=('man', 'woman'), y=('woman', 'man'))", r"points the same way as man → woman, so together they span no plane; pick another y pair"),
        ("explore(ms, axes=('man', 'woman'))", r"'man' is not an axis here\. Give a number from 0 to 49, or one of the 50 axis names"),
        ("Plane.given(ms, 'map')", r"The map must be numbers"),
        ("Plane.given(ms, [[0, 0]] * 5)", r"The map needs one \(x, y\) pair per point: \d+ rows, not 5"),
        ("Plane.given(fruit, [[0, float('nan')]] * 27)", r"The map: 'apple', column 2 is NaN"),
        ("me.use('kign', 0, 0)", r"Did you mean: king"),
        ("me.use('king', float('nan'), 0)", r"x must be .*not nan"),
        ("box.inputs[2].value = '<b>x</b>'", Ok("'<b>x' not in box.answer.value and '&lt;b&gt;x' in box.answer.value")),
        ("r = box.use(c='boy')", Ok("r.index[0] == 'girl' and repr(box) == '<AnalogyBox: man : woman :: boy : girl>'")),
        ("b2 = words.analogy_box('man', 'woman', 'kign')", Ok("'Did you mean: king' in b2.answer.value and 'pis-error' in b2.answer.value")),
        ("t = said(lambda: helpers.check(lambda: fruit.nearest('aple'), hint='spell it'))",
         Ok("t.startswith('✘ Not yet: ') and 'Did you mean: apple' in t and 'Hint: spell it' in t")),
        ("t = said(lambda: helpers.check(lambda: fruit.nearest('apple', k=None), hint='set k'))", Ok("'k must be a whole number' in t")),
        ("t = said(lambda: helpers.check(lambda: undefined_name, hint='define it'))", Ok("t == '✘ Not yet. Hint: define it\\n'")),
        ("t = said(lambda: helpers.reveal(None, 4))", Ok("t.startswith('✎ Write your prediction first')")),
        ("t = said(lambda: helpers.reveal('x', lambda: 1 / 0))", Ok("t.startswith('✘ The result cannot be worked out yet')")),
        ("t = said(lambda: helpers.reveal('a', 4, close=0.5))", Ok("t == '✘ Not quite: the result is 4.\\n'")),
        ("t = said(lambda: helpers.check(lambda: fruit.add('fig', [None, 5, 1]), hint='fill it'))", Ok("'Replace each None' in t")),
    ],
)


# -- sentences: AREAS['sentences'] = (setup, after, cases) goes here


# -- clusters: AREAS['clusters'] = (setup, after, cases) goes here


# -- recommend: AREAS['recommend'] = (setup, after, cases) goes here


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
