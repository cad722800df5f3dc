"""Drag latency of the explorer in a real browser (Debian's chromium, driven by Playwright).

    .venv/bin/python bench/bench_drag.py                 # all of it
    .venv/bin/python bench/bench_drag.py --search-only   # only the in-page search, no JupyterLab
    .venv/bin/python bench/bench_drag.py --sizes 20000   # only these GloVe sizes in JupyterLab

1. **In-page search** (no JupyterLab): helpers/explorer_js/search.js's own `search` (lift + k nearest,
   k = 10, cosine, PCA plane: the affine shortcut, three numbers per row) in chromium, per pointer
   move, in drags of 20 moves each after the press's one-off `prepare`, for 1k / 20k / 100k /
   400k GloVe words × 50-d and 5k × 384-d; with the bytes the kernel sends (and how long they take
   at 20 Mbit/s) and the bytes the page holds. This decides ``helpers.widgets``' page limits.
2. **Drag in JupyterLab**: a fresh JupyterLab on 127.0.0.1 shows ``helpers.explore`` of the n most
   common GloVe words (``helpers.words.words_space(n)``, PCA plane, cosine, k = 10); the mouse drags
   a labelled word in small steps every ~16 ms. A MutationObserver on the neighbour list records
   ``performance.now()`` of every change, and a capture listener records each pointer move and
   where it went; "caught up" = time from a pointer event until the list shows that position or a
   newer one. Reported: median and p90 over the moves, and how many positions the list showed.
   Each size runs with the page computing (the default), with the kernel computing (forced
   fallback, ``in_page=False``), and both again with 150 ms added to every kernel message in each
   direction (the page's WebSocket is wrapped so frames are delivered 150 ms late).

   At 400k the vectors (76 MiB) are not in the widget's state: the page asks for them once it
   shows, and the drag starts when they have arrived (the table says after how long, on loopback).

Targets (not asserts): median ≤ 16 ms and p90 ≤ 33 ms at 20k, 100k and 400k, with and without
the delay. Timings on a busy machine are inflated; the table says what it measured.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

from common import ROOT, table

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from lab_server import CHROMIUM, CHROMIUM_ARGS, start_lab, stop_lab  # noqa: E402


def glove(n: int):
    from helpers import words

    return words.words_space(n)


# -- 1. the in-page search alone ----------------------------------------------------------
SEARCH = """async ([n, d, k, moves, synthetic]) => {
  const mod = await import('/explorer.js');
  let buf;
  if (synthetic) {   // too big to pass through Playwright: the page makes random rows of the same size
    const a = new Float32Array(n * d);
    for (let j = 0; j < a.length; j++) a[j] = Math.random() - 0.5;
    buf = a.buffer;
  } else buf = await (await fetch('/vectors.bin')).arrayBuffer();
  const xy = new Float32Array(await (await fetch('/xy.bin')).arrayBuffer());
  const comps = new Float32Array(await (await fetch('/comps.bin')).arrayBuffer());
  const t0 = performance.now();
  const S = mod.makeSpace({ n, dim: d, metric: 'cosine', kind: 'pca', dims: [], vectors: new Float32Array(buf), xy,
                            components: comps });
  const build = performance.now() - t0;
  const times = [], prepares = [];
  let seed = 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let drag = 0; drag * 20 < moves; drag++) {   // a drag: the press gets ready, then 20 moves
    const i = Math.floor(rnd() * n);
    let t = performance.now();
    mod.prepare(S, i);
    prepares.push(performance.now() - t);
    for (let m = 0; m < 20; m++) {
      const x = xy[2 * i] + (rnd() - 0.5), y = xy[2 * i + 1] + (rnd() - 0.5);
      t = performance.now();
      const [, , v] = mod.search(S, i, x, y, k);
      times.push(performance.now() - t);
      if (m === 19) mod.setMoved(S, i, v);
    }
  }
  const held = S.raw.byteLength + xy.byteLength + (S.P ? 2 * S.P.byteLength : 0) + S.inv.byteLength + S.sq.byteLength
               + (S.base ? S.base.A.byteLength : 0);
  return { build, times, prepares, held };
}"""


def search_in_chromium(browser, vectors: np.ndarray, moves: int = 200, k: int = 10, synthetic: bool = False) -> dict:
    """Median / p90 ms of one move (lift + k nearest) run by the explorer's module in chromium."""
    from helpers import Space
    from helpers._javascript import explorer_module
    from helpers.projections import Plane

    n, d = vectors.shape
    space = Space([str(i) for i in range(n)], vectors)
    plane = Plane.pca(space)
    files = {"/explorer.js": (explorer_module().encode(), "text/javascript"),
             "/vectors.bin": (b"" if synthetic else vectors.astype(np.float32).tobytes(), "application/octet-stream"),
             "/xy.bin": (plane.xy.astype(np.float32).tobytes(), "application/octet-stream"),
             "/comps.bin": (plane.components.astype(np.float32).tobytes(), "application/octet-stream"),
             "/": (b"<!doctype html><title>search</title>", "text/html")}
    page = browser.new_page()
    page.route("http://bench.local/**", lambda route: route.fulfill(
        body=files[route.request.url[len("http://bench.local"):]][0],
        content_type=files[route.request.url[len("http://bench.local"):]][1]))
    page.goto("http://bench.local/")
    out = page.evaluate(SEARCH, [n, d, k, moves, synthetic])
    page.close()
    times = sorted(out["times"][5:])   # the first moves warm the JIT up
    return {"median": statistics.median(times), "p90": times[int(0.9 * (len(times) - 1))], "build": out["build"],
            "prepare": statistics.median(out["prepares"]), "sent": n * d * 4 + n * 8, "held": out["held"]}


