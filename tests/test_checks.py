"""Every Try-it check of the notebooks, fed a table of wrong answers (each must print one ✘ line
with a hint, and the hint must not give the answer away) and right answers (each must print ✔).

The checks live in helpers/exercises/; the notebooks call them. The last test makes sure no
notebook keeps a check that is not one of these (so every check has its table here).
"""
import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import NOTEBOOKS

import helpers
from helpers import exercises as ex


def said(capsys, call):
    """Run a check; return the one line it printed."""
    call()
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1, out
    return out


def wrong(capsys, call, answer=None):
    out = said(capsys, call)
    assert out.startswith("✘") and ("Hint:" in out or "Not yet:" in out), out
    if answer:
        assert str(answer).lower() not in out.lower(), f"the hint gives the answer away: {out}"
    return out


def right(capsys, call):
    out = said(capsys, call)
    assert out.startswith("✔"), out


# -- 00 and 01: dragging and scoring fruit ----------------------------------------------------
@pytest.fixture(scope="module")
def toy():
    space = helpers.Space(["cat", "dog", "wolf", "car", "bus", "bike"],
                          [[8, 2], [7, 3], [6, 1], [1, 8], [2, 9], [3, 6]], axes=["animal", "vehicle"])
    return space, helpers.explore(space, k=2, axes=("animal", "vehicle"), metric="euclidean", limits=(0, 10))


def test_00_bike_next_to_car(capsys, toy):
    _, explorer = toy
    check = lambda: ex.dragged(explorer, "bike", "car", hint="drag bike towards the vehicles")  # noqa: E731
    wrong(capsys, check)                           # nothing dragged yet
    explorer.use("bike", 7, 2)
    wrong(capsys, check)                           # the notebook's own drag: animals around it
    explorer.use("car", 7.5, 2.5)
    wrong(capsys, check)                           # another point dragged
    explorer.use("bike", *explorer.position("car"))   # onto wherever car is drawn now
    right(capsys, check)


@pytest.fixture(scope="module")
def fruit():
    space = helpers.fruit_space()
    return space, helpers.explore(space, k=3, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))


@pytest.mark.parametrize("fig", [
    [None, None, None], [8, 2, None], "8, 2, 4", [8, 2], ["8", "2", "4"], [True, 2, 4], [float("nan"), 2, 4],
    [10, 0, 0],                  # round (the example)
    [7, 3, 1],                   # round
    [15, 2, 4], [8, -2, 4],      # off the 0-10 scale
    [3, 2, 4],                   # not sweet
    [8, 7, 4],                   # crunchy
    [8, 2, 9],                   # as long as a banana
    [8, 2, 3],                   # exactly as round as an apple
])
def test_01_fig_wrong(capsys, fruit, fig):
    wrong(capsys, lambda: ex.fig(fig, fruit[0]))


@pytest.mark.parametrize("fig", [[8, 2, 4], [9, 3, 5], [7.5, 1, 4.5], (8, 2, 6), [10, 0, 3.5]])
def test_01_fig_right(capsys, fruit, fig):
    right(capsys, lambda: ex.fig(fig, fruit[0]))


def test_01_farthest_from_apple(capsys, fruit):
    space = fruit[0]
    answer = space.nearest("apple", k=len(space) - 1, metric="euclidean").index[-1]
    second = space.nearest("apple", k=len(space) - 1, metric="euclidean").index[-2]
    for guess in ["", None, 3, "apple", "mango", second, "appel", "no such fruit"]:
        wrong(capsys, lambda: ex.farthest(guess, space), answer)
    for guess in [answer, answer.upper(), f" {answer} "]:
        right(capsys, lambda: ex.farthest(guess, space))


def test_01_banana_next_to_carrot(capsys, fruit):
    space, explorer = fruit
    check = lambda e: (lambda: ex.dragged(e, "banana", "carrot", hint="carrot is long like banana"))  # noqa: E731
    wrong(capsys, check(explorer))
    explorer.use("carrot", 8, 2)        # the carrot brought to the banana: not the exercise
    wrong(capsys, check(explorer))
    fresh = helpers.explore(space, k=3, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))
    fresh.use("banana", 8, 4)           # a small drag: still among the soft fruit
    wrong(capsys, check(fresh))
    fresh.use("banana", *fresh.position("carrot"))
    right(capsys, check(fresh))


