"""helpers.words on the real GloVe 6B 50d vectors (all 400,000 words), checked against gensim."""
from __future__ import annotations

import pytest

import helpers
from helpers import widgets, word_studies, words


@pytest.fixture(scope="module")
def kv():
    return words.vectors()


def test_all_400k_words_load_once(kv):
    assert kv.vectors.shape == (400_000, 50)
    assert words.vectors() is kv  # cached per kernel
    assert kv.index_to_key[:3] == ["the", ",", "."]


@pytest.mark.parametrize("a,b,c,expected", words.LESSON_ANALOGIES)
def test_lesson_analogies_are_top1(a, b, c, expected):
    assert words.analogy(a, b, c, k=1).index[0] == expected


def test_nearest_equals_gensim(kv):
    for w in ["frog", "apple", "king", "swimming", "paris", "blue", "computer"]:
        ours = words.nearest(w, 10)
        theirs = kv.most_similar(w, topn=10)
        assert ours.index.tolist() == [x for x, _ in theirs]
        assert ours["similarity"].tolist() == pytest.approx([s for _, s in theirs], abs=1e-4)


def test_analogy_top5_equals_gensim_most_similar(kv):
    sample = word_studies.analogy_questions(per_section=2, seed=1)
    for q in sample.itertuples():
        ours = words.analogy(q.a, q.b, q.c, k=5).index.tolist()
        theirs = [w for w, _ in kv.most_similar(positive=[q.b, q.c], negative=[q.a], topn=5)]
        assert ours == theirs, (q.a, q.b, q.c)


def test_question_answers_equal_gensim_on_fixed_sample(kv):
    sample = word_studies.analogy_questions(per_section=5, seed=0)  # 70 questions, all 14 sections
    ours = word_studies.answer_questions(sample)
    common = set(kv.index_to_key[:300_000])
    asked = [kv.most_similar(positive=[q.b, q.c], negative=[q.a], topn=1, restrict_vocab=300_000)[0][0]
             if {q.a, q.b, q.c, q.expected} <= common else None
             for q in sample.itertuples()]
    assert ours["answer"].tolist() == asked
    table, theirs = word_studies.gensim_evaluate(sample)
    assert theirs["answer"].tolist() == asked
    assert word_studies.accuracy_table(ours).equals(table)
    assert 0 < table.loc["Total accuracy", "correct"] < table.loc["Total accuracy", "in vocabulary"]


def test_google_questions_file_is_complete():
    q = word_studies.analogy_questions()
    assert len(q) == 19_544
    assert q["section"].nunique() == 14


@pytest.mark.parametrize("bad,says", [
    ("", "Type one word"),
    ("   ", "Type one word"),
    ("new york", "one word at a time"),
    ("Paris", "lower-case"),
    ("qeeen", "queen"),
    ("xqzzvv", "lower-case"),
    (3, "in quotes"),
])
def test_bad_words_say_how_to_fix(bad, says):
    with pytest.raises(helpers.CourseError, match=says):
        words.nearest(bad)


def test_unknown_word_suggests_close_spellings():
    with pytest.raises(helpers.CourseError) as err:
        words.analogy("man", "womna", "king")
    assert "Did you mean" in str(err.value) and "woman" in str(err.value)


def test_close_spellings_fewest_edits_first_then_most_frequent():
    # kin, ign, sign and king are each one edit from "kign" (king: a swap); king is the most frequent
    with pytest.raises(helpers.CourseError, match=r"Did you mean: king, sign, kin, ign"):
        words.nearest("kign")


@pytest.mark.parametrize("k", [0, -1, 2.5, "5", 10_001])
def test_bad_k(k):
    with pytest.raises(helpers.CourseError, match="k must be"):
        words.nearest("king", k)


def test_similarity():
    assert words.similarity("cat", "dog") > words.similarity("cat", "democracy")
    assert words.similarity("king", "king") == pytest.approx(1.0, abs=1e-6)


def test_analogy_box_updates_as_you_type():
    box = widgets.analogy_box("man", "woman", "king")
    assert "queen" in box.answer.value and repr(box) == "<AnalogyBox: man : woman :: king : queen>"
    box.inputs[0].value, box.inputs[1].value, box.inputs[2].value = "france", "paris", "italy"
    assert "<b style='font-size:120%'>rome</b>" in box.answer.value
    box.inputs[2].value = "Italy"
    assert "✘" in box.answer.value and "lower-case" in box.answer.value
    assert 'class="pis-error"' in box.answer.value  # the one style of every widget's ✘ message
    box.inputs[2].value = ""
    assert "Type one word" in box.answer.value


