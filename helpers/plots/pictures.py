"""Pictures: grids of small images (thumbnails), and the pictures each topic shows with them (the
weirdest digits, photos of faces, spectrograms of notes, the pictures nearest a word)."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, number, shorten, whole
from ._figure import _per_item, figure


def thumbnails(images, titles=None, columns: int = 10, title: str | None = None, size: float = 1.1,
               ink: float | None = None):
    """A grid of small pictures with a title under each; returns a matplotlib Figure.

    Grey pictures are drawn dark on light, on one ink scale for the whole grid: 0 is white
    and ``ink`` (default: the largest value among them) is black. Colour pictures (RGB, or
    PIL images) are drawn as they are.

    >>> import numpy as np
    >>> thumbnails(np.eye(8)[None].repeat(3, axis=0), ["a", "b", "c"], ink=1).axes[0].get_title()
    'a'
    """
    if isinstance(images, (str, bytes, dict)) or not hasattr(images, "__iter__"):
        raise CourseError(f"images must be a list (or stack) of pictures, not {shorten(images)}.")
    images = [np.asarray(img) for img in images]
    if not images:
        raise CourseError("No pictures to show.")
    for i, img in enumerate(images):
        if img.dtype.kind not in "biuf" or img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] not in (3, 4)):
            raise CourseError(f"Picture {i} must be a grid of numbers (rows × columns, or × 3 colours), "
                              f"not {shorten(img if img.ndim == 0 else img.tolist())} (shape {img.shape}).")
        if img.dtype.kind == "f" and not np.isfinite(img).all():
            raise CourseError(f"Picture {i} has NaN or infinite pixels; every pixel must be an ordinary number.")
    if titles is not None and len(titles) != len(images):
        raise CourseError(f"{len(images)} pictures but {len(titles)} titles: give one title per picture.")
    columns = min(whole(columns, "columns", 1), len(images))
    size = number(size, "size", 0.2, 10, "inches per picture")
    grey = [img for img in images if img.ndim == 2]
    if ink is None:
        ink = max((float(img.max()) for img in grey), default=1.0) or 1.0
    rows = -(-len(images) // columns)
    fig = figure(figsize=(size * columns, size * rows + (0.4 if title else 0.1)))
    axes = fig.subplots(rows, columns, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < len(images):
            img = images[i]
            if img.ndim == 2:
                ax.imshow(img, cmap="gray_r", vmin=0, vmax=ink)
            else:
                ax.imshow(img)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=8)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def weirdest(data, scores, n: int = 16, columns: int = 8, title: str = ""):
    """The ``n`` highest-scoring pictures of ``data`` (``anomaly.digits_with_strangers()``), each titled
    with its rank and what it really is."""
    from ..space import top_k

    if not all(hasattr(data, part) for part in ("images", "names", "is_odd")):
        raise CourseError(f"data must be the collection digits_with_strangers() gives, not {shorten(data)}.")
    scores = _per_item(scores, None, len(data))[0]
    n = whole(n, "n", 1, len(data), "how many pictures to show")
    top = top_k(scores, n, largest=True)
    titles = [f"{r + 1}. {data.names[i].split(' #')[0]}" for r, i in enumerate(top)]
    return thumbnails(data.images[top], titles, columns=columns, size=1.3, ink=16,
                      title=title or f"The {n} weirdest items (title = what it really is)")


def spectrograms(names, title: str = "What the notes look like: time across, pitch (mel bands) up"):
    """The log-mel spectrogram of each note in ``names`` (``sounds.notes().names``): brighter is louder."""
    from ..sounds import BANDS, _log_mel, _names, notes

    rows = _names(names)
    if len(rows) > 12:
        raise CourseError("Show at most 12 spectrograms at once.")
    spec = _log_mel()
    fig = figure((2.2 * len(rows), 2.6))
    axes = np.atleast_1d(fig.subplots(1, len(rows), sharey=True))
    for ax, i in zip(axes, rows):
        ax.imshow(spec[i], origin="lower", aspect="auto", cmap="magma", vmin=spec.max() - 14, vmax=spec.max(),
                  extent=(0, 1, 0, BANDS))
        ax.set_title(notes().names[i], fontsize=9)
        ax.set_xlabel("seconds")
    axes[0].set_ylabel("mel band")
    fig.suptitle(title)
    return fig


def _grey(images) -> list:
    """Grey photos as RGB arrays, so thumbnails draws them as photos (light is light)."""
    return [np.repeat(img[..., None], 3, axis=-1) for img in images]


def face_photos(names, columns: int = 10, title: str | None = None):
    """The photos called ``names``, in a grid with their names under them.

    >>> face_photos(["person 1 #1", "person 1 #2"]).axes[0].get_title()
    'person 1 #1'
    """
    from ..faces import photos

    data = photos()
    if isinstance(names, str):
        names = [names]
    rows = [data.index(n) for n in names]
    if not rows:
        raise CourseError('Give a list of photo names, e.g. ["person 31 #1", "person 31 #2"].')
    return thumbnails(_grey(data.images[rows]), [data.names[i] for i in rows], columns=columns, title=title)


def people(people, photos_each: int = 10, title: str | None = None):
    """Each of ``people`` (numbers 1–40) on a row: their first ``photos_each`` photos.

    >>> len(people([31, 32], photos_each=3).axes)
    6
    """
    people = [people] if isinstance(people, (int, np.integer)) and not isinstance(people, bool) else people
    if isinstance(people, str) or not hasattr(people, "__iter__"):
        raise CourseError(f"people must be a list of person numbers from 1 to 40, not {shorten(people)}.")
    people = [whole(p, "a person number", 1, 40) for p in people]
    if not people:
        raise CourseError("people must name at least one person (numbers from 1 to 40).")
    each = whole(photos_each, "photos_each", 1, 10)
    names = [f"person {p} #{k}" for p in people for k in range(1, each + 1)]
    return face_photos(names, columns=each, title=title)


def nearest_faces(model, name: str, k: int = 5, among: str = "held out"):
    """Photo ``name`` and its ``k`` nearest photos by ``model`` (``faces.train()``), each titled with
    its distance."""
    from ..faces import _model

    table = _model(model).nearest(name, k, among)
    data = model.data
    rows = [data.index(name)] + [data.index(n) for n in table.index]
    titles = [f"{name}\n(the photo)"] + [f"{n}\n{d:.2f}{'' if s else ' ✗'}" for n, d, s in
                                          zip(table.index, table["distance"], table["same person"])]
    return thumbnails(_grey(data.images[rows]), titles, columns=k + 1, size=1.4,
                      title="Nearest photos (✗ = somebody else)")


def pictures_for(model, word: str, k: int = 10, calibrated: bool = False, columns: int = 10):
    """Thumbnails of the ``k`` pictures nearest ``word`` by ``model`` (``pictures.train()``), each titled
    with its true class."""
    from ..pictures import PictureModel

    if not isinstance(model, PictureModel):
        raise CourseError(f"This needs the trained model, e.g. model = pictures.train(); not {shorten(model)}.")
    found = model.pictures_for(word, k, calibrated=calibrated)
    titles = [f"{c} {s:.2f}" for c, s in zip(found["class"], found["similarity"])]
    how = "calibrated " if calibrated else ""
    return thumbnails(model.data.images[found.index], titles, columns=columns, ink=255,
                      title=f"Nearest pictures to the word {shorten(word.strip())} ({how}cosine similarity)")
