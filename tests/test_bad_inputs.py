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


AREAS["sentences"] = (
    "from helpers import sentences\n"
    "c = sentences.Corpus(['patching a punctured wheel', 'baking bread at home', 'repairing a flat screen tv'],\n"
    "                     progress=False)\n"
    "box = sentences.search_box(c, k=2)\n",
    "c.search('fix a flat tyre', k=1)['text'].iloc[0] == 'patching a punctured wheel' "
    "and 'punctured' in box.use('fix a flat tyre')",
    [
        ("c.search('')", r"The query is empty: type some words"),
        ("c.search('   \\n')", r"The query is empty"),
        ("c.search(123)", r"The query must be text, not 123 \(int\)"),
        ("c.search(None)", r"The query must be text, not None"),
        ("c.search(['a', 'b'])", r"The query must be text, not \['a', 'b'\] \(list\)"),
        ("c.search('bike', k=0)", r"k must be a whole number of at least 1"),
        ("c.search('bike', k=-3)", r"k must be a whole number of at least 1.*not -3"),
        ("c.search('bike', k='2')", r"not '2' \(it is text: remove the quotes\)"),
        ("c.search('bike', k=True)", r"k must be a whole number.*not True"),
        ("c.search('bike', k=2.5)", r"k must be a whole number.*not 2\.5"),
        ("c.search('bike', k=float('nan'))", r"k must be a whole number.*not nan"),
        ("c.search('bike', k=float('inf'))", r"k must be a whole number.*not inf"),
        ("c.search('bike', k=10**9)", r"k=1000000000 is too large: there are only 3 texts"),
        ("r = c.search('bike', k=2.0)", Ok("len(r) == 2")),
        ("c.search('bike', exclude=5)", r"exclude must be a list of row numbers, like \[3, 7\], not 5"),
        ("c.search('bike', exclude=[7])", r"each row to exclude must be a whole number from 0 to 2"),
        ("c.search('bike', exclude=['0'])", r"remove the quotes"),
        ("c.search('bike', exclude=[0, 1, 2])", r"There are no texts not excluded"),
        ("r = c.search('bike', k=2, exclude=[0])", Ok("0 not in set(r['row']) and len(r) == 2")),
        ("r = c.search('x' * 10000, k=1)", Ok("len(r) == 1")),
        ("r = c.search('自転車のパンク修理', k=1)", Ok("r['text'].iloc[0] == 'patching a punctured wheel'")),
        ("r = c.search('<img src=x onerror=alert(1)>', k=1)", Ok("len(r) == 1")),
        ("c.more_like(5)", r"row must be a whole number from 0 to 2"),
        ("c.more_like(-1)", r"row must be a whole number from 0 to 2.*not -1"),
        ("c.more_like('0')", r"remove the quotes"),
        ("c.more_like(True)", r"row must be a whole number.*not True"),
        ("c.more_like(float('inf'))", r"row must be a whole number.*not inf"),
        ("c.more_like(0, k=3)", r"k=3 is too large: there are only 2 other texts"),
        ("r = c.more_like(0, k=2)", Ok("0 not in set(r['row']) and len(r) == 2")),
        ("c.keyword_search('')", r"The query is empty"),
        ("c.keyword_search('bread', k=0)", r"k must be a whole number of at least 1"),
        ("c.keyword_search(b'bread')", r"The query must be text"),
        ("r = c.keyword_search('the and of', k=3)", Ok("len(r) == 0")),
        ("r = sentences.Corpus(['我', '你'], progress=False).keyword_search('我', k=2)", Ok("len(r) == 0")),
        ("t = sentences.Corpus(['a', 'I'], progress=False).compare('a', k=2)", Ok("list(t['score']) == [0, 0]")),
        ("c.compare('bike', k='all')", r"k must be a whole number.*not 'all'"),
        ("sentences.Corpus([])", r"The corpus is empty: give at least one text"),
        ("sentences.Corpus(['fine', '  '])", r"1 corpus text\(s\) are empty \(first at position 1\)"),
        ("sentences.Corpus(['fine', None])", r"Item 1 of the corpus texts is None"),
        ("sentences.Corpus(['fine', float('nan')])", r"Item 1 of the corpus texts is nan.*Drop missing values"),
        ("sentences.Corpus(42)", r"Give the corpus texts as a string or a list of strings, not 42"),
        ("sentences.Corpus(['a'], progress='yes')", r"progress must be True or False, not 'yes'"),
        ("sentences.encode(['a', 5])", r"Item 1 of the texts is 5 \(int\), not text"),
        ("sentences.encode(['a'], cached=1)", r"cached must be True or False, not 1"),
        ("v = sentences.encode([])", Ok("v.shape == (0, 384)")),
        ("sentences.reviews(0)", r"n must be a whole number from 1 to 22641"),
        ("sentences.reviews(10**6)", r"n must be a whole number from 1 to 22641.*not 1000000"),
        ("sentences.reviews('50')", r"remove the quotes"),
        ("sentences.reviews(5, seed=-1)", r"seed must be a whole number of at least 0"),
        ("sentences.shipped(['not a review'])", r"not one of the reviews whose vectors ship"),
        ("box.use(42)", r"Type text into the box, not 42"),
        ("h = box.use('<img src=x onerror=alert(1)>')", Ok("'<img' not in h and '<table>' in h")),
        ("h = box.use('')", Ok("'Type a query' in h")),
        ("h = box.use('x' * 10000)", Ok("'<table>' in h and 'xxxxxxxxxx' not in h")),
        ("sentences.search_box(c, k=0)", r"k must be a whole number of at least 1"),
        ("sentences.search_box(c, k=5)", r"k=5 is too large: there are only 3 texts"),
        ("sentences.search_box(['a', 'b'])", r"search_box needs a Corpus"),
        ("sentences.search_box(c, k=2, wait=-1)", r"wait must be a number from 0 to 10"),
        ("sentences.search_box(c, k=2, value=None)", r"Item 1 of the placeholder and value is None"),
        ("sentences.shared_words(None, 'a')", r"Item 0 of the query and text is None"),
        ("sentences.precision_at_k([1, 2], {1}, k=0)", r"k must be a whole number of at least 1"),
        ("sentences.unique_labels(['a', 'b'], width='5')", r"width must be a whole number.*remove the quotes"),
        ("sentences.plot_scores({})", r"Give the score tables as a dict"),
        ("sentences.score_queries(c, ['bike'], {1, 2})", r"a function that gives the right rows"),
        ("r = sentences.search('bike', ['a bicycle', 'a cake'], k=1)", Ok("r['text'].iloc[0] == 'a bicycle'")),
    ],
)


