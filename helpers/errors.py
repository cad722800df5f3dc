"""Friendly errors: what a learner sees when an input is wrong.

Every mistake a learner can make with the helpers raises :class:`CourseError`.
Inside Jupyter, ``import helpers`` installs a handler that prints such an error
as one line starting with ✘ (on stderr) instead of a traceback, so a typo never
looks like a crash, and "Run all" carries on past it. Notebook cells that show a
mistake on purpose carry the cell tag ``friendly-error``; the notebook tests fail
on any other cell that prints one.

>>> suggest("pearr", ["apple", "pear", "peach"])
['pear', 'peach']
>>> suggest("appel", ["pear", "apply", "apple"])   # a swap of two letters is one edit
['apple', 'apply']
"""
from __future__ import annotations

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


_ENCODED: dict = {}  # id(list) -> (the list, {length: (orders, letters)}), for a few long name lists


def _by_length(names: list) -> dict:
    """``names`` (lower-cased) grouped by length as arrays of letter codes, so that
    :func:`_distances` compares a word with a whole group at once; cached for a few long
    lists, by identity (the 400,000 GloVe words are encoded once: pass the same list again)."""
    import numpy as np

    cached = _ENCODED.get(id(names))
    if cached is not None and cached[0] is names:
        return cached[1]
    groups: dict = {}
    for order, name in enumerate(names):
        groups.setdefault(len(str(name)), []).append(order)
    encoded = {}
    for length, orders in groups.items():
        text = "".join(str(names[o]).lower() for o in orders)
        if len(text) != length * len(orders):  # lower() changed a length (rare letters): keep as is
            text = "".join(str(names[o]) for o in orders)
        letters = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).reshape(len(orders), length)
        encoded[length] = (np.asarray(orders), letters)
    if len(names) > 1000:
        if len(_ENCODED) >= 4:  # the oldest goes: a few lists (GloVe's common words, all of them) stay
            del _ENCODED[next(iter(_ENCODED))]
        _ENCODED[id(names)] = (names, encoded)
    return encoded


def _distances(target: str, letters, most: int):
    """Damerau–Levenshtein distance (optimal string alignment) from ``target`` to every
    row of ``letters`` (N×L letter codes) at once, capped at ``most + 1``: how many
    one-letter insertions, deletions, substitutions or swaps of two neighbouring letters
    turn one into the other. Written by hand: difflib has no edit distance, and the
    libraries that do (rapidfuzz, jellyfish) are not dependencies of the course.
    """
    import numpy as np

    n, length = letters.shape
    t = np.frombuffer(target.encode("utf-32-le"), dtype=np.uint32)
    before = None
    row = np.tile(np.arange(length + 1, dtype=np.int32), (n, 1))
    for i in range(1, len(t) + 1):
        new = np.empty_like(row)
        new[:, 0] = i
        for j in range(1, length + 1):
            best = np.minimum(row[:, j] + 1, row[:, j - 1] + (letters[:, j - 1] != t[i - 1]))
            best = np.minimum(best, new[:, j - 1] + 1)
            if i > 1 and j > 1:
                swap = (letters[:, j - 2] == t[i - 1]) & (letters[:, j - 1] == t[i - 2])
                best = np.where(swap, np.minimum(best, before[:, j - 2] + 1), best)
            new[:, j] = best
        before, row = row, new
    return np.minimum(row[:, -1], most + 1)


