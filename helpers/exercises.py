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
            print(f"✘ Not yet ({exc}). Hint: {hint}")
            return
        except Exception:  # the answer is unfinished (None, a missing name, ...): hint, don't crash
            passed = False
    if passed:
        print(f"✔ {success}")
    else:
        print(f"✘ Not yet. Hint: {hint}")