# -- 02: queries --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpora():
    from helpers import sentences

    return (sentences.Corpus(sentences.howto()["text"], progress=False),
            sentences.Corpus(sentences.reviews(2500)["text"], progress=False))


SINK = "unblocking a slow kitchen sink"


@pytest.mark.parametrize("query", [
    "...", "", None, 42, SINK, "sinks", "Kitchen SINK blocked", "my sink drains slowly",
    "the kitchens", "my bike has a puncture", "the drain in the bathroom is clogged"])
def test_02_meaning_query_wrong(capsys, corpora, query):
    wrong(capsys, lambda: ex.meaning_query(query, corpora[0], SINK))


@pytest.mark.parametrize("query", ["my basin drains very sluggishly", "clearing a clogged basin"])
def test_02_meaning_query_right(capsys, corpora, query):
    right(capsys, lambda: ex.meaning_query(query, corpora[0], SINK))


@pytest.mark.parametrize("query", ["...", "", " . ", "!!!", "?", None, 7, "dress", "kleid zu klein", "the", "it is the"])
def test_02_keyword_blind_wrong(capsys, corpora, query):
    wrong(capsys, lambda: ex.keyword_blind_query(query, corpora[1]))


@pytest.mark.parametrize("query", ["zzqxv", "👗", "vestido rojo", "drses"])
def test_02_keyword_blind_right(capsys, corpora, query):
    right(capsys, lambda: ex.keyword_blind_query(query, corpora[1]))


# -- 03: clusters (small made-up clusterings: the checks read labels, not the notebook) ---------
def test_03_swim_cluster(capsys):
    classes = ["Swim"] * 8 + ["Dresses"] * 8 + ["Swim"] * 2 + ["Knits"] * 6 + ["Swim"] * 3
    labels = [4] * 8 + [0] * 8 + [1] * 8 + [-1] * 3
    for guess in [None, "4", "cluster 4", True, 4.5, -1, 0, 1, 7, [4]]:
        wrong(capsys, lambda: ex.swim_cluster(guess, classes, labels))
    for guess in [4, 4.0, np.int64(4)]:
        right(capsys, lambda: ex.swim_cluster(guess, classes, labels))


def test_03_nmi_k6(capsys):
    from helpers import clusters

    rng = np.random.default_rng(0)
    vectors = np.vstack([rng.normal(c, 0.3, (30, 5)) for c in range(8)])
    department = pd.Series(np.repeat(list("ABCD"), 60))
    other = pd.Series(rng.permutation(np.repeat(list("XYZ"), 80)))
    k6 = clusters.agreement(clusters.kmeans(vectors, k=6), department)
    k12 = clusters.agreement(clusters.kmeans(vectors, k=12), department)
    wrong_labels = clusters.agreement(clusters.kmeans(vectors, k=6), other)
    for guess in [None, k6, "0.5", True, 0.5, k6["ARI"], k12["NMI"], wrong_labels["NMI"], 1.5, float("nan")]:
        wrong(capsys, lambda: ex.nmi_k6(guess, vectors, department))
    right(capsys, lambda: ex.nmi_k6(k6["NMI"], vectors, department))


# -- 04: GloVe -----------------------------------------------------------------------------------
def test_04_analogy_answer(capsys):
    from helpers import words

    answer = words.analogy("japan", "tokyo", "germany", k=1).index[0]
    assert answer != "berlin"   # the surprise the notebook turns into a question
    check = lambda g: ex.analogy_answer(g, "japan", "tokyo", "germany", world="berlin")  # noqa: E731
    for guess in ["", None, 5, "germany", "tokyo", "munich"]:
        wrong(capsys, lambda: check(guess), answer)
    out = wrong(capsys, lambda: check("Berlin"), answer)
    assert "right about the world" in out          # the model, not the learner, is wrong
    for guess in [answer, answer.title(), f"{answer} "]:
        right(capsys, lambda: check(guess))


