"""Arrows: two arrows at an angle (cosine similarity), and word pairs as arrows (analogies)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..errors import CourseError, number, shorten
from ._figure import PALETTE, check_ax


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


def parallelogram(pairs: Sequence[tuple[str, str]], ax=None, title: str | None = None):
    """Draw word pairs in the 2-D PCA plane of their own vectors, an arrow from each first
    word to its second. Parallel arrows = the same direction in the full 50-d space."""
    import matplotlib.pyplot as plt
    from sklearn.decomposition import PCA

    from .. import words

    ax = check_ax(ax)
    kv, pairs = words.vectors(), words._pairs(pairs)
    names = [w for p in pairs for w in p]
    X = kv.vectors[[words._index(w) for w in names]]
    xy = PCA(2, random_state=0).fit_transform(X)
    xy *= np.where((xy[1::2] - xy[::2]).mean(axis=0) < 0, -1, 1)  # PCA's signs are arbitrary: arrows go up-right
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5.5))
    colors = plt.get_cmap("tab10")
    for j, (a, b) in enumerate(pairs):
        p, q = xy[2 * j], xy[2 * j + 1]
        ax.annotate("", xy=q, xytext=p,
                    arrowprops=dict(arrowstyle="->", color=colors(j % 10), lw=2))
        ax.scatter(*xy[2 * j: 2 * j + 2].T, color=colors(j % 10), s=25, zorder=3)
        ax.text(*p, " " + a, fontsize=12, va="center")
        ax.text(*q, " " + b, fontsize=12, va="center")
    ax.set_title(title or "Each arrow goes from one word to its partner (PCA of these words)")
    ax.set_xlabel("first principal direction")
    ax.set_ylabel("second principal direction")
    ax.margins(0.15)
    return ax
