"""Build the course as a static website in site/ (`make site`): every notebook executed from a
fresh kernel, offline, as the tests run it, with its widgets' last state stored in the page, so
that every explorer still answers drags with no kernel and no install.

    python tools/build_site.py                 # all notebooks into site/
    python tools/build_site.py --only 00 01    # some notebooks (the index still lists them all)

What it writes (all of it generated; site/ is not committed):
    site/index.html              what the course is, the README's notebook table, how to run it
    site/NN_slug.html            one page per notebook: prose, code, outputs, figures, live widgets
    site/_static/                the widget runtime (tools/site/widgets.js bundled by esbuild:
                                 Jupyter's HTML widget manager and anywidget's front end, from npm,
                                 pinned by tools/site/package-lock.json), its CSS and the site's CSS
    site/_probes/NN_slug.json    per explorer, drops and the neighbours Python's ``neighbours_at``
                                 gives for them: tests/test_site.py drags the page and compares

Pages load only files of the site, through classic <script>/<link> tags (no ES modules, no
fetch), so they work from a web server and from file://. The build prints every page's size
and the site's, and fails when a page passes 10 MB or the site 60 MB.
"""
from __future__ import annotations

import argparse
import base64
import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from notebook_runner import cell_problems, run_notebook  # noqa: E402

SITE_SRC = ROOT / "tools" / "site"
NOTEBOOKS = ROOT / "notebooks"
PAGE_LIMIT = 10 * 10**6
SITE_LIMIT = 60 * 10**6
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _repository() -> str:
    """owner/name of the course's repository, from its one place: [project.urls] in pyproject.toml."""
    url = re.search(r'Repository = "([^"]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    return url.rstrip("/").split("github.com/", 1)[1]


REPO = _repository()


def binder_url(stem: str) -> str:
    return f"https://mybinder.org/v2/gh/{REPO}/main?labpath=notebooks%2F{stem}.ipynb"


def colab_url(stem: str) -> str:
    return f"https://colab.research.google.com/github/{REPO}/blob/main/notebooks/{stem}.ipynb"


# -- the widget runtime ---------------------------------------------------------------------------
def bundle(static: Path) -> None:
    """npm ci (when the lock file changed) and esbuild tools/site/widgets.js into static/."""
    static = static.resolve()
    modules = SITE_SRC / "node_modules"
    stamp = modules / ".package-lock.json"
    lock = SITE_SRC / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=SITE_SRC, check=True)
    esbuild = modules / ".bin" / "esbuild"
    subprocess.run([str(esbuild), "widgets.js", "--bundle", "--format=iife", "--minify", "--log-level=warning",
                    "--legal-comments=external", f"--outfile={static / 'widgets.js'}",
                    "--loader:.svg=text", "--loader:.woff=file", "--loader:.woff2=file", "--loader:.ttf=file",
                    "--loader:.eot=file", "--define:process.env.NODE_ENV=\"production\"",
                    "--define:global=globalThis"], cwd=SITE_SRC, check=True)
    from pygments.formatters import HtmlFormatter

    css = (SITE_SRC / "site.css").read_text()
    css += "\n/* code colours: pygments' 'default' style */\n" + HtmlFormatter(style="default").get_style_defs(".highlight")
    (static / "site.css").write_text(css)


