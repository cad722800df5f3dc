"""Shared test setup: everything runs offline, figures render off screen."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# The course must work with no network: tests pretend there is none even when there is.
from notebook_runner import OFFLINE_ENV, kernel_env  # noqa: E402,F401
os.environ.update(OFFLINE_ENV)
os.environ["MPLBACKEND"] = "Agg"  # figures made by the tests themselves render off screen


# seconds per notebook: the target is 60 s on a quiet machine; CI starts with cold caches
NOTEBOOK_TIME_LIMIT = int(os.environ.get("NOTEBOOK_TIME_LIMIT", "240"))
_EXECUTED: dict = {}


def executed(path):
    """(executed notebook, seconds, peak bytes) of ``path`` run from a fresh kernel, once per
    test session: tests/test_notebooks.py checks every run, tests/test_teaching.py reads the
    same outputs. Raises TooSlow or nbclient's CellExecutionError like run_notebook."""
    from notebook_runner import run_notebook

    path = Path(path)
    if path not in _EXECUTED:
        _EXECUTED[path] = run_notebook(path, time_limit=NOTEBOOK_TIME_LIMIT)
    return _EXECUTED[path]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright, for the browser tests and the site tests."""
    from playwright.sync_api import sync_playwright

    from lab_server import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` and `make site-test` install it "
                    "(apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def fruit():
    import helpers

    return helpers.fruit_space()
