"""A real browser: JupyterLab + Debian's chromium, driven by Playwright.

Starts its own JupyterLab on 127.0.0.1 (on a copy of the notebooks, so nothing in the
repository is modified), runs all of a notebook, drags a point with the mouse, and
checks that the neighbour list the page computed equals Python's ``neighbours_at`` for the
same drop (names in order, distances to 3 decimals), for the explorers of notebooks 00, 01,
03 (a UMAP map), 04 (PCA of 50-d GloVe, and the man → woman / man → king plane, where dragging
king by man → woman must find queen) and 07 (films); moves a fruit with the arrow keys;
and checks the page's search (helpers/explorer_js/search.js) against Python's without JupyterLab.
Labels must not overlap or leave the plot, and the dragged dot must be on top.
It also types into the text boxes of notebooks 02 (search), 04 (analogies) and 06 (pictures)
and checks what the page shows against Python, ✘ messages included (one style for all).
Widgets that redraw a matplotlib figure from a callback are clicked and dragged too: notebook 07's
"you are a point" board and notebook 08's slider and oddness explorer; the PNG the page shows is
decoded and must be drawn (not blank) at its fixed size.
Screenshots land in test-artifacts/.
"""
import os
import re
import shutil

import pytest

from conftest import ROOT

from lab_server import CHROMIUM, start_lab, stop_lab  # noqa: E402  (tools/, on the path via conftest)

ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A fresh JupyterLab on 127.0.0.1 serving a copy of notebooks/ (so nothing in the
    repository is modified); stopped with everything it started."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install -y chromium)")
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    try:
        url, server = start_lab(root / "notebooks")
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        stop_lab(server)


@pytest.fixture(scope="module")
def page(lab, browser):
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield pg
    pg.close()


# -- the page's search against Python's, without JupyterLab ------------------------------------
PAGE_SEARCH = """async ([space, drops, k]) => {
  const mod = await import('/explorer.js');
  const f32 = (a) => new Float32Array(a.flat());
  const S = mod.makeSpace({ n: space.vectors.length, dim: space.vectors[0].length, metric: space.metric,
    kind: space.kind, dims: space.dims, vectors: f32(space.vectors), xy: f32(space.xy),
    components: f32(space.components) });
  const out = [];
  for (const [i, x, y] of drops) {          // each drop moves its point, as a drag does
    const [idx, dist, v] = mod.search(S, i, x, y, k);   // what the widget runs at every move
    const full = mod.nearest(S, mod.lift(S, i, x, y), i, k);   // every row scored in full
    if (full[0].join() !== idx.join()) throw new Error(`search and nearest disagree at ${[i, x, y]}`);
    out.push([idx, dist]);
    mod.setMoved(S, i, v);
  }
  return out;
}"""


def page_search(browser, space, plane, metric, drops, k):
    """The explorer's lift + nearest (its module, as the widget sends it) run in chromium for a
    sequence of drops: [(indices, distances)]."""
    from helpers._javascript import explorer_module

    pg = browser.new_page()
    js = explorer_module().encode()
    pg.route("http://explorer.test/**", lambda route: route.fulfill(
        body=js if route.request.url.endswith(".js") else b"<!doctype html>",
        content_type="text/javascript" if route.request.url.endswith(".js") else "text/html"))
    pg.goto("http://explorer.test/")
    arg = {"vectors": space.vectors.tolist(), "xy": plane.xy.tolist(), "metric": metric, "kind": plane.kind,
           "dims": list(plane.dims or ()), "components": [] if plane.components is None else plane.components.tolist()}
    try:
        return pg.evaluate(PAGE_SEARCH, [arg, [list(d) for d in drops], k])
    finally:
        pg.close()


def python_search(space, plane, metric, drops, k):
    from helpers.widgets import neighbours_at

    moved, out = {}, []
    for i, x, y in drops:
        idx, dist, v = neighbours_at(space, plane, i, x, y, k, metric, moved)
        moved[i] = v
        out.append((idx.tolist(), dist.tolist()))
    return out


@pytest.mark.parametrize("case", ["fruit-axes-euclidean", "words-pca-cosine", "words-umap-like-map-cosine",
                                  "words-pca-euclidean", "words-directions-cosine"])
def test_page_search_equals_python(browser, case):
    """The page's neighbours (helpers/explorer_js/search.js) equal neighbours_at's, drop after drop, moved
    points included: same names in the same order (ties to the smaller index), same distances."""
    import numpy as np

    import helpers
    from helpers.projections import Plane

    rng = np.random.default_rng(0)
    if case.startswith("fruit"):
        space = helpers.fruit_space()
        plane = Plane.axes(space, "sweet", "crunchy")
        # integer positions make exact ties, which must break the same way
        drops = [(space.index(n), float(x), float(y)) for n, x, y in
                 [("pear", 8.5, 2.5), ("onion", 8, 3), ("pear", 7, 6), ("apple", 3, 3), ("pear", 5, 5)]]
    else:
        from helpers import words

        space = words.words_space(6000)   # over 2,048 rows: the page's affine shortcut runs
        if "pca" in case:
            plane = Plane.pca(space)
        elif "directions" in case:
            plane = Plane.directions(space, x=("man", "woman"), y=("man", "king"))
        else:
            plane = Plane.given(space, Plane.pca(space).xy + rng.normal(0, 0.3, (len(space), 2)))
        drops = []
        for _ in range(12):
            i = int(rng.integers(len(space)))
            drops.append((i, float(plane.xy[i, 0] + rng.normal()), float(plane.xy[i, 1] + rng.normal())))
    metric = case.rsplit("-", 1)[1]
    got = page_search(browser, space, plane, metric, drops, k=8)
    want = python_search(space, plane, metric, drops, k=8)
    for (gi, gd), (wi, wd), drop in zip(got, want, drops):
        assert [space.names[j] for j in gi] == [space.names[j] for j in wi], drop
        np.testing.assert_allclose(gd, wd, atol=2e-5)


