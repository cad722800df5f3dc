"""The course website (tools/build_site.py, `make site`) in a real browser: Debian's chromium
driven by Playwright, every page opened from a local web server AND from file://.

* every page loads with no console error, every widget renders from its stored state, and no
  request goes anywhere but the site itself (every request is recorded);
* a drag of each explorer (notebooks 00, 01, 03, 04 and 07) lists the neighbours that
  Python's ``neighbours_at`` gave the build for the same drop (site/_probes/*.json: names in
  order; distances within what a pixel's difference in the drop can change);
* every page passes axe-core's checks (injected from npm, pinned in tools/site) with no serious
  or critical violation;
* it is readable on a phone: at 400 px no page scrolls sideways (wide code and widgets scroll in
  their own box). Screenshots at 1400 px and 400 px go to test-artifacts/site/.

Pages from file:// are opened with the browser's networking off (Playwright's offline mode).

`make site-test` builds site/ and runs this file on it (SITE_DIR); without SITE_DIR the tests
build the site into a temporary folder first, so they never read a stale one.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.site]

ARTIFACTS = ROOT / "test-artifacts" / "site"
AXE = ROOT / "tools" / "site" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index"] + [p.stem for p in NOTEBOOKS]
DRAGGED = [p.stem for p in NOTEBOOKS if p.name[:2] in ("00", "01", "03", "04", "07")]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    given = os.environ.get("SITE_DIR")
    if given:
        folder = Path(given)
        if not (folder / "index.html").exists():
            pytest.fail(f"SITE_DIR={given} holds no built site: run `make site` first")
        return folder
    folder = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(folder)],
                         capture_output=True, text=True)
    if run.returncode:
        pytest.fail("building the site failed:\n" + run.stdout[-3000:] + run.stderr[-3000:])
    return folder


@pytest.fixture(scope="module")
def server(site):
    """A quiet local web server for ``site`` on 127.0.0.1; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def base_url(origin: str, site: Path, server: str) -> str:
    return server if origin == "server" else site.resolve().as_uri()


def probes(site: Path, stem: str) -> list:
    path = site / "_probes" / f"{stem}.json"
    return json.loads(path.read_text()) if path.exists() else []


class Visit:
    """A page opened in a fresh browser page, with every request, console error and page error
    recorded, and its widgets rendered."""

    def __init__(self, browser, url: str, base: str, width: int = 1400):
        # a page from file:// is opened with the browser's networking off, as a reader offline has it
        self.context = browser.new_context(viewport={"width": width, "height": 900}, offline=url.startswith("file:"))
        self.page = self.context.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "assert") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.base = base
        self.page.goto(url)
        self.wait_for_widgets()

    def wait_for_widgets(self) -> None:
        pg = self.page
        if pg.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
            pg.wait_for_function("document.documentElement.dataset.widgets === 'ready'", timeout=60_000)
            # anywidget renders an explorer once its module is loaded: wait for every one
            pg.wait_for_function("""() => [...document.querySelectorAll('.pis-widget')].every(
                w => !w.querySelector('.pis-widget-fallback') && w.querySelector('.widget-subarea *'))""",
                                 timeout=60_000)
            pg.wait_for_function("""(n) => document.querySelectorAll('.pis-explorer').length >= n""",
                                 arg=pg.locator('.pis-widget[data-kind^="explorer"]').count(), timeout=60_000)

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base) or u.startswith(("data:", "blob:")))]

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("origin", ["server", "file"])
@pytest.mark.parametrize("stem", PAGES)
def test_page_loads_offline_and_renders_every_widget(browser, site, server, origin, stem):
    base = base_url(origin, site, server)
    visit = Visit(browser, f"{base}/{stem}.html", base)
    try:
        pg = visit.page
        assert not visit.errors, f"{stem} ({origin}): " + "; ".join(visit.errors[:3])
        assert not visit.foreign(), f"{stem} ({origin}) asked another host: {visit.foreign()[:5]}"
        assert any(u.endswith(f"{stem}.html") for u in visit.requests)
        if stem != "index":
            assert pg.locator(".jp-Cell").count() > 5, "the notebook's cells are not on the page"
            n_widgets = pg.locator(".pis-widget").count()
            assert pg.locator(".pis-widget-fallback").count() == 0, "a widget did not render"
            kernel_only = pg.locator('.pis-widget[data-kind="kernel"], .pis-widget[data-kind="explorer+"]').count()
            assert pg.locator(".pis-needs-kernel").count() == kernel_only, \
                "every widget that needs a kernel says so in one line"
            for link in pg.locator(".pis-needs-kernel").all():
                hrefs = [a.get_attribute("href") for a in link.locator("a").all()]
                assert any("mybinder.org" in h for h in hrefs) and any("colab" in h for h in hrefs)
            if n_widgets:
                assert pg.locator(".widget-subarea").count() == n_widgets
        # launch links on every page, previous/next on the notebook pages
        hrefs = [a.get_attribute("href") for a in pg.locator("a").all()]
        assert any(h.startswith("https://mybinder.org/v2/gh/") for h in hrefs)
        assert any(h.startswith("https://colab.research.google.com/github/") for h in hrefs)
        i = PAGES.index(stem)
        if i > 1:
            assert pg.locator(f'a[rel="prev"][href="{PAGES[i - 1]}.html"]').count() == 2
        if 0 < i < len(PAGES) - 1 or stem == "index":
            assert pg.locator(f'a[rel="next"][href="{PAGES[i + 1]}.html"]').count() >= 1
        if origin == "server":
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"{stem}-1400.png"), full_page=True)
            pg.set_viewport_size({"width": 400, "height": 800})
            pg.wait_for_timeout(200)
            wide = pg.evaluate("document.documentElement.scrollWidth")
            assert wide <= 401, f"{stem} scrolls sideways on a phone ({wide} px wide at 400 px)"
            pg.screenshot(path=str(ARTIFACTS / f"{stem}-400.png"), full_page=True)
    finally:
        visit.close()


