"""Curves: a score against a setting (dimensions kept, neighbours looked at, depth in a network,
the threshold of face unlock)."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, shorten
from ..errors import table as table_
from ._figure import PALETTE, _unlock_labels, check_ax, figure


def by_dimension(table, title: str = "What fewer dimensions cost"):
    """Line chart of a table indexed by number of dimensions, one line per column (e.g. from
    :func:`helpers.word_studies.dimension_study`), with the values in 0–1.

    >>> import pandas as pd
    >>> ax = by_dimension(pd.DataFrame({"accuracy": [0.1, 0.4]}, index=[5, 50]))
    >>> ax.get_xlabel()
    'dimensions kept'
    """
    import matplotlib.pyplot as plt

    table = table_(table, "table", source="word_studies.dimension_study()", numbers=True)
    ax = plt.figure(figsize=(6, 3.8)).add_subplot()
    for i, col in enumerate(table.columns):
        ax.plot(table.index, table[col], marker="o", color=PALETTE[i % len(PALETTE)], label=col)
    ax.set_xticks(list(table.index))
    ax.set_xlabel("dimensions kept")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    ax.set_title(title)
    return ax


def auc_by_k(table, ax=None):
    """Line plot of the table ``anomaly.auc_by_k`` gives (ROC AUC against k), with the chance level marked."""
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    table_(table, "table", ["neighbours", "lof"], "anomaly.auc_by_k(...)", numbers=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    for col, label in [("neighbours", "nearest-neighbour distance"), ("lof", "local outlier factor")]:
        ax.plot(table.index, table[col], marker="o", label=label)
    ax.axhline(0.5, color="gray", ls=":", label="chance")
    ax.set_xlabel("k (neighbours looked at)")
    ax.set_ylabel("ROC AUC")
    ax.set_ylim(0, 1.02)
    ax.set_title("How many neighbours to look at?")
    ax.legend(fontsize=9, loc="lower right")
    return ax


def separation(table, title: str = "Separation of the known groups, layer by layer", ax=None):
    """The two separation scores of ``layers.separation`` against depth."""
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    table_(table, "table", ["1-NN accuracy", "silhouette"], "layers.separation(...)", numbers=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.6))
    x = np.arange(len(table))
    ax.plot(x, table["1-NN accuracy"], marker="o", label="1-NN accuracy")
    ax.plot(x, table["silhouette"], marker="s", label="silhouette")
    ax.set_xticks(x, table.index, rotation=30, ha="right")
    ax.set_xlabel("layer (bottom → top)")
    ax.set_ylabel("score")
    ax.set_title(title)
    ax.legend(fontsize=9)
    return ax


def unlock_rates(table, threshold: float | None = None, title: str = ""):
    """The two error rates of ``faces.unlock_table`` as the threshold moves; ``threshold`` marks one."""
    from ..faces import RATES

    if not hasattr(table, "columns") or list(table.columns) != RATES:
        raise CourseError(f"unlock_rates needs the table faces.unlock_table(...) makes, not {shorten(table)}.")
    fig = figure((8, 3.4))
    ax = fig.subplots()
    ax.plot(table.index, 100 * table[RATES[0]], color="tab:red", label="false accept: a stranger gets in")
    ax.plot(table.index, 100 * table[RATES[1]], color="tab:green", label="false reject: the owner is refused")
    _unlock_labels(ax, threshold, "threshold (unlock when the distance is at most this)", "% of pairs",
                   title or "Face unlock on people never seen in training")
    return fig