def bench_search() -> str:
    from playwright.sync_api import sync_playwright

    from helpers import words

    kv = words.vectors()
    cases = [(f"{n:,} × 50 (GloVe)", np.asarray(kv.vectors[:n], dtype=np.float32))
             for n in (1_000, 20_000, 100_000)]
    # 80 MB does not pass through Playwright's route (the page closes): the page makes the rows
    cases.append(("400,000 × 50 (rows made in the page)", np.asarray(kv.vectors, dtype=np.float32)))
    cases.append(("5,000 × 384 (random)", np.random.default_rng(0).normal(size=(5000, 384)).astype(np.float32)))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, vectors in cases:
            t = time.perf_counter()
            try:
                r = search_in_chromium(browser, vectors, synthetic="made in the page" in label)
                rows.append([label, f"{r['median']:.2f}", f"{r['p90']:.2f}", f"{r['prepare']:.1f}", f"{r['build']:.0f}",
                             f"{r['sent'] / 2**20:.1f}", f"{r['sent'] * 8 / 20e6:.1f}", f"{r['held'] / 2**20:.1f}"])
            except Exception as exc:  # report, don't stop the table
                rows.append([label, f"failed: {type(exc).__name__}: {str(exc)[:60]}", "", "", "", "", "", ""])
                browser.close()
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"  {label}: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        browser.close()
    return table(["space", "move: lift + top-10, median (ms)", "p90 (ms)", "press: get ready (ms)", "page setup (ms)",
                  "sent to the page (MB)", "at 20 Mbit/s (s)", "held by the page (MB)"], rows)


# -- 2. dragging in JupyterLab ---------------------------------------------------------------
# Every WebSocket of the page delivers and sends its frames `delay` ms late (order kept).
DELAY_WS = """(delay) => {
  const Native = window.WebSocket;
  class Slow extends Native {
    constructor(...a) {
      super(...a);
      const fire = (fn, ev) => setTimeout(() => fn.call(this, ev), delay);
      const wrap = (fn) => (fn ? (ev) => fire(fn, ev) : fn);
      let onmsg = null;
      Object.defineProperty(this, 'onmessage', { get: () => onmsg, set: (fn) => { onmsg = fn; super.onmessage = wrap(fn); } });
      const add = this.addEventListener.bind(this);
      this.addEventListener = (type, fn, opts) => add(type, type === 'message' ? wrap(fn) : fn, opts);
    }
    send(data) { setTimeout(() => super.send(data), delay); }
  }
  window.WebSocket = Slow;
}"""

NOTEBOOK_CODE = """import helpers
from helpers import words
space = words.words_space({n} if {n} < 400_000 else None, include=["king", "queen", "paris", "walk"])
explorer = helpers.explore(space, k=10, axes="pca", metric="cosine", labels=["king", "queen", "paris", "walk"],
                           in_page={in_page}, title="{n} words")
explorer"""

OBSERVE = """(box) => {
  const rec = { moves: [], shows: [] };
  const active = box.querySelector('.pis-active');
  box.querySelector('svg').addEventListener('pointermove', (ev) => {
    rec.moves.push([ev.timeStamp, performance.now(), ev.clientX, ev.clientY]);
  }, true);
  new MutationObserver(() => {
    rec.shows.push([performance.now(), +active.dataset.x, +active.dataset.y,
                    box.querySelector('.pis-list li .pis-name')?.textContent]);
  }).observe(box.querySelector('.pis-list'), { childList: true, subtree: true, characterData: true });
  window.__rec = rec;
}"""


