"""Bars: how well each method did (search precision, agreement of clusters with known labels), and
how far apart two photos of a face are (a histogram)."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError
from ..errors import table as table_
from ._figure import _unlock_labels, check_ax, figure


def search_scores(tables: dict, ax=None, title: str = "How often the top five results are the right kind"):
    """Bar chart of the mean of each column of each ``sentences.score_queries`` table.

    ``tables`` maps a group label (e.g. "10 review queries") to its score table.
    """
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    if not isinstance(tables, dict) or not tables:
        raise CourseError("Give the score tables as a dict: {'group label': score_queries(...), ...}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    groups = list(tables)
    methods = list(next(iter(tables.values())).columns)
    width = 0.8 / len(methods)
    for i, method in enumerate(methods):
        means = [tables[g][method].drop("MEAN", errors="ignore").mean() for g in groups]
        ax.bar([j + width * i for j in range(len(groups))], means, width=width, label=method)
    ax.set_xticks([j + width * (len(methods) - 1) / 2 for j in range(len(groups))], groups)
    ax.set_ylabel("mean " + methods[0].split()[-1] if methods else "")
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper right")
    return ax


def agreement(scores, ax=None, title: str = "Clusters vs known categories"):
    """The table from ``clusters.agreement_table`` as horizontal bars, one group per method."""
    import matplotlib.pyplot as plt

    ax = check_ax(ax)
    table_(scores, "scores", source="clusters.agreement_table(...)", numbers=True)
    ax = ax or plt.subplots(figsize=(9, 3.8))[1]
    scores.plot.barh(ax=ax, width=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("agreement with the shop's labels (0 = chance, 1 = identical)")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    ax.figure.tight_layout()
    return ax


def face_distances(model, threshold: float | None = None, title: str = ""):
    """Histogram of the distance between every two photos of people 31–40 by ``model``
    (``faces.train()``): same person (one colour) and different people (another); ``threshold``
    draws the unlock line."""
    from ..faces import _model, _pairs

    model = _model(model)
    distance, same = _pairs(model.vectors[model.held_out], model.data.person[model.held_out])
    fig = figure((8, 3.4))
    ax = fig.subplots()
    bins = np.linspace(0, 2, 41)
    ax.hist(distance[same], bins=bins, density=True, alpha=0.6, color="tab:green",
            label=f"same person ({same.sum()} pairs)")
    ax.hist(distance[~same], bins=bins, density=True, alpha=0.6, color="tab:red",
            label=f"different people ({(~same).sum()} pairs)")
    _unlock_labels(ax, threshold, "distance between the two photos' points", "share of pairs (density)",
                   title or "People 31–40, never seen in training: how far apart are two photos?")
    return fig
