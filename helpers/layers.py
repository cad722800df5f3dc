"""Inside a network: the representation of the same inputs at every layer.

Two networks, both offline: all-MiniLM-L6-v2 (its 6 transformer layers, read with
``output_hidden_states=True`` and mean-pooled into one vector per sentence), and a
small scikit-learn MLP trained here on the digits. For each layer we measure how well
the known groups separate: leave-one-out 1-nearest-neighbour accuracy and the silhouette.

>>> from helpers import layers
>>> import numpy as np
>>> reps = {"in": np.array([[0, 0], [5, 5], [0, 0.1], [5, 5.1]]),
...         "out": np.array([[0, 0], [0, 0.1], [5, 5], [5, 5.1]])}
>>> layers.separation(reps, ["a", "a", "b", "b"], metric="euclidean")["1-NN accuracy"].tolist()
[0.0, 1.0]
"""
from __future__ import annotations

import time

import numpy as np

from .core import nn_accuracy
from .errors import CourseError, matrix, shorten, whole
from .space import check_metric


def sentence_groups():
    """The course's 48 sentences in six topic groups (a DataFrame: group, sentence).

    Many sentences borrow a word from another group ("bank" of a river, "pitch" of a
    violin), so sharing words is a poor guide to sharing a topic.
    """
    import pandas as pd

    from ._files import data_dir

    return pd.read_csv(data_dir() / "layer_sentences.csv", comment="#")


def _check_sentences(sentences) -> list[str]:
    if isinstance(sentences, str):
        raise CourseError("Give a list of sentences, not a single string (wrap it in [ ]).")
    if not np.iterable(sentences):
        raise CourseError(f"Give a list of sentences, like ['A cat sat.', 'Stocks fell.']; not {shorten(sentences)}.")
    sentences = list(sentences)
    if not sentences:
        raise CourseError("The list of sentences is empty: give at least one sentence.")
    for s in sentences:
        if not isinstance(s, str) or not s.strip():
            raise CourseError(f"Every sentence must be non-empty text; got {shorten(s)}.")
    return sentences


def sentence_layers(sentences) -> dict[str, np.ndarray]:
    """One vector per sentence at every level of all-MiniLM-L6-v2, bottom to top.

    ``"words"`` is the input embedding (each token's looked-up vector plus its position);
    ``"layer 1"`` … ``"layer 6"`` are the outputs of the transformer layers. Each is
    mean-pooled over the sentence's tokens, as sentence-transformers does for the top layer
    (so ``"layer 6"`` is the model's sentence embedding before its final normalisation).

    >>> reps = sentence_layers(["A cat sat.", "Stocks fell."])
    >>> list(reps)[:2], reps["layer 6"].shape
    (['words', 'layer 1'], (2, 384))
    """
    sentences = _check_sentences(sentences)
    import torch

    from .sentences import model

    minilm = model()   # the course's one MiniLM; its first module holds the transformer
    batch = minilm.tokenizer(sentences, padding=True, truncation=True, max_length=minilm.max_seq_length,
                             return_tensors="pt")
    with torch.no_grad():
        hidden = minilm[0].auto_model(**batch, output_hidden_states=True).hidden_states
    mask = batch["attention_mask"].unsqueeze(-1).float()
    names = ["words"] + [f"layer {i}" for i in range(1, len(hidden))]
    return {n: ((h * mask).sum(1) / mask.sum(1)).numpy() for n, h in zip(names, hidden)}


def digit_network(hidden=(64, 32, 16), seed: int = 0):
    """Train a small MLP (scikit-learn) on half of the digits; test on the other half.

    Returns ``(model, X_test, y_test, seconds)``; pixels are scaled to 0–1.
    """
    if not isinstance(hidden, (tuple, list)) or not 1 <= len(hidden) <= 10:
        raise CourseError(f"hidden must be a list of 1 to 10 layer sizes, like (64, 32, 16); got {shorten(hidden)}.")
    hidden = [whole(h, "each of the hidden layer sizes", 1, 512) for h in hidden]
    seed = whole(seed, "seed", 0)
    import warnings

    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X / 16, y, test_size=0.5, random_state=0, stratify=y)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(tuple(hidden), max_iter=300, random_state=seed).fit(X_train, y_train)
    return model, X_test, y_test, time.perf_counter() - start


def digit_layers(model, X) -> dict[str, np.ndarray]:
    """Activations of a trained scikit-learn MLP at every layer, bottom to top.

    scikit-learn has no "give me the hidden layers" call, so this repeats its forward
    pass by hand: each layer is ``relu(previous @ weights + bias)``; the last layer
    (``"output"``, the 10 class scores) has no relu.
    """
    if not hasattr(model, "coefs_") or not hasattr(model, "intercepts_"):
        raise CourseError("The model is not a trained network: make one with digit_network() first.")
    matrix(X, "X", columns=model.coefs_[0].shape[0])   # numbers, the right width, no NaN
    a = np.atleast_2d(np.asarray(X, dtype=float))
    out = {"pixels": a}
    last = len(model.coefs_) - 1
    for i, (W, b) in enumerate(zip(model.coefs_, model.intercepts_)):
        a = a @ W + b
        if i < last:
            a = np.maximum(a, 0)
        out["output" if i == last else f"hidden {i + 1}"] = a
    return out


def _check_layers(layers, groups):
    if not isinstance(layers, dict) or not layers:
        raise CourseError("layers must be a dict {layer name: array with one row per input}, like sentence_layers() returns.")
    groups = np.asarray(groups)
    if groups.ndim != 1:
        raise CourseError(f"groups must be one label per input, like table['group']; not {shorten(groups)}.")
    for name, reps in layers.items():
        if np.ndim(reps) != 2 or len(reps) != len(groups):
            raise CourseError(f"Layer {shorten(name)} has shape {np.shape(reps)}; "
                              f"it needs one row per input ({len(groups)}).")
        matrix(reps, f"layer {shorten(name)}")   # NaN or text would give silent nonsense
    if len(set(groups.tolist())) < 2:
        raise CourseError("Need at least two different groups to measure separation.")
    return groups


def one_nn_accuracy(reps, groups, metric: str = "cosine") -> float:
    """Leave-one-out 1-nearest-neighbour accuracy: the share of inputs whose nearest
    other input (by ``metric``) is in the same group."""
    from sklearn.metrics import pairwise_distances

    check_metric(metric)
    groups = _check_layers({"representations": reps}, groups)
    return nn_accuracy(pairwise_distances(np.asarray(reps, dtype=float), metric=metric), groups)  # notebook 09's core


def separation(layers: dict, groups, metric: str = "cosine"):
    """Per layer: 1-NN accuracy (leave-one-out) and silhouette of the known groups.

    Silhouette (scikit-learn) is, averaged over inputs, (distance to the nearest other
    group − distance to its own group) / the larger of the two: 1 = tight, well-apart
    groups, 0 = overlapping.
    """
    import pandas as pd
    from sklearn.metrics import silhouette_score

    groups = _check_layers(layers, groups)
    check_metric(metric)
    rows = [{"layer": name, "1-NN accuracy": round(one_nn_accuracy(r, groups, metric), 3),
             "silhouette": round(float(silhouette_score(np.asarray(r, dtype=float), groups, metric=metric)), 3)}
            for name, r in layers.items()]
    return pd.DataFrame(rows).set_index("layer")