ALL_DONE = """() => {
  const nb = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!nb || !nb.content || !nb.sessionContext.session || !nb.sessionContext.session.kernel) return false;
  const code = nb.content.widgets.filter((c) => c.model.type === 'code');
  return code.length > 0 && code.every((c) => c.model.executionCount !== null)
         && nb.sessionContext.session.kernel.status === 'idle';
}"""

KERNEL_PRINT = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, store_history: false });
  let out = '';
  future.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
  await future.done;
  return out;
}"""


def open_and_run_all(page, lab, notebook):
    """Open ``notebook`` alone (``?reset`` drops tabs restored from earlier visits), run all
    cells, wait until every cell ran; return a locator for the notebook's explorer."""
    page.goto(f"{lab}/lab/tree/{notebook}?reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.isReady", timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_DONE, timeout=180_000, polling=500)
    # reopened later in a module, a notebook whose kernel still runs asks "Select Kernel": the
    # default answer is fine, and the dialog would otherwise cover the page
    dialog = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    if dialog.count():
        dialog.first.click()
        page.wait_for_function(ALL_DONE, timeout=180_000, polling=500)
    # lab-overrides.json (served as on Binder) keeps JupyterLab's news question from covering the page
    assert not page.get_by_text("official Jupyter news").count(), "the news toast is back: see lab-overrides.json"
    panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    return page.locator(f"[id='{panel}'] .pis-explorer").last


