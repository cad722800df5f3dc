"""Points in Space: the course's helpers.

``import helpers`` is instant: numpy-free until you use something, and the
heavy libraries (torch, gensim, umap, sentence-transformers) load only inside
the module that needs them. The names below load on first use.

>>> import helpers
>>> helpers.Space(["a", "b"], [[0, 0], [3, 4]]).distance("a", "b")
5.0
"""
from __future__ import annotations

import importlib

from .errors import CourseError, install_handler
from .exercises import check, reveal

__version__ = "0.1.0"

# name -> module that defines it; loaded on first access (PEP 562)
_LAZY = {
    "Space": "space",
    "explore": "widgets.explorer",
    "Explorer": "widgets.explorer",
    "environment_report": "environment",
    "fruit": "datasets",
    "fruit_space": "datasets",
}

__all__ = ["CourseError", "check", "reveal", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    try:  # submodules: helpers.words, helpers.sentences, ...
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


install_handler()
