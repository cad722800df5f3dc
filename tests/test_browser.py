"""A real browser: JupyterLab + Debian's chromium, driven by Playwright.

Starts its own JupyterLab on 127.0.0.1 (on a copy of the notebooks, so nothing in the
repository is modified), runs all of notebook 01, drags *pear* with the mouse, and
checks that the neighbour list in the page changes to the neighbours expected at the
drop position. The screenshot lands in test-artifacts/.
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
    env = kernel_env({"JUPYTER_CONFIG_DIR": str(root / "config"), "JUPYTER_RUNTIME_DIR": str(root / "runtime")})
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
def page(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield pg
        browser.close()


ALL_DONE = """() => {
  const nb = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!nb || !nb.content || !nb.sessionContext.session || !nb.sessionContext.session.kernel) return false;
  const code = nb.content.widgets.filter((c) => c.model.type === 'code');
  return code.length > 0 && code.every((c) => c.model.executionCount !== null)
         && nb.sessionContext.session.kernel.status === 'idle';
}"""


def _stable_box(locator, page):
    """Scroll the element into view until JupyterLab stops moving it; return its box."""
    last = None
    for _ in range(40):
        locator.scroll_into_view_if_needed()
        page.wait_for_timeout(150)
        box = locator.bounding_box()
        if box and last and abs(box["x"] - last["x"]) < 0.5 and abs(box["y"] - last["y"]) < 0.5:
            return box
        last = box
    raise AssertionError("the point never stopped moving on screen")


def test_drag_a_fruit_in_jupyterlab(lab, page):
    import numpy as np

    import helpers
    from helpers.projections import Plane
    from helpers.widgets import neighbours_at

    page.goto(f"{lab}/lab/tree/01_fruit_coordinates.ipynb")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.isReady", timeout=90_000)
    news = page.get_by_role("button", name="No")   # JupyterLab's "get news?" toast covers the plot
    if news.count():
        news.first.click()
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_DONE, timeout=120_000, polling=500)

    explorer = page.locator(".pis-explorer").last
    pear = explorer.locator('circle[data-name="pear"]')
    pear.wait_for(state="attached", timeout=30_000)
    items = explorer.locator(".pis-list li .pis-name")
    before = [t.strip() for t in items.all_text_contents()]

    # drag pear to (sweet 1.5, crunchy 3): next to lime and lemon, far from apple
    box = _stable_box(pear, page)
    frame = explorer.locator("rect.pis-frame")
    fb = frame.bounding_box()
    target_x = fb["x"] + fb["width"] * 1.5 / 10
    target_y = fb["y"] + fb["height"] * (1 - 3 / 10)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 21):
        f = step / 20
        page.mouse.move(box["x"] + (target_x - box["x"]) * f, box["y"] + (target_y - box["y"]) * f)
        page.wait_for_timeout(25)
    page.mouse.move(target_x, target_y)
    page.mouse.up()

    page.wait_for_function("""(before) => {
        const names = [...document.querySelectorAll('.pis-explorer')].pop().querySelectorAll('.pis-list li .pis-name');
        const now = [...names].map((n) => n.textContent.trim());
        const active = [...document.querySelectorAll('.pis-explorer')].pop().querySelector('.pis-active').textContent;
        return active.startsWith('pear at') && now.length === 3 && now.join() !== before.join();
    }""", arg=before, timeout=15_000)
    shown = [t.strip() for t in items.all_text_contents()]
    active = explorer.locator(".pis-active").text_content()
    x, y = map(float, re.search(r"pear at \(([-\d.]+), ([-\d.]+)\)", active).groups())
    assert abs(x - 1.5) < 0.3 and abs(y - 3) < 0.3, active

    # the neighbours expected at the drop position, computed in 3-D by the course's own function,
    # with onion where the notebook's cell `explorer.drag("onion", 8, 3)` left it
    space = helpers.fruit_space()
    plane = Plane.axes(space, "sweet", "crunchy")
    moved = {space.index("onion"): np.array([8, 3, 3], dtype=np.float32)}
    idx, _, _ = neighbours_at(space, plane, space.index("pear"), x, y, k=3, metric="euclidean", moved=moved)
    expected = [space.names[i] for i in idx]
    assert shown == expected, (shown, expected)
    assert shown != before
    assert explorer.locator("line.pis-link").count() == 3

    ARTIFACTS.mkdir(exist_ok=True)
    explorer.screenshot(path=str(ARTIFACTS / "explorer-drag.png"))
    page.screenshot(path=str(ARTIFACTS / "jupyterlab-page.png"))