def suggest(word: str, names: Iterable[str], n: int = 5, cutoff: float = 0.6) -> list[str]:
    """Names in ``names`` spelled like ``word``: fewest edits first (a swap of two letters
    is one edit, see :func:`_distances`), ties in the order of ``names`` (give the
    most frequent or most likely names first). Case is ignored. At most
    ``(1 - cutoff) × len(word)`` edits are allowed (at least one, and
    fewer than its letters: a one-letter word has no close spellings but itself).

    >>> suggest("kign", ["the", "king", "sign", "kin", "skin"])   # skin is two edits away
    ['king', 'sign', 'kin']
    """
    import numpy as np

    names = names if isinstance(names, (list, tuple)) else list(names)
    target = str(word).strip().lower()
    most = min(max(1, int(len(target) * (1 - cutoff) + 1e-9)), max(0, len(target) - 1))  # never all of it
    found = []
    for length, (orders, letters) in _by_length(names).items():  # a whole length group at a time
        if abs(length - len(target)) <= most:
            d = _distances(target, letters, most) if length else np.full(len(orders), len(target))
            keep = np.flatnonzero(d <= most)
            found += zip(d[keep].tolist(), orders[keep].tolist())
    found.sort()
    return [names[order] for _, order in found[:n]]


def shorten(value, n: int = 40, quote: bool = True) -> str:
    """``value`` cut to at most ``n`` characters with … : the course's one shortener.
    ``quote=True`` (messages) shows ``repr(value)``, so a pasted essay never fills a
    ✘ line; ``quote=False`` (tables, labels) shows text with its whitespace collapsed.

    >>> shorten("x" * 1000, 12)
    "'xxxxxxxxx…"
    >>> shorten("Star Wars  (1977)", 10, quote=False)
    'Star Wars…'
    """
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
        value = value.item()  # np.int64(6) reads as 6
    if not quote:
        text = " ".join(str(value).split())
        return text if len(text) <= n else text[: n - 1].rstrip() + "…"
    text = repr(value) if not isinstance(value, str) or len(value) < n else repr(value[:n])
    return text if len(text) <= n else text[: n - 2] + "…"


def one_or_more(value, hint: str) -> list:
    """``value`` as a list: one text is a list of one, anything else iterable a list; a value
    that is neither raises a CourseError: ``hint``, then "not <value>."

    >>> one_or_more("wool", "Give words")
    ['wool']
    >>> one_or_more(5, "Give words")
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: Give words, not 5.
    """
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        raise CourseError(f"{hint}, not {shorten(value)}.") from None


def some(items, n: int = 5, what: str = "") -> str:
    """The first ``n`` of ``items`` joined by commas, and how many more there are: the one
    way a message lists names, so a list of 100,000 never fills a ✘ line (each item is
    :func:`shorten`-ed too).

    >>> some(["a", "b", "c"])
    'a, b, c'
    >>> some([str(i) for i in range(100_000)], 3, "names")
    '0, 1, 2 and 99,997 more names'
    """
    items = list(items)
    shown = ", ".join(shorten(item, 30, quote=False) for item in items[:n])
    more = len(items) - n
    return shown + (f" and {more:,} more{' ' + what if what else ''}" if more > 0 else "")


def unknown(word: str, names: Iterable[str], what: str = "name", extra: str = "") -> CourseError:
    """Build the error for an unknown ``word``, listing close spellings (or, when there
    are only a few names, all of them).

    >>> str(unknown("aple", ["apple", "pear"], "fruit"))
    "'aple' is not a fruit here. Did you mean: apple?"
    >>> str(unknown("sour", ["sweet", "crunchy", "long"], "axis"))
    "'sour' is not an axis here. Choose one of: sweet, crunchy, long."
    """
    names = names if isinstance(names, (list, tuple)) else list(names)
    close = suggest(word, names) if isinstance(word, str) else []
    article = "an" if what[:1].lower() in "aeiou" else "a"
    msg = f"{shorten(word)} is not {article} {what} here."
    if close:
        msg += " Did you mean: " + ", ".join(close) + "?"
    elif 0 < len(names) <= 12:
        msg += " Choose one of: " + some(names, 12) + "."
    if extra:
        msg += " " + extra
    return CourseError(msg)


def choice(value, options: Iterable, name: str = "value"):
    """``value`` if it is one of ``options``, else a CourseError listing them all.

    >>> choice("cosine", ("cosine", "euclidean"), "metric")
    'cosine'
    >>> choice("cos", ("cosine", "euclidean"), "metric")
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: metric must be one of 'cosine', 'euclidean'; not 'cos'.
    """
    options = list(options)
    try:
        if value in options:
            return value
    except TypeError:  # an unhashable value asked of a set
        pass
    raise CourseError(f"{name} must be one of {', '.join(map(repr, options))}; not {shorten(value)}.")


