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


def existing_file(path, what: str = "file") -> Path:
    """``path`` (text or a Path) as a Path to a file that exists, or a CourseError saying
    what is wrong with it: not a path, no such file, a folder, not readable."""
    from .errors import CourseError, shorten

    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise CourseError(f"Give the {what} as a path (text), e.g. 'data/fruit.csv', not {shorten(path)}.")
    p = Path(path).expanduser()
    if p.is_dir():
        raise CourseError(f"{shorten(str(path))} is a folder, not a {what}: give the path of the file inside it.")
    if not p.is_file():
        raise CourseError(f"There is no {what} at {shorten(str(path))}: check the spelling and the folder "
                          f"(the notebook runs in {shorten(os.getcwd(), 60)}).")
    if not os.access(p, os.R_OK):
        raise CourseError(f"The {what} {shorten(str(path))} cannot be read (no permission).")
    return p


def writable_file(path, what: str = "file") -> Path:
    """``path`` as a Path a file can be written to, or a CourseError: not a path, a
    folder, or a folder that does not exist."""
    from .errors import CourseError, shorten

    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise CourseError(f"Give the {what} as a path (text), e.g. 'questions.txt', not {shorten(path)}.")
    p = Path(path).expanduser()
    if p.is_dir():
        raise CourseError(f"{shorten(str(path))} is a folder: give a file name inside it, "
                          f"e.g. {shorten(str(p / 'questions.txt'), 60)}.")
    if not p.parent.is_dir():
        raise CourseError(f"The folder {shorten(str(p.parent))} does not exist: create it first, "
                          "or write the file into the notebook's folder.")
    return p
