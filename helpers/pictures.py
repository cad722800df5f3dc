"""Pictures and words in one space.

Offline, the course trains its own small visual-semantic model, as DeViSE did
(Frome et al., 2013): a tiny convolutional network maps each 28×28 animal
silhouette to 50 numbers, and training pulls that point towards the *fixed*
GloVe vector of the picture's class name (and away from the other class names).
Afterwards pictures and all 400,000 GloVe words live in one space, so any word
can look for pictures, and any picture can look for words. One class is kept
out of training entirely, to see whether its word alone finds its pictures.

Real photos and whole sentences (CLIP, online only) are in :mod:`helpers.real_photos`.

>>> from helpers import pictures
>>> model = pictures.train(held_out="cat", epochs=1, verbose=False)   # the notebook trains 10 epochs
>>> model.vectors.shape                                 # every picture is a point among the words
(10000, 50)
>>> model.pictures_for("stripes", k=3)["class"].tolist()   # its true class, never used by the search
['zebra', 'zebra', 'zebra']
>>> int(model.word_table(["wool", "savanna"]).loc["savanna", "zebra"])   # of its 10 nearest pictures
10

torch and matplotlib load only inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .core import picture_word_loss  # the loss notebook 06 shows
from .errors import check_k, one_or_more, choice, CourseError, flag, number, shorten, unknown, whole
from ._training import run_settings, fit as fit_net, TrainedNet
from ._images import as_pictures
from .space import top_k, unit_rows

CLASSES = ["bear", "bird", "cat", "cow", "dog", "elephant", "giraffe", "horse", "sheep", "zebra"]
HELD_OUT = "cat"  # its word sits right next to "dog" in GloVe, and dogs are seen in training
VOCABULARY = 30_000  # words_for() looks among this many most frequent plain GloVe words


# -- the data -----------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class Silhouettes:
    """The 10,000 animal silhouettes: ``images`` (N×28×28 uint8), ``labels`` (N ints), ``classes``."""

    images: np.ndarray
    labels: np.ndarray
    classes: list

    def __len__(self) -> int:
        return len(self.labels)

    def __repr__(self) -> str:
        side = "×".join(map(str, self.images.shape[1:]))
        return f"<Silhouettes: {len(self):,} pictures of {side}, {len(self.classes)} classes>"

    def names(self, index=None) -> list[str]:
        """Class name of each picture (or of the pictures at ``index``)."""
        if index is None:
            return [self.classes[i] for i in self.labels]
        need = (f"index must be a picture number, a list of picture numbers from 0 to {len(self) - 1}, "
                f"or a True/False mask of {len(self)}")
        if isinstance(index, slice):
            return [self.classes[i] for i in self.labels[index]]
        try:
            rows = np.asarray(index)
        except ValueError:
            rows = np.asarray(index, dtype=object)
        if rows.dtype.kind == "b" and rows.shape == self.labels.shape:
            return [self.classes[i] for i in self.labels[rows]]
        if rows.dtype.kind not in "iu" or rows.ndim > 1 or (rows.size and (rows.min() < 0 or rows.max() >= len(self))):
            raise CourseError(f"{need}; not {shorten(index)}.")
        return [self.classes[i] for i in np.atleast_1d(self.labels[rows])]


@lru_cache(maxsize=1)
def silhouettes() -> Silhouettes:
    """The animal silhouettes shipped in data/silhouettes.npz (Animal MNIST, MIT licence).

    >>> s = silhouettes(); s.images.shape, s.classes[:3]
    ((10000, 28, 28), ['bear', 'bird', 'cat'])
    """
    from ._files import data_dir

    with np.load(data_dir() / "silhouettes.npz", allow_pickle=False) as f:
        return Silhouettes(f["images"], f["labels"].astype(np.int64), [str(c) for c in f["classes"]])


def word_vector(word: str, example: str = "zebra") -> np.ndarray:
    """The GloVe vector of ``word`` scaled to length 1 (unknown words: close spellings
    suggested; ``example`` is the word the messages offer)."""
    from . import words

    if isinstance(word, str):
        word = word.strip().lower()
    return unit_rows(words.vector(word, example=example))


@lru_cache(maxsize=4)
def _vocabulary(n: int = VOCABULARY):
    """The ``n`` most frequent plain GloVe words as a Space (their unit vectors)."""
    from . import words
    from .space import Space

    names = words.common_words(n)
    kv = words.vectors()
    return Space(names, unit_rows(kv.vectors[[kv.key_to_index[w] for w in names]]))


# -- the encoder ----------------------------------------------------------------------
def _encoder(out: int = 50):
    """A tiny CNN: 28×28 picture → ``out`` numbers (two strided convolutions, one linear layer)."""
    from torch import nn

    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 16, 5, stride=2, padding=2), nn.ReLU(),   # 16 × 14 × 14
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),  # 32 × 7 × 7
        nn.Flatten(), nn.Dropout(0.2),
        nn.Linear(32 * 7 * 7, out),
    )


def _split(data: Silhouettes, seed: int):
    """(test, x_all): 20% of every class kept for testing (stratified, the same rows for the same
    seed), and every picture as 784 numbers from 0 (white) to 1 (full ink), a torch tensor."""
    import torch
    from sklearn.model_selection import train_test_split

    _, test_rows = train_test_split(np.arange(len(data)), test_size=0.2, random_state=seed, stratify=data.labels)
    test = np.isin(np.arange(len(data)), test_rows)
    return test, torch.from_numpy(data.images.reshape(len(data), -1).astype(np.float32) / 255.0)


def train(held_out: str | None = HELD_OUT, seed: int = 0, epochs: int = 10,
          temperature: float = 10.0, pull: float = 1.0, verbose: bool = True) -> "PictureModel":
    """Train the picture encoder into the GloVe space; ``held_out`` is never shown to it.

    The loss (:func:`helpers.core.picture_word_loss`, written in notebook 06) is the
    cross-entropy of the picture's cosine similarity to each seen class word (scaled by
    ``temperature``): closer to its own word than to the others; plus ``pull`` × (1 − cosine
    to its own word), which draws the picture onto the word itself so that its nearest
    words make sense. The word vectors
    stay fixed, so the pictures move into the word space.
    Same ``seed`` → same weights and the same answers.

    >>> train(held_out="cat", epochs=0)
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: epochs must be a whole number from 1 to 100, not 0.
    """
    data = silhouettes()
    if held_out is not None and (not isinstance(held_out, str) or held_out not in data.classes):
        raise unknown(held_out, data.classes, "class", "Hold out one of the classes, or None.")
    epochs, seed, verbose = run_settings(epochs, seed, verbose, most_epochs=100)
    temperature, pull = number(temperature, "temperature", 0.1, 100), number(pull, "pull", 0, 100)
    import torch


    hold = data.classes.index(held_out) if held_out is not None else -1
    seen = [c for c in range(len(data.classes)) if c != hold]
    class_vectors = np.stack([word_vector(c) for c in data.classes])
    test, x_all = _split(data, seed)
    fit = ~test & (data.labels != hold)
    x = x_all[torch.from_numpy(fit)]
    y = torch.from_numpy(np.searchsorted(seen, data.labels[fit]))
    targets = torch.from_numpy(class_vectors[seen])

    def batch_loss(net, rows, order, learned):
        return picture_word_loss(net(x[rows]), targets, y[rows], temperature, pull)

    trained = fit_net(_encoder, batch_loss, x_all, len(x), seed=seed, epochs=epochs, batch=128, lr=1e-3,
                      weight_decay=1e-4)
    model = PictureModel(**trained, data=data, class_vectors=class_vectors, held_out=held_out, test=test,
                         trained_on=fit)
    if verbose:
        print(f"Trained on {fit.sum():,} pictures of {len(seen)} classes "
              f"({'none' if held_out is None else repr(held_out)} held out) in {model.seconds:.1f} s; "
              f"loss {model.losses[0]:.2f} → {model.losses[-1]:.2f}.")
    return model


@dataclass(eq=False, repr=False, kw_only=True)
class PictureModel(TrainedNet):
    """A trained encoder plus every silhouette's point in the word space.

    ``vectors[i]`` is picture i's point (length 1); ``test`` marks the pictures
    never used in training (20% of every class, plus all of the held-out class).
    """

    data: Silhouettes
    class_vectors: np.ndarray
    held_out: str | None
    test: np.ndarray
    trained_on: np.ndarray

    def __repr__(self) -> str:
        return (f"<PictureModel: {len(self.vectors):,} pictures in the {self.vectors.shape[1]}-d GloVe space, "
                f"held out: {self.held_out!r}, seed {self.seed}, trained in {self.seconds:.1f} s>")

    # -- where things are --------------------------------------------------------
    @property
    def classes(self) -> list[str]:
        return self.data.classes

    @property
    def seen(self) -> list[str]:
        """The classes the encoder was trained on."""
        return [c for c in self.classes if c != self.held_out]

    def embed(self, images) -> np.ndarray:
        """Points (length 1) for 28×28 pictures, one row each. Pixel values go from 0
        (white) to 255 (full ink); pictures scaled 0 to 1 get a ✘ saying to multiply by 255.
        """
        images = as_pictures(images, 28, 255)
        return self._points(images.reshape(len(images), -1).astype(np.float32) / 255.0)

    def _among(self, among: str) -> np.ndarray:
        """The picture numbers searched: 'test' (never trained on) or 'all'."""
        if choice(among, ("test", "all"), "among") == "test":
            return np.flatnonzero(self.test)
        return np.arange(len(self.data))

    def _seen_best(self, rows: np.ndarray) -> np.ndarray:
        seen = [self.classes.index(c) for c in self.seen]
        return (self.vectors[rows] @ self.class_vectors[seen].T).max(axis=1)

    def scores(self, word: str, among: str = "test", calibrated: bool = False):
        """(rows, similarity of each picture to ``word``), optionally calibrated.

        Calibrated: subtract each picture's best similarity to a *seen* class word,
        so a picture that is clearly a known animal no longer crowds out a new word.
        """
        rows = self._among(among)
        calibrated = flag(calibrated, "calibrated")
        try:
            v = word_vector(word, example=self.held_out or self.classes[-1])
        except CourseError as exc:  # say which words fit these pictures
            raise CourseError(f"{exc} The pictures are of {', '.join(self.classes)}; "
                              "any of these, or a word like 'stripes' or 'wool', works.") from None
        s = self.vectors[rows] @ v
        if calibrated:
            s = s - self._seen_best(rows)
        return rows, s

    # -- the two questions -------------------------------------------------------------
    def pictures_for(self, word: str, k: int = 10, among: str = "test", calibrated: bool = False):
        """The ``k`` pictures nearest ``word`` (any GloVe word), nearest first.

        Returns a DataFrame indexed by picture number, with its true ``class``
        (never used by the search) and ``similarity`` (cosine).
        """
        import pandas as pd

        rows, s = self.scores(word, among, calibrated)
        k = check_k(k, len(rows), "pictures")
        top = top_k(s, k, largest=True)
        return pd.DataFrame({"class": self.data.names(rows[top]), "similarity": s[top].round(3)},
                            index=pd.Index(rows[top], name="picture"))

    def words_for(self, picture, k: int = 10, vocabulary: int = VOCABULARY):
        """The ``k`` words nearest a picture (its number, or a 28×28 array): a caption.

        Looks among the ``vocabulary`` most frequent GloVe words; the column
        ``class word`` marks the ten class names.
        """
        v = self._picture_vector(picture)
        vocabulary = whole(vocabulary, "vocabulary", 10, VOCABULARY, "how many frequent words to look among")
        space = _vocabulary(vocabulary)
        near = space.nearest(v, k=check_k(k, len(space), "words"))
        return near.assign(**{"class word": ["✔" if w in self.classes else "" for w in near.index]})

    def _picture_vector(self, picture) -> np.ndarray:
        """The point of a picture given by its number or as a 28×28 array."""
        if isinstance(picture, (list, tuple, np.ndarray)):
            points = self.embed(picture)
            if len(points) != 1:
                raise CourseError(f"Give one picture, not {len(points)}.")
            return points[0]
        return self.vectors[whole(picture, "picture", 0, len(self.data) - 1, "a picture number, or a 28×28 array")]

    # -- measuring -------------------------------------------------------------------
    def accuracy(self) -> dict:
        """Top-1 and top-5 accuracy of picture → class word on test pictures of the seen classes.

        Every picture is compared with all ten class words (the held-out one included).
        """
        from sklearn.metrics import top_k_accuracy_score

        hold = self.classes.index(self.held_out) if self.held_out else -1
        rows = np.flatnonzero(self.test & (self.data.labels != hold))
        s = self.vectors[rows] @ self.class_vectors.T
        every = np.arange(len(self.classes))
        return {f"top-{k}": float(top_k_accuracy_score(self.data.labels[rows], s, k=k, labels=every))
                for k in (1, 5)} | {"pictures": len(rows), "chance top-1": 1 / len(self.classes)}

    def precision(self, word: str, cls: str | None = None, k: int = 10, calibrated: bool = False) -> float:
        """Share of the ``k`` test pictures nearest ``word`` that show class ``cls`` (default: word)."""
        cls = word if cls is None else cls
        if not isinstance(cls, str) or cls not in self.classes:
            raise unknown(cls, self.classes, "class")
        found = self.pictures_for(word, k, calibrated=calibrated)["class"]
        return float((found == cls).mean())

    def word_table(self, words, k: int = 10):
        """For each word, how many of its ``k`` nearest test pictures show each class.
        """
        import pandas as pd

        words = one_or_more(words, "words must be a word or a list of words, e.g. ['wool', 'stripes']")
        if not words:
            raise CourseError('Give one or more words, e.g. ["wool", "stripes"].')
        counts = {w: self.pictures_for(w, k)["class"].value_counts() for w in words}
        table = pd.DataFrame(counts).T.reindex(columns=self.classes).fillna(0).astype(int)
        table.index.name = f"word (its {k} nearest pictures)"
        return table.loc[:, table.sum() > 0]

    def class_queries(self, k: int = 10):
        """Precision@k of each class name as a query over the test pictures (seen and held out)."""
        import pandas as pd

        k = check_k(k, what="pictures")
        rows = [{"class": c, "held out": c == self.held_out,
                 f"precision@{k}": self.precision(c, k=k)} for c in self.classes]
        return pd.DataFrame(rows).set_index("class")

    def zero_shot(self, k: int = 10):
        """How well the held-out class's word finds its pictures among all test pictures.

        Returns precision@k plain and calibrated, with chance (the class's share of
        the test pictures) for comparison.
        """
        import pandas as pd

        k = check_k(k, what="pictures")
        if self.held_out is None:
            raise CourseError("This model held no class out; train(held_out='cat') holds one out.")
        rows = self._among("test")
        chance = float((self.data.labels[rows] == self.classes.index(self.held_out)).mean())
        out = []
        for calibrated in (False, True):
            out.append({"score": "calibrated" if calibrated else "plain",
                        f"precision@{k}": self.precision(self.held_out, k=k, calibrated=calibrated),
                        "precision@100": self.precision(self.held_out, k=100, calibrated=calibrated),
                        "chance": round(chance, 3)})
        return pd.DataFrame(out).set_index("score")