def test_04_king_dragged_to_queen(capsys):
    from helpers import words

    labels = ["king", "queen", "man", "woman", "prince", "princess", "walk", "walking", "swim", "swimming"]
    space = words.words_space(3000, include=labels)
    new = lambda: helpers.explore(space, k=6, axes="pca", metric="cosine", labels=labels)  # noqa: E731
    check = lambda e: (lambda: ex.dragged(e, "king", "queen", hint="towards queen"))  # noqa: E731
    assert space.nearest("king", k=1).index[0] != "queen"   # the drag must change something
    explorer = new()
    wrong(capsys, check(explorer))                                   # no drag
    explorer.use("prince", *explorer.position("queen"))              # another word dragged
    wrong(capsys, check(explorer))
    explorer = new()
    kx, ky = explorer.position("king")
    explorer.use("king", kx + 0.01, ky)                              # a nudge: prince still first
    wrong(capsys, check(explorer))
    explorer.use("king", *explorer.position("queen"))
    right(capsys, check(explorer))


# -- 05: word2vec and rotations (GloVe stands in for the learner's model: same methods) ----------
def test_05_nearest_word(capsys):
    from helpers import words

    kv = words.vectors()
    first, second = [w for w, _ in kv.most_similar("petite", topn=2)]
    for guess in ["", None, 3, "petite", second, "dress"]:
        wrong(capsys, lambda: ex.nearest_word(guess, kv, "petite"), first)
    for guess in [first, first.upper()]:
        right(capsys, lambda: ex.nearest_word(guess, kv, "petite"))


def test_05_rotation_keeps(capsys):
    from helpers import word_studies, words

    glove, turned = words.vectors(), word_studies.rotated(seed=0)
    before, after = glove.similarity("cat", "dog"), turned.similarity("cat", "dog")
    for b, a in [(None, None), (before, None), (0.9, 0.9), ("0.92", "0.92"), (before, before + 0.01),
                 (glove.similarity("cat", "cow"), turned.similarity("cat", "cow")), (True, True)]:
        wrong(capsys, lambda: ex.rotation_keeps(b, a, "cat", "dog", glove, turned))
    right(capsys, lambda: ex.rotation_keeps(before, after, "cat", "dog", glove, turned))


# -- 06: pictures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def picture_model():
    from helpers import pictures

    return pictures.train(held_out="cat", seed=6, verbose=False)   # notebook 06's model


@pytest.mark.parametrize("word", ["...", "", None, 3, "elephant", "elephants", "Elephant", " ELEPHANT ",
                                  "elephant's", "babyelephant", "zebra", "horse", "stripes"])
def test_06_elephant_word_wrong(capsys, picture_model, word):
    wrong(capsys, lambda: ex.picture_word(word, picture_model))


def test_06_elephant_word_right(capsys, picture_model):
    found = [w for w in ("ivory", "tusks", "rhino", "rhinoceros", "tusk", "hippo")
             if picture_model.precision(w, "elephant") >= 0.6]
    assert found, "no word the hint points to finds elephants any more: rewrite the exercise"
    right(capsys, lambda: ex.picture_word(found[0], picture_model))


def test_06_held_out_zebra(capsys, picture_model):
    from helpers import pictures

    for guess in [None, "zebra", picture_model, pictures.train]:
        wrong(capsys, lambda: ex.held_out_model(guess))
    zebra = pictures.train(held_out="zebra", epochs=1, verbose=False)
    right(capsys, lambda: ex.held_out_model(zebra))


# -- 07: films ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def films():
    from helpers import datasets, recommend

    data = datasets.movielens()
    train, _ = recommend.split(data.ratings, test_share=0.1, seed=0)
    return recommend.train(train, data.films, dim=16, seed=0)      # notebook 07's model


def test_07_nearest_film(capsys, films):
    table = films.nearest_films("Godfather", k=2)
    answer, second = table.index[0], table.index[1]
    for guess in ["", None, 3, "Godfather", "Godfather, The (1972)", second, "Toy Stroy", "xyzzy"]:
        wrong(capsys, lambda: ex.nearest_film(guess, films, "Godfather"), answer)
    right(capsys, lambda: ex.nearest_film(answer, films, "Godfather"))


def test_07_horror_fan(capsys, films):
    horror = {"Scream": 5, "Shining, The": 5, "Nightmare on Elm Street, A": 5}
    out = wrong(capsys, lambda: ex.horror_fan(0, films))
    assert "0–942" not in out and "whole number" not in out     # the old hint pointed at person numbers
    for fan in [None, {}, horror, "Scream", films.fold_in({}),                          # nobody
                films.fold_in({t: 1 for t in horror}),                                  # hates horror
                films.fold_in({"Scream": 5, "Shining, The": 5}),                        # only two
                films.fold_in({"Toy Story": 5, "Aladdin (1992)": 5, "Lion King": 5})]:  # family films
        wrong(capsys, lambda: ex.horror_fan(fan, films))
    right(capsys, lambda: ex.horror_fan(films.fold_in(horror), films))


