"""Lines and arrows: curves of a score against a setting, and arrows that show an angle."""
from __future__ import annotations

import numpy as np

from ..errors import CourseError, number, shorten
from ..errors import table as table_
from ._figure import PALETTE


def cosine_arrows(angles=(0, 90, 180), ax=None, title: str = "Cosine similarity is about angle, not length"):
    """Pairs of arrows from the origin, one panel each, at the given angles between them
    (default 0°, 90°, 180°: cosine 1, 0, −1), each labelled with its angle and cosine.
    Arrow b is drawn shorter than a, to show that length does not enter.

    >>> import numpy as np
    >>> axes = cosine_arrows()
    >>> [a.get_title().split("cosine ")[1] for a in axes]
    ['1.00', '0.00', '-1.00']
    """
    import matplotlib.pyplot as plt

    if isinstance(angles, str) or not hasattr(angles, "__len__") or not 1 <= len(angles) <= 8:
        raise CourseError(f"angles must be a list of 1 to 8 angles in degrees, e.g. (0, 90, 180), not {shorten(angles)}.")
    angles = [number(a, "each angle", -360, 360, "degrees") for a in angles]
    angles = [int(a) if a.is_integer() else a for a in angles]
    axes = ax if ax is not None else plt.subplots(1, len(angles), figsize=(3.2 * len(angles), 3.2))[1]
    axes = np.atleast_1d(axes)
    for a, angle in zip(axes, angles):
        base = np.deg2rad(15)
        for theta, colour, name, length in ((base, PALETTE[0], "a", 1.0),
                                            (base + np.deg2rad(angle), PALETTE[1], "b", 0.6)):
            x, y = length * np.cos(theta), length * np.sin(theta)
            a.annotate("", xy=(x, y), xytext=(0, 0),
                       arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.5, mutation_scale=18))
            a.text(x + 0.15 * np.cos(theta) - 0.12 * np.sin(theta), y + 0.15 * np.sin(theta) + 0.12 * np.cos(theta),
                   name, color=colour, ha="center", va="center", fontsize=12)
        cos = np.cos(np.deg2rad(angle))
        a.set_title(f"angle {angle}°, cosine {0.0 if abs(cos) < 1e-9 else cos:.2f}")
        a.set_xlim(-1.35, 1.35)
        a.set_ylim(-1.35, 1.35)
        a.set_aspect("equal")
        a.axhline(0, color="#ccc", lw=0.8, zorder=0)
        a.axvline(0, color="#ccc", lw=0.8, zorder=0)
        a.set_xticks([])
        a.set_yticks([])
    axes[0].figure.suptitle(title)
    return axes


def by_dimension(table, title: str = "What fewer dimensions cost"):
    """Line chart of a table indexed by number of dimensions, one line per column (e.g. from
    :func:`helpers.words.dimension_study`), with the values in 0–1.

    >>> import pandas as pd
    >>> ax = by_dimension(pd.DataFrame({"accuracy": [0.1, 0.4]}, index=[5, 50]))
    >>> ax.get_xlabel()
    'dimensions kept'
    """
    import matplotlib.pyplot as plt

    table = table_(table, "table", source="words.dimension_study()", numbers=True)
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