AREAS["clusters"] = (
    "from helpers import clusters\n"
    "import numpy as np\n"
    "rng = np.random.default_rng(0)\n"
    "pts = np.vstack([rng.normal(0, .1, (10, 5)) + 1, rng.normal(0, .1, (10, 5)) - 1]).astype('float32')\n"
    "nanpts = pts.copy()\n"
    "nanpts[3, 2] = np.nan\n"
    "texts = ['red car'] * 5 + ['blue car'] * 5 + ['warm wool sweater'] * 5 + ['cosy knit sweater'] * 5\n",
    "sorted(np.bincount(clusters.kmeans(pts, k=2))) == [10, 10] "
    "and clusters.name_clusters(texts, [0] * 10 + [1] * 10, 1) == {0: 'car', 1: 'sweater'}",
    [
        ("clusters.kmeans(nanpts, k=2)", r"vectors: row 4, column 3 is NaN"),
        ("clusters.kmeans(pts[:3], k=12)", r"k=12 is too large: there are only 3 texts"),
        ("clusters.kmeans(pts, k=0)", r"k must be a whole number of at least 1 \(how many clusters to make\)"),
        ("clusters.kmeans(pts, k='5')", r"remove the quotes"),
        ("clusters.kmeans(pts, k=True)", r"k must be a whole number.*not True"),
        ("clusters.kmeans(pts, k=2.5)", r"k must be a whole number.*not 2\.5"),
        ("clusters.kmeans(pts, k=float('nan'))", r"k must be a whole number.*not nan"),
        ("clusters.kmeans(pts, k=10**9)", r"k=1000000000 is too large: there are only 20 texts"),
        ("clusters.kmeans('vectors', k=2)", r"vectors must be numbers"),
        ("clusters.kmeans(None, k=2)", r"vectors must be numbers"),
        ("clusters.kmeans([], k=1)", r"The vectors are empty"),
        ("clusters.kmeans([[1, 2], [3]], k=1)", r"rows of one length"),
        ("clusters.kmeans(np.zeros((2, 3, 4)), k=1)", r"not 3-dimensional"),
        ("clusters.kmeans(np.full((5, 3), np.inf), k=2)", r"row 1, column 1 is infinite"),
        ("clusters.kmeans(np.ones((5, 3)), k=3)", r"fewer than k=3 different places.*ask for fewer"),
        ("clusters.kmeans(pts, k=2, seed=-1)", r"seed must be a whole number of at least 0"),
        ("lab = clusters.kmeans(pts, k=2.0)", Ok("len(set(lab)) == 2")),
        ("clusters.hdbscan(pts, min_cluster_size='5')", r"min_cluster_size must be a whole number.*remove the quotes"),
        ("clusters.hdbscan(pts, min_cluster_size=1)", r"min_cluster_size must be a whole number from 2 to 20"),
        ("clusters.hdbscan(pts, min_cluster_size=10**6)", r"min_cluster_size must be a whole number from 2 to 20"),
        ("clusters.hdbscan(pts, min_cluster_size=5, min_samples=0)", r"min_samples must be a whole number from 1 to 20"),
        ("clusters.hdbscan(nanpts)", r"row 4, column 3 is NaN"),
        ("clusters.hdbscan(pts[:1], min_cluster_size=2)", r"HDBSCAN needs at least 2 points"),
        ("hd = clusters.hdbscan(pts, min_cluster_size=5, min_samples=2)", Ok("len(hd) == 20 and hd.max() == 1")),
        ("lab = clusters.tfidf_kmeans(['red dress', 'blue jeans', 'warm coat'], k=3)", Ok("sorted(lab) == [0, 1, 2]")),
        ("clusters.tfidf_kmeans(['the', 'a', 'I'], k=2)", r"no words TF-IDF can use"),
        ("clusters.tfidf_kmeans(['a b', 'c d', 'e f'], k=12)", r"k=12 is too large: there are only 3 texts"),
        ("clusters.tfidf_kmeans([None, 'a'], k=1)", r"Item 0 of the texts is None"),
        ("clusters.tfidf_kmeans(['red car'] * 5, k=3)", r"fewer than k=3 different places"),
        ("names = clusters.name_clusters(['the', 'and it', 'is'], [0, 0, 1])",
         Ok("names == {0: '(no words to name it)', 1: '(no words to name it)'}")),
        ("names = clusters.name_clusters(['我 你', '汉字'], [0, 1])", Ok("set(names.values()) == {'(no words to name it)'}")),
        ("names = clusters.name_clusters(['<b>bold</b> move', 'x' * 10000], [0, 1])", Ok("names[0] == 'bold' and len(names[1]) <= 60")),
        ("clusters.name_clusters(texts, [0, 1])", r"20 texts but 2 labels: give one label per text"),
        ("clusters.name_clusters(texts, 'abc')", r"labels must be cluster numbers"),
        ("clusters.name_clusters(texts, [0.5] * 20)", r"labels must be whole cluster numbers"),
        ("clusters.name_clusters(texts, [0] * 20, n_words=0)", r"n_words must be a whole number of at least 1"),
        ("clusters.name_clusters(42, [0])", r"Give the texts as a string or a list of strings, not 42"),
        ("clusters.cluster_table(texts, [0] * 20, names={5: 'x'})", r"names must give a name to every cluster"),
        ("clusters.cluster_table(texts, [0] * 20, examples=-1)", r"examples must be a whole number of at least 0"),
        ("t = clusters.cluster_table(texts, [0] * 10 + [1] * 10, examples=1, width=10)",
         Ok("len(t) == 2 and t['example 1'].str.len().max() <= 10")),
        ("clusters.agreement([0, 1], ['a'])", r"Give two lists of labels of one length"),
        ("clusters.agreement([0, 1, 1], ['a', None, 'b'])", r"Label 1 is missing \(NaN or None\)"),
        ("clusters.agreement([0, 1], ['a', float('nan')])", r"Label 1 is missing"),
        ("s = clusters.agreement([0, 0, 1, 1], ['a', 'a', 1, 1])", Ok("s == {'NMI': 1.0, 'ARI': 1.0}")),
        ("clusters.umap_map(pts[:3])", r"UMAP needs more than 3 points; got 3"),
        ("clusters.umap_map(pts, dims=0)", r"dims must be a whole number from 1 to 50"),
        ("clusters.umap_map(pts, n_neighbors='15')", r"n_neighbors must be a whole number.*remove the quotes"),
        ("clusters.umap_map(nanpts)", r"row 4, column 3 is NaN"),
        ("clusters.umap_map(pts, cache='yes')", r"cache must be True or False"),
        ("clusters.pca_map(pts, dims=50)", r"dims must be a whole number from 1 to 5"),
        ("m = clusters.pca_map(pts)", Ok("m.shape == (20, 2)")),
        ("clusters.neighbours_kept(pts, pts[:5, :2])", r"20 points in the full space but 5 on the map"),
        ("clusters.neighbours_kept(pts, pts[:, :2], k=0)", r"k must be a whole number from 1 to 19"),
        ("clusters.neighbours_kept(pts, pts[:, :2], metric_full='cos')",
         r"metric_full must be one of 'cosine', 'euclidean'; not 'cos'"),
        ("clusters.neighbours_kept_table(pts, {'pca': pts[:, :2]}, ks=5)", r"ks must be a list of neighbour counts"),
        ("clusters.neighbours_kept_table(pts, {'pca': pts[:, :2]}, ks=(5, 100))", r"k must be a whole number from 1 to 19"),
        ("kept = clusters.neighbours_kept(pts, pts, k=3, metric_full='euclidean')", Ok("kept == 1.0")),
        ("clusters.plot_map(pts[:, :2], [0, 1])", r"20 points on the map but 2 labels"),
        ("clusters.plot_map(pts, [0] * 20)", r"xy must have 2 numbers per row, not 5"),
        ("clusters.plot_map(pts[:, :2], [0] * 20, names={1: 'x'})", r"names must give a name to every cluster"),
    ],
)


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