# -- 08: anomalies ---------------------------------------------------------------------------------
def test_08_smallest_k(capsys):
    table = pd.DataFrame({"neighbours": [0.80, 0.95, 0.981, 0.97, 0.99], "lof": [0.3, 0.4, 0.5, 0.9, 0.99]},
                         index=pd.Index([3, 5, 10, 20, 30], name="k"))
    for guess in [None, "10", True, 3, 5, 20, 30, 7, 10.5, [10]]:
        wrong(capsys, lambda: ex.smallest_k(guess, table, "neighbours", 0.98))
    for guess in [10, 10.0, np.int64(10)]:
        right(capsys, lambda: ex.smallest_k(guess, table, "neighbours", 0.98))


def test_08_dragged_score(capsys):
    from helpers import widgets

    points = np.random.default_rng(0).normal(size=(200, 5))
    names = [f"digit {i % 10} #{i // 10}" for i in range(200)]
    explorer = widgets.OddnessExplorer(points, names, k=10)
    who = "digit 0 #0"
    wrong(capsys, lambda: ex.dragged_score(1000, explorer, who))                  # typed, nothing moved
    x, y = explorer.position("digit 1 #0")
    other = explorer.use("digit 1 #0", x + 8, y)
    wrong(capsys, lambda: ex.dragged_score(other, explorer, who))                 # another point
    x, y = explorer.position(who)
    near = explorer.use(who, x + 0.01, y)
    wrong(capsys, lambda: ex.dragged_score(near, explorer, who))                  # not far enough
    far = explorer.use(who, x + 8, y)
    assert far > explorer.flag_line
    for guess in [1000, None, "far", far + 1, True]:
        wrong(capsys, lambda: ex.dragged_score(guess, explorer, who))
    right(capsys, lambda: ex.dragged_score(far, explorer, who))


# -- 09: layers ---------------------------------------------------------------------------------------
def test_09_best_row(capsys):
    sep = pd.DataFrame({"1-NN accuracy": [0.6, 0.7, 0.9, 0.8], "silhouette": [0.1, 0.3, 0.2, 0.0]},
                       index=["words", "layer 1", "layer 2", "layer 3"])
    for guess in [None, "", 2, "layer 1", "layer 3", "layer 9", "silhouette"]:
        wrong(capsys, lambda: ex.best_row(guess, sep, "1-NN accuracy"), "layer 2")
    for guess in ["layer 2", "Layer 2", " layer 2 "]:
        right(capsys, lambda: ex.best_row(guess, sep, "1-NN accuracy"))


def test_09_small_network(capsys):
    from helpers import layers

    model, X_test, y_test, _ = layers.digit_network(hidden=(8,), seed=0)
    table = layers.separation(layers.digit_layers(model, X_test), y_test, metric="euclidean")
    cosine = layers.separation(layers.digit_layers(model, X_test), y_test, metric="cosine")
    big, Xb, yb, _ = layers.digit_network(hidden=(16,), seed=0)
    other = layers.separation(layers.digit_layers(big, Xb), yb, metric="euclidean")
    for guess in [None, "table", table.to_numpy(), cosine, other, table.iloc[:-1]]:
        wrong(capsys, lambda: ex.small_network(guess))
    right(capsys, lambda: ex.small_network(table))


def test_reveal_with_an_unfinished_cell_says_what_to_do(capsys):
    """Notebook 09's prediction reads small_sep: left None, it must not print a TypeError."""
    small_sep = None
    helpers.reveal(True, lambda: bool(small_sep["silhouette"].iloc[-1] > 0))
    out = capsys.readouterr().out
    assert "TypeError" not in out and "None" in out and out.startswith("✘")


