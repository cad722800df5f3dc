"""What the notebooks' prose states is what their code prints.

Each notebook runs once per test session (conftest.executed: the very run tests/test_notebooks.py
checks); the tests read the executed outputs, so a test fails when a stated
result drifts (new data, new library versions, a changed helper) and the sentence is no longer true.
"""
import re

import numpy as np
import pytest

from conftest import ROOT, executed as run_once

needs_run = pytest.mark.notebook  # the tests that read executed outputs
NB = ROOT / "notebooks"


def executed(stem):
    """The notebook's executed copy, from the run tests/test_notebooks.py already made."""
    return run_once(next(NB.glob(f"{stem}*.ipynb")))[0]


def cell_text(nb, snippet):
    """Everything a code cell whose source contains ``snippet`` printed or showed as text."""
    hits = [c for c in nb.cells if c.cell_type == "code" and snippet in c.source]
    assert len(hits) == 1, f"{len(hits)} cells contain {snippet!r}"
    out = []
    for o in hits[0].outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            out.append(o.get("data", {}).get("text/plain", ""))
        elif o.output_type == "error":
            raise AssertionError(f"cell with {snippet!r} failed: {o.ename}: {o.evalue}")
    return "\n".join(out)


def markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def table_rows(text):
    """Row labels of a printed DataFrame of numbers (``name  value ...`` lines)."""
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and all(re.fullmatch(r"-?\d+\.\d+", p) for p in parts[1:]):
            rows.append(parts[0])
    return rows


def _run_once(stem):
    """A module fixture: the executed notebook whose name starts with ``stem``."""
    return pytest.fixture(scope="module", name=f"nb{stem[:2]}")(lambda: executed(stem))


nb01, nb02, nb04, nb05, nb06, nb07, nb08 = (_run_once(f"{n:02d}_") for n in (1, 2, 4, 5, 6, 7, 8))


# -- 01: the onion, faced with numbers ------------------------------------------------------
@needs_run
def test_01_onion_is_nearer_to_apple_than_mango(nb01):
    text = cell_text(nb01, 'for other in ["pear", "onion", "mango"]')
    assert "apple–onion: 4.00" in text and "apple–mango: 4.58" in text
    assert "onion is apple's neighbour number 3" in text
    prose = markdown(nb01)
    assert "it is apple's third nearest neighbour" in prose


@needs_run
def test_01_a_savoury_axis_sends_onion_away(nb01):
    text = cell_text(nb01, 'for name, s in [("3 axes", space), ("4 axes (+ savoury)", space4)]')
    three, four = [line for line in text.splitlines() if "apple–onion" in line]
    assert "onion among them: True" in three and "onion among them: False" in four
    # the prose quotes these numbers
    assert "apple–onion 4.00" in three and "apple–onion 10.77" in four and "apple–mango 4.58" in four
    assert "from 4.00 to 10.77" in markdown(nb01) and "stays 4.58" in markdown(nb01)


@needs_run
def test_01_neighbour_questions_are_unambiguous(nb01):
    import helpers

    fruit = helpers.fruit()
    onion = table_rows(cell_text(nb01, 'space.nearest("onion", k=4'))
    assert onion[:3] == ["garlic", "potato", "radish"] and onion[3] == "apple"
    assert all(fruit.loc[n, "kind"] == "vegetable" for n in onion[:3])
    # mango: three nearest, and the fourth place is the three-way tie the prose mentions
    space = helpers.fruit_space()
    d = space.nearest("mango", k=6, metric="euclidean")["distance"]
    assert d.iloc[2] < d.iloc[3] == d.iloc[4] == d.iloc[5] == 3.0
    assert set(d.index[3:6]) == {"pear", "orange", "peach"}
    assert table_rows(cell_text(nb01, 'space.nearest("mango", k=3')) == list(d.index[:3])
    # exercise 3 asks for the smallest distance and how many pairs share it: "several"
    table = space.distance_table().to_numpy()
    pairs = [(i, j) for i in range(len(table)) for j in range(i + 1, len(table))]
    smallest = min(table[i, j] for i, j in pairs)
    assert sum(table[i, j] == smallest for i, j in pairs) > 1
    # the shadow: banana and peach differ only in "long"
    assert fruit.loc["banana", ["sweet", "crunchy"]].tolist() == fruit.loc["peach", ["sweet", "crunchy"]].tolist() == [8, 2]


@needs_run
def test_01_onion_drag_and_half_apple(nb01):
    text = cell_text(nb01, 'print("Euclidean distance from apple:"')
    assert "Cosine similarity with apple:  1.0" in text