# -- probing the explorers in the kernel ----------------------------------------------------------
# Run after the notebook's last cell, in the same kernel: for every explorer whose page computes
# the neighbours, a few drops of labelled points and what Python's neighbours_at lists for each,
# with the points the notebook had moved (the page starts from the same stored moves). A drop is
# kept only when its list keeps the same names in the same order anywhere within 0.5 % of the
# plot's width and height around it (about 3 pixels), so a mouse that lands a pixel off gives the same list; the
# tolerance of each distance is how much it changes there.
PROBE = r'''
TOL = 0.005
TARGETS = [(0.3, 0.7), (0.7, 0.3), (0.5, 0.5), (0.25, 0.25), (0.75, 0.75), (0.4, 0.35)] + [
    (fx / 10, fy / 10) for fx in range(1, 10) for fy in range(1, 10)]

def _pis_probe():
    import gc, json
    import numpy as np
    from helpers.widgets import Explorer, neighbours_at
    out = []
    for e in [o for o in gc.get_objects() if isinstance(o, Explorer)]:
        if not e.in_page or e.comm is None:
            continue
        x0, x1, y0, y1 = e.bounds
        dx, dy = TOL * (x1 - x0), TOL * (y1 - y0)
        labelled = [(i, t) for i, t in zip(e.ids, e.texts) if t]
        step = max(1, len(labelled) // 6)
        drops = []
        for i, name in labelled[::step]:
            px, py = e._xy(i)
            for fx, fy in TARGETS:
                x, y = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
                if abs(x - px) < 0.15 * (x1 - x0) and abs(y - py) < 0.15 * (y1 - y0):
                    continue
                idx, dist, _ = neighbours_at(e.space, e.plane, i, x, y, e.k, e.metric, e._moved)
                names = [e.space.names[j] for j in idx]
                worst = np.zeros(len(idx))
                stable = True
                for ox in (-dx, 0, dx):
                    for oy in (-dy, 0, dy):
                        j2, d2, _ = neighbours_at(e.space, e.plane, i, x + ox, y + oy, e.k, e.metric, e._moved)
                        if list(j2) != list(idx):
                            stable = False
                            break
                        worst = np.maximum(worst, np.abs(d2 - dist))
                    if not stable:
                        break
                if stable:
                    drops.append({"id": int(i), "name": name, "x": float(x), "y": float(y), "names": names,
                                  "distances": [float(d) for d in dist],
                                  "tolerance": [float(t) for t in worst]})
                    break
            if len(drops) == 6:
                break
        out.append({"model_id": e.model_id, "title": e.title, "bounds": [float(b) for b in e.bounds],
                    "k": int(e.k), "metric": e.metric, "points": len(e.space), "dim": int(e.space.dim),
                    "drops": drops})
    return out

print("PIS-PROBES " + __import__("json").dumps(_pis_probe()))
'''


# -- widget state: what each displayed widget is, and a lossless packing of its buffers ----------
def _children(state: dict, model_id: str) -> list[str]:
    """The model ids a container's state refers to ("IPY_MODEL_..."), depth first."""
    found, stack, seen = [], [model_id], set()
    while stack:
        mid = stack.pop()
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        found.append(mid)
        text = json.dumps(state[mid]["state"].get("children", []))
        stack.extend(re.findall(r"IPY_MODEL_([0-9a-f]+)", text))
    return found


def widget_kind(state: dict, model_id: str) -> str:
    """'explorer' (drags work in the page), 'explorer+' (an explorer with parts that need the
    kernel, e.g. notebook 08's score line), or 'kernel' (needs a kernel to answer)."""
    ids = _children(state, model_id)
    explorers = [m for m in ids if state[m]["model_name"] == "AnyModel" and state[m]["state"].get("in_page")]
    if not explorers:
        return "kernel"
    others = [m for m in ids if state[m]["model_name"] not in ("AnyModel", "VBoxModel", "HBoxModel", "LayoutModel",
                                                                  "BoxModel")
              and not state[m]["model_name"].endswith("StyleModel")]
    return "explorer+" if others else "explorer"


def pack_state(state: dict) -> dict:
    """Store large binary buffers (an explorer's float32 vectors) smaller, losslessly: their bytes
    regrouped by position within each 4-byte number (all first bytes, then all second bytes, ...;
    the exponent bytes of float32 then compress well) and deflated. The page's widgets.js inflates
    them (the browser's DecompressionStream: no fetch, so file:// works) and puts the bytes back
    in order: the explorer gets exactly the float32 bytes Python sent. Returns per model
    (base64 bytes before, base64 bytes stored)."""
    import zlib

    sizes = {}
    for mid, model in state.items():
        before = after = 0
        for b in model.get("buffers", []):
            before += len(b["data"])
            raw = base64.b64decode(b["data"])
            if len(raw) >= 65536 and len(raw) % 4 == 0:
                shuffled = np.frombuffer(raw, np.uint8).reshape(-1, 4).T.tobytes()
                packed = zlib.compress(shuffled, 9)
                if len(packed) < 0.95 * len(raw):
                    b["data"] = base64.b64encode(packed).decode("ascii")
                    b["pis_packed"] = "shuffle4-deflate"
            after += len(b["data"])
        if before:
            sizes[mid] = (before, after)
    return sizes