# -- 10: faces (a made-up unlock table; a quickly trained network for the pairs) ---------------------
def test_10_reject_at_accept(capsys):
    table = pd.DataFrame({"false accept": [0.0, 0.001, 0.004, 0.0064444, 0.0127, 0.03],
                          "false reject": [1.0, 0.6, 0.52, 205 / 450, 0.3844, 0.3]},
                         index=pd.Index([0.0, 0.5, 0.6, 0.65, 0.7, 0.8], name="threshold"))
    answer = 205 / 450
    for guess in [None, "0.4556", True, [answer], float("nan"),
                  0.456, 0.4556,           # typed from the rounded print
                  45.56,                   # a percentage
                  0.3844,                  # a threshold that lets too many strangers in
                  0.52, 1.0,               # allowed, but not the largest threshold
                  0.0064444,               # the false accept rate
                  0.65,                    # the threshold itself
                  0.2]:
        wrong(capsys, lambda: ex.reject_at_accept(guess, table, 0.01), round(answer, 3))
    for guess in [answer, np.float64(answer), table.loc[0.65, "false reject"],
                  table.loc[table.index[table["false accept"] <= 0.01].max(), "false reject"]]:
        right(capsys, lambda: ex.reject_at_accept(guess, table, 0.01))


@pytest.fixture(scope="module")
def face_model():
    from helpers import faces

    return faces.train(epochs=1, verbose=False)     # the check reads distances, whatever the training


def test_10_stranger_gets_in(capsys, face_model):
    model = face_model
    held = model.space("held out")
    d = np.linalg.norm(held.vectors[:, None] - held.vectors[None], axis=-1)
    person = np.array([n.split(" #")[0] for n in held.names])
    other = person[:, None] != person[None]
    threshold = round(float(np.median(d[other])), 2)   # a one-epoch network: its own scale
    near = [(held.names[i], held.names[j]) for i, j in zip(*np.where((d <= threshold) & other))]
    far = [(held.names[i], held.names[j]) for i, j in zip(*np.where((d > threshold) & other))]
    seen = model.space("seen")
    sd = np.linalg.norm(seen.vectors[:40, None] - seen.vectors[None, :40], axis=-1)
    sp = np.array([n.split(" #")[0] for n in seen.names[:40]])
    seen_pair = [(seen.names[i], seen.names[j]) for i, j in zip(*np.where((sd <= threshold) & (sp[:, None] != sp[None])))]
    assert near and far and seen_pair
    for owner, visitor in [(None, None), ("person 33 #2", None), ("person 33 #2", "person 33 #2"),
                           ("person 33 #2", "person 33 #5"),              # the same person: an owner
                           far[0],                                        # too far apart: locked
                           seen_pair[0],                                  # people the network trained on
                           ("person 33 #2", "person 41 #1"), ("person 33", "person 37 #4"), (3, 4)]:
        wrong(capsys, lambda: ex.stranger_gets_in(owner, visitor, model, threshold))
    for owner, visitor in near[:3]:
        right(capsys, lambda: ex.stranger_gets_in(owner, visitor, model, threshold))


# -- 11: sounds -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def timbre():
    from helpers import sounds

    return sounds.embed("timbre")


def test_11_other_instrument_note(capsys, timbre):
    from helpers import sounds

    instrument = lambda n: n.rsplit(" ", 1)[0]  # noqa: E731
    others = [n for n in timbre.names if sounds.sounds_like(timbre, n, k=1)["instrument"].iloc[0] != instrument(n)]
    same = [n for n in timbre.names if n not in others]
    assert others and same
    for guess in [None, "", "...", 5, "violin G4", same[0], "violin H4", "Violin", "drum G4", ["organ B3"]]:
        wrong(capsys, lambda: ex.other_instrument_note(guess, timbre), others[0])
    for guess in others[:3] + [f" {others[0]} "]:
        right(capsys, lambda: ex.other_instrument_note(guess, timbre))


def test_11_cello_rail(capsys, timbre):
    from helpers import sounds

    answer = ["violin G3", "organ A3"]
    assert sounds.rail(timbre, answer, k=1)["instrument"].iloc[0] == "cello"
    for guess in [None, [], "violin G3", [None, None], ["violin G3", "..."],
                  ["violin G3"],                                         # one note
                  ["violin G3", "organ A3", "flute G4", "piano G3", "guitar G3"],   # five
                  ["violin G3", "violin G3"],                            # the same note twice
                  ["cello G3", "violin G3"], ["cello A3", "cello B3"],   # cello in the history
                  ["flute G4", "piano C#4"],                             # the template's example: piano first
                  ["violin G3", "violin A3"],                            # violin first
                  ["violin G3", "orgen A3"], [1, 2]]:
        wrong(capsys, lambda: ex.cello_rail(guess, timbre), answer)
    for guess in [answer, tuple(answer), ["organ G3", "organ A3"], [" violin G3", "organ A3 "]]:
        right(capsys, lambda: ex.cello_rail(guess, timbre))


