"""The course's widgets other than the explorer, in a real browser (JupyterLab + Debian's chromium,
driven by Playwright, with the fixtures and helpers of tests/test_browser.py).

* **The last value wins**: type fast into 04's analogy box and 02's search box, drag 08's slider
  fast with the mouse (back and forth), click several stars of 07's board in quick succession;
  then the page's final display must equal the kernel's state for the final input: the same
  value in the page and the kernel, and the answer, table, score line and figure (the very PNG
  bytes) the kernel made for that value.
* **600 px**: at a 600 px wide window each widget (04's analogy box, 02's search box, 06's picture
  search, 07's board, 08's slider) fits its output area: nothing overflows it (scrollWidth <=
  clientWidth + 1) and no part of it lies outside; a long ✘ message wraps inside the widget.
  Screenshots land in test-artifacts/ (``*-600px.png``).
"""
import hashlib
import json
import re

import pytest

from test_browser import (ARTIFACTS, KERNEL_PRINT, _slider_readout, _stable_box, board_07,  # noqa: F401
                          cell_output, kernel_value, lab, open_and_run_all, settle, shown_png, slider_08, steady)

pytestmark = pytest.mark.browser

WIDE, NARROW = {"width": 1400, "height": 1000}, {"width": 600, "height": 1500}


@pytest.fixture(scope="module")
def page(lab, browser):   # noqa: F811  (lab and browser: fixtures of tests/test_browser.py)
    pg = browser.new_page(viewport=WIDE)
    yield pg
    pg.close()


_opened = {}


def open_once(page, lab, notebook):
    """Run ``notebook`` in JupyterLab once per module (at the wide size); later tests reuse it."""
    if _opened.get("notebook") != notebook:
        page.set_viewport_size(WIDE)
        open_and_run_all(page, lab, notebook)
        _opened["notebook"] = notebook


def kernel_json(page, code):
    """``code`` is an expression; its value, sent through json, from the notebook's kernel."""
    return json.loads(page.evaluate(KERNEL_PRINT, f"import json as _json; print(_json.dumps({code}))"))


FITS = """(out) => {
  // the widget's output: does anything stick out of it, or need a scroll bar inside it?
  const area = out.querySelector('.jp-OutputArea-output') || out;
  const box = area.getBoundingClientRect();
  const root = area.querySelector('.jupyter-widgets') || area.firstElementChild;
  const outside = [...area.querySelectorAll('*')].filter((e) => {
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(e).visibility === 'hidden') return false;
    return r.left < box.left - 1 || r.right > box.right + 1;
  }).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`);
  const wide = [area, root].filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => `${e.className}: ${e.scrollWidth} > ${e.clientWidth}`);
  return { width: Math.round(box.width), left: Math.round(box.left), right: Math.round(box.right),
           outside: outside.slice(0, 8), wide };
}"""


NO_SIDEBARS = "() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }"


def assert_fits(page, out, name):
    """At a 600 px window with no side bar open: ``out`` (a cell's output area) holds its widget
    entirely; saves a screenshot."""
    page.set_viewport_size(NARROW)
    page.evaluate(NO_SIDEBARS)
    try:
        _stable_box(out, page)
        fit = settle(page, lambda: out.evaluate(FITS), lambda f: not f["outside"] and not f["wide"],
                     f"{name} to fit its output at 600 px", tries=12)
        assert fit["right"] <= 600, fit
        ARTIFACTS.mkdir(exist_ok=True)
        out.screenshot(path=str(ARTIFACTS / f"{name}-600px.png"))
        return fit
    finally:
        page.set_viewport_size(WIDE)


def page_inside(locator, out):
    """Is the element wholly inside the output area ``out``, left to right?"""
    return locator.evaluate(
        """(e, o) => { const r = e.getBoundingClientRect(), b = o.getBoundingClientRect();
                       return r.width > 0 && r.left >= b.left - 1 && r.right <= b.right + 1; }""",
        out.element_handle())