# -- pages ----------------------------------------------------------------------------------------
def notebook_title(nb, stem: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return stem


def page(title: str, body: str, stem: str | None, prev, nxt, state_json: str | None) -> str:
    launch = stem or "00_start_here"
    nav = []
    if prev:
        nav.append(f'<a rel="prev" href="{prev[0]}.html">← {html.escape(prev[1])}</a>')
    nav.append('<a href="index.html">All notebooks</a>')
    if nxt:
        nav.append(f'<a rel="next" href="{nxt[0]}.html">{html.escape(nxt[1])} →</a>')
    navhtml = '<nav class="pis-pager" aria-label="{label}">' + " ".join(nav) + "</nav>"
    what = "this notebook" if stem else "the course"
    run_links = (f'<p class="pis-launch">Run {what} yourself: '
                 f'<a href="{binder_url(launch)}">on Binder</a> (no sign-in; takes a minute to start) · '
                 f'<a href="{colab_url(launch)}">on Google Colab</a> (Google sign-in) · '
                 f'or on your machine (<a href="index.html#run-it-yourself">how</a>).</p>')
    state = ""
    if state_json:
        state = (f'<script type="{WIDGET_STATE}">{state_json}</script>\n'
                 '<script src="_static/widgets.js"></script>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · Points in Space</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="_static/widgets.css">
<link rel="stylesheet" href="_static/site.css">
</head>
<body>
<a class="pis-skip" href="#main">Skip to the notebook</a>
<header class="pis-top">
<p class="pis-brand"><a href="index.html">Points in Space</a> · a hands-on companion to the lesson
“Embeddings: turning everything into a point in space”</p>
{run_links}
{navhtml.format(label="Notebooks, top")}
</header>
<main id="main">
{body}
</main>
<footer class="pis-bottom">
{navhtml.format(label="Notebooks, bottom")}
{run_links}
</footer>
{state}
</body>
</html>
"""


def needs_kernel_note(stem: str, kind: str) -> str:
    links = (f'<a href="{binder_url(stem)}">Binder</a> or <a href="{colab_url(stem)}">Colab</a>')
    if kind == "explorer+":
        what = ("Dragging works on this page; the line under the explorer is worked out by Python, so it "
                "shows the notebook's last result: to see it follow your drag, open the notebook on ")
    else:
        what = ("This shows the notebook's last result. Typing your own (or clicking, or moving a slider) "
                "needs Python behind the page: open the notebook on ")
    return f'<p class="pis-needs-kernel">{what}{links}.</p>'


def export_body(nb, stem: str) -> str:
    """The notebook's cells as HTML, by nbconvert with the course's template (tools/site/template)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="pis", extra_template_basedirs=[str(SITE_SRC / "template")])
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb, resources={"pis_stem": stem})
    # a code block or text output wider than the page scrolls in its box: keyboard users reach it
    body = body.replace("<pre>", '<pre tabindex="0">')
    # links between notebooks lead to their pages
    return re.sub(r'href="(?:\./)?(?:\.\./notebooks/)?(\d\d_[A-Za-z0-9_]+)\.ipynb', r'href="\1.html', body)


def mark_widgets(nb, state: dict, stem: str) -> dict:
    """Tell the template, per widget output, what it is: its model id and, for a widget that needs
    a kernel, the one line saying so. Returns {model id: id of the displayed widget holding it}."""
    shown = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if not view:
                continue
            mid = view["model_id"]
            kind = widget_kind(state, mid) if mid in state else "missing"
            for child in _children(state, mid):
                shown.setdefault(child, mid)
            out.setdefault("metadata", {})["pis"] = {
                "model_id": mid, "kind": kind,
                "note": "" if kind == "explorer" else needs_kernel_note(stem, kind if kind != "missing" else "kernel")}
    return shown