def _text_hint(value) -> str:
    return " (it is text: remove the quotes)" if isinstance(value, str) else ""


def _span(lo, hi) -> str:
    """' from 1 to 10', ' of at least 1', ' of at most 10' or ''."""
    lo, hi = (f"{v:g}" if isinstance(v, float) else v for v in (lo, hi))
    if lo is not None and hi is not None:
        return f" from {lo} to {hi}"
    return f" of at least {lo}" if lo is not None else f" of at most {hi}" if hi is not None else ""


def whole(value, name: str, lo: int | None = None, hi: int | None = None, what: str = "") -> int:
    """``value`` as an int from ``lo`` to ``hi``, or a CourseError that says the range.

    The course's one rule for numbers: True and False are not numbers, text is not a
    number (even ``'5'``), and a float is accepted only when it is whole (``5.0``).
    ``what`` says in words what the number counts.

    >>> whole(5.0, "k", 1)
    5
    >>> whole(True, "epochs", 1, 100)
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: epochs must be a whole number from 1 to 100, not True.
    """
    import math

    need = f"{name} must be a whole number{_span(lo, hi)}{' (' + what + ')' if what else ''}"
    ok = isinstance(value, numbers.Integral) or (isinstance(value, numbers.Real) and math.isfinite(value)
                                                 and float(value).is_integer())
    if isinstance(value, bool) or not ok:
        raise CourseError(f"{need}, not {shorten(value)}{_text_hint(value)}.")
    value = int(value)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise CourseError(f"{need}, not {value}.")
    return value


def number(value, name: str, lo: float | None = None, hi: float | None = None, what: str = "") -> float:
    """``value`` as a finite float from ``lo`` to ``hi``, or a CourseError saying so
    (same rule as :func:`whole`: no booleans, no text, no NaN).

    >>> number(0.5, "threshold", 0, 1)
    0.5
    >>> number(float("nan"), "distance")
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: distance must be an ordinary number, not nan (NaN, “not a number”).
    """
    import math

    span = _span(lo, hi)
    need = f"{name} must be {'a number' + span if span else 'an ordinary number'}{' (' + what + ')' if what else ''}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CourseError(f"{need}, not {shorten(value)}{_text_hint(value)}.")
    value = float(value)
    if not math.isfinite(value):
        raise CourseError(f"{need}, not {value} ({'NaN, “not a number”' if value != value else 'infinite'}).")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise CourseError(f"{need}, not {value:g}.")
    return value


def flag(value, name: str) -> bool:
    """``value`` if it is True or False (numpy's too), else a CourseError: the one rule
    for on/off arguments (no 0/1, no 'yes').

    >>> flag(False, "calibrated")
    False
    """
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise CourseError(f"{name} must be True or False, not {shorten(value)}.")