def _notebook(path: Path, n: int, in_page: bool) -> None:
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": NOTEBOOK_CODE.format(n=n, in_page=in_page)}
    nb = {"cells": [cell], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                       "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))


def drag_once(page, url: str, name: str, delay: int, steps: int = 120) -> dict:
    page.goto(f"{url}/lab/tree/{name}?reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.isReady", timeout=120_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(".pis-explorer circle[data-name='king']", timeout=300_000)
    box = page.locator(".pis-explorer").last
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
                           " === 'idle'", timeout=120_000)
    t0 = time.perf_counter()   # large spaces: the vectors arrive after the widget shows
    page.wait_for_function("(b) => b.dataset.vectors !== 'asking'", arg=box.element_handle(), timeout=600_000)
    arrived = time.perf_counter() - t0
    mode = box.get_attribute("data-mode")
    box.evaluate(OBSERVE)
    dot = box.locator("circle[data-name='king']")
    dot.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    b = dot.bounding_box()
    frame = box.locator("rect.pis-frame").bounding_box()
    x0, y0 = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    # a loop around the plot: every position differs, so every list change can be matched to a move
    cx, cy = frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2
    rx, ry = frame["width"] * 0.35, frame["height"] * 0.35
    t_next = time.perf_counter()
    for s in range(steps):
        a = 2 * np.pi * s / steps
        page.mouse.move(cx + rx * np.cos(a) * (0.5 + 0.5 * s / steps), cy + ry * np.sin(a) * (0.5 + 0.5 * s / steps))
        t_next += 0.016
        time.sleep(max(0.0, t_next - time.perf_counter()))
    page.mouse.up()
    page.wait_for_timeout(1500 + 2 * delay)
    rec = page.evaluate("() => window.__rec")
    return {"mode": mode, "arrived": arrived, **_caught_up(rec)}


def _caught_up(rec) -> dict:
    """For each pointer move, the time from the event (its timeStamp, when the input reached the
    page) until the list shows that move's position or a newer one. A list change at time t shows
    the newest move dispatched before t (the page computes inside the move's own handler; the
    kernel answers the newest drop it was sent)."""
    moves, shows = rec["moves"], rec["shows"]
    shown_move, j = [], 0
    for t, *_ in shows:
        while j < len(moves) and moves[j][1] <= t:
            j += 1
        shown_move.append((t, j - 1))
    lags = []
    for m, (stamp, dispatched, _, _) in enumerate(moves):
        for t, idx in shown_move:
            if idx >= m and t >= dispatched:
                lags.append(t - stamp)
                break
    shown = len({idx for _, idx in shown_move if idx >= 0})
    lags.sort()
    if not lags:
        return {"median": float("nan"), "p90": float("nan"), "moves": len(moves), "shown": 0}
    return {"median": statistics.median(lags), "p90": lags[int(0.9 * (len(lags) - 1))], "moves": len(moves),
            "shown": shown}


def _stop_kernels(url: str) -> None:
    """Shut down every kernel of the server (each run loaded GloVe into its own)."""
    for kernel in json.load(urllib.request.urlopen(f"{url}/api/kernels")):
        urllib.request.urlopen(urllib.request.Request(f"{url}/api/kernels/{kernel['id']}", method="DELETE"))


def bench_lab(sizes) -> str:
    from playwright.sync_api import sync_playwright

    rows = []
    work = Path(tempfile.mkdtemp(prefix="bench-drag-"))
    url, server = start_lab(work, env={"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for n in sizes:
                for in_page in (True, False):
                    for delay in (0, 150):
                        name = f"drag_{n}_{'page' if in_page else 'kernel'}_{delay}.ipynb"   # a fresh kernel each
                        _notebook(work / name, n, in_page)
                        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                        if delay:
                            ctx.add_init_script(f"({DELAY_WS})({delay})")
                        page = ctx.new_page()
                        try:
                            r = drag_once(page, url, name, delay)
                            rows.append([f"{n:,} × 50", r["mode"], f"+{delay} ms" if delay else "none",
                                         f"{r['median']:.1f}", f"{r['p90']:.1f}", f"{r['shown']} / {r['moves']}",
                                         f"{r['arrived']:.1f}"])
                        except Exception as exc:  # report, don't stop the table
                            rows.append([f"{n:,} × 50", "page" if in_page else "kernel", delay,
                                         f"failed: {type(exc).__name__}: {str(exc)[:80]}", "", "", ""])
                        finally:
                            ctx.close()
                            _stop_kernels(url)
                        print(rows[-1], flush=True)
            browser.close()
    finally:
        stop_lab(server)
        shutil.rmtree(work, ignore_errors=True)
    return table(["GloVe words", "neighbours computed by", "kernel message delay", "caught up, median (ms)",
                  "p90 (ms)", "positions shown / pointer moves", "vectors arrived after (s)"], rows)


if __name__ == "__main__":
    args = sys.argv[1:]
    print("## In-page search per move (chromium, cosine, k = 10)\n")
    print(bench_search(), "\n", flush=True)
    if "--search-only" not in args:
        sizes = [20_000, 100_000, 400_000]
        if "--sizes" in args:
            sizes = [int(s) for s in args[args.index("--sizes") + 1].split(",")]
        print("## Drag in JupyterLab: pointer move → neighbour list caught up\n")
        print(bench_lab(sizes))
