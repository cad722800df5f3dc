"""The widgets of the "everything is a point" notebooks in a real browser (JupyterLab + Debian's
chromium, Playwright), with the fixtures and helpers of tests/test_browser.py.

Notebooks 10 (faces), 11 (sounds) and 14 (your own pictures): run each, drag a point with the mouse, and the page's neighbour list
must equal Python's ``neighbours_at`` for the same drop (names in order, distances to 3 decimals),
labels must not overlap or leave the plot, and the dragged dot must be on top.
"""
import pytest

from test_browser import (ARTIFACTS, check_page_against_python, drag_with_mouse,  # noqa: F401
                          lab, open_and_run_all, page)

pytestmark = pytest.mark.browser


def test_drag_a_face_in_notebook_10(lab, page):
    explorer = open_and_run_all(page, lab, "10_faces.ipynb")
    # the notebook itself dropped person 31 #1 from Python: drag another stranger with the mouse
    name = "person 36 #1"
    before, shown, x, y = drag_with_mouse(page, explorer, name, (0.3, 0.7))
    assert shown != before and len(shown) == 9
    assert all(n.startswith("person ") and " #" in n for n in shown), shown
    check_page_against_python(page, explorer, name)
    assert explorer.locator("line.pis-link").count() == len(shown)
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-10-faces.png"))


def test_drag_a_note_in_notebook_11(lab, page):
    explorer = open_and_run_all(page, lab, "11_sounds.ipynb")
    name = "marimba G4"
    before, shown, x, y = drag_with_mouse(page, explorer, name, (0.7, 0.4))
    assert shown != before and len(shown) == 5
    check_page_against_python(page, explorer, name)
    assert explorer.locator("line.pis-link").count() == len(shown)
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-11-sounds.png"))


def test_drag_a_picture_in_notebook_14(lab, page):
    """Notebook 14's last explorer: the learner's pictures (here scikit-image's samples)."""
    explorer = open_and_run_all(page, lab, "14_your_own_points.ipynb")
    name = "astronaut.png"
    before, shown, x, y = drag_with_mouse(page, explorer, name, (0.2, 0.8))
    assert shown != before and len(shown) == 3
    check_page_against_python(page, explorer, name)
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-14-pictures.png"))
