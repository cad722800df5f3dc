"""The course's small shipped data sets, found wherever the course is installed.

>>> fruit().loc["apple"].tolist()
[7.0, 8.0, 3.0]
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def data_dir() -> Path:
    """The folder holding the course data: the repository's ``data/`` in a
    checkout or editable install, else the copy packaged as ``helpers.course_data``."""
    here = Path(__file__).resolve().parent.parent / "data"
    if here.is_dir():
        return here
    from importlib.resources import files

    return Path(str(files("helpers.course_data")))


@lru_cache(maxsize=None)
def fruit():
    """The fruit-and-vegetable table: one row per item, scored 0–10 on three axes."""
    import pandas as pd

    return pd.read_csv(data_dir() / "fruit.csv", comment="#", index_col="name").astype(float)
