"""A real browser: JupyterLab + Debian's chromium, driven by Playwright.

Starts its own JupyterLab on 127.0.0.1 (on a copy of the notebooks, so nothing in the
repository is modified), runs all of a notebook, drags a point with the mouse, and
checks that the neighbour list in the page changes to the neighbours expected at the
drop position: for fruit on two of three axes (notebook 01) and for a word on the PCA
plane of 50-d GloVe (notebook 04). Screenshots land in test-artifacts/.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, kernel_env

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A fresh JupyterLab server on 127.0.0.1 serving a copy of notebooks/; stopped by its PID."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install -y chromium)")
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           "--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.expose_app_in_browser=True",
           f"--ServerApp.root_dir={root / 'notebooks'}", "--ServerApp.disable_check_xsrf=True"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(root / "lab.log", "w")
    # render every cell (no windowing), so scrolling to a widget never finds it detached
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env = kernel_env({"JUPYTER_CONFIG_DIR": str(root / "config"), "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
                      "JUPYTERLAB_SETTINGS_DIR": str(root / "settings")})
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("JupyterLab exited: " + (root / "lab.log").read_text()[-2000:])
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


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
    const v = mod.lift(S, i, x, y);
    out.push(mod.nearest(S, v, i, k));
    mod.setMoved(S, i, v);
  }
  return out;
}"""


def page_search(browser, space, plane, metric, drops, k):
    """explorer.js's lift + nearest run in chromium for a sequence of drops: [(indices, distances)]."""
    pg = browser.new_page()
    js = (ROOT / "helpers" / "explorer.js").read_bytes()
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
                                  "words-pca-euclidean"])
def test_page_search_equals_python(browser, case):
    """The page's neighbours (helpers/explorer.js) equal neighbours_at's, drop after drop, moved
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

        space = words.words_space(2000)
        plane = (Plane.pca(space) if "pca" in case
                 else Plane.given(space, Plane.pca(space).xy + rng.normal(0, 0.3, (len(space), 2))))
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
    news = page.get_by_role("button", name="No")   # JupyterLab's "get news?" toast covers the plot
    if news.count():
        news.first.click()
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_DONE, timeout=180_000, polling=500)
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
    panel = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    page.wait_for_function("""([name, before, panel]) => {
        const box = [...document.getElementById(panel).querySelectorAll('.pis-explorer')].pop();
        const now = [...box.querySelectorAll('.pis-list li .pis-name')].map((n) => n.textContent.trim());
        return box.querySelector('.pis-active').textContent.startsWith(name + ' at') && now.length > 0
               && now.join() !== before.join();
    }""", arg=[name, before, panel], timeout=15_000)
    # intermediate drops also change the list: read list and position together until they settle
    snapshot = """e => [[...e.querySelectorAll('.pis-list li .pis-name')].map((n) => n.textContent.trim()),
                        +e.querySelector('.pis-active').dataset.x, +e.querySelector('.pis-active').dataset.y]"""
    last = None
    for _ in range(50):
        now = explorer.evaluate(snapshot)
        if now == last:
            break
        last = now
        page.wait_for_timeout(300)
    shown, x, y = last
    return before, shown, x, y


def test_drag_a_fruit_in_jupyterlab(lab, page):
    import numpy as np

    import helpers
    from helpers.projections import Plane
    from helpers.widgets import neighbours_at

    explorer = open_and_run_all(page, lab, "01_fruit_coordinates.ipynb")
    # drag pear to (sweet 1.5, crunchy 3): next to lime and lemon, far from apple
    before, shown, x, y = drag_with_mouse(page, explorer, "pear", (0.15, 0.3))
    assert abs(x - 1.5) < 0.3 and abs(y - 3) < 0.3, (x, y)
    assert re.match(r"pear at \(1\.\d\d, [23]\.\d\d\)", explorer.locator(".pis-active").text_content())

    # the neighbours expected at the drop position, computed in 3-D by the course's own function,
    # with onion where the notebook's cell `explorer.drag("onion", 8, 3)` left it
    space = helpers.fruit_space()
    plane = Plane.axes(space, "sweet", "crunchy")
    moved = {space.index("onion"): np.array([8, 3, 3], dtype=np.float32)}
    idx, _, _ = neighbours_at(space, plane, space.index("pear"), x, y, k=3, metric="euclidean", moved=moved)
    expected = [space.names[i] for i in idx]
    assert shown == expected and shown != before, (before, shown, expected)
    assert explorer.locator("line.pis-link").count() == 3

    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-drag.png"))
    page.screenshot(path=str(ARTIFACTS / "jupyterlab-page.png"))


def test_drag_a_word_on_the_pca_plane(lab, page):
    import json

    explorer = open_and_run_all(page, lab, "04_analogies.ipynb")
    reset = explorer.locator(".pis-reset")           # the notebook moved king from code; start clean
    reset.evaluate("e => e.click()")
    explorer.locator(".pis-list li").first.wait_for(state="detached", timeout=10_000)
    before, shown, x, y = drag_with_mouse(page, explorer, "queen", (0.8, 0.2))

    # expected: the notebook's own space, searched in all 50 dimensions by Space.nearest
    # (a different code path from the widget's) at the full-space point the drop means
    code = ("import json; _i = space.index('queen'); _v = explorer.plane.lift(_i, %r, %r); "
            "print(json.dumps(list(space.nearest(_v, k=len(explorer.neighbours), metric='cosine', "
            "exclude=['queen']).index)))" % (x, y))
    expected = json.loads(page.evaluate(KERNEL_PRINT, code))
    assert shown == expected, (shown, expected)
    assert len(shown) == 6 and explorer.locator("line.pis-link").count() == 6
    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-words.png"))