def _stable_box(locator, page, scroll=True):
    """Scroll the element into view until JupyterLab stops moving it; return its box."""
    last = None
    for _ in range(40):
        # plain DOM scrolling: JupyterLab's lazy rendering of off-screen cells fools Playwright's checks
        if scroll:
            locator.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(150)
        box = locator.evaluate("e => { const r = e.getBoundingClientRect();"
                               " return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
        if box and last and abs(box["x"] - last["x"]) < 0.5 and abs(box["y"] - last["y"]) < 0.5:
            return box
        last = box
    raise AssertionError("the point never stopped moving on screen")


def settle(page, read, done, what, tries=40, every_ms=250):
    """Call ``read()`` until ``done(value)`` is true (waiting ``every_ms`` between tries) and return
    the value; after ``tries`` tries FAIL, saying what was awaited and the last value seen."""
    value = read()
    for _ in range(tries):
        if done(value):
            return value
        page.wait_for_timeout(every_ms)
        value = read()
    if done(value):
        return value
    raise AssertionError(f"gave up after {tries * every_ms / 1000:g} s waiting for {what}; last seen: {value!r}")


def steady(page, read, what, tries=40, every_ms=250):
    """``settle`` until two reads in a row agree; return the last read."""
    pair = [None, read()]

    def read_again():
        pair[:] = [pair[1], read()]
        return pair

    return settle(page, read_again, lambda p: p[0] == p[1], what, tries, every_ms)[1]


def drag_with_mouse(page, explorer, name, to_fraction):
    """Press on ``name``'s dot, move in small steps to a spot given as a fraction of the plot
    (0, 0 = bottom left), release; wait for the page to show the new neighbours; return them."""
    dot = explorer.locator(f'circle[data-name="{name}"]')
    dot.wait_for(state="attached", timeout=30_000)
    items = explorer.locator(".pis-list li .pis-name")
    before = [t.strip() for t in items.all_text_contents()]
    frame = _stable_box(explorer.locator("rect.pis-frame"), page)
    box = _stable_box(dot, page, scroll=False)
    tx = frame["x"] + frame["width"] * to_fraction[0]
    ty = frame["y"] + frame["height"] * (1 - to_fraction[1])
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(x0 + (tx - x0) * step / 20, y0 + (ty - y0) * step / 20)
        page.wait_for_timeout(25)
    page.mouse.move(tx, ty)
    page.mouse.up()
    page.wait_for_function("""([box, name, before]) => {
        const now = [...box.querySelectorAll('.pis-list li .pis-name')].map((n) => n.textContent.trim());
        return box.querySelector('.pis-active').textContent.startsWith(name + ' at') && now.length > 0
               && now.join() !== before.join();
    }""", arg=[explorer.element_handle(), name, before], timeout=15_000)
    # intermediate drops also change the list: read list and position together until they settle
    snapshot = """e => [[...e.querySelectorAll('.pis-list li .pis-name')].map((n) => n.textContent.trim()),
                        +e.querySelector('.pis-active').dataset.x, +e.querySelector('.pis-active').dataset.y]"""
    shown, x, y = steady(page, lambda: explorer.evaluate(snapshot), "the list and position to stop changing",
                         tries=50, every_ms=300)
    return before, shown, x, y


# -- the explorers of the notebooks, in JupyterLab -----------------------------------------------
# Python's answer for the page's last drop, from the kernel: the notebook's (last) explorer, its
# state, and neighbours_at (the reference) at the position the page shows.
REFERENCE = """import json as _json
import ipywidgets.widgets.widget as _ww
from helpers.widgets import Explorer as _E, neighbours_at as _nat
_all = getattr(_ww, "_instances", None) or _ww.Widget.widgets   # ipywidgets 8, 7
_ex = [_w for _w in list(_all.values()) if isinstance(_w, _E) and %r in (None, _w.title)][-1]
_i = _ex.space.index(%r)
_idx, _d, _ = _nat(_ex.space, _ex.plane, _i, %r, %r, _ex.k, _ex.metric, _ex._moved)
print(_json.dumps({"names": [_ex.space.names[_j] for _j in _idx], "distances": [float(_x) for _x in _d],
                   "active": [_ex.active.get("name"), _ex.active.get("x"), _ex.active.get("y")],
                   "kernel_list": [_n["name"] for _n in _ex.neighbours], "in_page": _ex.in_page}))"""

LAYOUT = """(box) => {
  // every label shown: its box, and whether it stays in the plot; the dragged dot: is it on top?
  const frame = box.querySelector('rect.pis-frame').getBoundingClientRect();
  const shown = [...box.querySelectorAll('text.pis-label, text.pis-near-label')]
    .filter((t) => t.style.display !== 'none' && t.textContent);
  const boxes = shown.map((t) => { const r = t.getBoundingClientRect();
    return { name: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom }; });
  const overlaps = [];
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const p = boxes[a], q = boxes[b];
    const w = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0), h = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0);
    if (w > 1.5 && h > 1.5) overlaps.push([p.name, q.name]);
  }
  const outside = boxes.filter((b) => b.x0 < frame.left - 1 || b.x1 > frame.right + 1 ||
                                      b.y0 < frame.top - 1 || b.y1 > frame.bottom + 1).map((b) => b.name);
  const dragged = box.querySelector('circle.pis-dragged');
  let onTop = null;
  if (dragged) {
    const r = dragged.getBoundingClientRect();
    onTop = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === dragged;
  }
  return { labels: boxes.length, overlaps, outside, onTop };
}"""


def page_list(explorer):
    return explorer.evaluate("""e => [...e.querySelectorAll('.pis-list li')].map((li) =>
        [li.querySelector('.pis-name').textContent, li.querySelector('.pis-dist').textContent])""")


def check_page_against_python(page, explorer, name, in_page=True, title=None):
    """The page's list equals neighbours_at's for the page's drop (names in order, distances to 3
    decimals); the kernel heard the drop; labels don't overlap or leave the plot; the dragged dot is on top.
    ``title``: the kernel's explorer with that title (default: the notebook's last explorer)."""
    import json

    def both():   # the page's drop and list, and the kernel's answer for that drop, read together
        x, y = (float(v) for v in explorer.evaluate(
            "e => [e.querySelector('.pis-active').dataset.x, e.querySelector('.pis-active').dataset.y]"))
        return x, y, page_list(explorer), json.loads(page.evaluate(KERNEL_PRINT, REFERENCE % (title, name, x, y)))

    # the kernel hears the last drop a little after the page showed it (and on the kernel path the
    # page shows the kernel's answers, so under load it may still be one drop behind): settle on both
    x, y, shown, ref = settle(page, both, lambda v: v[3]["active"] == [name, v[0], v[1]],
                              f"the page and the kernel to agree on the drop of {name}", tries=60)
    assert ref["in_page"] == in_page, ref["in_page"]
    assert [n for n, _ in shown] == ref["names"] == ref["kernel_list"], (shown, ref)
    for (n, text), d in zip(shown, ref["distances"]):
        assert abs(float(text) - d) <= 0.0005 + 1e-6, (n, text, d)
    layout = explorer.evaluate(LAYOUT)
    assert not layout["overlaps"] and not layout["outside"], layout
    assert layout["onTop"] is True, layout
    return shown, x, y


# window sizes a learner has: browser windows of 600 to 1400 px, and browser zoom (the page's CSS
# pixels get larger: a 1400 px window at 150 % is 933 CSS px wide at a device pixel ratio of 1.5)
SCREENS = [("600px", 600, 1000, 1), ("800px", 800, 1000, 1), ("1000px", 1000, 1000, 1), ("1400px", 1400, 1000, 1),
           ("zoom150", 933, 667, 1.5), ("zoom200-dpr2", 700, 500, 2), ("zoom67", 2100, 1500, 0.67)]
SPOTS = [(0.25, 0.3), (0.5, 0.7), (0.8, 0.45)]   # fractions of the plot frame (0, 0 = bottom left)
NO_OVERFLOW = """(e) => {
  const out = e.closest('.jp-OutputArea-output') || e.parentElement, o = out.getBoundingClientRect();
  const r = e.getBoundingClientRect();
  const fonts = [...e.querySelectorAll('text, li, label, button, div')].filter((t) => t.textContent.trim())
    .map((t) => parseFloat(getComputedStyle(t).fontSize));
  return { fits: e.scrollWidth <= e.clientWidth + 1 && r.right <= o.right + 1 && r.left >= o.left - 1,
           narrow: e.classList.contains('pis-narrow'), plot: e.querySelector('svg').getBoundingClientRect().width,
           output: o.width, smallestFont: Math.min(...fonts) };
}"""


def check_fits_at_600(page, explorer, tag):
    """In a 600 px window the explorer fits its output, with no text under 11 px; screenshot saved."""
    page.set_viewport_size({"width": 600, "height": 1000})
    try:
        steady(page, lambda: explorer.evaluate("e => [e.querySelector('svg').getAttribute('width'),"
                                               " e.getBoundingClientRect().width]"), "the explorer to fit 600 px")
        _stable_box(explorer, page)
        fit = explorer.evaluate(NO_OVERFLOW)
        assert fit["fits"] and fit["smallestFont"] >= 11, fit
        ARTIFACTS.mkdir(exist_ok=True)
        explorer.screenshot(path=str(ARTIFACTS / f"explorer-{tag}-600px.png"))
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})


def check_drops_at_widths(page, explorer, name, tag):
    """At every window size of SCREENS, drag ``name`` to three known spots of the plot: the dot
    lands within 1 px of the pointer and the page's drop position is that spot (to a pixel). The
    explorer fits its output (the panel goes under a narrow plot), with no text under 11 px.
    At 600 px the page's list equals Python's, and a screenshot is saved."""
    cdp = page.context.new_cdp_session(page)
    try:
        for label, width, height, dpr in SCREENS:
            if dpr == 1:   # Playwright's own viewport (its screenshots keep it)
                cdp.send("Emulation.clearDeviceMetricsOverride")
                page.set_viewport_size({"width": width, "height": height})
            else:          # browser zoom: larger CSS pixels
                cdp.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": height, "deviceScaleFactor": dpr, "mobile": False})
            steady(page, lambda: explorer.evaluate("e => [e.querySelector('svg').getAttribute('width'),"
                                                   " e.getBoundingClientRect().width]"), f"the explorer to fit {label}")
            fit = explorer.evaluate(NO_OVERFLOW)
            assert fit["fits"] and fit["smallestFont"] >= 11, (label, fit)
            assert fit["plot"] >= min(420, fit["output"] - 30), (label, fit)   # not shrunk into a corner
            for fx, fy in SPOTS:
                drag_with_mouse(page, explorer, name, (fx, fy))
                frame = explorer.locator("rect.pis-frame").bounding_box()
                tx, ty = frame["x"] + frame["width"] * fx, frame["y"] + frame["height"] * (1 - fy)
                dot = explorer.locator(f'circle[data-name="{name}"]').bounding_box()
                cx, cy = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
                assert abs(cx - tx) <= 1 and abs(cy - ty) <= 1, (label, (fx, fy), (cx, cy), (tx, ty))
            if label == "600px":
                check_page_against_python(page, explorer, name)
                ARTIFACTS.mkdir(exist_ok=True)
                explorer.screenshot(path=str(ARTIFACTS / f"explorer-{tag}-600px.png"))
    finally:
        cdp.send("Emulation.clearDeviceMetricsOverride")
        cdp.detach()
        page.set_viewport_size({"width": 1400, "height": 1000})