AREAS["pictures"] = (
    "from helpers import pictures, plots\n"
    "import numpy as np\n"
    "model = pictures.train(held_out='cat', epochs=1, verbose=False)\n"
    "box = model.search_box('stripes', k=3)\n"
    "img = model.data.images[7]\n",
    "len(model.pictures_for('stripes', k=2)) == 2 and box.use('wool') is box.result",
    [
        ("model.pictures_for('zebraa')", r"'zebraa' is not .*Did you mean: zebra"),
        ("model.pictures_for('')", r"bear, bird, cat"),
        ("model.pictures_for('x' * 10000)", r"is not .*GloVe"),
        ("model.pictures_for('猫')", r"'猫' is not"),
        ("model.pictures_for('<b>cat</b>')", r"'<b>cat</b>' is not"),
        ("model.pictures_for(42)", r"42"),
        ("model.pictures_for(None)", r"None|word"),
        ("model.pictures_for(['cat'])", r"word"),
        ("model.pictures_for('stripes', k=0)", r"k must be a whole number of at least 1"),
        ("model.pictures_for('stripes', k='5')", r"not '5' \(it is text: remove the quotes\)"),
        ("model.pictures_for('stripes', k=True)", r"k must be a whole number.*not True"),
        ("model.pictures_for('stripes', k=2.5)", r"k must be a whole number"),
        ("model.pictures_for('stripes', k=float('nan'))", r"k must be a whole number"),
        ("model.pictures_for('stripes', k=10**9)", r"too large: there are only 2000 pictures"),
        ("r = model.pictures_for('stripes', k=3.0)", Ok("len(r) == 3")),
        ("model.pictures_for('stripes', among='train')", r"among must be one of 'test', 'all'"),
        ("model.pictures_for('stripes', calibrated='yes')", r"calibrated must be True or False"),
        ("model.pictures_for('stripes', calibrated=1)", r"calibrated must be True or False"),
        ("model.words_for(10**6)", r"picture must be a whole number from 0 to 9999"),
        ("model.words_for(-1)", r"picture must be a whole number from 0 to 9999"),
        ("model.words_for(True)", r"picture must be a whole number.*not True"),
        ("model.words_for('a picture')", r"picture must be a whole number.*28×28"),
        ("model.words_for(float('inf'))", r"picture must be a whole number"),
        ("model.words_for(img / 255.0)", r"go from 0 to 1.*multiply them by 255"),
        ("model.words_for(np.where(img > 0, np.nan, 0.0))", r"NaN"),
        ("model.words_for(np.full((28, 28), 'x'))", r"must be numbers .*not text"),
        ("model.words_for(np.zeros((27, 28)))", r"must be 28×28 pixels"),
        ("model.words_for(img * 2.0)", r"must lie from 0 to 255"),
        ("model.words_for(model.data.images[:2])", r"Give one picture, not 2"),
        ("model.words_for(7, k=0)", r"k must be a whole number of at least 1"),
        ("model.words_for(7, vocabulary=5)", r"vocabulary must be a whole number from 10"),
        ("r = model.words_for(img.tolist(), k=3)", Ok("r.index.tolist() == model.words_for(7, k=3).index.tolist()")),
        ("model.embed([])", r"28×28"),
        ("r = model.embed(img.astype(float))", Ok("r.shape == (1, 50)")),
        ("pictures.train(held_out='zebr')", r"Did you mean: zebra"),
        ("pictures.train(held_out=5)", r"5 is not a class here.*bear, bird, cat"),
        ("pictures.train(epochs=0)", r"epochs must be a whole number from 1 to 100, not 0"),
        ("pictures.train(epochs=True)", r"epochs must be a whole number.*not True"),
        ("pictures.train(epochs='3')", r"remove the quotes"),
        ("pictures.train(epochs=10**6)", r"epochs must be a whole number from 1 to 100"),
        ("pictures.train(temperature=float('nan'))", r"temperature must be a number .*NaN"),
        ("pictures.train(verbose='no')", r"verbose must be True or False"),
        ("pictures.train(seed=-1)", r"seed must be a whole number of at least 0"),
        ("model.precision('milk', 'cattle')", r"'cattle' is not a class here"),
        ("model.word_table([])", r"Give one or more words"),
        ("t = model.word_table('wool')", Ok("list(t.index) == ['wool']")),
        ("model.show('stripes', k=0)", r"k must be a whole number"),
        ("box.use('mlik')", r"Did you mean: milk"),
        ("box.use(5)", r"Type a word \(text\), not 5"),
        ("box.use('x' * 10000)", r"is not"),
        ("box.text.value = '<img src=x onerror=alert(1)>'",
         Ok("'<img' not in box.message.value and '&lt;img src=x' in box.message.value")),
        ("model.search_box('wool', k=0)", r"k must be a whole number"),
        ("plots.thumbnails([])", r"No pictures to show"),
        ("plots.thumbnails(model.data.images[:2], ['a'])", r"2 pictures but 1 titles"),
        ("plots.thumbnails(model.data.images[:2], columns=0)", r"columns must be a whole number of at least 1"),
        ("fig = model.joint_map(words='wool', per_class=1)", Ok("'wool' in [t.get_text() for t in fig.axes[0].texts]")),
        ("model.joint_map(per_class=10**6)", r"per_class must be a whole number from 1 to 50"),
        ("pictures.embed_sentences(None, [])", r"Give one or more non-empty sentences"),
    ],
)


