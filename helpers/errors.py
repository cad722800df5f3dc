"""Friendly errors: what a learner sees when an input is wrong.

Every mistake a learner can make with the helpers raises :class:`CourseError`.
Inside Jupyter, ``import helpers`` installs a handler that prints such an error
as one line starting with ✘ (on stderr) instead of a traceback, so a typo never
looks like a crash, and "Run all" carries on past it. Notebook cells that show a
mistake on purpose carry the cell tag ``friendly-error``; the notebook tests fail
on any other cell that prints one.

>>> suggest("pearr", ["apple", "pear", "peach"])
['pear', 'peach']
"""
from __future__ import annotations

import difflib
import numbers
import sys
from typing import Iterable


class CourseError(ValueError):
    """A mistake in what the learner typed; the message says how to fix it."""


class Unavailable(CourseError):
    """Something a notebook needs cannot be had here (a data set or package missing, or
    offline); the message says what to do.

    In Jupyter it prints one ✘ line like any CourseError, and then every later cell
    skips itself with one line saying so, instead of failing with a NameError; running
    the cell that raised it again (once fixed) ends the skipping, and cells that run a
    command (``%pip …``, ``!…``) always run.
    """


def suggest(word: str, names: Iterable[str], n: int = 5, cutoff: float = 0.6) -> list[str]:
    """Names in ``names`` spelled like ``word`` (closest first), via difflib."""
    names = names if isinstance(names, (list, tuple)) else list(names)
    return difflib.get_close_matches(word, names, n=n, cutoff=cutoff)


def unknown(word: str, names: Iterable[str], what: str = "name", extra: str = "") -> CourseError:
    """Build the error for an unknown ``word``, listing close spellings.

    >>> str(unknown("aple", ["apple", "pear"], "fruit"))
    "'aple' is not a fruit here. Did you mean: apple?"
    """
    close = suggest(word, names)
    msg = f"{word!r} is not a {what} here."
    if close:
        msg += " Did you mean: " + ", ".join(close) + "?"
    if extra:
        msg += " " + extra
    return CourseError(msg)


def check_k(k, most: int | None = None, what: str = "results") -> int:
    """``k`` (how many ``what`` to show) as an int, or a CourseError saying the allowed range.

    >>> check_k(3, 10)
    3
    >>> check_k(20, 10, "neighbours")
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: k=20 is too large: there are only 10 neighbours, and k must be at most that (k ≤ 10).
    """
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise CourseError(f"k must be a whole number of at least 1 (how many {what} to show), not {k!r}.")
    if most is not None and k > most:
        raise CourseError(f"k={k} is too large: there are only {most} {what}, and k must be at most that (k ≤ {most}).")
    return int(k)


SKIP_NOTE = "The cells below need it and will skip themselves; once it is fixed, run this cell again."
_BLOCKED: dict = {}  # while a notebook lacks what it needs: {"reason": ..., "cell": the cell that said so}


def _show_course_error(shell, etype, value, tb, tb_offset=None):
    result = getattr(shell.displayhook, "exec_result", None)
    if isinstance(value, Unavailable):
        print(f"✘ {value}\n  {SKIP_NOTE}", file=sys.stderr)
        raw = getattr(getattr(result, "info", None), "raw_cell", None)
        _BLOCKED.update(reason=str(value).split(". ")[0].split("\n")[0],
                        cell=shell.transform_cell(raw) if raw else None)
    else:
        print(f"✘ {value}", file=sys.stderr)
    # Report the cell as finished, not failed, so "Run all" does not stop at a typo.
    # The running cell's result is reachable only through the display hook.
    if result is not None:
        result.error_in_exec = None
    return None


def _skip_when_blocked(lines: list[str]) -> list[str]:
    """IPython input transformer: while something the notebook needs is missing
    (see :class:`Unavailable`), replace a cell by one line saying it is skipped."""
    if not _BLOCKED:
        return lines
    code = "".join(lines)
    if code == _BLOCKED.get("cell"):  # the cell that failed, run again: try it
        _BLOCKED.clear()
        return lines
    if "get_ipython().system(" in code or "run_line_magic(" in code or "run_cell_magic(" in code:
        return lines  # %pip install … and friends: how the learner fixes it
    note = f"– skipped: this cell needs what is missing above ({_BLOCKED['reason']})."
    return [f"print({note!r})\n"]


def install_handler() -> None:
    """In IPython/Jupyter, print CourseError as one line instead of a traceback, and
    let the cells after an :class:`Unavailable` skip themselves."""
    ipython = sys.modules.get("IPython")  # only if a Jupyter/IPython shell is running
    shell = ipython.get_ipython() if ipython else None
    if shell is not None:
        shell.set_custom_exc((CourseError,), _show_course_error)
        if _skip_when_blocked not in shell.input_transformers_post:
            shell.input_transformers_post.append(_skip_when_blocked)