def same_map(page, img, widget, what):
    """The picture the page shows is, byte for byte, the kernel's ``widget.figure.value`` (both
    read afresh until they agree, and then again)."""
    def both():
        return [hashlib.md5(shown_png(img)[1]).hexdigest(),
                kernel_json(page, f"__import__('hashlib').md5({widget}.figure.value).hexdigest()")]

    steady(page, lambda: settle(page, both, lambda v: v[0] == v[1], what, tries=40), what)


# -- 04: the analogy box ------------------------------------------------------------------------------
def test_analogy_box_fast_typing_and_600px(lab, page):
    """Type fast into the analogy box's third box (no pause between keys, then a correction):
    the page's boxes equal the kernel's, and the answer shown is words.analogy of the final words.
    At 600 px the three boxes all show inside the output (they wrap), nothing sticks out."""
    open_once(page, lab, "04_analogies.ipynb")
    out = cell_output(page, "04_analogies.ipynb", "widgets.analogy_box(")
    inputs = out.locator("input[type='text']")
    answer = out.locator(".widget-html-content").last
    for box, word in zip(inputs.all(), ("paris", "france", "berlin")):
        box.fill("")
        box.press_sequentially(word, delay=0)
    third = inputs.nth(2)
    for _ in range(6):
        third.press("Backspace")
    third.press_sequentially("tokyo", delay=0)

    def both():
        typed = [b.input_value() for b in inputs.all()]
        return typed, kernel_json(page, "[t.value for t in box.inputs]"), answer.text_content()

    typed, kernel, text = settle(page, both, lambda v: v[0] == v[1], "the kernel to hear the final words")
    assert typed == ["paris", "france", "tokyo"], typed
    expected = kernel_value(page, "words.analogy('paris', 'france', 'tokyo').index[0]")
    text = settle(page, answer.text_content, lambda t: t.startswith(f"is to {expected} ("),
                  f"the answer for the final words ({expected})")
    assert kernel_value(page, "box.table.index[0]") == expected

    fit = assert_fits(page, out, "analogy-box-04")
    page.set_viewport_size(NARROW)
    page.evaluate(NO_SIDEBARS)
    try:
        assert all(page_inside(b, out) for b in inputs.all()), fit
    finally:
        page.set_viewport_size(WIDE)


# -- 02: the search box -----------------------------------------------------------------------------
def test_search_box_fast_typing_and_600px(lab, page):
    """Type a query fast, then at once a different one, each key with no pause (some searches
    start while others still run): the results shown are those of the final query, the kernel's
    box holds that query, and its results are what the page shows. At 600 px the table fits."""
    open_once(page, lab, "02_similarity_search.ipynb")
    out = cell_output(page, "02_similarity_search.ipynb", "widgets.search_box(")
    text_box = out.locator("input[type='text']")
    results = out.locator(".widget-html-content").last
    text_box.fill("")
    text_box.press_sequentially("my shoes hurt", delay=0)
    page.wait_for_timeout(350)      # about the box's pause: a search of the first query starts
    text_box.fill("")
    final = "the battery dies too fast"
    text_box.press_sequentially(final, delay=0)
    expected = kernel_value(page, f"sentences.short(corpus.search({final!r}, k=5)['text'].iloc[0], 90)")

    def shown():
        cell = results.locator("tr").nth(1).locator("td").nth(1)
        return cell.text_content() if cell.count() else results.text_content()

    first = settle(page, shown, lambda t: t.startswith(expected + " ("), "the results of the final query", tries=80)
    # and they stay: no older search replaces them once it ends
    page.wait_for_timeout(1500)
    assert shown() == first
    assert kernel_value(page, "box.text.value") == final == text_box.input_value()
    as_text = "__import__('html').unescape(__import__('re').sub('<[^>]+>', '', box.results.value))"
    assert kernel_value(page, as_text) == results.text_content().strip()

    assert_fits(page, out, "search-box-02")


