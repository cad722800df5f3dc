"""The explorer's page (helpers/explorer_js/, joined into one module as the widget sends it) in
chromium without JupyterLab: a stand-in model delivers the widget's state as different front
ends do, and the mouse drags as a learner does.

* buffers that do not arrive (Colab's manager builds a model from the comm's data without its
  buffers): the page asks the kernel by a message, takes the reply as ``Uint8Array`` views at odd
  byte offsets, and its lists then equal Python's ``neighbours_at``; a reply that comes late
  leaves the kernel answering until then, a damaged one keeps the kernel answering for good, and
  the mode line says which; a page with no kernel at all (a static export) still answers drags;
* the k box: 999, 2.5, 0 and text each get a short note and a k in range;
* labels: a point whose label could not be placed shows its name on hover, and a dragged
  unlabelled point is always named; a drop outside the plot stays inside it, with a note.
"""
import base64
import contextlib

import numpy as np
import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"

HARNESS = """<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/explorer.css">
<style>body { margin: 8px; font-family: sans-serif; } #out { width: %dpx; }</style></head>
<body><div id="out"></div><script>
// a stand-in for an anywidget model: get/set/save_changes/on/off/send, as anywidget 0.9 offers
window.makeModel = (state) => {
  const handlers = {};
  return { state, saves: [], sent: [], throwOnSave: false, dirty: new Set(),
    get(k) { return this.state[k]; },
    set(k, v) { this.state[k] = v; this.dirty.add(k); },
    save_changes() {
      if (this.throwOnSave) throw new Error("Syncing error: no comm channel defined");
      const d = {};
      for (const k of this.dirty) d[k] = this.state[k];
      this.dirty = new Set();
      this.saves.push(JSON.parse(JSON.stringify(d)));
    },
    on(ev, fn) { (handlers[ev] = handlers[ev] || []).push(fn); },
    off(ev, fn) { handlers[ev] = (handlers[ev] || []).filter((f) => f !== fn); },
    send(content) { this.sent.push(content); },
    emit(ev, ...a) { for (const fn of handlers[ev] || []) fn(...a); },
    kernelSet(k, v) { this.state[k] = v; this.emit("change:" + k); },
  };
};
// bytes as a front end may hand them over: a Uint8Array `offset` bytes into a larger buffer
window.bytesAt = (b64, offset) => {
  const raw = atob(b64), u = new Uint8Array(new ArrayBuffer(raw.length + offset), offset, raw.length);
  for (let i = 0; i < raw.length; i++) u[i] = raw.charCodeAt(i);
  return u;
};
</script></body></html>"""

BINARY = ("vectors", "plane_xy", "components")


def state_of(w) -> dict:
    """The widget's synced state as JSON, binary traits as base64 (keys: ``b64:<name>``)."""
    out = {}
    for key, value in w.get_state().items():
        if key.startswith("_"):
            continue
        if key in BINARY:
            out["b64:" + key] = base64.b64encode(bytes(value)).decode()
        else:
            out[key] = value
    return out


@contextlib.contextmanager
def open_harness(browser, w, width=900, buffers="state", offset=0):
    """Render ``w``'s state with the explorer's module in a plain page. ``buffers``: "state" (in
    the state, as Uint8Array views ``offset`` bytes into their buffer) or "missing" (dropped, as
    Colab's manager does). Yields (page, console errors); the page is closed after."""
    from helpers._javascript import explorer_module

    page = browser.new_page(viewport={"width": width + 40, "height": 800})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    files = {"/explorer.js": (explorer_module().encode(), "text/javascript"),
             "/explorer.css": ((ROOT / "helpers" / "explorer.css").read_bytes(), "text/css"),
             "/": ((HARNESS % width).encode(), "text/html")}
    page.route("http://explorer.test/**", lambda route: route.fulfill(
        body=files[route.request.url[len("http://explorer.test"):]][0],
        content_type=files[route.request.url[len("http://explorer.test"):]][1]))
    page.goto("http://explorer.test/")
    page.evaluate("""async ([state, buffers, offset]) => {
      const s = {};
      for (const [k, v] of Object.entries(state)) {
        if (!k.startsWith('b64:')) s[k] = v;
        else if (buffers === 'state') s[k.slice(4)] = bytesAt(v, offset);
      }
      window.model = makeModel(s);
      const mod = await import('/explorer.js');
      window.cleanup = mod.default.render({ model: window.model, el: document.getElementById('out') });
    }""", [state_of(w), buffers, offset])
    page.wait_for_timeout(200)
    try:
        yield page, errors
    finally:
        page.close()