# -- 02: what a cosine of 0 means ---------------------------------------------------------------
@needs_run
def test_02_unrelated_pairs_are_small_not_zero(nb02):
    text = cell_text(nb02, "unrelated = [(")
    low, high = map(float, re.search(r"unrelated pairs: from ([-+]\d\.\d+) to ([-+]\d\.\d+)", text).groups())
    assert -0.2 < low < high < 0.2 and (low < 0 or high > 0.05), (low, high)  # "a little above or below zero"
    pair = cell_text(nb02, 'pair = ["how do I fix a flat tyre"')
    wheel, tv = map(float, re.findall(r"= (-?\d\.\d+)", pair))
    assert wheel > tv
    assert "'pun', '##cture', '##d'" in pair  # the prose names the three pieces


def test_02_love_and_hate_score_high():
    from helpers import sentences

    love, hate = sentences.encode(["I love this dress", "I hate this dress"])
    assert love @ hate > 0.5


def core_cell(stem, snippet):
    """The source of the one code cell of a notebook that contains ``snippet`` (the core shown once)."""
    import nbformat

    nb = nbformat.read(next(NB.glob(f"{stem}*.ipynb")), as_version=4)
    hits = [c.source for c in nb.cells if c.cell_type == "code" and snippet in c.source]
    assert len(hits) == 1, f"{len(hits)} cells contain {snippet!r}"
    return hits[0]


@needs_run
def test_02_most_similar_puts_the_wheel_first(nb02):
    """Notebook 02's core, run on the how-to sentences, ranks the punctured wheel first for the
    flat-tyre question ("Meaning matched instead")."""
    text = cell_text(nb02, "top, similarity = most_similar(")
    assert text.splitlines()[0].endswith("  patching a punctured wheel"), text


# -- 04: analogies, arrows, apple, dimensions ------------------------------------------------
@needs_run
def test_04_lesson_analogies_top1(nb04):
    text = cell_text(nb04, "for a, b, c, expected in words.LESSON_ANALOGIES")
    assert text.count("✔ top-1") == 3, text


@needs_run
def test_04_raw_nearest_is_king_and_dragged_king_finds_queen(nb04):
    raw = cell_text(nb04, "raw = kv.similar_by_vector(target")
    assert re.search(r"nearest to king − man \+ woman: king [\d.]+, queen [\d.]+", raw), raw
    assert "the nearest word is king itself: True" in raw
    text = cell_text(nb04, 'meaning_explorer.use("king"')
    first = re.search(r"king's nearest words now: (\w+), (\w+), (\w+), (\w+)", text)
    assert first and first.groups() == ("queen", "daughter", "prince", "princess"), text  # as the prose says
    distance = float(re.search(r"^queen\s+(\d\.\d+)$", text, re.M).group(1))
    assert round(distance, 2) == 0.14, text                                              # "cosine distance 0.14"


@needs_run
def test_04_ours_equals_gensim_as_the_prose_says(nb04):
    text = cell_text(nb04, 'theirs = kv.most_similar("frog", topn=8)')
    assert "same words: True" in text, text
    assert float(re.search(r"largest score difference: (\S+)", text).group(1)) <= 5e-5, text   # ours: 4 decimals
    text = cell_text(nb04, "gensim_table, gensim_answered = word_studies.gensim_evaluate(sample)")
    same, total = map(int, re.search(r"same answer \(or both skipped\) on (\d+) of (\d+) questions", text).groups())
    assert same == total == 140, text          # "and so does every single answer"


@needs_run
def test_04_gender_arrows_as_the_prose_says(nb04):
    text = cell_text(nb04, "off_diagonal = table.to_numpy()")
    low, high = map(float, re.search(r"from (-?\d\.\d+) to (-?\d\.\d+)", text).groups())
    assert 0.3 < low <= high < 0.95  # "clearly positive, yet none comes near 1"
    unrelated = [float(x) for x in re.findall(r"→\w+\s+(-?\d\.\d+)", text)]
    assert len(unrelated) == 3 and all(abs(u) < 0.25 for u in unrelated)  # "near zero"


@needs_run
def test_04_apple_is_a_company(nb04):
    near = table_rows(cell_text(nb04, 'words.nearest("apple", k=10)'))
    assert near[0] == "blackberry" and {"iphone", "ipad", "ipod"} <= set(near)
    import helpers

    fruit_names = set(helpers.fruit().index) | {"blackberry", "banana", "berry", "berries", "fruit", "peach",
                                                  "raspberry", "strawberry", "apples", "cherry", "orange"}
    assert set(near) & fruit_names == {"blackberry"}  # "the one fruit name in the list"