AREAS["anomaly"] = (
    "from helpers import anomaly\n"
    "import numpy as np\n"
    "data = anomaly.digits_with_strangers(n_faces=2, n_photos=2)\n"
    "points, pca = anomaly.embed(data.images, dims=5)\n"
    "drag = anomaly.DragAway(points, index=0, k=5)\n"
    "odd = anomaly.OddnessExplorer(points[:200], data.names[:200], k=5)\n",
    "drag.use(1.0) > 0 and anomaly.roc_auc(anomaly.oddness(points, k=5), data.is_odd) > 0.5",
    [
        ("anomaly.digits_with_strangers(n_faces=500)", r"n_faces must be a whole number from 0 to 100"),
        ("anomaly.digits_with_strangers(n_faces='3')", r"remove the quotes"),
        ("anomaly.digits_with_strangers(n_photos=-1)", r"n_photos must be a whole number from 0 to 200"),
        ("anomaly.digits_with_strangers(n_faces=True)", r"not True"),
        ("anomaly.digits_with_strangers(seed=1.5)", r"seed must be a whole number"),
        ("anomaly.embed(data.images, dims=0)", r"dims must be a whole number from 1 to 64"),
        ("anomaly.embed(data.images, dims=99)", r"dims must be a whole number from 1 to 64"),
        ("anomaly.embed(np.zeros((5, 4, 4)))", r"must be 8×8 pixels"),
        ("anomaly.embed(data.images / 16)", r"multiply them by 16"),
        ("anomaly.embed(np.full((3, 8, 8), np.nan))", r"NaN"),
        ("anomaly.embed([['a'] * 8] * 8)", r"not text"),
        ("anomaly.embed([])", r"8×8"),
        ("anomaly.embed(data.images * 20)", r"must lie from 0 to 16"),
        ("anomaly.oddness(points, 'lofx')", r"Did you mean: lof"),
        ("anomaly.oddness(points, 'zzz')", r"Choose one of: neighbours, lof, forest"),
        ("anomaly.oddness(points, 5)", r"5 is not a scoring method here"),
        ("anomaly.oddness(points, k=0)", r"k must be a whole number of at least 1"),
        ("anomaly.oddness(points, k=10**9)", r"too large"),
        ("anomaly.oddness(points, k='5')", r"remove the quotes"),
        ("anomaly.oddness([[1, 2]])", r"points needs at least 2 rows"),
        ("anomaly.oddness([[0, 0], [1, float('nan')], [2, 2]])", r"row 2, column 2 is NaN"),
        ("anomaly.oddness([[0, 0], [1, float('inf')], [2, 2]])", r"infinite"),
        ("anomaly.oddness('points')", r"points must be numbers"),
        ("anomaly.oddness([[1, 2], [3]])", r"rows of one length"),
        ("anomaly.oddness(points, 'forest', seed=-1)", r"seed must be a whole number of at least 0"),
        ("anomaly.roc_auc([1, float('nan')], [True, False])", r"NaN"),
        ("anomaly.roc_auc([1, 2], [True, True])", r"both odd and normal"),
        ("anomaly.roc_auc([1, 2, 3], [True, False])", r"one score per item: 3 scores for 2 items"),
        ("anomaly.roc_auc(['a', 'b'], [True, False])", r"scores must be numbers"),
        ("anomaly.roc_auc([1, 2], ['yes', 'no'])", r"truth must be one True or False per item"),
        ("anomaly.roc_auc([1, 2], [0.5, 1])", r"truth must be one True or False per item"),
        ("r = anomaly.roc_auc([1, 2, 3], [0, 0, 1])", Ok("r == 1.0")),
        ("anomaly.score_table(points, data.is_odd[:10])", r"one truth value per item: 10 for \d+ items"),
        ("anomaly.auc_by_k(points, data.is_odd, ks=5)", r"ks must be a list of k values"),
        ("anomaly.auc_by_k(points, data.is_odd, ks=(0,))", r"k must be a whole number"),
        ("anomaly.score_point([1, 2], points)", r"point must have 5 numbers per row, not 2"),
        ("anomaly.score_point([float('nan')] * 5, points)", r"NaN"),
        ("anomaly.score_point(points[:2], points)", r"Give one point"),
        ("anomaly.score_point(points[0], points, k=0)", r"k must be a whole number"),
        ("anomaly.direction_out(points, 10**6)", r"index must be a whole number from 0 to \d+"),
        ("anomaly.direction_out(points, -1)", r"index must be a whole number from 0"),
        ("anomaly.direction_out(points, 'a')", r"remove the quotes"),
        ("anomaly.scores_along_path(points, 0, [0, float('nan')])", r"NaN"),
        ("anomaly.scores_along_path(points, 0, 'far')", r"distances must be numbers"),
        ("anomaly.show_weirdest(data, [float('nan')] * len(data))", r"NaN"),
        ("anomaly.show_weirdest(data, anomaly.oddness(points, k=5), n=0)", r"n must be a whole number from 1"),
        ("anomaly.show_weirdest(data, [1, 2])", r"one score per item: 2 scores"),
        ("anomaly.map_2d(points, [1, 2])", r"one score per item: 2 scores"),
        ("anomaly.DragAway(points, index=99999)", r"index must be a whole number from 0 to"),
        ("anomaly.DragAway(points, k=0)", r"k must be a whole number"),
        ("anomaly.DragAway(points, flag_share=2)", r"flag_share must be a number from 0.001 to 0.5"),
        ("anomaly.DragAway(points, names='abc')", r"names must be a list with one name per point"),
        ("drag.use(-1)", r"distance must be a number from 0 to 1e\+06"),
        ("drag.use(float('nan'))", r"distance must be a number.*NaN"),
        ("drag.use('5')", r"remove the quotes"),
        ("drag.use(True)", r"distance must be a number.*not True"),
        ("drag.use(1e300)", r"distance must be a number from 0 to 1e\+06"),
        ("s = drag.use(50.0)", Ok("s == drag.score and drag.distance == 50.0 and drag.path[-1] >= 50")),
        ("odd.use('digit 0 #0', float('nan'), 0)", r"x must be a number .*NaN"),
        ("odd.use('digit 0 #O', 0, 0)", r"Did you mean: digit 0 #0"),
        ("odd.use('digit 0 #0', 1e9, 0)", r"x must be a number from -?\d"),
        ("odd.use('digit 0 #0', 0, '3')", r"y must be a number.*remove the quotes"),
        ("odd.use(5, 0, 0)", r"Type a name"),
        ("x, y = odd.position('digit 0 #0'); a = odd.use('digit 0 #0', x + 1, y); odd.explorer.reset += 1; "
         "b = odd.use('digit 0 #0', x + 1, y)", Ok("a == b and b is not None")),
        ("anomaly.OddnessExplorer(points[:5], ['a'] * 5, k=2)", r"Each name must be used once"),
        ("anomaly.OddnessExplorer(points[:5], ['a', 'b'], k=2)", r"2 names but 5 vectors"),
        ("anomaly.OddnessExplorer(points[:5], 'abcde', k=2)", r"names must be a list"),
        ("anomaly.OddnessExplorer(points[:50], data.names[:50], k=5, labels=['nope'])", r"'nope' is not a point here"),
    ],
)