_opened = {}


def open_once(page, lab, notebook):
    """Run ``notebook`` in JupyterLab once per module; later tests reuse the open notebook."""
    if _opened.get("notebook") != notebook:
        _opened["explorer"] = open_and_run_all(page, lab, notebook)
        _opened["notebook"] = notebook
    return _opened["explorer"]


MEANING_TITLE = "3,000 common words: man → woman across, man → king up"


def test_drag_king_along_man_to_woman_in_04(lab, page):
    """Notebook 04's meaning plane (man → woman across, man → king up): drag king with the mouse to
    where woman − man takes it; the page lists queen first, and its list equals Python's."""
    import json

    open_once(page, lab, "04_analogies.ipynb")
    panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    explorer = page.locator(f"[id='{panel}'] .pis-explorer").filter(has_text=MEANING_TITLE)
    assert explorer.count() == 1
    # the notebook already moved king from Python: the Reset button puts every point back
    explorer.locator(".pis-reset").click()
    page.wait_for_function("e => e.querySelectorAll('.pis-list li').length === 0", arg=explorer.element_handle())
    settle(page, lambda: page.evaluate(KERNEL_PRINT, "print(meaning_explorer.active == {})").strip(),
           lambda out: out == "True", "the kernel to hear the Reset")
    where = json.loads(page.evaluate(KERNEL_PRINT, """import json as _json
_p = {n: meaning_explorer.position(n) for n in ("king", "man", "woman")}
print(_json.dumps({"bounds": meaning_explorer.bounds, "to": [_p["king"][0] + _p["woman"][0] - _p["man"][0],
                                                             _p["king"][1] + _p["woman"][1] - _p["man"][1]]}))"""))
    x0, x1, y0, y1 = where["bounds"]
    tx, ty = where["to"]
    _, shown, x, y = drag_with_mouse(page, explorer, "king", ((tx - x0) / (x1 - x0), (ty - y0) / (y1 - y0)))
    assert abs(x - tx) < 0.03 * (x1 - x0) and abs(y - ty) < 0.03 * (y1 - y0), (x, y, tx, ty)
    assert shown[0] == "queen" and "king" not in shown, shown
    check_page_against_python(page, explorer, "king", title=MEANING_TITLE)
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-04-meaning-plane.png"))


# notebook, how to pick the labelled point to drag, where to drop it (fractions of the plot)
def test_analogy_box_in_notebook_04(lab, page):
    """Notebook 04 (already run by the king test above): type three words into the analogy box, and the
    page shows the answer Python's words.analogy gives; type a misspelling, and the ✘ message with
    close spellings (king first) shows, in the course's one error style."""
    open_once(page, lab, "04_analogies.ipynb")
    out = cell_output(page, "04_analogies.ipynb", "widgets.analogy_box(")
    inputs = out.locator("input[type='text']")
    assert inputs.count() == 3
    answer = out.locator(".widget-html-content").last
    for box, word in zip(inputs.all(), ("paris", "france", "tokyo")):
        box.fill("")
        box.press_sequentially(word, delay=30)
    expected = kernel_value(page, "words.analogy('paris', 'france', 'tokyo').index[0]")
    shown = wait_text(page, answer, "(t, e, want) => e.querySelector('b') && e.querySelector('b').textContent === want "
                                    "&& t.includes('runners-up')", expected)
    assert shown.startswith(f"is to {expected} (similarity"), shown
    ARTIFACTS.mkdir(exist_ok=True)
    out.screenshot(path=str(ARTIFACTS / "analogy-box-04.png"))

    inputs.nth(2).fill("")
    inputs.nth(2).press_sequentially("kign", delay=30)
    text = wait_text(page, answer, "(t, e) => e.querySelector('.pis-error') && t.includes(\"'kign'\")")
    error = answer.locator(".pis-error")
    assert text == error.text_content()
    assert text.startswith("✘ 'kign' is not one of the 400,000 GloVe words. Did you mean: king,"), text
    assert_error_style(error)
    out.screenshot(path=str(ARTIFACTS / "analogy-box-04-misspelt.png"))


NOTEBOOK_DRAGS = [
    ("04_analogies.ipynb", "queen", (0.8, 0.2)),           # first: reuses the notebook the test above opened
    ("00_start_here.ipynb", "cat", (0.25, 0.75)),
    ("03_clustering.ipynb", None, (0.5, 0.5)),
    ("07_recommendation.ipynb", None, (0.3, 0.7)),
]
DRAG_01 = ("01_fruit_coordinates.ipynb", "pear", (0.15, 0.3))   # then the keyboard tests reuse it


@pytest.mark.parametrize("notebook,name,to", NOTEBOOK_DRAGS, ids=[n[:2] for n, _, _ in NOTEBOOK_DRAGS])
def test_drag_in_a_notebook_page_equals_python(lab, page, notebook, name, to):
    """Run the notebook, drag a labelled point with the mouse, and compare the page's neighbours
    with Python's neighbours_at for the same drop; save a screenshot to test-artifacts/."""
    _drag_in_a_notebook(lab, page, notebook, name, to)


