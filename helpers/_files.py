"""Where the course keeps things: the shipped data folder, the cache folder, and
atomic writes. Plumbing, kept out of the teaching modules.

The cache folder is ``$POINTS_IN_SPACE_CACHE`` if set, else
``$XDG_CACHE_HOME/points-in-space`` (``~/.cache/points-in-space``); every cache of
the course (sentence vectors, UMAP maps, the MovieLens download) lives under it.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Callable


def data_dir() -> Path:
    """The folder holding the course data: the repository's ``data/`` in a checkout or
    editable install, else its copy packaged inside helpers (``helpers/course_data``)."""
    here = Path(__file__).resolve().parent
    for folder in (here.parent / "data", here / "course_data"):
        if (folder / "fruit.csv").is_file():
            return folder
    from .errors import Unavailable

    raise Unavailable(f"The course data is missing (looked in {here.parent / 'data'} and {here / 'course_data'}). "
                      "Reinstall the course: see the README, or run the notebook's first cell on Colab.")


def cache_dir(*parts: str) -> Path:
    """The course's cache folder, or a folder inside it (not created here).

    >>> cache_dir("maps").name
    'maps'
    """
    root = os.environ.get("POINTS_IN_SPACE_CACHE")
    if not root:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "points-in-space"
    return Path(root).joinpath(*parts)


def atomic_write(path: Path, write: Callable) -> Path:
    """Write ``path`` through ``write(file)`` into a temporary file beside it, then
    rename it into place, so another kernel never reads half a file. Creates the folder;
    raises OSError (read-only home, full disk) for the caller to decide.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a" / "x.txt", lambda f: f.write(b"hi")).read_bytes()
    b'hi'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