AREAS["layers"] = (
    "from helpers import layers\n"
    "import numpy as np\n"
    "reps = layers.sentence_layers(['A cat sat.', 'Stocks fell.', 'A dog ran.', 'Markets rose.'])\n"
    "groups = ['animal', 'money', 'animal', 'money']\n"
    "net, X, y, _ = layers.digit_network(hidden=(8,), seed=0)\n",
    "layers.separation(reps, groups)['1-NN accuracy'].notna().all()",
    [
        ("layers.sentence_layers('one sentence')", r"not a single string"),
        ("layers.sentence_layers([])", r"empty: give at least one sentence"),
        ("layers.sentence_layers(['fine', '  '])", r"non-empty text; got '  '"),
        ("layers.sentence_layers(['fine', None])", r"non-empty text; got None"),
        ("layers.sentence_layers(5)", r"Give a list of sentences"),
        ("r = layers.sentence_layers(['x' * 10000])", Ok("r['layer 6'].shape == (1, 384)")),
        ("r = layers.sentence_layers(['我喜欢猫。'])", Ok("np.isfinite(r['layer 6']).all()")),
        ("r = layers.sentence_layers(['<b>bold</b>'])", Ok("len(r) == 7")),
        ("layers.digit_network(hidden=(0,))", r"whole number from 1 to 512, not 0"),
        ("layers.digit_network(hidden='big')", r"list of 1 to 10 layer sizes"),
        ("layers.digit_network(hidden=())", r"list of 1 to 10 layer sizes"),
        ("layers.digit_network(hidden=8)", r"list of 1 to 10 layer sizes"),
        ("layers.digit_network(hidden=(8, True))", r"not True"),
        ("layers.digit_network(hidden=(8.5,))", r"whole number from 1 to 512"),
        ("layers.digit_network(hidden=('8',))", r"remove the quotes"),
        ("layers.digit_network(hidden=(10**6,))", r"whole number from 1 to 512"),
        ("layers.digit_network(seed=-1)", r"seed must be a whole number of at least 0"),
        ("layers.digit_layers(net, np.zeros((2, 3)))", r"X must have 64 numbers per row, not 3"),
        ("layers.digit_layers(net, X[:2] * np.nan)", r"NaN"),
        ("layers.digit_layers('model', X)", r"not a trained network"),
        ("layers.digit_layers(net, 'pixels')", r"X must be numbers"),
        ("layers.separation(reps, groups, metric='cosin')", r"metric must be one of 'cosine', 'euclidean'"),
        ("layers.separation(reps, groups[:3])", r"one row per input \(3\)"),
        ("layers.separation({}, groups)", r"layers must be a dict"),
        ("layers.separation([], [])", r"layers must be a dict"),
        ("layers.separation(reps, ['a'] * 4)", r"two different groups"),
        ("layers.separation({'a': np.full((4, 2), np.nan)}, groups)", r"NaN"),
        ("layers.separation({'a': [['x', 'y']] * 4}, groups)", r"must be numbers"),
        ("layers.separation(reps, 'abcd')", r"groups must be one label per input"),
        ("layers.one_nn_accuracy(reps['layer 6'], groups, metric='manhattan')", r"metric must be one of"),
        ("layers.one_nn_accuracy(reps['layer 6'], groups[:2])", r"one row per input \(2\)"),
        ("layers.plot_layers(reps, groups, columns=0)", r"columns must be a whole number from 1 to 10"),
        ("layers.plot_layers(reps, groups, size=float('nan'))", r"size must be a number .*NaN"),
        ("r = layers.one_nn_accuracy(reps['layer 6'], groups)", Ok("r == 1.0")),
    ],
)


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
    result, out, err = _run(shell, "import helpers\nhelpers.errors.install_handler()  # in this shell, even if helpers was imported earlier")
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