def reply_with_vectors(page, w, offset=3, damage=False):
    """Answer the page's request as the kernel does (Explorer._on_msg), the buffers handed over
    as Uint8Array views at an odd byte offset."""
    assert page.evaluate("() => model.sent.some((m) => m.ask === 'vectors')")
    vectors = w.space.vectors.astype(np.float32).tobytes()
    if damage:
        vectors = vectors[:-8]
    parts = [vectors, w.plane.xy.astype(np.float32).tobytes(),
             b"" if w.plane.components is None else w.plane.components.astype(np.float32).tobytes()]
    page.evaluate("""([names, parts, offset]) => model.emit('msg:custom', { kind: 'vectors', names },
                                                         parts.map((p) => bytesAt(p, offset)))""",
                  [list(w.space.names), [base64.b64encode(p).decode() for p in parts], offset])


def drag(page, name, fx, fy, steps=12):
    """Drag ``name``'s dot to a spot given as fractions of the plot frame (0, 0 = bottom left),
    with the mouse; returns (the page's list [(name, distance)], x, y of the drop)."""
    dot = page.locator(f'circle[data-id="{name}"]') if isinstance(name, int) else page.locator(f'circle[data-name="{name}"]')
    b, f = dot.bounding_box(), page.locator("rect.pis-frame").bounding_box()
    x0, y0 = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    tx, ty = f["x"] + fx * f["width"], f["y"] + (1 - fy) * f["height"]
    page.mouse.move(x0, y0)
    page.mouse.down()
    for s in range(1, steps + 1):
        page.mouse.move(x0 + (tx - x0) * s / steps, y0 + (ty - y0) * s / steps)
    page.mouse.up()
    page.wait_for_timeout(50)
    return shown(page)


def shown(page):
    return page.evaluate("""() => {
      const a = document.querySelector('.pis-active');
      return [[...document.querySelectorAll('.pis-list li')].map((li) =>
                [li.querySelector('.pis-name').textContent, +li.querySelector('.pis-dist').textContent]),
              +a.dataset.x, +a.dataset.y];
    }""")


def python_list(w, name, x, y):
    from helpers.widgets import neighbours_at

    idx, dist, _ = neighbours_at(w.space, w.plane, w.space.index(name), x, y, w.k, w.metric)
    return [(w.space.names[j], round(float(d), 3)) for j, d in zip(idx, dist)]


def assert_equals_python(w, listed, x, y, name):
    want = python_list(w, name, x, y)
    assert [n for n, _ in listed] == [n for n, _ in want], (listed, want)
    for (_, a), (_, b) in zip(listed, want):
        assert abs(a - b) <= 0.0011, (listed, want)


@pytest.fixture(scope="module")
def words_explorer():
    """3,000 GloVe words on a PCA plane, cosine: over 2,048 rows, so the page's affine shortcut runs."""
    from helpers import explore, words

    space = words.words_space(3000, include=["king", "queen", "paris"])
    return explore(space, k=6, axes="pca", labels=["king", "queen", "paris"], title="3,000 words")


@pytest.fixture
def fruit_explorer():
    from helpers import explore, fruit_space

    return explore(fruit_space(), k=3, axes=("sweet", "crunchy"), metric="euclidean", limits=(0, 10))


@pytest.mark.parametrize("offset", [0, 1, 3])
def test_buffers_in_the_state_at_any_offset(browser, words_explorer, offset):
    """The state's buffers as Uint8Array views at byte offsets 0, 1 and 3: the page computes."""
    with open_harness(browser, words_explorer, offset=offset) as (page, errors):
        assert page.locator(".pis-explorer").get_attribute("data-vectors") == "page"
        assert "computed in this page" in page.locator(".pis-mode").text_content()
        listed, x, y = drag(page, "king", 0.3, 0.7)
        assert listed and page.evaluate("() => model.saves.filter((s) => s.drop).length") >= 1
        assert_equals_python(words_explorer, listed, x, y, "king")
        assert not errors, errors


