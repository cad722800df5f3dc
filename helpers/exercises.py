"""Self-checks for the "Try it" exercises: ✔ or ✘ with a hint, never the answer.

>>> check(2 + 2 == 4, hint="add again")
✔ Correct!
"""
from __future__ import annotations

from .errors import CourseError


def check(passed, hint: str, success: str = "Correct!") -> None:
    """Print ✔ and ``success`` when ``passed`` is true, else ✘ and ``hint``.

    ``passed`` may be a callable, so a check that would raise (say, on a
    name the learner has not defined yet) prints the hint instead.
    """
    if callable(passed):
        try:
            passed = passed()
        except CourseError as exc:  # a helper explains what is wrong with the answer
            print(f"✘ Not yet: {exc} Hint: {hint}")
            return
        except Exception:  # the answer is unfinished (None, a missing name, ...): hint, don't crash
            passed = False
    if passed:
        print(f"✔ {success}")
    else:
        print(f"✘ Not yet. Hint: {hint}")


def reveal(guess, truth, *, close=None, show=None, explain: str = "") -> None:
    """"Predict, then run": compare the learner's ``guess`` with what really happens.

    Until a guess is written (``guess`` is ``None`` or ``...``), nothing about the answer is
    printed. ``truth`` may be a callable (evaluated only after a guess exists). ``close`` is an
    optional tolerance for numbers; ``show`` an optional way to print the true value (default:
    ``truth`` itself); ``explain`` is one sentence printed after the verdict.

    >>> reveal(None, 4)
    ✎ Write your prediction first (replace the None), then run this cell again.
    >>> reveal(4, lambda: 2 + 2, explain="Addition.")
    ✔ Your prediction matched: 4. Addition.
    >>> reveal(5, 4, close=0.5)
    ✘ Not quite: the result is 4.
    """
    if guess is None or guess is Ellipsis:
        print("✎ Write your prediction first (replace the None), then run this cell again.")
        return
    if callable(truth):
        try:
            truth = truth()
        except Exception as exc:  # the cells the answer needs have not run (or the learner's part is unfinished)
            print(f"✘ The result cannot be worked out yet ({type(exc).__name__}: {exc}). Run the cells above first.")
            return
    if close is not None:
        try:
            matched = abs(float(guess) - float(truth)) <= close
        except (TypeError, ValueError):
            matched = False
    elif isinstance(truth, str) and isinstance(guess, str):
        matched = guess.strip().lower() == truth.strip().lower()
    else:
        matched = guess == truth
    shown = show(truth) if callable(show) else (show if show is not None else truth)
    if matched:
        print(f"✔ Your prediction matched: {shown}. {explain}".rstrip())
    else:
        print(f"✘ Not quite: the result is {shown}. {explain}".rstrip())


def same_similarity(before, after, a: str, b: str, kv, turned) -> bool:
    """Notebook 05: ``before`` and ``after`` are the cosine similarities of ``a`` and ``b`` in
    ``kv`` and in its rotated copy ``turned`` (each to 5 decimals), so a made-up value fails."""
    return (abs(float(before) - float(kv.similarity(a, b))) < 1e-5
            and abs(float(after) - float(turned.similarity(a, b))) < 1e-5)


def nmi_matches(nmi, vectors, labels, k: int) -> bool:
    """Notebook 03: ``nmi`` is the NMI of a KMeans clustering with ``k`` groups against ``labels``."""
    from . import clusters

    return abs(float(nmi) - clusters.agreement(clusters.kmeans(vectors, k=k), labels)["NMI"]) < 1e-9


def separation_matches(table, hidden=(8,), seed: int = 0) -> bool:
    """Notebook 09: ``table`` is ``layers.separation`` (euclidean) of a digit network with
    ``hidden`` layers, trained with ``seed``: the same layers and the same numbers."""
    import numpy as np

    from . import layers

    model, X_test, y_test, _ = layers.digit_network(hidden=tuple(hidden), seed=seed)
    expected = layers.separation(layers.digit_layers(model, X_test), y_test, metric="euclidean")
    return (list(table.index) == list(expected.index) and list(table.columns) == list(expected.columns)
            and np.allclose(table.to_numpy(float), expected.to_numpy(float), atol=1e-6))
