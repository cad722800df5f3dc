"""Self-checks for the "Try it" exercises: ✔ or ✘ with a hint, never the answer.

>>> check(2 + 2 == 4, hint="add again")
✔ Correct!
"""
from __future__ import annotations


def check(passed, hint: str, success: str = "Correct!") -> None:
    """Print ✔ and ``success`` when ``passed`` is true, else ✘ and ``hint``.

    ``passed`` may be a callable, so a check that would raise (say, on a
    name the learner has not defined yet) prints the hint instead.
    """
    if callable(passed):
        try:
            passed = passed()
        except Exception as exc:  # the learner's cell is unfinished: hint, don't crash
            print(f"✘ Not yet ({exc}). Hint: {hint}")
            return
    if passed:
        print(f"✔ {success}")
    else:
        print(f"✘ Not yet. Hint: {hint}")