@pytest.mark.parametrize("space", ["words", "fruit"])
def test_missing_buffers_are_asked_for_again(browser, words_explorer, fruit_explorer, space):
    """Colab's manager drops the buffers of a model whose comm opens while it runs. The page
    says so, asks the kernel, gets the vectors as Uint8Array at an odd offset, and then its
    lists equal Python's: on a PCA plane of 3,000 words and on the fruit's axes plane."""
    w, name = (words_explorer, "queen") if space == "words" else (fruit_explorer, "pear")
    with open_harness(browser, w, buffers="missing") as (page, errors):
        box = page.locator(".pis-explorer")
        assert box.get_attribute("data-vectors") == "asking"
        assert "until they arrive the kernel computes" in page.locator(".pis-mode").text_content()
        reply_with_vectors(page, w, offset=3)
        assert box.get_attribute("data-vectors") == "page"
        listed, x, y = drag(page, name, 0.2, 0.35)
        assert_equals_python(w, listed, x, y, name)
        assert not errors, errors
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".pis-explorer").screenshot(path=str(ARTIFACTS / f"explorer-harness-missing-buffers-{space}.png"))


def test_late_buffers_leave_the_kernel_answering_until_then(browser, fruit_explorer):
    """Before the vectors arrive, a drag goes to the kernel (a drop is sent) and the list the
    kernel answers is shown; when they arrive, the page computes."""
    w = fruit_explorer
    with open_harness(browser, w, buffers="missing") as (page, errors):
        drag(page, "pear", 0.8, 0.2)
        drop = page.evaluate("() => model.saves.filter((s) => s.drop).pop().drop")
        w.drop = drop     # the kernel hears it and answers, as the comm would carry it
        for key in ("moved_at", "neighbours", "done", "active"):
            page.evaluate("([k, v]) => model.kernelSet(k, v)", [key, getattr(w, key)])
        page.wait_for_timeout(50)
        listed, x, y = shown(page)
        assert [n for n, _ in listed] == [n["name"] for n in w.neighbours] and len(listed) == 3
        reply_with_vectors(page, w, offset=1)
        assert page.locator(".pis-explorer").get_attribute("data-vectors") == "page"
        listed, x, y = drag(page, "onion", 0.6, 0.9)
        from helpers.widgets import neighbours_at

        idx, dist, _ = neighbours_at(w.space, w.plane, w.space.index("onion"), x, y, 3, "euclidean", w._moved)
        assert [n for n, _ in listed] == [w.space.names[j] for j in idx]
        assert not errors, errors


def test_damaged_buffers_fall_back_to_the_kernel_and_say_so(browser, words_explorer):
    with open_harness(browser, words_explorer, buffers="missing") as (page, errors):
        reply_with_vectors(page, words_explorer, damage=True)
        box = page.locator(".pis-explorer")
        assert box.get_attribute("data-vectors") == "failed" and box.get_attribute("data-mode") == "kernel"
        text = page.locator(".pis-mode").text_content()
        assert "did not receive the vectors" in text and "the kernel computes" in text, text
        drag(page, "paris", 0.7, 0.3)
        assert page.evaluate("() => model.saves.filter((s) => s.drop).length") >= 1   # the kernel is asked
        assert not errors, errors


def test_a_page_with_no_kernel_still_answers_drags(browser, fruit_explorer):
    """A static export: saving throws (no comm). Drags are answered by the page, quietly."""
    with open_harness(browser, fruit_explorer) as (page, errors):
        page.evaluate("() => { model.throwOnSave = true; }")
        listed, x, y = drag(page, "pear", 0.3, 0.3)
        assert_equals_python(fruit_explorer, listed, x, y, "pear")
        listed, x, y = drag(page, "apple", 0.9, 0.9)
        assert listed and not errors, errors


@pytest.mark.parametrize("typed,k,note", [("999", 26, "k is at most 26 here, so it is 26."),
                                          ("2.5", 3, "k must be a whole number from 1 to 26, not 2.5; it stays 3."),
                                          ("0", 1, "k is at least 1, so it is 1."),
                                          ("-3", 1, "k is at least 1, so it is 1."),
                                          ("", 3, "k must be a whole number from 1 to 26; it stays 3."),
                                          ("7", 7, "")])
def test_the_k_box_keeps_k_in_range_and_says_so(browser, fruit_explorer, typed, k, note):
    with open_harness(browser, fruit_explorer) as (page, errors):
        drag(page, "pear", 0.3, 0.3)
        box = page.locator(".pis-k input")
        box.fill(typed)
        box.press("Enter")
        assert box.input_value() == str(k)
        assert page.locator(".pis-note").text_content() == note
        listed, _, _ = shown(page)
        assert len(listed) == k
        saved = page.evaluate("() => model.saves.filter((s) => 'k' in s).map((s) => s.k)")
        assert saved == ([] if k == 3 else [k])
        assert not errors, errors