def matrix(value, name: str = "vectors", columns: int | None = None, rows: int = 1,
           span: tuple[float, float] | None = None, row_names=None):
    """``value`` as a 2-D float32 array (a single row is made 2-D), or a CourseError
    naming what is wrong: not numbers, ragged rows, the wrong number of columns, fewer
    than ``rows`` rows, a NaN or infinite entry (which row and column), or values
    outside ``span`` = (lowest, highest). ``row_names`` names rows in messages.

    >>> matrix([[1, 2], [3, float("nan")]], "points")
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: points: row 2, column 2 is NaN (“not a number”, what a missing value becomes); every entry must be an ordinary number.
    """
    import numpy as np

    if isinstance(value, (str, bytes)) or value is None:
        raise CourseError(f"{name} must be numbers (a list of rows, or an array), not {shorten(value)}.")
    try:
        with np.errstate(over="ignore"):
            array = np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError, OverflowError):
        raise CourseError(f"{name} must be numbers in rows of one length (a list of lists, or an array); "
                          f"got {shorten(value)}.") from None
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2:
        raise CourseError(f"{name} must be a table of numbers (rows × columns), not {array.ndim}-dimensional "
                          f"(shape {array.shape}).")
    if columns is not None and array.shape[1] != columns:
        raise CourseError(f"{name} must have {columns} numbers per row, not {array.shape[1]}.")
    if len(array) < rows:
        raise CourseError(f"{name} needs at least {rows} row{'s' if rows > 1 else ''}, not {len(array)}.")
    bad = ~np.isfinite(array)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        row = shorten(row_names[r]) if row_names is not None and r < len(row_names) else f"row {r + 1}"
        what = "NaN (“not a number”, what a missing value becomes)" if np.isnan(array[r, c]) else "infinite"
        if not np.isnan(array[r, c]):
            what = _too_big(np.asarray(value, dtype=object).reshape(array.shape)[r, c]) or what
        raise CourseError(f"{name}: {row}, column {c + 1} is {what}; every entry must be an ordinary number.")
    if span is not None and not span[0] <= array.min() <= array.max() <= span[1]:
        lo, hi = span
        raise CourseError(f"{name} must lie from {lo:g} to {hi:g}; these go from {array.min():g} to "
                          f"{array.max():g}.")
    return array


FLOAT32_MAX = 3.4028235e38


def _too_big(value) -> str:
    """'1e+39, too large (…)' for a finite number beyond float32's range, the numbers the
    course's vectors are made of, which would otherwise turn into inf; else ''."""
    import math

    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        return ""
    if math.isfinite(value) and abs(value) > FLOAT32_MAX:
        return f"{value:g}, too large (vectors hold numbers up to about ±3.4e+38)"
    return ""


def table(value, name: str, columns=(), source: str = "", numbers: bool = False):
    """``value`` if it is a non-empty pandas DataFrame with ``columns`` (all of them
    numbers, no NaN, when ``numbers``), else a CourseError naming what is missing;
    ``source`` says where such a table comes from, e.g. "anomaly.auc_by_k(...)".

    >>> table([1, 2], "scores", ["NMI"], "clusters.agreement_table(...)")
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: scores must be the table clusters.agreement_table(...) gives (columns NMI), not [1, 2].
    """
    import pandas as pd

    columns = list(columns)
    made = f"the table {source} gives" if source else "a table (pandas DataFrame)"
    need = f" (columns {some(columns, 6)})" if columns else ""
    if not isinstance(value, pd.DataFrame):
        raise CourseError(f"{name} must be {made}{need}, not {shorten(value)}.")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise CourseError(f"{name} has no column {some(map(repr, missing), 3)}: it must be {made}{need}; "
                          f"its columns are {some(map(repr, value.columns), 6) or 'none'}.")
    if value.empty:
        raise CourseError(f"{name} is empty: there is nothing in it to use.")
    if numbers:
        matrix(value[columns] if columns else value, name, row_names=[str(i) for i in value.index])
    return value


def check_k(k, most: int | None = None, what: str = "results") -> int:
    """``k`` (how many ``what`` to show) as an int, or a CourseError saying the allowed range.

    >>> check_k(3, 10)
    3
    >>> check_k(20, 10, "neighbours")
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: k=20 is too large: there are only 10 neighbours, and k must be at most that (k ≤ 10).
    """
    if most is not None and most < 1:
        raise CourseError(f"There are no {what} to show here (there must be at least one).")
    k = whole(k, "k", 1, what=f"how many {what} to show")
    if most is not None and k > most:
        raise CourseError(f"k={k} is too large: there are only {most} {what}, and k must be at most that (k ≤ {most}).")
    return k


def in_ipython():
    """The running IPython shell (Jupyter, Colab, VS Code), or None in plain Python.
    Looks without importing IPython."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython else None


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
    shell = in_ipython()
    if shell is not None:
        shell.set_custom_exc((CourseError,), _show_course_error)
        if _skip_when_blocked not in shell.input_transformers_post:
            shell.input_transformers_post.append(_skip_when_blocked)
