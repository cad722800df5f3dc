"""Your face is a point: face unlock as a distance and a threshold.

The photos are AT&T Laboratories Cambridge's "Database of Faces" (ORL): 40 people, 10 photos
each, taken at different times, with different expressions, with and without glasses
(data/faces.npz, 56×46 grey levels; data/README.md says where they come from).

A small convolutional network is trained in the notebook to place photos of the **same person**
close together; it sees only people 1–30. People 31–40 are kept out of training entirely:
they are the strangers on whom face unlock is measured, as a phone meets faces its maker never saw.

>>> from helpers import faces
>>> data = faces.photos(); data
<Faces: 400 photos of 40 people, 56×46 pixels>
>>> model = faces.train(epochs=2, verbose=False)       # the notebook trains 30 epochs
>>> model.vectors.shape                                # every photo is a point (length 1)
(400, 32)
>>> table = faces.unlock_table(model.vectors[model.held_out], data.person[model.held_out])
>>> table.loc[0.0].tolist(), table.loc[2.0].tolist()  # nobody gets in / everybody gets in
([0.0, 1.0], [1.0, 0.0])

torch and scikit-learn load only inside the functions; its figures are in helpers.plots.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._training import run_settings, fit, margin_loss, TrainedNet
from .errors import CourseError, check_k, choice, matrix, number, shorten, unknown, whole
from .space import Space, unit_rows

SEEN_PEOPLE = 30      # people 1–30 train the network; 31–40 are held out
DIM = 32              # numbers per face
RATES = ["false accept", "false reject"]


# -- the photos ---------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class Faces:
    """The 400 photos: ``images`` (400×56×46 uint8, 0 = black), ``person`` (1–40), ``photo`` (1–10)."""

    images: np.ndarray
    person: np.ndarray
    photo: np.ndarray

    def __len__(self) -> int:
        return len(self.person)

    def __repr__(self) -> str:
        h, w = self.images.shape[1:]
        return f"<Faces: {len(self)} photos of {len(set(self.person.tolist()))} people, {h}×{w} pixels>"

    @property
    def names(self) -> list[str]:
        """``"person 31 #4"``: the 4th photo of person 31."""
        return [f"person {p} #{k}" for p, k in zip(self.person.tolist(), self.photo.tolist())]

    def index(self, name) -> int:
        """Row of the photo called ``name`` (close spellings suggested when it is unknown).

        >>> photos().index("person 31 #4")
        303
        """
        names = self.names
        if not isinstance(name, str) or name not in names:
            raise unknown(name, names, "photo", 'Names look like "person 31 #4" (people 1–40, photos 1–10).')
        return names.index(name)


@lru_cache(maxsize=1)
def photos() -> Faces:
    """The face photos shipped in data/faces.npz (loaded with ``allow_pickle=False``).

    >>> photos().images.shape
    (400, 56, 46)
    """
    from ._files import data_dir

    with np.load(data_dir() / "faces.npz", allow_pickle=False) as f:
        return Faces(f["images"], f["person"].astype(np.int64), f["photo"].astype(np.int64))


# -- the network --------------------------------------------------------------------------
def _encoder():
    """A small CNN: 56×46 photo → 32 numbers (three convolution + pooling steps, one linear layer)."""
    from torch import nn

    return nn.Sequential(
        nn.Unflatten(1, (1, 56, 46)),
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),    # 16 × 28 × 23
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 32 × 14 × 11
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 64 × 7 × 5
        nn.Flatten(), nn.Dropout(0.3),
        nn.Linear(64 * 7 * 5, DIM),
    )


def train(epochs: int = 30, seed: int = 0, verbose: bool = True) -> "FaceModel":
    """Train the face network on people 1–30 (all 10 photos each); people 31–40 stay unseen.

    Each of the 30 people gets a direction of their own, learnt along with the network; the
    loss (cross-entropy of the cosine to every person's direction, scaled by 16, with a margin
    of 0.2 for the right one, as CosFace does) pulls a photo towards its person's direction and
    away from the others'. Training photos are randomly mirrored and shifted by up to 2 pixels.
    Only the network is kept: a new face is placed by the network alone, so the unseen
    people land somewhere too, and the test is whether their photos land together.
    Same ``seed`` → same weights.

    >>> train(epochs=0)
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: epochs must be a whole number from 1 to 100, not 0.
    """
    epochs, seed, verbose = run_settings(epochs, seed, verbose, most_epochs=100)
    import torch

    data = photos()
    seen = data.person <= SEEN_PEOPLE
    x_all = torch.from_numpy(data.images.reshape(len(data), -1).astype(np.float32) / 255.0)
    x = x_all[torch.from_numpy(seen)].view(-1, 56, 46)
    y = torch.from_numpy(data.person[seen] - 1)

    def batch_loss(net, rows, order, people):
        xb = x[rows]
        mirror = torch.rand(len(xb), generator=order) < 0.5
        xb = torch.where(mirror[:, None, None], xb.flip(2), xb)
        dy, dx = torch.randint(-2, 3, (2,), generator=order).tolist()
        xb = torch.roll(xb, (dy, dx), (1, 2))
        return margin_loss(net(xb.reshape(len(xb), -1)), people, y[rows])

    trained = fit(_encoder, batch_loss, x_all, len(x), seed=seed, epochs=epochs, batch=32, lr=1e-3,
                  directions=(SEEN_PEOPLE, DIM))
    model = FaceModel(**trained, data=data, held_out=~seen)
    if verbose:
        print(f"Trained on {seen.sum()} photos of people 1–{SEEN_PEOPLE} in {model.seconds:.1f} s; "
              f"loss {model.losses[0]:.2f} → {model.losses[-1]:.2f}. People {SEEN_PEOPLE + 1}–40 were never shown.")
    return model


@dataclass(eq=False, repr=False, kw_only=True)
class FaceModel(TrainedNet):
    """A trained face network and every photo's point. ``vectors[i]`` is photo i's point
    (length 1); ``held_out`` marks the 100 photos of people 31–40, never used in training."""

    data: Faces
    held_out: np.ndarray

    def __repr__(self) -> str:
        return (f"<FaceModel: {len(self.vectors)} photos as {self.vectors.shape[1]}-d points, "
                f"people {SEEN_PEOPLE + 1}–40 held out, seed {self.seed}, trained in {self.seconds:.1f} s>")

    def embed(self, images) -> np.ndarray:
        """Points (length 1) for 56×46 photos (grey levels 0–255), one row each.

        >>> model = train(epochs=1, verbose=False)
        >>> bool(np.allclose(model.embed(model.data.images[:2]), model.vectors[:2], atol=1e-5))
        True
        """
        images = np.asarray(images)
        if images.ndim == 2:
            images = images[None]
        if images.ndim != 3 or images.shape[1:] != (56, 46):
            raise CourseError(f"embed needs photos of 56×46 grey levels (an array of shape (n, 56, 46)), "
                              f"not shape {images.shape}.")
        flat = matrix(images.reshape(len(images), -1), "the photos", span=(0, 255))
        return self._points(flat.astype(np.float32) / 255.0)

    def space(self, which: str = "held out") -> Space:
        """The photos as a Space (names like ``"person 31 #4"``): ``"held out"`` (people 31–40,
        never seen in training), ``"seen"`` (1–30) or ``"all"``.

        >>> len(train(epochs=1, verbose=False).space())
        100
        """
        which = choice(which, ["held out", "seen", "all"], "which")
        rows = {"held out": self.held_out, "seen": ~self.held_out, "all": np.ones(len(self.data), bool)}[which]
        names = [n for n, keep in zip(self.data.names, rows) if keep]
        return Space(names, self.vectors[rows])

    def nearest(self, name: str, k: int = 5, among: str = "held out"):
        """The ``k`` photos nearest to photo ``name`` (Euclidean distance between the points), with
        whose they are and whether that is the same person.

        >>> train(epochs=1, verbose=False).nearest("person 31 #1", k=2).columns.tolist()
        ['distance', 'same person']
        """
        space = self.space(among)
        if not isinstance(name, str) or name not in space:
            raise unknown(name, space.names, "photo", f'Pick one of the {among} photos, e.g. "{space.names[0]}".')
        table = space.nearest(name, k=check_k(k, len(space) - 1, "other photos"), metric="euclidean")
        who = name.split(" #")[0]
        table["same person"] = [n.split(" #")[0] == who for n in table.index]
        return table


def _model(model) -> "FaceModel":
    if not isinstance(model, FaceModel):
        raise CourseError(f"This needs the trained model, e.g. model = faces.train(); not {shorten(model)}.")
    return model


# -- other ways to make a face a point -----------------------------------------------------
def pixel_vectors() -> np.ndarray:
    """Every photo as its 2,576 grey levels, minus the average face, scaled to length 1:
    nothing learnt at all.

    >>> pixel_vectors().shape
    (400, 2576)
    """
    data = photos()
    flat = data.images.reshape(len(data), -1).astype(np.float64) / 255.0
    return unit_rows(flat - flat[data.person <= SEEN_PEOPLE].mean(axis=0))


def eigenface_vectors(dims: int = 40) -> np.ndarray:
    """"Eigenfaces" (Turk and Pentland, 1991): scikit-learn's PCA of the photos of people 1–30,
    each photo given its ``dims`` coordinates along the directions faces vary most, scaled to length 1.

    >>> eigenface_vectors(10).shape
    (400, 10)
    """
    from sklearn.decomposition import PCA

    dims = whole(dims, "dims", 1, 300)
    data = photos()
    flat = data.images.reshape(len(data), -1).astype(np.float64) / 255.0
    pca = PCA(dims, random_state=0).fit(flat[data.person <= SEEN_PEOPLE])
    return unit_rows(pca.transform(flat))


# -- face unlock -----------------------------------------------------------------------------
def _pairs(vectors, person):
    vectors = unit_rows(matrix(vectors, "vectors").astype(np.float64))
    person = np.asarray(person)
    if person.shape != (len(vectors),):
        raise CourseError(f"{len(vectors)} points but {person.size} person numbers: give one per point.")
    if len(vectors) < 3:
        raise CourseError("Face unlock needs at least 3 photos to compare.")
    gram = np.clip(vectors @ vectors.T, -1, 1)
    upper = np.triu_indices(len(vectors), 1)
    distance = np.sqrt(np.maximum(0.0, 2 - 2 * gram[upper]))
    same = (person[:, None] == person[None, :])[upper]
    if same.all() or not same.any():
        raise CourseError("Face unlock needs photos of at least two people, and someone with two photos.")
    return distance, same


def unlock_table(vectors, person, thresholds=None):
    """Face unlock for every pair of photos: "unlock" when two photos' points are at most
    ``threshold`` apart. For each threshold (default 0, 0.05, …, 2: the points have length 1, so
    no two are further than 2 apart), the share of different-person pairs let in
    (**false accept**) and of same-person pairs refused (**false reject**).

    >>> table = unlock_table([[1, 0], [0.8, 0.6], [0, 1]], [1, 1, 2], [0.5, 1.0, 1.5])
    >>> table.columns.tolist(), table.values.tolist()
    (['false accept', 'false reject'], [[0.0, 1.0], [0.5, 0.0], [1.0, 0.0]])
    """
    import pandas as pd

    distance, same = _pairs(vectors, person)
    if thresholds is None:
        thresholds = np.round(np.arange(0, 2.0001, 0.05), 2)
    if isinstance(thresholds, (str, bytes)) or thresholds is None:
        raise CourseError(f"thresholds must be numbers from 0 to 2, not {shorten(thresholds)}.")
    thresholds = np.round(matrix(np.ravel(thresholds)[None], "thresholds", span=(0, 2))[0].astype(np.float64), 6)
    accept = [(distance[~same] <= t).mean() for t in thresholds]
    reject = [(distance[same] > t).mean() for t in thresholds]
    table = pd.DataFrame({RATES[0]: accept, RATES[1]: reject}, index=pd.Index(thresholds, name="threshold"))
    return table


def equal_error(vectors, person) -> tuple[float, float]:
    """(threshold, rate) where the two error rates meet: the "equal error rate" that compares
    face-unlock systems with one number (lower is better). Every distance between two photos
    is tried as the threshold; the one where the rates are closest wins.

    >>> equal_error([[1, 0], [0.8, 0.6], [0, 1], [0.1, 1]], [1, 1, 2, 2])
    (0.632, 0.0)
    """
    distance, same = _pairs(vectors, person)
    cuts = np.unique(distance)
    accept = np.array([(distance[~same] <= t).mean() for t in cuts])
    reject = np.array([(distance[same] > t).mean() for t in cuts])
    best = int(np.argmin(np.abs(accept - reject) + 1e-9 * np.arange(len(cuts))))
    return round(float(cuts[best]), 3), round(float((accept[best] + reject[best]) / 2), 4)


def compare(model: FaceModel, dims: int = 40):
    """Equal error rate on people 31–40 for three ways to make a face a point: raw pixels,
    eigenfaces (PCA of people 1–30) and the trained network. Lower is better."""
    import pandas as pd

    rows = _model(model).held_out
    person = model.data.person[rows]
    ways = {"pixels": pixel_vectors(), "eigenfaces": eigenface_vectors(dims), "network": model.vectors}
    out = {}
    for name, vectors in ways.items():
        threshold, rate = equal_error(vectors[rows], person)
        v = unit_rows(vectors[rows])
        d = np.linalg.norm(v[:, None] - v[None], axis=-1)
        np.fill_diagonal(d, np.inf)
        out[name] = {"dims": vectors.shape[1], "equal error rate": rate, "at threshold": threshold,
                     "nearest photo is the same person": float((person[d.argmin(1)] == person).mean())}
    return pd.DataFrame(out).T.astype({"dims": int})


def unlock(model: FaceModel, owner: str, visitor: str, threshold: float) -> bool:
    """The phone knows photo ``owner``; photo ``visitor`` looks at it. Unlocks (True) when their
    points are at most ``threshold`` apart; prints the distance and whether that was right.

    >>> m = train(epochs=1, verbose=False)
    >>> unlock(m, "person 31 #1", "person 31 #1", 0.5)
    🔓 unlocked: distance 0.00 ≤ 0.5 (right: it is person 31).
    True
    """
    data = _model(model).data
    a, b = data.index(owner), data.index(visitor)
    threshold = number(threshold, "threshold", 0, 2, "points have length 1, so no two are more than 2 apart")
    d = float(np.linalg.norm(model.vectors[a] - model.vectors[b]))
    opened = d <= threshold
    same = data.person[a] == data.person[b]
    verdict = "right" if opened == same else "WRONG"
    who = f"it is person {data.person[a]}" if same else f"that is person {data.person[b]}, not {data.person[a]}"
    print(f"{'🔓 unlocked' if opened else '🔒 refused'}: distance {d:.2f} {'≤' if opened else '>'} {threshold:g} "
          f"({verdict}: {who}).")
    return bool(opened)