def drag(pg, explorer, probe: dict, drop: dict):
    """Drag point drop["id"] with the mouse to (x, y) on the plot; returns the listed names and
    distances and the drop position the page reports, or None when another dot covers it."""
    dot = explorer.locator(f'circle[data-id="{drop["id"]}"]')
    dot.scroll_into_view_if_needed()
    box = dot.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hit = pg.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); return e && e.getAttribute('data-id'); }",
                      [cx, cy])
    if hit != str(drop["id"]):
        return None
    frame = explorer.locator(".pis-frame").bounding_box()
    x0, x1, y0, y1 = probe["bounds"]
    tx = frame["x"] + (drop["x"] - x0) / (x1 - x0) * frame["width"]
    ty = frame["y"] + frame["height"] - (drop["y"] - y0) / (y1 - y0) * frame["height"]
    pg.mouse.move(cx, cy)
    pg.mouse.down()
    pg.mouse.move(tx, ty, steps=8)
    pg.mouse.up()
    items = explorer.locator(".pis-list li")
    names = [t.strip() for t in items.locator(".pis-name").all_inner_texts()]
    dists = [float(t) for t in items.locator(".pis-dist").all_inner_texts()]
    active = explorer.locator(".pis-active")
    return names, dists, float(active.get_attribute("data-x")), float(active.get_attribute("data-y"))


@pytest.mark.parametrize("origin", ["server", "file"])
@pytest.mark.parametrize("stem", DRAGGED)
def test_drag_lists_pythons_neighbours(browser, site, server, origin, stem):
    """Round n drags the n-th stored drop of every explorer on a freshly loaded page (so each drop
    starts from the stored state, as Python's did). A drop whose dot another dot covers cannot be
    grabbed with a mouse and is passed over; every explorer must check at least two."""
    explorers = [p for p in probes(site, stem) if p["drops"]]
    assert explorers and len(explorers) == len(probes(site, stem)), \
        f"the build stored no drops for an explorer of {stem}"
    base = base_url(origin, site, server)
    checked = {p["model_id"]: 0 for p in explorers}
    for n in range(max(len(p["drops"]) for p in explorers)):
        todo = [p for p in explorers if n < len(p["drops"]) and checked[p["model_id"]] < 3]
        if not todo:
            break
        visit = Visit(browser, f"{base}/{stem}.html", base)
        try:
            pg = visit.page
            for probe in todo:
                drop = probe["drops"][n]
                holder = pg.locator(f'.pis-widget[data-model-id="{probe["view_model_id"]}"]')
                explorer = holder.locator(".pis-explorer")
                assert explorer.get_attribute("data-mode") == "page"
                got = drag(pg, explorer, probe, drop)
                if got is None:
                    continue
                names, dists, x, y = got
                x0, x1, y0, y1 = probe["bounds"]
                assert abs(x - drop["x"]) <= 0.005 * (x1 - x0) and abs(y - drop["y"]) <= 0.005 * (y1 - y0), \
                    f"{drop['name']} landed at ({x}, {y}), not near ({drop['x']}, {drop['y']})"
                where = f"{stem} ({origin}), {probe['title'] or 'explorer'}: {drop['name']} → ({x:.3f}, {y:.3f})"
                assert names == drop["names"], f"{where}: page {names} vs Python {drop['names']}"
                for r, (d, want, tol) in enumerate(zip(dists, drop["distances"], drop["tolerance"])):
                    assert abs(d - want) <= tol + 6e-4, f"{where}: distance {r + 1} {d} vs Python {want:.4f}"
                checked[probe["model_id"]] += 1
            assert not visit.errors, "; ".join(visit.errors[:3])
            assert not visit.foreign(), f"asked another host: {visit.foreign()[:5]}"
            if origin == "server" and n == 0:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                first = pg.locator(".pis-explorer").first
                first.scroll_into_view_if_needed()
                first.screenshot(path=str(ARTIFACTS / f"{stem}-dragged.png"))
        finally:
            visit.close()
    short = {p["title"] or p["model_id"]: checked[p["model_id"]] for p in explorers if checked[p["model_id"]] < 2}
    assert not short, f"explorers with fewer than two drops checked (their dots covered): {short}"


