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


# -- recommend: AREAS['recommend'] = (setup, after, cases) goes here


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