def readme_parts() -> dict:
    text = (ROOT / "README.md").read_text()
    intro = text.split("\n## ", 1)[0].split("\n", 1)[1]
    intro = "\n".join(line for line in intro.splitlines() if not line.startswith("[!["))
    table = text.split("\n## The notebooks\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    two = text.split("\n## Two commands\n", 1)[1].split("\n### ", 1)[0]
    return {"intro": intro, "table": table, "two": two}


def markdown(text: str) -> str:
    import mistune

    return mistune.create_markdown(plugins=["table"], escape=False)(text)


def index_page(titles: list[tuple[str, str]]) -> str:
    parts = readme_parts()
    table = parts["table"]
    for stem, _ in titles:
        table = table.replace(f"`{stem}`", f"[{stem}]({stem}.html)")
    body = f"""<article class="pis-index">
<h1>Points in Space</h1>
{markdown(parts["intro"])}
<p>Every notebook of the course is below, shown as it runs: its text, its code, and what the code
printed and drew. The explorers work on these pages: drag a fruit, a word, a review or a film,
and its nearest neighbours in the full space update, computed in your browser. Typing your own
queries (the search boxes, the analogy box, the film board) needs Python behind the page: run
the notebook on Binder, on Colab or on your own machine.</p>
<h2 id="the-notebooks">The notebooks</h2>
<div class="pis-table">
{markdown(table)}
</div>
<h2 id="run-it-yourself">Run it yourself</h2>
<ul>
<li><a href="{binder_url('00_start_here')}">Open the course on Binder</a>: nothing to install, no sign-in;
it takes a minute or two to start.</li>
<li><a href="{colab_url('00_start_here')}">Open it on Google Colab</a>: needs a Google account; the first
cell of each notebook installs the course.</li>
<li>On your own machine (Debian/Ubuntu-like, Python 3.10+ and <code>make</code>), from a copy of
<a href="https://github.com/{REPO}">the repository</a>:</li>
</ul>
{markdown(parts["two"])}
</article>"""
    return page("Points in Space", body, None, None, (titles[0][0], titles[0][1]) if titles else None, None)


def human(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def build(out: Path, only: list[str] | None) -> int:
    start = time.perf_counter()
    out.mkdir(exist_ok=True)
    for old in list(out.glob("*.html")) + list((out / "_probes").glob("*.json")):
        old.unlink()
    static = out / "_static"
    if static.exists():
        shutil.rmtree(static)
    static.mkdir()
    (out / "_probes").mkdir(exist_ok=True)
    t = time.perf_counter()
    bundle(static)
    print(f"bundle (npm ci when needed + esbuild): {time.perf_counter() - t:.1f} s", flush=True)

    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    titles = []
    import nbformat
    for p in paths:
        titles.append((p.stem, notebook_title(nbformat.read(p, as_version=4), p.stem)))
    chosen = [p for p in paths if not only or p.name[:2] in only]
    failed = []
    report = []
    for p in chosen:
        i = [s for s, _ in titles].index(p.stem)
        nb, seconds, peak = run_notebook(p, widget_state=True, epilogue=PROBE)
        epilogue = nb.cells.pop()
        text = "".join(o.get("text", "") for o in epilogue.outputs if o.get("name") == "stdout")
        probes = json.loads(text.split("PIS-PROBES ", 1)[1]) if "PIS-PROBES " in text else []
        problems = cell_problems(nb)
        if problems:
            failed.append(f"{p.name}: {problems[0]}")
        state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
        sizes = pack_state(state)
        shown = mark_widgets(nb, state, p.stem)
        probes = [dict(pr, view_model_id=shown[pr["model_id"]]) for pr in probes if pr["model_id"] in shown]
        body = export_body(nb, p.stem)
        state_json = None
        if state:
            state_json = json.dumps({"version_major": 2, "version_minor": 0, "state": state},
                                    separators=(",", ":")).replace("</", "<\\/")
        prev = titles[i - 1] if i > 0 else None
        nxt = titles[i + 1] if i + 1 < len(titles) else None
        target = out / f"{p.stem}.html"
        target.write_text(page(titles[i][1], body, p.stem, prev, nxt, state_json))
        for probe in probes:
            before, after = sizes.get(probe["model_id"], (0, 0))
            probe["state_bytes"] = {"buffers_base64_float32": before, "buffers_stored": after}
        (out / "_probes" / f"{p.stem}.json").write_text(json.dumps(probes, indent=1))
        size = target.stat().st_size
        report.append((p.stem, seconds, size, probes))
        expl = "; ".join(f"explorer {pr['points']}×{pr['dim']}: buffers {human(pr['state_bytes']['buffers_base64_float32'])}"
                         f" as float32 base64, {human(pr['state_bytes']['buffers_stored'])} stored, "
                         f"{len(pr['drops'])} probe drops" for pr in probes)
        print(f"{p.stem}: ran in {seconds:.1f} s ({peak / 2**20:.0f} MB peak), page {human(size)}"
              + (f"; {expl}" if expl else ""), flush=True)
    (out / "index.html").write_text(index_page(titles))
    (out / ".nojekyll").write_text("")
    total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"\n{'page':<28}{'size':>10}")
    for f in sorted(out.glob("*.html")):
        print(f"{f.name:<28}{human(f.stat().st_size):>10}")
    for f in sorted(static.iterdir()):
        print(f"{'_static/' + f.name:<28}{human(f.stat().st_size):>10}")
    print(f"{'site total':<28}{human(total):>10}")
    print(f"make site: {time.perf_counter() - start:.0f} s")
    big = [f.name for f in out.glob("*.html") if f.stat().st_size > PAGE_LIMIT]
    if big:
        failed.append(f"pages over {human(PAGE_LIMIT)}: {', '.join(big)}")
    if total > SITE_LIMIT:
        failed.append(f"the site is {human(total)}, over {human(SITE_LIMIT)}")
    for f in failed:
        print(f"✘ {f}")
    return 1 if failed else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "site"))
    ap.add_argument("--only", nargs="*", help="notebook numbers, e.g. 00 01")
    args = ap.parse_args()
    sys.exit(build(Path(args.out), args.only))