@pytest.mark.parametrize("stem", PAGES)
def test_axe_finds_no_serious_violation(browser, site, server, stem):
    assert AXE.exists(), "axe-core is missing: `make site` installs tools/site's npm packages"
    visit = Visit(browser, f"{server}/{stem}.html", server)
    try:
        pg = visit.page
        pg.add_script_tag(content=AXE.read_text())   # inline: nothing fetched
        result = pg.evaluate("""async () => {
            const r = await axe.run(document, { resultTypes: ['violations'] });
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
        }""")
        assert not result, f"{stem}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
                                                   for v in result)
    finally:
        visit.close()


# -- colour-blind readers: the dragged point and its neighbours against the cloud ------------------
# Machado, Oliveira & Fernandes (2009) matrices for full protanopia, deuteranopia and tritanopia,
# applied to linear RGB; distances in CIE L*a*b* (ΔE 1976). 20 is a clearly visible difference.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _lab(rgb):
    import numpy as np

    lin = np.clip(np.asarray(rgb, float), 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _linear(css: str):
    import re as _re

    r, g, b = (int(v) / 255 for v in _re.findall(r"\d+", css)[:3])
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]


def test_highlight_colours_stay_distinct_for_colour_blind_readers(browser, site, server):
    import numpy as np

    stem = "01_fruit_coordinates"
    probe = probes(site, stem)[0]
    visit = Visit(browser, f"{server}/{stem}.html", server)
    try:
        pg = visit.page
        explorer = pg.locator(f'.pis-widget[data-model-id="{probe["view_model_id"]}"] .pis-explorer')
        colours = explorer.evaluate("""(root) => {
            const style = (sel, prop) => { const e = root.querySelector(sel); return e && getComputedStyle(e)[prop]; };
            return { cloud: style('.pis-dot:not(.pis-dragged)', 'fill'), dragged: style('.pis-dot.pis-dragged', 'fill'),
                     ring: style('.pis-ring', 'stroke'), link: style('.pis-link', 'stroke') };
        }""")
    finally:
        visit.close()
    assert all(colours.values()), f"the stored drag shows a dragged dot, rings and links: {colours}"
    for name, matrix in CVD.items():
        seen = {k: _lab(np.asarray(matrix) @ _linear(v)) for k, v in colours.items()}
        for part in ("dragged", "ring", "link"):
            delta = float(np.linalg.norm(seen[part] - seen["cloud"]))
            assert delta > 20, f"{part} vs the cloud under {name}: ΔE {delta:.1f} ({colours[part]} vs {colours['cloud']})"


def test_neighbour_list_is_a_live_region(browser, site, server):
    stem = "00_start_here"
    visit = Visit(browser, f"{server}/{stem}.html", server)
    try:
        live = visit.page.locator(".pis-explorer").first.evaluate(
            "(root) => { const l = root.querySelector('.pis-list'); const r = l && l.closest('[aria-live]');"
            " return r ? r.getAttribute('aria-live') : null; }")
        assert live in ("polite", "assertive")
    finally:
        visit.close()