@needs_run
def test_04_fewer_dimensions_cost(nb04):
    text = cell_text(nb04, "by_dims = word_studies.dimension_study(")
    rows = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] in {"5", "10", "25", "50"}:
            rows[int(parts[0])] = [float(x) for x in parts[1:]]
    assert sorted(rows) == [5, 10, 25, 50]
    acc = [rows[d][0] for d in (5, 10, 25, 50)]
    shared = [rows[d][1] for d in (5, 10, 25, 50)]
    spread = [rows[d][2] for d in (5, 10, 25, 50)]
    assert acc[0] <= 0.05 and acc == sorted(acc) and acc[3] > acc[2]  # "has not flattened at 50"
    assert shared[0] < 0.5 and shared == sorted(shared)  # "mostly different words" at 5
    assert spread == sorted(spread, reverse=True)  # "the spread shrinks"
    assert float(re.search(r"in (\d+\.\d) s", text).group(1)) < 10


# -- 05: CBOW, colours, rotations ---------------------------------------------------------------
@needs_run
def test_05_trains_cbow_as_described(nb05):
    import inspect

    from helpers import word_studies

    assert inspect.signature(word_studies.train_word2vec).parameters["sg"].default == 0
    code = "\n".join(c.source for c in nb05.cells if c.cell_type == "code")
    assert "sg=1" not in code and "We train **CBOW**" in markdown(nb05)


@needs_run
def test_05_colours_gather_after_one_epoch(nb05):
    text = cell_text(nb05, "colours_near_blue = history")
    counts = [int(x) for x in re.search(r"after each epoch: \[([\d, ]+)\]", text).group(1).split(",")]
    assert counts[0] <= 1 and counts[1] >= 3  # "jumps after the first epoch"
    assert max(counts[1:]) - min(counts[1:]) <= 1  # "then changes little"


@needs_run
def test_05_rotation_keeps_neighbours_and_runs_disagree_on_coordinates(nb05):
    text = cell_text(nb05, "turned = word_studies.rotated(seed=0)")
    before = re.search(r"nearest to king, before: (\[.*\])", text).group(1)
    after = re.search(r"nearest to king, after: +(\[.*\])", text).group(1)
    assert before == after
    runs = cell_text(nb05, "model2, _ = word_studies.train_word2vec(")
    r = float(re.search(r"correlation over 2000 words: ([-+]\d\.\d+)", runs).group(1))
    shared = int(re.search(r"\(watched words\): (\d+)%", runs).group(1))
    assert abs(r) < 0.5 and shared > 50  # "barely agree", "largely the same neighbours"


# -- 06: zero-shot and "captioning" -------------------------------------------------------------
@needs_run
def test_06_cat_finds_mostly_dogs_and_the_cat_is_not_captioned_cat(nb06):
    text = cell_text(nb06, 'near_cat = model.pictures_for("cat", 10)')
    counts = eval(re.search(r"(\{.*\})", text).group(1))  # a printed dict of class -> count
    assert max(counts, key=counts.get) == "dog" and counts["dog"] > 5  # "dogs fill most of the list"
    caption = table_rows(cell_text(nb06, "model.words_for(cat, k=8)").replace("✔", ""))
    assert caption and caption[0] != "cat"


# -- 07: genres along the PCA axes ----------------------------------------------------------
@needs_run
def test_07_genres_along_the_axes_as_stated(nb07):
    text = cell_text(nb07, "by_genre = film_map.genre_positions(")
    ends = {}
    for pc in ("mean PC 1", "mean PC 2"):
        m = re.search(rf"{pc}: lowest (.+?)  \.\.\.  highest (.+)", text)
        ends[pc] = {frozenset(m.group(1).split(", ")), frozenset(m.group(2).split(", "))}
    assert ends["mean PC 1"] == {frozenset({"Crime", "Film-Noir", "Drama"}),
                                 frozenset({"Action", "Adventure", "Children's"})}
    assert ends["mean PC 2"] == {frozenset({"Horror", "Sci-Fi", "Action"}),
                                 frozenset({"Musical", "Romance", "Drama"})}
    prose = markdown(nb07)
    assert "crime, film-noir and drama, the other action, adventure and children's films" in prose
    assert "horror, sci-fi and action at one end and musicals, romance and drama at the other" in prose
    rmse = cell_text(nb07, "scores = recommend.baselines(train, test)")
    values = dict(re.findall(r"(\w[\w ]+): (\d\.\d+) stars off", rmse))
    assert float(values["matrix factorisation"]) < float(values["film mean"]) < float(values["global mean"])


# -- 08: LOF against chance ---------------------------------------------------------------------
@needs_run
def test_08_lof_below_chance_only_for_small_k(nb08):
    text = cell_text(nb08, "by_k = anomaly.auc_by_k(")
    below = re.search(r"below chance \(ROC AUC < 0.5\): (.+)", text).group(1)
    ks = [int(k) for k in re.findall(r"\d+", below)]
    assert ks and max(ks) < 30  # "for some small values of k"
    rows = {int(p[0]): (float(p[1]), float(p[2])) for p in
            (line.split() for line in text.splitlines()) if len(p) == 3 and p[0].isdigit()}
    assert all(min(rows[k]) > 0.95 for k in (30, 50))  # "both scorers work" once k is large
    table = cell_text(nb08, "table = anomaly.score_table(points, data.is_odd, k=30)")
    aucs = [float(x) for x in re.findall(r"^\w+\s+(\d\.\d+)", table, flags=re.M)]
    assert len(aucs) == 3 and min(aucs) > 0.9  # "all three rank the strangers far above the digits"