# -- the text boxes of the notebooks: type as a learner does, read what the page shows ---------
def cell_output(page, notebook, snippet):
    """The output area of the one cell of ``notebook`` (open in the page) whose source holds ``snippet``."""
    import nbformat

    cells = nbformat.read(ROOT / "notebooks" / notebook, as_version=4).cells
    hits = [i for i, c in enumerate(cells) if c.cell_type == "code" and snippet in c.source]
    assert len(hits) == 1, f"{notebook}: {len(hits)} code cells hold {snippet!r}"
    panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    cell = page.locator(f"[id='{panel}'] .jp-Notebook .jp-Cell").nth(hits[0])
    cell.evaluate("e => e.scrollIntoView({block: 'center'})")
    return cell.locator(".jp-OutputArea")


def kernel_value(page, code):
    """What ``print(code)`` prints in the notebook's kernel, stripped."""
    return page.evaluate(KERNEL_PRINT, f"print({code})").strip()


def wait_text(page, locator, predicate_js, arg=None, timeout=30_000):
    page.wait_for_function(f"([e, arg]) => ({predicate_js})(e.textContent, e, arg)",
                           arg=[locator.element_handle(), arg], timeout=timeout)
    return locator.text_content()


def assert_error_style(locator):
    """A ✘ message in the course's one style (helpers.widgets.error_html): red, the page's own
    font (not monospace), and not a black stream output."""
    style = locator.evaluate("e => { const s = getComputedStyle(e); return [s.color, s.fontFamily]; }")
    assert style[0] == "rgb(176, 58, 57)", style
    assert "mono" not in style[1].lower(), style


def test_drag_in_notebook_01_page_equals_python(lab, page):
    """As above, for notebook 01 (left open for the keyboard tests below)."""
    _drag_in_a_notebook(lab, page, *DRAG_01)


def _drag_in_a_notebook(lab, page, notebook, name, to):
    explorer = open_once(page, lab, notebook)
    if name is None:   # the first labelled point the notebook drew
        name = explorer.locator("circle.pis-named").first.get_attribute("data-name")
    before, shown, x, y = drag_with_mouse(page, explorer, name, to)
    assert shown != before
    if notebook.startswith("01"):
        assert abs(x - 1.5) < 0.3 and abs(y - 3) < 0.3, (x, y)
        assert re.match(r"pear at \(1\.\d\d, [23]\.\d\d\)", explorer.locator(".pis-active").text_content())
    check_page_against_python(page, explorer, name)
    assert explorer.locator("line.pis-link").count() == len(shown)
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / f"explorer-{notebook[:2]}.png"))
    if notebook[:2] in ("01", "03", "04"):
        check_drops_at_widths(page, explorer, name, notebook[:2])
    else:
        check_fits_at_600(page, explorer, notebook[:2])
    if notebook.startswith("01"):
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-page.png"))


def test_move_a_fruit_with_the_arrow_keys(lab, page):
    """Notebook 01: click apple (selects it), three ArrowLeft and one Shift+ArrowDown move it by
    (-0.3, -1.0); the page's list follows and equals Python's for the new position."""
    explorer = open_once(page, lab, "01_fruit_coordinates.ipynb")
    dot = explorer.locator('circle[data-name="apple"]')
    _stable_box(explorer.locator("rect.pis-frame"), page)
    box = _stable_box(dot, page, scroll=False)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    start = tuple(float(dot.get_attribute(a)) for a in ("cx", "cy"))
    assert explorer.evaluate("e => document.activeElement.getAttribute('data-name')") == "apple"
    for key in ["ArrowLeft", "ArrowLeft", "ArrowLeft", "Shift+ArrowDown"]:
        page.keyboard.press(key)
        page.wait_for_timeout(60)
    assert explorer.locator(".pis-active").text_content().startswith("apple at (6.70, 7.00)")
    end = tuple(float(dot.get_attribute(a)) for a in ("cx", "cy"))
    assert end[0] < start[0] and end[1] > start[1]
    shown, x, y = check_page_against_python(page, explorer, "apple")
    assert (round(x, 6), round(y, 6)) == (6.7, 7.0)
    # the notebook is still where it was: the arrows did not move between cells
    assert explorer.evaluate("e => document.activeElement.getAttribute('data-name')") == "apple"
    explorer.screenshot(path=str(ARTIFACTS / "explorer-01-keyboard.png"))


def test_k_box_and_a_drag_from_python(lab, page):
    """Notebook 01 again: typing k + Enter recomputes in the page (and the kernel hears k); a drag
    made from Python (`explorer.use`) moves the dot, draws it on top, and the page's list equals
    Python's."""
    import json

    explorer = open_once(page, lab, "01_fruit_coordinates.ipynb")
    box = explorer.locator(".pis-k input")
    box.fill("5")
    box.press("Enter")
    page.wait_for_function("e => e.querySelectorAll('.pis-list li').length === 5", arg=explorer.element_handle())
    settle(page, lambda: page.evaluate(KERNEL_PRINT, "print(explorer.k, len(explorer.neighbours))").split(),
           lambda out: out == ["5", "5"], "the kernel to hear k = 5 and list 5 neighbours", tries=20)
    box.press("ArrowDown")        # the arrow keys of the box apply at once too
    page.wait_for_function("e => e.querySelectorAll('.pis-list li').length === 4", arg=explorer.element_handle())

    expected = json.loads(page.evaluate(KERNEL_PRINT, "import json; print(json.dumps(list(explorer.use('banana', 2, 9).index)))"))
    page.wait_for_function("e => e.querySelector('.pis-active').textContent.startsWith('banana at (2.00, 9.00)')",
                           arg=explorer.element_handle())
    assert [n for n, _ in page_list(explorer)] == expected
    dot = explorer.locator('circle[data-name="banana"]')
    frame = explorer.locator("rect.pis-frame")
    fx, fy = float(frame.get_attribute("x")), float(frame.get_attribute("y"))
    fw, fh = float(frame.get_attribute("width")), float(frame.get_attribute("height"))
    assert abs(float(dot.get_attribute("cx")) - (fx + 0.2 * fw)) < 0.5
    assert abs(float(dot.get_attribute("cy")) - (fy + 0.1 * fh)) < 0.5
    check_page_against_python(page, explorer, "banana")
    explorer.screenshot(path=str(ARTIFACTS / "explorer-01-python-drag.png"))