# -- 12: sentences and pictures (notebook 12's model) ----------------------------------------------
@pytest.fixture(scope="module")
def caption_model():
    from helpers import captions

    model = captions.train(epochs=4, verbose=False)
    data = model.data
    bird = int(np.flatnonzero(model.test)[np.flatnonzero(data.labels[model.test] == data.classes.index("bird"))[0]])
    return model, bird


@pytest.mark.parametrize("sentence", [
    None, "", "...", "an animal that ...", 7, "giraffe", "a giraffe",                 # not a sentence
    "the tallest animal in the world", "The tallest animal in the world!",              # the table's own
    "a big grey animal with a trunk", "an animal with a long neck",                     # elephants / too vague
    "giraffe giraffe giraffe"])
def test_12_giraffe_sentence_wrong(capsys, caption_model, sentence):
    wrong(capsys, lambda: ex.giraffe_sentence(sentence, caption_model[0]))


@pytest.mark.parametrize("sentence", ["a tall animal with a very long neck that eats leaves from trees",
                                      "the tallest animal in Africa, with a long neck"])
def test_12_giraffe_sentence_right(capsys, caption_model, sentence):
    right(capsys, lambda: ex.giraffe_sentence(sentence, caption_model[0]))


@pytest.mark.parametrize("captions", [
    None, "a bird", ["a bird", "a horse"], ["...", "...", "..."], ["a bird", None, "a sheep"],
    ["a bird", "a bird", "a bird"], ["A bird.", "a bird", "a sheep"],          # copies
    ["a horse", "a bird", "a sheep"],                                          # bird not first
    ["a bird with wings", "xyz", "abc"],                                       # not about a horse and a sheep
    ["a bird with wings", "a cow in a field", "a sheep"],                      # a cow, not a horse
    ["a horse", "a horse with a saddle", "a sheep"]])
def test_12_bird_caption_wrong(capsys, caption_model, captions):
    model, bird = caption_model
    wrong(capsys, lambda: ex.bird_caption(captions, model, bird))


@pytest.mark.parametrize("captions", [
    ["a small bird with wings and feathers", "a horse galloping across a field", "a woolly sheep grazing on a hill"],
    ("a bird", "a horse", "a sheep"), ["it has wings and flies", "you can ride it", "its wool makes jumpers"]])
def test_12_bird_caption_right(capsys, caption_model, captions):
    model, bird = caption_model
    right(capsys, lambda: ex.bird_caption(captions, model, bird))


# -- 13: translation ----------------------------------------------------------------------------------
DOG = "the dog barks at the postman every morning"


@pytest.mark.parametrize("sentence", [
    None, "", "il cane ...", 3, "el perro", "hund",                                     # not a sentence
    DOG, "The dog barks at the postman every morning!",                                 # the English one
    "EL PERRO LE LADRA AL CARTERO TODAS LAS MAÑANAS",                                   # the table's Spanish
    "der Hund bellt jeden Morgen den Briefträger an",                                   # the table's German
    "Dog barks at postman each morning", "A hound yelps at a mail carrier daily",       # English, reworded
    "le chat dort sur le canapé toute la journée"])                                     # about something else
def test_13_dog_sentence_wrong(capsys, sentence):
    from helpers import translation

    wrong(capsys, lambda: ex.dog_sentence(sentence, translation.pairs()))


@pytest.mark.parametrize("sentence", ["el perro le ladra al cartero cada mañana",
                                      "le chien aboie après le facteur tous les matins",
                                      "il cane abbaia al postino ogni mattina"])
def test_13_dog_sentence_right(capsys, sentence):
    from helpers import translation

    right(capsys, lambda: ex.dog_sentence(sentence, translation.pairs()))


def test_13_top1_of(capsys):
    from helpers import translation

    table = translation.top1("german", "spanish")
    share = table["right"].mean()
    edited = table.copy()
    edited.loc[0, "nearest"] = edited.loc[1, "nearest"]
    for guess in [None, share, float(share), 1, "1.0", table["right"], table.to_numpy(),
                  translation.top1("spanish", "german"), translation.top1("english", "spanish"),
                  translation.top1("german", "french"), edited, table.iloc[:-1]]:
        wrong(capsys, lambda: ex.top1_of(guess, "german", "spanish"))
    right(capsys, lambda: ex.top1_of(table, "german", "spanish"))


