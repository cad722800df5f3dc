"""Sentences and pictures in one space, offline: search pictures with a sentence, caption a picture.

Notebook 06 put pictures among single words (GloVe). Here the pictures go into the space of a
**sentence** model (all-MiniLM-L6-v2, 384 numbers per sentence, the model of notebooks 02 and 03),
so any sentence can look for pictures and a picture can pick its best caption from a list.

The sentences are data/animal_sentences.csv: six short descriptions of each of the ten animals
of the silhouettes, written for the course; four per animal ("train") make the target, two
("test") are kept out and used only to measure. The network (the small CNN of notebook 06, ending
in 384 numbers instead of 50) is trained to put each picture near the average point of its
animal's four training sentences; the sentence model is not changed. 20% of the pictures are kept out of training for measuring.

>>> from helpers import captions
>>> model = captions.train(epochs=1, verbose=False)          # the notebook trains 4 epochs
>>> model.vectors.shape                                       # every picture is a point among sentences
(10000, 384)
>>> model.pictures_for("a huge grey animal with a trunk", k=3).columns.tolist()
['animal', 'similarity']

torch and sentence-transformers load only inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._training import run_settings, fit, TrainedNet
from .core import picture_word_loss  # notebook 06's loss, toward sentences instead of words
from .errors import CourseError, check_k, number, shorten, whole
from .plots import thumbnails
from .space import top_k

DIM = 384


@lru_cache(maxsize=1)
def sentences():
    """The 60 animal descriptions: columns ``animal``, ``split`` ("train" or "test"), ``sentence``.

    >>> sentences().groupby("split").size().to_dict()
    {'test': 20, 'train': 40}
    """
    import pandas as pd

    from ._files import data_dir

    return pd.read_csv(data_dir() / "animal_sentences.csv")


def _encode(texts) -> np.ndarray:
    from . import sentences as sentence_model

    return sentence_model.encode(list(texts), progress=False)


def train(epochs: int = 4, seed: int = 0, temperature: float = 10.0, verbose: bool = True) -> "CaptionModel":
    """Train the picture network into the sentence space. Each animal's target is the average of
    its four training sentences' points (scaled to length 1); the loss is the cross-entropy of a
    picture's cosine to each of the ten targets (times ``temperature``) plus 1 − its cosine to its
    own target, which pulls it onto the target. Same ``seed`` → same weights.

    >>> train(epochs=0)
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: epochs must be a whole number from 1 to 30, not 0.
    """
    epochs, seed, verbose = run_settings(epochs, seed, verbose, most_epochs=30)
    temperature = number(temperature, "temperature", 0.1, 100)
    import torch

    from .pictures import _encoder, _split, silhouettes
    from .space import unit_rows

    data = silhouettes()
    table = sentences()
    train_rows = table[table["split"] == "train"]
    points = _encode(train_rows["sentence"])
    targets = unit_rows(np.stack([points[(train_rows["animal"] == c).to_numpy()].mean(axis=0)
                                  for c in data.classes]))
    test, x_all = _split(data, seed)
    x, y = x_all[torch.from_numpy(~test)], torch.from_numpy(data.labels[~test])
    t = torch.from_numpy(targets)

    def batch_loss(net, rows, order, learned):
        return picture_word_loss(net(x[rows]), t, y[rows], temperature)

    trained = fit(lambda: _encoder(DIM), batch_loss, x_all, len(x), seed=seed, epochs=epochs, batch=128, lr=1e-3,
                  weight_decay=1e-4)
    model = CaptionModel(**trained, data=data, targets=targets, test=test)
    if verbose:
        print(f"Trained on {(~test).sum():,} pictures in {model.seconds:.1f} s; loss {model.losses[0]:.2f} → "
              f"{model.losses[-1]:.2f}. {test.sum():,} pictures and {len(table) - len(train_rows)} sentences "
              "were kept out.")
    return model


def _sentence(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise CourseError(f'Give a sentence as text, e.g. "a big grey animal with a trunk"; not {shorten(text)}.')
    return text.strip()


@dataclass(eq=False, repr=False, kw_only=True)
class CaptionModel(TrainedNet):
    """A trained picture network and every silhouette's point in the sentence space;
    ``test`` marks the pictures never used in training."""

    data: object
    targets: np.ndarray
    test: np.ndarray

    def __repr__(self) -> str:
        return (f"<CaptionModel: {len(self.vectors):,} pictures in the {DIM}-d sentence space, "
                f"{self.test.sum():,} kept out, seed {self.seed}, trained in {self.seconds:.1f} s>")

    def pictures_for(self, sentence: str, k: int = 10):
        """The ``k`` kept-out pictures nearest to ``sentence`` (cosine similarity), nearest first,
        with each picture's true animal (never used by the search)."""
        import pandas as pd

        text = _sentence(sentence)
        rows = np.flatnonzero(self.test)
        k = check_k(k, len(rows), "pictures")
        s = self.vectors[rows] @ _encode([text])[0]
        best = top_k(s, k, largest=True)
        return pd.DataFrame({"animal": self.data.names(rows[best]), "similarity": s[best].round(3)},
                            index=pd.Index(rows[best], name="picture"))

    def show(self, sentence: str, k: int = 10, columns: int = 10):
        """Thumbnails of the ``k`` pictures nearest ``sentence``, each titled with its true animal."""
        found = self.pictures_for(sentence, k)
        return thumbnails(self.data.images[found.index], [f"{a} {s:.2f}" for a, s in zip(found["animal"],
                          found["similarity"])], columns=columns, ink=255,
                          title=f"Nearest pictures to “{shorten(_sentence(sentence), 60, quote=False)}”")

    def caption(self, picture, captions=None, k: int = 3):
        """The ``k`` best captions for picture number ``picture`` from the list ``captions``
        (default: the 20 kept-out test sentences), by cosine similarity."""
        from .space import Space, unique_names

        picture = whole(picture, "picture", 0, len(self.data) - 1, "a picture number")
        if captions is None:
            captions = sentences().query("split == 'test'")["sentence"].tolist()
        if isinstance(captions, str) or not hasattr(captions, "__iter__"):
            raise CourseError(f"captions must be a list of sentences, not {shorten(captions)}.")
        captions = [_sentence(c) for c in captions]
        k = check_k(k, len(captions), "captions")
        return Space(unique_names(captions), _encode(captions)).nearest(self.vectors[picture], k=k)

    def retrieval(self, k: int = 10):
        """How well it works on what training never saw, against chance:

        - *picture → caption*: for every kept-out picture, the 20 kept-out sentences ranked by
          similarity; recall@1 is the share whose best sentence describes its animal, recall@``k``
          the share with a right sentence among the best ``k``. Chance: a random ranking.
        - *sentence → pictures*: for every kept-out sentence, the share of right animals among
          its ``k`` nearest kept-out pictures (precision@k). Chance: 10%.
        """
        import math

        import pandas as pd

        k = check_k(k, 19, "captions")
        table = sentences().query("split == 'test'")
        text_vectors = _encode(table["sentence"])
        animals = np.array([self.data.classes.index(a) for a in table["animal"]])
        rows = np.flatnonzero(self.test)
        sims = self.vectors[rows] @ text_vectors.T                          # pictures × sentences
        truth = self.data.labels[rows]
        order = np.argsort(-sims, axis=1, kind="stable")
        right = animals[order] == truth[:, None]
        n, good = len(animals), int((animals == animals[0]).sum())

        def chance(depth):   # a random ranking of n sentences, `good` of them right
            return 1 - math.comb(n - good, depth) / math.comb(n, depth)

        precision = [float((self.data.labels[rows[top_k(sims[:, j], k, largest=True)]] == animals[j]).mean())
                     for j in range(n)]
        out = {"picture → caption, recall@1": (right[:, 0].mean(), chance(1)),
               f"picture → caption, recall@{k}": (right[:, :k].any(axis=1).mean(), chance(k)),
               f"sentence → pictures, precision@{k}": (float(np.mean(precision)), 0.1)}
        return pd.DataFrame(out, index=["measured", "chance"]).T.astype(float).round(3)