# -- 06: the picture search ---------------------------------------------------------------------------
def test_picture_search_fast_typing_and_600px(lab, page):
    """Type fast into the picture search (no pause; a correction): the pictures shown are those of
    the final word. At 600 px the box, the pictures and a long ✘ message fit the output."""
    open_once(page, lab, "06_multimodal.ipynb")
    out = cell_output(page, "06_multimodal.ipynb", "widgets.PictureSearch(")
    box = out.locator("input[type='text']")
    box.fill("")
    box.press_sequentially("zebraa", delay=0)
    box.press("Backspace")
    box.press_sequentially("s", delay=0)   # "zebras"

    def both():
        captions = [c.split()[0] for c in out.locator("figure.pis-picture figcaption").all_text_contents()]
        return box.input_value(), kernel_json(page, "[box.text.value, list(box.result['class'])"
                                                    " if not isinstance(box.result, str) else box.result]"), captions

    value, (kernel_value_, kernel_classes), captions = settle(
        page, both, lambda v: v[0] == v[1][0] and v[1][1] == v[2], "the pictures of the final word")
    assert value == "zebras" and len(captions) == 12, (value, captions)
    assert_fits(page, out, "picture-search-06")
    box.fill("")
    box.press_sequentially("x" * 60 + "y" * 60, delay=0)   # a long unknown word: its ✘ wraps inside
    page.wait_for_function("e => e.querySelector('.pis-error')", arg=out.element_handle(), timeout=30_000)
    assert_fits(page, out, "picture-search-06-long-error")


def scaled_at_600px(page, img, width, height):
    """At 600 px (side bars closed), the picture ``img`` (``width`` × ``height`` px) is shown more
    than 300 px wide, scaled with its shape kept; then the window is wide again."""
    page.set_viewport_size(NARROW)
    page.evaluate(NO_SIDEBARS)
    try:
        _stable_box(img, page)
        shown = img.evaluate("e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]")
        assert shown[0] > 300 and abs(shown[1] / shown[0] - height / width) < 0.02, shown
    finally:
        page.set_viewport_size(WIDE)


# -- 07: the film board -------------------------------------------------------------------------------
BOARD = ("[_b for _b in __import__('gc').get_objects() "
         "if type(_b).__name__ == 'YouAreAPoint' and getattr(_b, 'box', None) is not None][-1]")


