"""Representations layer by layer: MiniLM hidden states and a small digit MLP."""
import numpy as np
import pytest

from helpers import CourseError, layers, plots


@pytest.fixture(scope="module")
def sentences():
    table = layers.sentence_groups()
    return table, layers.sentence_layers(table["sentence"])


def test_sentence_data():
    table = layers.sentence_groups()
    assert len(table) == 48 and table["group"].value_counts().eq(8).all()


def test_minilm_layers_shape(sentences):
    table, reps = sentences
    assert list(reps) == ["words"] + [f"layer {i}" for i in range(1, 7)]
    assert all(r.shape == (48, 384) for r in reps.values())


def test_top_layer_is_the_sentence_embedding(sentences):
    # mean-pooled layer 6, normalised, is what the course's sentence model itself returns
    from helpers import sentences as course_sentences

    st = course_sentences.model().encode(list(sentences[0]["sentence"][:4]))
    top = sentences[1]["layer 6"][:4]
    top = top / np.linalg.norm(top, axis=1, keepdims=True)
    assert np.allclose(top, st, atol=1e-4)


def test_each_layer_is_the_transformers_hidden_state():
    # the "words" level is the input embedding, "layer 6" the last hidden state, mean-pooled
    import torch
    from helpers import sentences as course_sentences

    minilm = course_sentences.model()
    batch = minilm.tokenizer(["A cat sat on the mat."], return_tensors="pt")
    with torch.no_grad():
        out = minilm[0].auto_model(**batch)
        words = minilm[0].auto_model.embeddings(input_ids=batch["input_ids"])
    reps = layers.sentence_layers(["A cat sat on the mat."])
    assert np.allclose(reps["layer 6"][0], out.last_hidden_state[0].mean(0).numpy(), atol=1e-5)
    assert np.allclose(reps["words"][0], words[0].mean(0).numpy(), atol=1e-5)


def test_minilm_top_beats_input(sentences):
    table, reps = sentences
    sep = layers.separation(reps, table["group"])
    # measured: 1-NN 0.54 (words) -> 0.85 (layer 6); silhouette 0.06 -> 0.14 (peak 0.20 at layer 4)
    assert sep.loc["layer 6", "1-NN accuracy"] >= sep.loc["words", "1-NN accuracy"] + 0.15
    assert sep.loc["layer 6", "silhouette"] > sep.loc["words", "silhouette"]
    assert sep["1-NN accuracy"].min() > 1 / 6  # every layer beats chance


def test_digit_network_layers():
    model, X, y, seconds = layers.digit_network(hidden=(64, 32, 16), seed=0)
    assert model.score(X, y) > 0.93
    acts = layers.digit_layers(model, X)
    assert list(acts) == ["pixels", "hidden 1", "hidden 2", "hidden 3", "output"]
    assert acts["output"].argmax(1).tolist() == model.predict(X).tolist()  # hand forward = sklearn's
    sep = layers.separation(acts, y, metric="euclidean")
    # measured: silhouette 0.16 -> 0.25 -> 0.33 -> 0.37 -> 0.38
    assert sep.loc["output", "silhouette"] > sep.loc["pixels", "silhouette"] + 0.1
    assert sep["1-NN accuracy"].min() > 0.9


def test_plots_run(sentences):
    import matplotlib

    matplotlib.use("Agg")
    table, reps = sentences
    fig = plots.layer_maps(reps, table["group"])
    assert len([a for a in fig.axes if a.axison]) == 7
    plots.separation(layers.separation(reps, table["group"]))


@pytest.mark.parametrize("call,message", [
    (lambda: layers.sentence_layers("one sentence"), "list of sentences"),
    (lambda: layers.sentence_layers([]), "empty"),
    (lambda: layers.sentence_layers(["fine", "  "]), "non-empty"),
    (lambda: layers.digit_network(hidden=(0,)), "layer sizes"),
    (lambda: layers.digit_network(hidden="big"), "layer sizes"),
    (lambda: layers.separation({"a": np.zeros((3, 2))}, ["x", "y"]), "one row per input"),
    (lambda: layers.separation({"a": np.eye(3)}, ["x", "x", "x"]), "two different groups"),
    (lambda: layers.separation({"a": np.eye(3)}, ["x", "y", "x"], metric="cosin"), "one of 'cosine', 'euclidean'"),
    (lambda: layers.separation({"a": np.full((3, 2), np.nan)}, ["x", "y", "x"]), "NaN"),
    (lambda: layers.digit_network(hidden=(8, True)), "whole number from 1 to 512, not True"),
    (lambda: layers.digit_layers(layers.digit_network(hidden=(4,))[0], np.zeros((2, 3))), "64 numbers per row"),
    (lambda: layers.separation([], []), "dict"),
])
def test_bad_input_clear_messages(call, message):
    with pytest.raises(CourseError, match=message):
        call()


def test_untrained_model_refused():
    from sklearn.neural_network import MLPClassifier

    with pytest.raises(CourseError, match="not a trained network"):
        layers.digit_layers(MLPClassifier(), np.zeros((2, 64)))
