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


@pytest.fixture
def fruit():
    import helpers

    return helpers.fruit_space()