def test_touch_drag(lab, page):
    """Notebook 01 again: a finger (CDP touch events, so pointer events of type "touch") drags
    mango; the page's list follows and equals Python's for the drop."""
    explorer = open_once(page, lab, "01_fruit_coordinates.ipynb")
    frame = _stable_box(explorer.locator("rect.pis-frame"), page)
    box = _stable_box(explorer.locator('circle[data-name="mango"]'), page, scroll=False)
    explorer.evaluate("""e => { window.__touch = 0; e.querySelector('svg').addEventListener('pointermove',
        (ev) => { if (ev.pointerType === 'touch') window.__touch++; }); }""")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tx, ty = frame["x"] + 0.45 * frame["width"], frame["y"] + (1 - 0.85) * frame["height"]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for step in range(1, 16):
        x, y = x0 + (tx - x0) * step / 15, y0 + (ty - y0) * step / 15
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        page.wait_for_timeout(20)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": False})
    cdp.detach()
    assert page.evaluate("() => window.__touch") >= 10
    page.wait_for_function("e => e.querySelector('.pis-active').textContent.startsWith('mango at (4.')",
                           arg=explorer.element_handle())
    _, x, y = check_page_against_python(page, explorer, "mango")
    assert abs(x - 4.5) < 0.2 and abs(y - 8.5) < 0.2, (x, y)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-01-touch.png"))


ADD_AND_RUN_CELL = """async (source) => {
  const nb = window.jupyterapp.shell.currentWidget, model = nb.content.model;
  model.sharedModel.insertCell(model.cells.length, { cell_type: 'code', source });
  nb.content.activeCellIndex = model.cells.length - 1;
  await window.jupyterapp.commands.execute('notebook:run-cell');
}"""


def test_kernel_fallback_in_the_page(lab, page):
    """Notebook 01 again, plus a cell with an explorer forced to the kernel path (as a space too
    large to send would be): the status line says so, and a mouse drag shows Python's neighbours."""
    open_once(page, lab, "01_fruit_coordinates.ipynb")
    page.evaluate(ADD_AND_RUN_CELL, 'helpers.explore(space, k=3, axes=("sweet", "crunchy"), metric="euclidean", '
                                    'limits=(0, 10), in_page=False, title="kernel path")')
    panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    page.wait_for_function("""(panel) => [...document.getElementById(panel).querySelectorAll('.pis-explorer')]
                              .some((e) => e.dataset.mode === 'kernel')""", arg=panel, timeout=60_000)
    explorer = page.locator(f"[id='{panel}'] .pis-explorer[data-mode='kernel']").last
    assert "the kernel computes the neighbours" in explorer.locator(".pis-status").text_content()
    _, shown, x, y = drag_with_mouse(page, explorer, "pear", (0.85, 0.45))
    check_page_against_python(page, explorer, "pear", in_page=False)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-01-kernel-path.png"))


def test_search_box_in_notebook_02(lab, page):
    """Notebook 02: type a query into the search box; the first result by meaning is the one
    `corpus.search(query)` gives in Python. Empty the box: the hint to type a query shows."""
    open_once(page, lab, "02_similarity_search.ipynb")
    out = cell_output(page, "02_similarity_search.ipynb", "widgets.search_box(")
    box = out.locator("input[type='text']")
    results = out.locator(".widget-html-content").last
    query = "shoes that hurt my feet"
    box.fill("")
    box.press_sequentially(query, delay=20)
    expected = kernel_value(page, f"sentences.short(corpus.search({query!r}, k=5)['text'].iloc[0], 90)")
    first = wait_text(page, results, "(t, e, want) => { const td = e.querySelector('tr:nth-child(2) td:nth-child(2)');"
                                     " return td && td.textContent.startsWith(want); }", expected)
    cell = results.locator("tr").nth(1).locator("td").nth(1).text_content()
    assert cell.startswith(expected + " ("), (cell, expected)
    ARTIFACTS.mkdir(exist_ok=True)
    out.screenshot(path=str(ARTIFACTS / "search-box-02.png"))
    box.fill("")
    shown = wait_text(page, results, "(t) => t.includes('Type a query')")
    assert shown.strip() == "Type a query to search.", shown
    assert first
    out.screenshot(path=str(ARTIFACTS / "search-box-02-empty.png"))


def test_picture_search_box_in_notebook_06(lab, page):
    """Notebook 06: type a word into the picture search box; the page shows k pictures (those
    of Python's model.pictures_for). Type an unknown word: the ✘ message, in the one style,
    suggesting words that fit the pictures."""
    open_once(page, lab, "06_multimodal.ipynb")
    out = cell_output(page, "06_multimodal.ipynb", "widgets.PictureSearch(")
    box = out.locator("input[type='text']")
    box.fill("")
    box.press_sequentially("stripes", delay=30)
    page.wait_for_function("e => e.textContent.includes('word stripes') && e.querySelector('figure.pis-picture img')",
                           arg=out.element_handle(), timeout=30_000)
    k = int(kernel_value(page, "len(box.result)"))
    expected = kernel_value(page, f"' '.join(model.pictures_for('stripes', k={k})['class'])").split()
    assert k == 12
    imgs = out.locator("figure.pis-picture img")
    assert imgs.count() == k
    assert all(imgs.nth(i).evaluate("e => e.complete && e.naturalWidth === 28") for i in range(k))
    captions = [c.split()[0] for c in out.locator("figure.pis-picture figcaption").all_text_contents()]
    assert captions == expected, (captions, expected)
    ARTIFACTS.mkdir(exist_ok=True)
    out.screenshot(path=str(ARTIFACTS / "picture-search-06.png"))

    box.fill("")
    box.press_sequentially("zebraa", delay=30)
    message = out.locator(".widget-html-content").first
    text = wait_text(page, message, "(t, e) => e.querySelector('.pis-error') && t.includes(\"'zebraa'\")")
    error = out.locator(".pis-error")
    assert text == error.text_content()
    assert text.startswith("✘ 'zebraa' is not one of the 400,000 GloVe words. Did you mean: zebra"), text
    assert "king" not in text and "bear, bird, cat" in text, text
    assert out.locator("figure.pis-picture").count() == 0
    assert_error_style(error)
    out.screenshot(path=str(ARTIFACTS / "picture-search-06-unknown.png"))

    box.fill("")   # typed HTML is shown as text, never run as HTML
    box.press_sequentially("<b>zz</b>", delay=30)
    text = wait_text(page, message, "(t, e) => e.querySelector('.pis-error') && t.includes('<b>zz</b>')")
    assert out.locator(".pis-error b").count() == 0, text