def test_the_k_box_refuses_text(browser, fruit_explorer):
    """Typed letters never reach k (a number box holds no text): k stays, with the note."""
    with open_harness(browser, fruit_explorer) as (page, errors):
        box = page.locator(".pis-k input")
        box.fill("")
        box.press_sequentially("abc", delay=20)    # chromium keeps no letters in a number box
        box.press("Enter")
        assert box.input_value() == "3"
        assert page.locator(".pis-note").text_content() == "k must be a whole number from 1 to 26; it stays 3."
        box.fill("")
        box.press_sequentially("4e", delay=20)     # 'e' is kept (an exponent), and "4e" is no number
        box.press("Enter")
        assert box.input_value() == "3" and "it stays 3" in page.locator(".pis-note").text_content()
        assert not errors, errors


def test_hidden_labels_show_on_hover_and_a_dragged_point_is_named(browser, words_explorer):
    with open_harness(browser, words_explorer) as (page, errors):
        cloud = page.locator("circle.pis-dot:not(.pis-named)").nth(40)
        name = page.evaluate("(i) => [...document.querySelectorAll('circle.pis-dot:not(.pis-named)')][i].dataset.id", 40)
        want = words_explorer.space.names[int(name)]
        b = cloud.bounding_box()
        page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
        hover = page.locator(".pis-hover-label")
        assert hover.count() == 1 and hover.text_content() == want
        page.mouse.move(5, 5)
        assert page.locator(".pis-hover-label").count() == 0
        listed, x, y = drag(page, int(name), 0.5, 0.5)
        label = page.locator(".pis-near-label.pis-label-active")
        assert label.text_content() == want and label.evaluate("e => e.style.display") != "none"
        assert_equals_python(words_explorer, listed, x, y, want)
        assert not errors, errors


def test_a_drop_outside_the_plot_stays_inside_with_a_note(browser, fruit_explorer):
    with open_harness(browser, fruit_explorer) as (page, errors):
        dot = page.locator('circle[data-name="pear"]')
        b, f = dot.bounding_box(), page.locator("rect.pis-frame").bounding_box()
        page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
        page.mouse.down()
        page.mouse.move(f["x"] + f["width"] + 80, f["y"] - 60, steps=8)
        page.mouse.up()
        page.wait_for_timeout(50)
        assert page.locator(".pis-note").text_content() == "Released outside the plot: pear stays at its edge."
        d = dot.bounding_box()
        assert f["x"] <= d["x"] and d["x"] + d["width"] <= f["x"] + f["width"] + 0.5
        assert f["y"] - 0.5 <= d["y"] and d["y"] + d["height"] <= f["y"] + f["height"]
        listed, x, y = shown(page)
        assert 9.5 < x <= 10 and 9.5 < y <= 10
        assert_equals_python(fruit_explorer, listed, x, y, "pear")
        assert not errors, errors


@pytest.mark.parametrize("width", [380, 600, 1000])
def test_the_plot_takes_the_width_it_is_given(browser, fruit_explorer, width):
    """Narrow: the panel goes under the plot, which fills the width; wide: side by side at
    the widget's own size. Nothing overflows, no text is under 11 px, and a drop lands under
    the pointer."""
    with open_harness(browser, fruit_explorer, width=width) as (page, errors):
        box = page.locator(".pis-explorer")
        svg = page.locator("svg.pis-plot").bounding_box()
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        narrow = "pis-narrow" in box.get_attribute("class")
        assert narrow == (width < 420 + 240 + 12)
        assert svg["width"] == (min(640, width) if narrow else 640)
        assert min(page.evaluate("() => [...document.querySelectorAll('.pis-explorer text, .pis-explorer li')]"
                                 ".map((e) => parseFloat(getComputedStyle(e).fontSize))")) >= 11
        listed, x, y = drag(page, "pear", 0.25, 0.75)
        assert abs(x - 2.5) < 10 / svg["width"] and abs(y - 7.5) < 10 / svg["height"], (x, y)
        ARTIFACTS.mkdir(exist_ok=True)
        box.screenshot(path=str(ARTIFACTS / f"explorer-harness-{width}px.png"))
        assert not errors, errors
