"""helpers.captions: pictures trained into the sentence model's space (notebook 12), on the real data."""
import numpy as np
import pytest

from helpers import captions


def test_the_sentences():
    table = captions.sentences()
    assert table.groupby(["animal", "split"]).size().to_dict() == {
        (a, s): n for a in table["animal"].unique() for s, n in (("test", 2), ("train", 4))}
    assert table["sentence"].is_unique


@pytest.fixture(scope="module")
def model():
    return captions.train(epochs=4, verbose=False)   # what notebook 12 trains


def test_retrieval_recounted_by_hand(model):
    table = captions.sentences().query("split == 'test'")
    text = captions._encode(table["sentence"])
    rows = np.flatnonzero(model.test)
    hits = 0
    for r in rows:
        best = int(np.argmax(text @ model.vectors[r]))
        hits += table["animal"].iloc[best] == model.data.classes[model.data.labels[r]]
    scores = model.retrieval(k=10)
    assert scores.loc["picture → caption, recall@1", "measured"] == pytest.approx(hits / len(rows), abs=1e-3)
    assert scores.loc["picture → caption, recall@10", "chance"] == pytest.approx(1 - 43758 / 184756, abs=1e-3)
    assert scores.loc["picture → caption, recall@1", "measured"] > 5 * 0.1
    assert scores.loc["sentence → pictures, precision@10", "measured"] > 3 * 0.1


def test_the_try_its_of_notebook_12_have_answers(model):
    found = model.pictures_for("a tall african animal with a long neck and long legs", k=10)
    assert (found["animal"] == "giraffe").sum() >= 8
    d = model.data
    bird = int(np.flatnonzero(model.test)[np.flatnonzero(d.labels[model.test] == d.classes.index("bird"))[0]])
    mine = ["a bird with wings and feathers", "a horse galloping", "a woolly sheep"]
    assert model.caption(bird, mine, k=1).index[0] == mine[0]


def test_a_big_grey_animal_with_a_trunk_finds_elephants(model):
    found = model.pictures_for("a big grey animal with a trunk", k=10)   # notebook 12: "grey and trunk are enough"
    assert (found["animal"] == "elephant").sum() >= 6