def test_analogy_box_use_types_like_a_learner():
    box = widgets.analogy_box()
    table = box.use("france", "paris", "japan")
    assert table.index[0] == "tokyo" and [t.value for t in box.inputs] == ["france", "paris", "japan"]
    assert "<b style='font-size:120%'>tokyo</b>" in box.answer.value
    with pytest.raises(helpers.CourseError, match="Did you mean: king"):
        box.use(c="kign")
    assert "Did you mean: king" in box.answer.value            # the page shows the same ✘
    with pytest.raises(helpers.CourseError, match="one word at a time"):
        box.use(c="<img src=x onerror=alert(1)>")
    assert "<img" not in box.answer.value and "&lt;img" in box.answer.value
    assert box.use("man", "woman", "king").index[0] == "queen"   # still answers after the mistakes


def test_long_word_is_shortened_in_the_message():
    with pytest.raises(helpers.CourseError) as err:
        words.nearest("q" * 10_000)
    assert len(str(err.value)) < 200 and "…" in str(err.value)


def test_words_space_for_the_explorer():
    space = words.words_space(3000, include=["queen", "walking", "swimming"])
    assert len(space) >= 3000 and "queen" in space and "swimming" in space
    assert all(n.isalpha() for n in space.names)
    w = helpers.explore(space, k=5, axes="pca", metric="cosine", labels=["king", "queen"])
    x, y = w.position("walking")
    assert w.use("walk", x, y).index[0] == "walking"


def test_directions():
    table = words.pair_directions([("man", "woman"), ("king", "queen"), ("france", "paris")])
    assert table.loc["man→woman", "king→queen"] > 0.5
    assert abs(table.loc["man→woman", "france→paris"]) < 0.2
    ranked = words.rank_along("he", "she", ["nurse", "engineer"])
    assert ranked.index.tolist() == ["engineer", "nurse"]


def test_wordsim353_equals_gensim():
    ws = word_studies.wordsim353()
    assert ws["pairs"] == 353
    assert ws["spearman"] == pytest.approx(ws["gensim_spearman"], abs=1e-6)
    assert 0.4 < ws["spearman"] < 0.7


def test_rotation_keeps_neighbours(kv):
    turned = word_studies.rotated(seed=3)
    assert [w for w, _ in turned.most_similar("king", topn=5)] == [w for w, _ in kv.most_similar("king", topn=5)]
    assert word_studies.coordinate_extremes(turned, 0) != word_studies.coordinate_extremes(kv, 0)


COLOURS = {"red", "green", "white", "black", "pink", "grey", "gray", "navy", "yellow", "purple", "orange",
           "brown", "beige", "teal", "cream", "ivory", "coral", "olive", "burgundy", "tan", "mustard", "maroon",
           "turquoise", "lavender", "mint", "rust", "wine", "camel", "charcoal", "khaki", "gold", "silver"}


def test_train_word2vec_neighbours_improve_with_training():
    """Notebook 05's claim, measured on all the reviews: blue's nearest words start as a random
    draw and gather colour names once the model has read the text."""
    sentences = word_studies.review_sentences()
    model, history = word_studies.train_word2vec(sentences, watch=["blue", "small"], epochs=2, k=10, workers=1)
    assert history.index.tolist() == [0, 1, 2] and list(history.columns) == ["blue", "small"]
    colours = [sum(w in COLOURS for w in row.split(", ")) for row in history["blue"]]
    assert colours[0] <= 1 and colours[1] >= colours[0] + 2 and colours[2] >= 4, colours
    assert {"large", "medium"} <= set(history.loc[2, "small"].split(", ")), history.loc[2, "small"]
    with pytest.raises(helpers.CourseError, match="vocabulary"):
        word_studies.train_word2vec(sentences[:3000], watch=["zzzqqq"], epochs=1)


def test_dimension_study_always_compares_with_all_50():
    small = dict(per_section=1, n_common=20, n_random=50)
    without_50 = word_studies.dimension_study(dims=(5, 10), **small)
    with_50 = word_studies.dimension_study(dims=(5, 10, 50), **small)
    assert list(without_50.index) == [5, 10]
    assert without_50.equals(with_50.loc[[5, 10]])
