"""What every Try-it check shares: the verdicts (``check``, ``reveal``) and the small readers
of a learner's answer (a placeholder still there, a name, a number, a word, a table)."""
from __future__ import annotations

from ..errors import CourseError, shorten


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
        except Exception:  # the cells the answer needs have not run, or the learner's part is unfinished
            print("✘ The result cannot be worked out yet: this cell needs a value that is not there. "
                  "Fill in every None in this cell (and run the cells above it, if you skipped some), then run it again.")
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


# -- the notebooks' Try-it checks ------------------------------------------------------------
# One function per exercise, named for what it checks. Each prints one ✔ or ✘ line (a ✘ with a
# hint that never contains the answer) and tests the idea itself (which point moved, by how much,
# inside the allowed range, the right name and only it), not a proxy that a wrong answer can meet.
# tests/test_checks.py holds, for every one, a table of wrong answers that must each get a ✘.

def _unfilled(value) -> bool:
    """The template's placeholder is still there (None, ``...``, "" or "...")."""
    return value is None or value is Ellipsis or (isinstance(value, str) and value.strip(" .") == "")


def _say(passed: bool, hint: str, success: str = "Correct!") -> None:
    check(bool(passed), hint=hint, success=success)


def _name(value) -> str | None:
    """A typed name, lower-cased and stripped; None when it is not text."""
    return value.strip().lower() if isinstance(value, str) else None


def _real(value) -> float | None:
    """A finite number (never True/False, never text), else None."""
    import math
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        return None
    return float(value)


def _whole_number(value) -> int | None:
    number = _real(value)
    return int(number) if number is not None and number == int(number) else None


def _given(value, method: str, name: str, what: str):
    """``value``, the notebook's own object a check reads (``what``, which has ``method``), else
    one ✘ that says what to pass (a learner may call a check by hand with something else)."""
    if not callable(getattr(value, method, None)):
        raise CourseError(f"{name} must be {what}; not {shorten(value)}.")
    return value


def _word(value, kv, name: str) -> str:
    """``value``, a word of the word vectors ``kv``, else one ✘ naming the argument."""
    if not isinstance(value, str) or value not in kv:
        raise CourseError(f"{name} must be a word of the model's vocabulary, in quotes; not {shorten(value)}.")
    return value


def _columns_table(value, name: str, column):
    """``value``, a table with a ``column`` column, else one ✘ naming the argument."""
    from ..errors import table

    if not isinstance(column, str):
        raise CourseError(f"column must be a column name in quotes; not {shorten(column)}.")
    return table(value, name, [column])



def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.lower())


def _same_text(a: str, b: str) -> bool:
    """The same sentence, whatever its case, spacing or punctuation."""
    return _words(a) == _words(b)


def _placeholder(text) -> bool:
    """Unfinished text: not text at all, empty, or still holding the template's dots."""
    return not isinstance(text, str) or _unfilled(text) or "..." in text or "…" in text


def _course_error(call):
    """Run ``call``; a CourseError (an unknown name, say) becomes one ✘ line and None."""
    from ..errors import CourseError

    try:
        return call(), None
    except CourseError as exc:
        return None, f"✘ Not yet: {exc}"