# -- 14: your own points -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def own_sentences():
    from helpers import own

    example = own.example_sentences()
    return own.from_texts("\n" + "\n".join(example["sentence"])), example


@pytest.mark.parametrize("query", [
    None, "", "...", 5, "heavy rain is expected over the weekend", "Heavy rain is expected over the weekend.",
    "heavy rain expected over the weekend",            # one of the sentences, a word left out
    "who won the game?", "how do I bake bread?"])
def test_14_weather_query_wrong(capsys, own_sentences, query):
    wrong(capsys, lambda: ex.weather_query(query, *own_sentences))


@pytest.mark.parametrize("query", ["should I take an umbrella?", "will it rain tomorrow?", "is it cold outside"])
def test_14_weather_query_right(capsys, own_sentences, query):
    right(capsys, lambda: ex.weather_query(query, *own_sentences))


def test_14_weather_query_needs_the_example(capsys, own_sentences):
    from helpers import own

    _, example = own_sentences
    other = own.from_texts("I like tea\nmy cat sleeps\nthe bus is late")
    out = wrong(capsys, lambda: ex.weather_query("should I take an umbrella?", other, example))
    assert "example" in out


def test_14_topic_export(capsys, own_sentences, tmp_path):
    from helpers import own

    mine, example = own_sentences
    topics = list(example["topic"])
    vectors, metadata = own.export_projector(mine, tmp_path / "right", metadata={"topic": topics})
    _, words_only = own.export_projector(mine, tmp_path / "words", metadata={"words": [len(n) for n in mine.names]})
    _, plain = own.export_projector(mine, tmp_path / "plain")
    _, shuffled = own.export_projector(mine, tmp_path / "shuffled", metadata={"topic": topics[1:] + topics[:1]})
    _, two = own.export_projector(mine, tmp_path / "two", metadata={"topic": topics, "words": topics})
    fruit = helpers.fruit_space()
    _, other_space = own.export_projector(fruit, tmp_path / "fruit", metadata={"topic": list(fruit.names)})
    forged = tmp_path / "forged" / "metadata.tsv"                 # the right text, typed by hand, no vectors
    forged.parent.mkdir()
    forged.write_text(metadata.read_text(encoding="utf-8"), encoding="utf-8")
    mixed = tmp_path / "mixed"                                    # the metadata beside another space's vectors
    mixed.mkdir()
    (mixed / "metadata.tsv").write_text(metadata.read_text(encoding="utf-8"), encoding="utf-8")
    own.export_projector(own.from_texts("a\nb\nc"), tmp_path / "abc")
    (mixed / "vectors.tsv").write_text((tmp_path / "abc" / "vectors.tsv").read_text())
    for guess in [None, "", 3, (vectors, metadata), vectors, tmp_path / "nowhere.tsv", words_only, plain, shuffled,
                  two, other_space, forged, mixed / "metadata.tsv"]:
        wrong(capsys, lambda: ex.topic_export(guess, mine, example))
    for guess in [metadata, str(metadata)]:
        right(capsys, lambda: ex.topic_export(guess, mine, example))


# -- every check in the notebooks is one of the above ---------------------------------------------
TESTED = {"dragged", "fig", "farthest", "meaning_query", "keyword_blind_query", "swim_cluster", "nmi_k6",
          "analogy_answer", "nearest_word", "rotation_keeps", "picture_word", "held_out_model",
          "nearest_film", "horror_fan", "smallest_k", "dragged_score", "best_row", "small_network",
          "reject_at_accept", "stranger_gets_in", "other_instrument_note", "cello_rail", "giraffe_sentence",
          "bird_caption", "dog_sentence", "top1_of", "weather_query", "topic_export"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_checks_are_the_tested_ones(path):
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert "helpers.check(" not in code, f"{path.name}: a hand-written check; add it to helpers/exercises/ and here"
    used = set(re.findall(r"helpers\.exercises\.(\w+)\(", code))
    assert used <= TESTED, used - TESTED
    if not path.name.startswith("00"):
        assert used, f"{path.name} has no Try-it check"
