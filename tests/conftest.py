"""Shared test setup: everything runs offline, figures render off screen."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# The course must work with no network: tests pretend there is none even when there is.
OFFLINE_ENV = {"COURSE_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "MPLBACKEND": "Agg"}
os.environ.update(OFFLINE_ENV)


@pytest.fixture
def fruit():
    import helpers

    return helpers.fruit_space()