# -- 09: the ladder climbs for MiniLM, but not as a staircase; digits get tidier, not nearer ------
def separation_rows(text):
    """{layer: (1-NN accuracy, silhouette)} of a printed layers.separation table, in order."""
    return {m.group(1): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^(\w[\w ]*?)\s+(-?\d\.\d+)\s+(-?\d\.\d+)\s*$", text, flags=re.M)}


@needs_run
def test_09_minilm_climbs_unevenly_and_the_digit_groups_get_tidier_not_nearer():
    nb09 = executed("09_")
    sep = separation_rows(cell_text(nb09, 'sep = layers.separation(reps, table["group"], metric="cosine")'))
    assert list(sep) == ["words"] + [f"layer {i}" for i in range(1, 7)]
    nn, sil = [v[0] for v in sep.values()], [v[1] for v in sep.values()]
    assert nn[-1] >= nn[0] + 0.15                       # "climbs a lot"
    assert any(b < a for a, b in zip(nn, nn[1:]))      # "not a smooth staircase"
    assert 0 < sil.index(max(sil)) < len(sil) - 1       # "the silhouette tops out in a middle layer"
    digits = separation_rows(cell_text(nb09, "digit_sep = layers.separation(acts, y_test"))
    assert list(digits) == ["pixels", "hidden 1", "hidden 2", "hidden 3", "output"]
    nn, sil = [v[0] for v in digits.values()], [v[1] for v in digits.values()]
    assert all(b > a for a, b in zip(sil, sil[1:]))    # "tighter ... at every step up"
    assert nn[0] > 0.95 and nn[-1] < nn[0]              # "already very high on raw pixels", "drifts slightly down"


# -- the shape of the teaching, without running anything ------------------------------------
NOTEBOOKS = sorted(NB.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_three_to_five_predictions_each(path):
    """Every notebook asks 3–5 "Predict, then run" questions, each answered by helpers.reveal
    on a my_prediction that starts empty (so nothing is revealed before a guess)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    asked = sum(c.source.count("**Predict, then run:**") for c in nb.cells if c.cell_type == "markdown")
    revealed = [c.source for c in nb.cells if c.cell_type == "code" and "helpers.reveal(my_prediction" in c.source]
    assert 3 <= asked <= 5 and len(revealed) == asked, (asked, len(revealed))
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert code.count("my_prediction = None") == asked


def test_glossary_anchors_exist_and_links_resolve():
    import nbformat

    start = "\n".join(c.source for c in nbformat.read(NB / "00_start_here.ipynb", as_version=4).cells)
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', start))
    assert {"token", "cosine-similarity", "cosine-distance", "projection", "epoch", "loss", "rmse",
            "precision-at-k", "roc-auc", "nmi", "ari", "silhouette"} <= anchors
    shadow = "\n".join(c.source for c in nbformat.read(NB / "01_fruit_coordinates.ipynb", as_version=4).cells)
    assert '<a id="shadow"></a>' in shadow
    for path in NOTEBOOKS:
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        for target, anchor in re.findall(r"\]\((0\d_\w+\.ipynb)#([\w-]+)\)", text):
            assert target in ("00_start_here.ipynb", "01_fruit_coordinates.ipynb"), (path.name, target)
            assert anchor in (anchors if target.startswith("00") else {"shadow"}), (path.name, anchor)


# -- issue 19: sentences beside surprising output, checked against that output ------------------
nb03, nb09 = (_run_once(f"{n:02d}_") for n in (3, 9))


def test_01_shadow_labels_the_pair_the_prose_names():
    import matplotlib

    matplotlib.use("Agg")
    import helpers
    from helpers import plots

    assert 'mark=["banana", "peach"]' in core_cell("01_", "plots.shadow(")
    a3 = plots.shadow(helpers.fruit_space(), mark=["banana", "peach"])[0]
    assert {t.get_text().strip() for t in a3.texts} == {"banana", "peach"}
    assert "Drag **onion** to the right, towards the sweet side (*sweet* runs across)" in "\n".join(
        c.source for c in __import__("nbformat").read(NB / "01_fruit_coordinates.ipynb", as_version=4).cells)


@needs_run
def test_02_love_hate_tie_and_where_meaning_loses(nb02):
    love = float(re.search(r"'I love this dress' / 'I hate this dress': ([-+]\d\.\d+)",
                           cell_text(nb02, "print(f\"'I love this dress'")).group(1))
    unrelated = [float(x) for x in re.findall(r"^([-+]\d\.\d+)  '", cell_text(nb02, "unrelated = [("), re.M)]
    assert love > 0.5 and love > max(unrelated) + 0.3                  # "score high ... far above"
    compare = cell_text(nb02, "howto_corpus.compare(query, k=5)")
    keyword_scores = [float(x) for x in re.findall(r"^\d\s+.+?\s(\d\.\d{3})\s*$", compare.split("by keywords")[1], re.M)]
    assert len(keyword_scores) == 5 and keyword_scores[0] > keyword_scores[1] == keyword_scores[4]  # one, then a tie of four
    assert "how to fix a leaking tap" in compare.split("by keywords")[1].splitlines()[2]
    table = cell_text(nb02, "scores = sentences.score_queries(corpus, list(QUERIES)")
    rows = {"denim that keeps its shape": [], "a cosy jumper for cold weather": []}
    for line in table.splitlines():   # the wide table prints in two blocks: meaning, then keywords
        for q in rows:
            if line.startswith(q):
                rows[q] += [float(x) for x in re.findall(r"(\d\.\d+)", line)]
    assert rows["denim that keeps its shape"] == [0.0, 0.0]                       # "both methods score 0"
    assert rows["a cosy jumper for cold weather"] == [0.0, 0.4]                   # "meaning 0, keywords 0.4"
    jumper = cell_text(nb02, 'for q in ["a cosy jumper for cold weather", "denim that keeps its shape"]')
    jumper = jumper.split("QUERY: denim")[0]
    about = [line for line in jumper.splitlines()[1:] if "jumper" in line.lower()]
    assert len(about) >= 2 and all("[Dresses]" in line or "[Pants]" in line for line in about)


@needs_run
def test_03_drop_on_the_colour_cluster(nb03):
    text = cell_text(nb03, "explorer.use(mover, float(gx), float(gy))")
    assert re.search(r"to the middle of cluster \d+: '.*colou?r", text), text
    listed = [line for line in text.splitlines() if re.search(r"\s\d\.\d{4}$", line)]
    colour = re.compile(r"\b(blue|red|green|pink|white|black|colou?rs?|navy|yellow|grey|gray)\b", re.I)
    assert len(listed) == 5 and [bool(colour.search(line)) for line in listed] == [False] * 4 + [True]


@needs_run
def test_04_surprises_said_beside_them(nb04):
    from helpers import words

    assert words.analogy("japan", "tokyo", "germany", k=1).index[0] != "berlin"    # "not Germany's capital"
    jobs = words.rank_along("he", "she", ["doctor", "carpenter", "surgeon", "pilot", "nurse"])["score"]
    assert all(0 < jobs[j] < 0.15 for j in ("doctor", "carpenter", "surgeon", "pilot"))   # "about 0.04 to 0.12"
    assert 0.3 < jobs["nurse"] < 0.45                                                      # "about 0.38"
    pca_drag = table_rows(cell_text(nb04, 'wx, wy = explorer.position("woman")\nexplorer.use("king"'))
    assert pca_drag[:2] == ["prince", "queen"]                                # "prince first, queen only second"
    labels = ["king", "queen", "man", "woman", "prince", "princess", "paris", "rome", "france",
              "italy", "walk", "walking", "swim", "swimming", "apple", "computer"]
    assert words.words_space(3000, include=labels).nearest("king", k=1).index[0] == "prince"  # "before any drag"
    shown = cell_text(nb04, 'shown = words.shown(ws["table"])')
    assert "353 pairs" in shown and not set(re.findall(r"[a-z]+", shown)) & words.NOT_SHOWN


@needs_run
def test_05_headings_and_size_codes(nb05):
    compare = cell_text(nb05, "word_studies.compare_neighbours(model.wv")
    small = next(line for line in compare.splitlines() if line.startswith("small"))
    assert {"l", "p"} <= set(re.findall(r"\b\w+\b", small))        # "l and p sit next to small"


@needs_run
def test_06_word_table_as_told(nb06):
    text = cell_text(nb06, 'table = model.word_table(["milk", "wool"')
    header = next(line for line in text.splitlines() if line.startswith("class")).split()[1:]
    rows = {p[0]: dict(zip(header, map(int, p[1:]))) for p in (line.split() for line in text.splitlines())
            if p and p[0] in {"milk", "wool", "stripes", "savanna", "puppy", "trunk", "kitten"}}

    def top(word):
        return max(rows[word], key=rows[word].get)

    assert (top("milk"), top("stripes"), top("savanna"), top("puppy"), top("kitten")) == ("cow", "zebra", "zebra", "dog", "dog")
    assert top("wool") == "sheep" and rows["wool"]["zebra"] >= 3                          # "about half and half"
    assert top("trunk") == "horse" and rows["trunk"].get("elephant", 0) == 0              # "not a single elephant"
    zero = cell_text(nb06, "zero = model.zero_shot(k=10)")
    plain, calibrated = (list(map(float, re.search(rf"^{name}\s+(\S+)\s+(\S+)\s+(\S+)", zero, re.M).groups()))
                         for name in ("plain", "calibrated"))
    assert plain[0] <= plain[2] and calibrated[0] > calibrated[2] and calibrated[1] > calibrated[2]


@needs_run
def test_07_the_disney_list_as_told(nb07):
    text = cell_text(nb07, "mine = model.recommend(me, k=8)")
    films = [line for line in text.splitlines() if re.search(r"\(\d{4}\)\s+\d\.\d\d\s+\d\.\d\d\s+\d+\s*$", line)]
    match = [float(re.findall(r"(\d\.\d\d)", f)[-2]) for f in films]
    stars = [float(re.findall(r"(\d\.\d\d)", f)[-1]) for f in films]
    assert len(films) == 8 and match == sorted(match, reverse=True) and stars != sorted(stars, reverse=True)
    genres = text.split("genres")[-1]
    assert genres.count("Romance") >= 3 and "Crime, Thriller" in genres and "Children's" in genres
    assert "Red Corner" in text


@needs_run
def test_08_lof_needs_k_30(nb08):
    text = cell_text(nb08, "by_k = anomaly.auc_by_k(")
    rows = {int(p[0]): (float(p[1]), float(p[2])) for p in
            (line.split() for line in text.splitlines()) if len(p) == 3 and p[0].isdigit()}
    assert rows[15][1] < 0.5 and rows[20][1] < 0.6 and rows[30][1] > 0.95   # "below or barely above", "from k = 30"
    assert "Both scorers work only\nfrom k = 30 on" in markdown(nb08)


@needs_run
def test_09_top_panel_is_not_the_tidiest(nb09):
    sep = separation_rows(cell_text(nb09, 'sep = layers.separation(reps, table["group"], metric="cosine")'))
    assert sep["layer 6"][1] < max(s for _, s in sep.values())        # "the layer-6 panel ... still overlap"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_numbered_sections_have_no_gaps(path):
    import nbformat

    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    numbers = [int(n) for n in re.findall(r"^## (\d+)\.", text, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)), (path.name, numbers)


@needs_run
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_offensive_word_is_shown(path):
    from helpers import words

    nb = run_once(path)[0]
    shown = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            shown.append(o.get("text", "") + o.get("data", {}).get("text/plain", "") + o.get("data", {}).get("text/html", ""))
    assert not set(re.findall(r"[a-z]+", "\n".join(shown).lower())) & words.NOT_SHOWN, path.name


# -- a no-code path: the maths is in optional "How it works" cells that can be skipped --------------
def _names(source, ctx):
    """Names a cell stores (ctx=ast.Store: assignments, imports, defs, loop targets) or loads."""
    import ast

    code = "\n".join(line[:len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!"))
                     else line for line in source.splitlines())   # a %pip line is not Python
    tree = ast.parse(code)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}
    if ctx is ast.Store:
        names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        names |= {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                  if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    return names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_how_it_works_cells_can_be_skipped(path):
    """A code cell tagged how-it-works follows a markdown cell that says it is optional, and no
    later cell needs a name that only such a cell defines: skipping them all still runs."""
    import ast

    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    defined, only_optional = set(), set()
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        optional = "how-it-works" in cell.metadata.get("tags", [])
        stored = _names(cell.source, ast.Store)
        if optional:
            previous = next(c for c in reversed(cells[:i]) if c.cell_type == "markdown")
            assert previous.source.startswith("#### How it works (optional"), (path.name, i)
            only_optional |= stored - defined
            continue
        needed = (_names(cell.source, ast.Load) - stored) & only_optional
        assert not needed, f"{path.name} cell {i} needs {needed}, defined only in a how-it-works cell"
        defined |= stored
        only_optional -= stored


def test_the_maths_lives_only_in_core_or_optional_cells():
    """The cosine top-k (02), the tf·log naming formula (03) and the least-squares solve (07) are
    written once, in the notebook's core cell (tests/test_cores.py) or a how-it-works cell; no
    other cell of the reading path repeats them."""
    import nbformat

    for stem, marks in {"02_": ["rows @ (query", "np.argsort(-similarity"], "03_": ["np.log("],
                        "07_": ["np.linalg.solve"]}.items():
        nb = nbformat.read(next(NB.glob(f"{stem}*.ipynb")), as_version=4)
        for mark in marks:
            holders = [c for c in nb.cells if c.cell_type == "code" and mark in c.source]
            assert len(holders) == 1 and {"core", "how-it-works"} & set(holders[0].metadata.get("tags", [])), \
                (stem, mark)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_time_line_fits_the_words(path):
    """Each notebook opens with its time to read and run; the minutes are its words at
    200 a minute (tools/reading_time.py --write rewrites the line after prose changes)."""
    import nbformat
    from reading_time import LINE, RUN_SECONDS, minutes, prose_words

    nb = nbformat.read(path, as_version=4)
    stated = LINE.search(nb.cells[1].source)
    assert stated, f"{path.name}: no time line under the title (run tools/reading_time.py --write)"
    assert abs(int(stated.group(1)) - minutes(prose_words(nb))) <= 1, (path.name, stated.group(0))
    assert int(stated.group(2)) == RUN_SECONDS[path.name[:2]]


# -- 10: face unlock ----------------------------------------------------------------------------
nb10 = _run_once("10_")


@needs_run
def test_10_the_network_beats_pixels_and_nearest_is_easy_for_all(nb10):
    text = cell_text(nb10, 'best = ways["equal error rate"].idxmin()')
    rates = {w: float(r) for w, r in re.findall(r"(pixels|eigenfaces|network) (\d+\.\d)%", text)}
    nearest = {w: int(r) for w, r in re.findall(r"(pixels|eigenfaces|network) (\d+)%[,.]", text)}
    assert set(rates) == set(nearest) == {"pixels", "eigenfaces", "network"}, text
    assert rates["network"] < 0.7 * min(rates["pixels"], rates["eigenfaces"])   # "far fewer mistakes"
    assert min(nearest.values()) >= 95   # "finding somebody's nearest photo is easy here for all three"


@needs_run
def test_10_a_higher_threshold_lets_strangers_in_and_refuses_owners_less(nb10):
    text = cell_text(nb10, "table = faces.unlock_table(")
    rows = [tuple(map(float, line.split())) for line in text.splitlines()
            if re.fullmatch(r"\s*\d\.\d+\s+\d\.\d+\s+\d\.\d+\s*", line)]
    assert [r[0] for r in rows] == [0.6, 0.8, 1.0, 1.2, 1.4]
    accept, reject = [r[1] for r in rows], [r[2] for r in rows]
    assert accept == sorted(accept) and accept[-1] > accept[0]
    assert reject == sorted(reject, reverse=True) and reject[-1] < reject[0]
    assert all(max(a, r) > 0 for a, r in zip(accept, reject))   # "no threshold makes both zero"


@needs_run
def test_10_the_dragged_face_keeps_some_of_its_own_neighbours(nb10):
    text = cell_text(nb10, 'near = explorer.use("person 31 #1"')
    owners = re.search(r"whose the 9 nearest are: (.+)", text).group(1).split(", ")
    assert len(owners) == 9 and "person 31" in owners and "person 35" in owners


# -- 11: what "sounds alike" means --------------------------------------------------------------
nb11 = _run_once("11_")


@needs_run
def test_11_spectrum_hears_the_note_and_timbre_the_instrument(nb11):
    table = cell_text(nb11, 'like_spectrum = sounds.sounds_like(spectrum, "violin G4", k=5)')
    notes = re.findall(r"^\S+ \S+\s+\d+\.\d+\s+\S+\s+(\S+)$", table, flags=re.M)
    assert len(notes) == 5 and notes.count("G4") >= 4   # "the spectrum hears which note"
    text = cell_text(nb11, 'shares = {"spectrum"')
    spectrum = re.search(r"spectrum: nearest note is the same instrument (\d+)%, the same note (\d+)%", text)
    timbre = re.search(r"timbre: nearest note is the same instrument (\d+)%, the same note (\d+)%", text)
    assert int(spectrum[2]) > 50 > int(spectrum[1]) and int(timbre[1]) > 50 > int(timbre[2])
    assert min(map(int, (spectrum[1], spectrum[2], timbre[1], timbre[2]))) > 12   # "far from random" (9%, 7%)


@needs_run
def test_11_groups_follow_instruments_in_timbre_and_notes_in_spectrum(nb11):
    text = cell_text(nb11, "Numbers from this run")
    nmi_inst = dict(re.findall(r"(timbre|spectrum) (\d\.\d\d)", text.split("NMI vs instrument")[1].split(";")[0]))
    nmi_note = dict(re.findall(r"(timbre|spectrum) (\d\.\d\d)", text.split("NMI vs note")[1]))
    assert float(nmi_inst["timbre"]) > float(nmi_note["timbre"])
    assert float(nmi_note["spectrum"]) > float(nmi_inst["spectrum"])
    assert float(nmi_inst["timbre"]) < 0.95   # "neither is perfect"


@needs_run
def test_11_the_rail_suggests_an_instrument_never_played(nb11):
    text = cell_text(nb11, "next_up = sounds.rail(timbre, history, k=5)")
    played = {"flute", "clarinet"}
    suggested = re.findall(r"^\S+ \S+\s+\d+\.\d+\s+(\S+)\s", text, flags=re.M)
    assert len(suggested) == 5 and set(suggested) - played   # "may suggest something you never played"


@needs_run
def test_11_the_network_learns_instruments_at_pitches_it_never_heard(nb11):
    trained = cell_text(nb11, "model = sounds.train(seed=0)")
    assert "Trained on 90 notes (10 instruments × 9 pitches)" in trained
    assert "The 40 notes of A3, D#4, A4, D#5 were never shown" in trained
    prose = " ".join(markdown(nb11).split())
    assert "90 notes (10 instruments × 9 pitches)" in prose and "The 40 notes of A3, D#4, A4 and D#5" in prose
    assert "3 of the 39 others, about 8%" in prose and round(3 / 39, 2) == 0.08
    rows = re.findall(r"^\S+ \S+\s+\d+\.\d+\s+(\S+)\s+(\S+)$", trained, flags=re.M)
    assert len(rows) == 5 and "A4" not in [note for _, note in rows]
    assert [instrument for instrument, _ in rows].count("violin") >= 4   # "mostly violins, at other pitches"
    text = cell_text(nb11, "held = sounds.held_out_scores(model)")
    line = re.search(r"On the 40 held-out notes: (.+)", text)[1]
    part = {name: dict((k, float(v)) for k, v in re.findall(r"(learned|timbre|spectrum) (\d+(?:\.\d+)?)", chunk))
            for name, chunk in zip(("nearest", "NMI", "ARI"), re.split(r"; (?:NMI|ARI) ", line))}
    for name, scores in part.items():   # "more often than either recipe", "higher NMI and ARI"
        assert set(scores) == {"learned", "timbre", "spectrum"}, line
        assert scores["learned"] > max(scores["timbre"], scores["spectrum"]), (name, line)
    assert part["nearest"]["timbre"] < 50   # "fewer than half of them"
    shares = re.search(r"timbre: nearest note is the same instrument (\d+)%", cell_text(nb11, 'shares = {"spectrum"'))
    assert int(shares[1]) > 50   # "among all 130 notes ... mostly the same instrument"


# -- 12: sentences and pictures -----------------------------------------------------------------
nb12 = _run_once("12_")


@needs_run
def test_12_sentences_find_their_animals_well_above_chance(nb12):
    text = cell_text(nb12, 'for sentence in ["something with wings"')
    tops = re.findall(r"→ (\w+) (\d+)", text)
    assert [a for a, _ in tops] == ["bird", "sheep", "cat"] and min(int(n) for _, n in tops) >= 6   # "mostly its own animal"
    numbers = cell_text(nb12, "Numbers from this run")
    recall1 = re.search(r"recall@1 (\d+)% \(chance (\d+)%\)", numbers)
    precision = re.search(r"precision@10 (\d+)% \(chance (\d+)%\)", numbers)
    assert 5 * int(recall1[2]) < int(recall1[1]) < 90   # "far above chance, and far from perfect"
    assert int(precision[1]) > 3 * int(precision[2])


# -- 13: translation as nearness ----------------------------------------------------------------
nb13 = _run_once("13_")


@needs_run
def test_13_the_multilingual_model_finds_every_translation_and_minilm_some(nb13):
    assert "right: 40 of 40" in cell_text(nb13, 'french = translation.top1("english", "french")')
    text = cell_text(nb13, "Numbers from this run")
    found = re.search(r"Spanish: (\d+)%, (\d+)%, (\d+)% \(English-only MiniLM: (\d+)%, (\d+)%, (\d+)%", text)
    multilingual, minilm = [int(x) for x in found.groups()[:3]], [int(x) for x in found.groups()[3:]]
    assert multilingual == [100, 100, 100]   # "finds the translation of every one of these sentences"
    assert all(2.5 < m < 60 for m in minilm)   # "finds some", above chance
    nearest = cell_text(nb13, 'nearest = translation.translate("I lost my keys"')
    lines = nearest.splitlines()
    first = lines[next(i for i, line in enumerate(lines) if line.startswith("name")) + 1]
    assert "Schlüssel" in first   # "the nearest German sentence is the one about keys"


# -- 14: your own points -------------------------------------------------------------------------
nb14 = _run_once("14_")


@needs_run
def test_14_the_example_splits_into_its_four_topics_and_the_bad_file_says_why(nb14):
    text = cell_text(nb14, "Numbers from this run")
    assert "16 sentences, 27 table rows" in text
    sizes = re.findall(r"^\d\s+.+?\s+(\d+)\s+\\?$", cell_text(nb14, "groups = own.named_clusters(mine, k=4)"), flags=re.M)
    assert sizes == ["4", "4", "4", "4"], sizes
    bad = cell_text(nb14, 'own.from_csv(b"name,size')
    assert "mixes numbers and text" in bad