# -- widgets that redraw a matplotlib figure from a callback (notebooks 07 and 08) ---------------
IMG_BYTES = """async (img) => {   // the PNG an <img> shows (a blob: or data: URL), base64
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(s);
}"""


def shown_png(img):
    """The picture an <img> shows, decoded: an RGB array (the page must have loaded it)."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    img.page.wait_for_function("e => e.complete && e.naturalWidth > 0 && e.src", arg=img.element_handle())
    for attempt in range(5):   # a new picture may replace (and revoke) the URL while we fetch it
        try:
            data = base64.b64decode(img.evaluate(IMG_BYTES))
            break
        except Exception:
            if attempt == 4:
                raise
            img.page.wait_for_timeout(300)
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")), data


def assert_drawn(picture, width, height):
    """The expected size, and not blank: real ink (dark pixels) on a good share of it."""
    assert picture.shape == (height, width, 3), picture.shape
    dark = (picture.min(axis=2) < 160).mean()
    assert dark > 0.01, f"the figure is (almost) blank: {dark:.4f} of its pixels are dark"


def _new_picture(page, img, old_src):
    page.wait_for_function("([e, old]) => e.src && e.src !== old && e.complete && e.naturalWidth > 0",
                           arg=[img.element_handle(), old_src], timeout=30_000)


def board_07(page):
    """Notebook 07's board in the open notebook, and its map picture (once the picture stays put)."""
    panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    board = page.locator(f"[id='{panel}'] .widget-hbox:has(> img)").last
    board.wait_for(state="attached", timeout=30_000)
    img = board.locator("> img")
    _stable_box(img, page)
    return board, img


def test_you_are_a_point_board(lab, page):
    """Notebook 07's board: click stars for two films, add a film with the box + "add" and rate it
    (a title typed with HTML in it shows as text).
    After each click the page shows the star selected, a recommendations table that changed, and
    a map picture that is drawn (not blank) at its fixed size; every star label is fully readable."""
    from playwright.sync_api import expect

    open_once(page, lab, "07_recommendation.ipynb")
    board, img = board_07(page)
    picture, _ = shown_png(img)
    assert_drawn(picture, 700, 540)
    # star labels: nothing cut off ("1‥")
    clipped = board.evaluate("""b => [...b.querySelectorAll('.widget-toggle-buttons button')]
        .filter((x) => x.scrollWidth > x.clientWidth + 0.5 || x.textContent.includes('‥') || x.textContent.includes('…'))
        .map((x) => x.textContent)""")
    assert clipped == [], clipped
    table = board.locator("table.pis-recommendations")

    def row(title):
        return board.locator(".widget-hbox").filter(has=page.locator(".widget-label", has_text=title))

    def rate(title, stars):
        before_table, before_src = table.inner_text(), img.get_attribute("src")
        button = row(title).locator("button", has_text=re.compile(rf"^\s*{stars}\s*$"))
        button.scroll_into_view_if_needed()
        button.click()
        _new_picture(page, img, before_src)
        page.wait_for_function("([t, old]) => t.innerText !== old", arg=[table.element_handle(), before_table])
        assert "mod-active" in button.get_attribute("class")
        assert row(title).locator("button.mod-active").count() == 1
        picture, _ = shown_png(img)
        assert_drawn(picture, 700, 540)
        return table.inner_text()

    first = table.inner_text()
    after_one = rate("Toy Story (1995)", 5)
    assert after_one != first
    after_two = rate("Scream (1996)", 1)
    assert after_two != after_one
    box = board.locator("input[placeholder='type another film…']")
    dialogs = []  # a typed title is text: HTML in it must not run (no alert) nor draw (no new <img>)

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    box.fill("<img src=x onerror=alert(1)>")
    board.get_by_role("button", name="add", exact=True).click()
    expect(board.locator(".pis-error")).to_contain_text(
        "✘ '<img src=x onerror=alert(1)>' is not a film in MovieLens 100k.")
    page.remove_listener("dialog", on_dialog)
    assert board.locator(".pis-error img").count() == 0 and board.locator("img").count() == 1 and not dialogs
    box.fill("Lion King")
    board.get_by_role("button", name="add", exact=True).click()
    row("Lion King, The (1994)").wait_for(timeout=15_000)
    expect(board).to_contain_text("Added Lion King, The (1994)")
    after_three = rate("Lion King, The (1994)", 5)
    assert after_three != after_two
    expect(board).to_contain_text("Fitted your point from 3 ratings")
    shown = img.evaluate("e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]")
    assert shown[0] >= 439 and abs(shown[1] / shown[0] - 540 / 700) < 0.02, shown   # not cut, not squashed
    beside = board.evaluate("b => b.querySelector(':scope > img').getBoundingClientRect().top"
                            " < b.querySelector(':scope > .widget-vbox').getBoundingClientRect().top + 50")
    assert beside, "the map went under the ratings"
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1300})
    try:
        _stable_box(board, page)
        board.screenshot(path=str(ARTIFACTS / "board-07.png"))
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})