def test_board_quick_clicks_and_600px(lab, page):
    """Click several stars of 07's board in quick succession (no wait between clicks): once the
    page settles, the stars selected equal the kernel's ratings, the table is the kernel's for those
    ratings, and the map is the one the kernel drew for them (the same PNG bytes). A long ✘ message
    wraps in the ratings' column: at 1400 px the map stays beside the ratings; at 600 px nothing
    sticks out of the output."""
    open_once(page, lab, "07_recommendation.ipynb")
    board, img = board_07(page)
    rows = board.locator(".widget-hbox:has(.widget-toggle-buttons)")
    assert rows.count() >= 3
    clicks = [(0, 5), (1, 1), (0, 3), (2, 4), (1, 2), (0, 4), (2, 5)]
    for row, stars in clicks:
        rows.nth(row).locator("button", has_text=re.compile(rf"^\s*{stars}\s*$")).click(delay=0)
    final = {}
    for row, stars in clicks:
        final[rows.nth(row).locator("> .widget-label").text_content()] = stars
    page.evaluate(KERNEL_PRINT, f"from helpers.errors import shorten\n_kb = {BOARD}")

    def state():
        selected = {r.locator("> .widget-label").text_content(): r.locator("button.mod-active").text_content().strip()
                    for r in rows.all()}
        k = kernel_json(page, "[{shorten(t, 30, quote=False): s for t, s in _kb.ratings.items()}, "
                              "_kb.drawn == _kb.ratings, _kb._redraw.pending, "
                              "__import__('hashlib').md5(_kb.figure.value).hexdigest()]")
        return {t: int(s) for t, s in selected.items() if s.isdigit()}, k

    selected, (ratings, _, _, _) = settle(page, state, lambda v: v[0] == v[1][0] and v[1][1] and not v[1][2],
                                            "the kernel to hear every click and draw its map", tries=80)
    assert selected == final == ratings, (selected, final, ratings)
    # the table and the map the page shows are the kernel's for those ratings
    table = board.locator("table.pis-recommendations")
    as_text = "__import__('html').unescape(__import__('re').sub('<[^>]+>', '', _kb.table.value))"
    settle(page, table.text_content, lambda text: text == kernel_value(page, as_text), "the table of the final ratings")
    same_map(page, img, "_kb", "the map the kernel drew for the final ratings")

    # a long ✘ message wraps inside the ratings' column: the map stays beside them
    typed = "a film title nobody ever typed " * 4
    board.locator("input[placeholder='type another film…']").fill(typed)
    board.get_by_role("button", name="add", exact=True).click()
    error = board.locator(".pis-error")
    error.wait_for(timeout=15_000)
    beside = board.evaluate("b => b.querySelector(':scope > img').getBoundingClientRect().top"
                            " < b.querySelector(':scope > .widget-vbox').getBoundingClientRect().top + 50")
    assert beside, "a long ✘ message pushed the map under the ratings"
    ARTIFACTS.mkdir(exist_ok=True)
    board.screenshot(path=str(ARTIFACTS / "board-07-long-error.png"))
    column = board.locator("> .widget-vbox")
    edges = error.evaluate("(e, c) => [e.getBoundingClientRect().right, c.getBoundingClientRect().right,"
                           " e.parentElement.parentElement.getBoundingClientRect().right]", column.element_handle())
    assert edges[0] <= edges[1] + 1, f"the ✘ message sticks out of the ratings' column: {edges}"
    out = board.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea')][1]")
    assert_fits(page, out, "board-07")
    scaled_at_600px(page, img, 700, 540)


# -- 08: the distance slider --------------------------------------------------------------------------
def test_slider_fast_drag_and_600px(lab, page):
    """Drag 08's slider fast with the mouse, back and forth (no pause between moves), and release:
    the slider's readout equals the kernel's ``drag.distance``, the score line shows that distance
    and the kernel's score, and the figure shown is the one the kernel drew for it (the same PNG
    bytes). At 600 px the slider, its line and the figure (scaled, its shape kept) fit the output."""
    open_once(page, lab, "08_anomaly_detection.ipynb")
    box, slider, img, line = slider_08(page)
    track = _stable_box(slider.locator(".noUi-target").first, page)
    hb = _stable_box(slider.locator(".noUi-handle").first, page, scroll=False)
    x, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for to in (0.1, 0.7, 0.25, 0.55, 0.33):
        tx = track["x"] + to * track["width"]
        for step in range(1, 6):
            page.mouse.move(x + (tx - x) * step / 5, y)
        x = tx
    page.mouse.up()

    def state():
        k = kernel_json(page, "[drag.distance, drag.score, drag.drawn, False,"
                              " __import__('hashlib').md5(drag.figure.value).hexdigest()]")
        return _slider_readout(slider), line.inner_text(), k

    readout, text, (distance, score, _, _, _) = settle(
        page, state, lambda v: v[0] == f"{v[2][0]:.1f}" and v[2][2] == v[2][0] and not v[2][3],
        "the kernel to hear the slider's last value and draw its figure", tries=80)
    assert 5 < float(readout) < 60, readout
    assert f"moved {readout}: anomaly score {score:.1f}" in text, (text, readout, score)
    same_map(page, img, "drag", "the figure the kernel drew for the slider's last value")
    assert kernel_json(page, "[drag.distance, drag.drawn]") == [distance, distance]
    assert _slider_readout(slider) == readout and line.inner_text() == text

    out = box.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea')][1]")
    assert_fits(page, out, "drag-away-08")
    scaled_at_600px(page, img, 1200, 360)
