"""The course's small shipped data sets, found wherever the course is installed.

>>> fruit().loc["apple", ["sweet", "crunchy", "long"]].tolist()
[7, 8, 3]
>>> fruit_space().nearest("apple", k=1, metric="euclidean").index[0]
'pear'
"""
from __future__ import annotations

from ._files import data_dir  # noqa: F401  (re-exported: loaders below and in other modules use it)


FRUIT_AXES = ["sweet", "crunchy", "long"]


def fruit():
    """The fruit-and-vegetable table: one row per item, scored 0–10 on three axes, and its kind."""
    import pandas as pd

    return pd.read_csv(data_dir() / "fruit.csv", comment="#", index_col="name")


def fruit_space(table=None):
    """The fruit table (or your own copy of it) as a :class:`helpers.Space` on the three axes."""
    from .space import Space

    table = fruit() if table is None else table
    return Space(list(table.index), table[FRUIT_AXES].to_numpy(float), axes=FRUIT_AXES)