def _slider_readout(slider):
    return slider.locator(".widget-readout").evaluate("e => e.value !== undefined ? e.value : e.textContent").strip()


def slider_08(page):
    """Notebook 08's slider in the open notebook: its box, the slider, the figure (once it stays
    put) and the score line."""
    panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    box = page.locator(f"[id='{panel}'] .widget-vbox:has(> .widget-slider):has(> img)").last
    slider, img = box.locator("> .widget-slider"), box.locator("> img")
    line = box.locator(".pis-drag-score")
    _stable_box(img, page)
    return box, slider, img, line


def test_drag_away_slider(lab, page):
    """Notebook 08: after Run all the slider reads the distance the code moved to last (40.0), as
    its score line and figure do; dragging the slider with the mouse changes the figure and the line,
    and once the page settles the kernel holds the slider's last value and the figure drawn for it."""
    import hashlib
    import json

    open_once(page, lab, "08_anomaly_detection.ipynb")
    box, slider, img, line = slider_08(page)
    assert _slider_readout(slider) == "40.0"
    assert re.search(r"moved 40\.0: anomaly score \d+\.\d \(flag line \d+\.\d\) → FLAGGED", line.inner_text()), line.inner_text()
    start, start_bytes = shown_png(img)
    assert_drawn(start, 1200, 360)
    handle = slider.locator(".noUi-handle, .ui-slider-handle").first
    track = _stable_box(slider.locator(".noUi-target, .ui-slider").first, page)
    hb = _stable_box(handle, page, scroll=False)
    x0, y0 = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    tx = track["x"] + 0.15 * track["width"]
    old_src = img.get_attribute("src")
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x0 + (tx - x0) * step / 10, y0)
        page.wait_for_timeout(40)
    page.mouse.up()
    _new_picture(page, img, old_src)
    # the kernel catches up with every step of the drag: wait until the page settles
    steady(page, lambda: [_slider_readout(slider), line.inner_text(), img.get_attribute("src")],
           "the slider, its score line and the figure to stop changing", tries=60, every_ms=500)
    readout = _slider_readout(slider)
    assert float(readout) < 20, readout
    # the kernel heard the slider's last value, and the figure shown is the one it drew for it
    kernel = json.loads(page.evaluate(KERNEL_PRINT, "import json, hashlib; print(json.dumps([drag.distance, drag.score,"
                                      " drag.drawn, hashlib.md5(drag.figure.value).hexdigest()]))"))
    assert f"{kernel[0]:.1f}" == readout and kernel[2] == kernel[0], (readout, kernel)
    assert f"moved {readout}: anomaly score {kernel[1]:.1f}" in line.inner_text(), (line.inner_text(), kernel)
    assert hashlib.md5(shown_png(img)[1]).hexdigest() == kernel[3], "the figure shown is not the kernel's"
    assert "FLAGGED" not in line.inner_text()
    end, end_bytes = shown_png(img)
    assert_drawn(end, 1200, 360)
    assert end_bytes != start_bytes and (abs(end.astype(int) - start.astype(int)).max(axis=2) > 60).mean() > 0.001
    ARTIFACTS.mkdir(exist_ok=True)
    box.screenshot(path=str(ARTIFACTS / "drag-away-08.png"))


def test_oddness_explorer(lab, page):
    """Notebook 08's oddness explorer: drag a labelled stranger with the mouse; the page's list
    and score line update, the score equals Python's ``explorer.score`` and the mean of the listed
    distances, and the side panel (30 neighbours) is no taller than the plot: its list scrolls."""
    import json

    explorer = open_once(page, lab, "08_anomaly_detection.ipynb")
    vbox = explorer.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
    line = vbox.locator(".widget-html").last
    _stable_box(explorer.locator("rect.pis-frame"), page)
    # a labelled stranger whose dot is on top where the mouse presses (strangers sit close together)
    name = explorer.evaluate("""e => [...e.querySelectorAll('circle.pis-named')].map((c) => {
        const r = c.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return top === c ? c.dataset.name : null; }).find((n) => n)""")
    assert name, "no labelled point can be grabbed"
    before_line = line.inner_text()
    _, shown, x, y = drag_with_mouse(page, explorer, name, (0.85, 0.85))
    page.wait_for_function("([e, old]) => e.innerText !== old && /score[^\\d]*\\d/.test(e.innerText)",
                           arg=[line.element_handle(), before_line], timeout=30_000)

    def kernel_and_line():   # the kernel's score follows the page's last drop
        return json.loads(page.evaluate(KERNEL_PRINT, "import json; print(json.dumps("
                                        "[explorer.score, explorer.explorer.active.get('name'),"
                                        " explorer.explorer.active.get('x'), explorer.explorer.active.get('y')]))")), \
            line.inner_text()

    kernel, text = settle(page, kernel_and_line, lambda v: v[0][1:] == [name, x, y] and f"{v[0][0]:.1f}" in v[1],
                          f"the kernel's score of the page's drop of {name} at ({x}, {y})", every_ms=300)
    shown_score = float(re.search(r"neighbours\): (\d+\.\d)", text).group(1))
    assert f"{shown_score:.1f}" == f"{kernel[0]:.1f}", (text, kernel)
    listed = page_list(explorer)
    assert len(listed) == 30
    assert abs(sum(float(d) for _, d in listed) / len(listed) - shown_score) <= 0.051
    check_page_against_python(page, explorer, name)
    side = explorer.locator(".pis-side").bounding_box()
    plot = explorer.locator("svg.pis-plot").bounding_box()
    assert side["height"] <= plot["height"] + 1, (side, plot)
    lst = explorer.locator(".pis-list")
    assert lst.evaluate("e => e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY === 'auto'")
    assert explorer.locator(".pis-reset").bounding_box()["y"] + 5 < plot["y"] + plot["height"] + 1
    ARTIFACTS.mkdir(exist_ok=True)
    vbox.screenshot(path=str(ARTIFACTS / "oddness-explorer-08.png"))
    check_fits_at_600(page, explorer, "08")
