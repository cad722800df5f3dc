"""Real photos and whole sentences in one space: CLIP (online only).

:func:`load_clip` loads CLIP (sentence-transformers ``clip-ViT-B-32``); it needs the
internet the first time, so offline it prints one line and returns None, and the cells
that use it skip themselves. :func:`photos` gives a dozen photos that ship with
scikit-image and scikit-learn; :func:`find_photo` and :func:`best_caption` search one
with the other, as :class:`helpers.Space` tables.

>>> sorted(photos())[:3]
['astronaut', 'camera', 'chelsea']

sentence-transformers, PIL and scikit-image load only inside the functions.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .environment import online
from .errors import check_k, CourseError, one_or_more, shorten

CLIP_NAME = "clip-ViT-B-32"


def load_clip(name_or_folder: str = CLIP_NAME):
    """Load a CLIP model with sentence-transformers, or return None (one line) when offline.

    ``name_or_folder`` is a model name on the hub (needs the internet) or a local
    folder: a saved sentence-transformers model, or a Hugging Face CLIP folder.
    """
    if not isinstance(name_or_folder, (str, Path)) or not str(name_or_folder).strip():
        raise CourseError(f"Give a CLIP model name or folder (text), e.g. {CLIP_NAME!r}, not {shorten(name_or_folder)}.")
    folder = Path(str(name_or_folder)).expanduser()
    if not folder.is_dir():
        if not online():
            print(f"⚠ Offline: CLIP ({name_or_folder}) must be downloaded, so the CLIP cells skip "
                  "themselves. Everything else in this notebook ran offline.")
            return None
        from sentence_transformers import SentenceTransformer

        try:
            return SentenceTransformer(str(name_or_folder), device="cpu")
        except (OSError, ValueError) as exc:
            raise CourseError(f"CLIP {shorten(str(name_or_folder))} could not be loaded "
                              f"({shorten(str(exc), 120, quote=False)}). Check the name, e.g. {CLIP_NAME!r}.") from None
    from sentence_transformers import SentenceTransformer

    try:
        if (folder / "modules.json").is_file():
            return SentenceTransformer(str(folder), device="cpu")
        if (folder / "config.json").is_file():
            try:
                from sentence_transformers.sentence_transformer.modules import CLIPModel
            except ImportError:  # sentence-transformers before 6
                from sentence_transformers.models import CLIPModel

            return SentenceTransformer(modules=[CLIPModel(str(folder))], device="cpu")
    except (OSError, ValueError, KeyError) as exc:  # a broken folder: bad JSON, missing weights
        raise CourseError(f"The folder {shorten(str(folder))} does not hold a model that can be read "
                          f"({type(exc).__name__}: {shorten(str(exc), 100, quote=False)}). Save the model again, "
                          "or give another folder.") from None
    raise CourseError(f"{str(folder)!r} holds no model (no modules.json or config.json).")


@lru_cache(maxsize=1)
def _photos() -> dict:
    from matplotlib import cbook
    from PIL import Image
    from skimage import data as sk
    from sklearn.datasets import load_sample_images

    photos = {name: Image.fromarray(getattr(sk, name)()).convert("RGB")
              for name in ("astronaut", "chelsea", "coffee", "rocket", "camera", "coins")}
    photos["horse"] = Image.fromarray(sk.horse().astype(np.uint8) * 255).convert("RGB")  # black on white
    sample = load_sample_images()
    for path, img in zip(sample.filenames, sample.images):
        photos[Path(path).stem] = Image.fromarray(img).convert("RGB")
    with cbook.get_sample_data("grace_hopper.jpg") as f:
        photos["grace_hopper"] = Image.open(f).convert("RGB")
    return photos


def photos() -> dict:
    """Real photos shipped inside scikit-image, scikit-learn and matplotlib, by name (PIL images)."""
    return dict(_photos())


#: the photos CLIP encoded last, and their points (see :func:`embed_photos`)
_last_photos: dict = {}


def _check_clip(clip) -> None:
    """A CourseError unless ``clip`` is a model from :func:`load_clip`: most often the None
    it returns offline, passed on."""
    if clip is None:
        raise CourseError("clip is None: load_clip() could not load CLIP here (it said why above; offline?). "
                          "Once online, run the load_clip cell again, then this one.")
    if isinstance(clip, (str, bytes)) or not callable(getattr(clip, "encode", None)):
        raise CourseError(f"clip must be the model load_clip() returns, not {shorten(clip)}.")


def _check_photos(photos) -> dict:
    """``photos`` if it is a non-empty {name: picture} dict (PIL images), else a CourseError."""
    from PIL import Image

    if not isinstance(photos, dict) or not photos:
        raise CourseError(f"photos must be a dict {{name: photo}} like pictures.photos(), not {shorten(photos)}.")
    for name, photo in photos.items():
        if not isinstance(photo, Image.Image):
            raise CourseError(f"photos[{shorten(name)}] must be a photo (a PIL image, as in pictures.photos()), "
                              f"not {shorten(photo)}.")
    return photos


def embed_photos(clip, photos: dict) -> np.ndarray:
    """CLIP points (length 1) for a {name: PIL image} dict, one row per photo.

    The same photos asked of the same model again (notebook 06 asks one sentence after
    another with :func:`find_photo`) are encoded once: encoding a photo is CLIP's slow part.
    """
    _check_clip(clip)
    images = list(_check_photos(photos).values())
    key = (id(clip), *map(id, images))
    if _last_photos.get("key") != key:   # the objects are kept with the key, so their ids stay theirs
        points = np.asarray(clip.encode(images, normalize_embeddings=True, convert_to_numpy=True))
        _last_photos.update(key=key, objects=(clip, images), points=points)
    return _last_photos["points"].copy()


def embed_sentences(clip, sentences) -> np.ndarray:
    """CLIP points (length 1) for a list of sentences."""
    _check_clip(clip)
    sentences = one_or_more(sentences, "Give one or more non-empty sentences (text)")
    if not sentences or any(not isinstance(s, str) or not s.strip() for s in sentences):
        raise CourseError("Give one or more non-empty sentences.")
    return np.asarray(clip.encode(sentences, normalize_embeddings=True, convert_to_numpy=True))


def _ranked(query: np.ndarray, points: np.ndarray, names: list, k: int):
    """The ``k`` of ``points`` nearest ``query`` by cosine similarity: :meth:`helpers.Space.nearest`
    (as every search of the course), indexed by their ``names``."""
    from .space import Space, unique_names

    return Space(unique_names(names), points).nearest(np.asarray(query).reshape(-1), k=k)


def find_photo(clip, sentence: str, photos: dict, k: int = 3):
    """The ``k`` photos nearest a sentence in CLIP's space (DataFrame of similarities)."""
    _check_clip(clip)
    if not isinstance(sentence, str):
        raise CourseError(f"Give one sentence (text), not {shorten(sentence)}.")
    k = check_k(k, len(_check_photos(photos)), "photos")
    return _ranked(embed_sentences(clip, sentence), embed_photos(clip, photos), list(photos), k)


def best_caption(clip, photo, captions):
    """Captions ranked by CLIP similarity to one photo (PIL image), best first."""
    _check_clip(clip)
    _check_photos({"photo": photo})
    captions = one_or_more(captions, "Give one or more captions (text)")
    points = embed_sentences(clip, captions)
    return _ranked(embed_photos(clip, {"photo": photo}), points, captions, len(captions))
