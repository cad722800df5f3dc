// The explorer's view: draws the points on an SVG and computes the neighbours of a dragged
// point in the FULL space at every pointer move, in the page, from the float32 vectors the
// kernel sent once (helpers/widgets.py). It lifts a 2-D drop back to the full space exactly
// as Python's Plane.lift does and ranks with the same metric and tie order as Python's
// neighbours_at (the reference). The kernel still hears the drops: at most one in flight,
// and always the last one. Spaces too large to send are searched by the kernel instead.
const SVG = "http://www.w3.org/2000/svg";
const M = { left: 56, right: 16, top: 30, bottom: 46 };

function svgEl(tag, attrs, parent) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function ticks(lo, hi, n) {
  const step0 = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) || step0;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(+t.toFixed(10));
  return out;
}

// -- the search, in the page -------------------------------------------------------------
/** A Float32Array over a synced binary trait (a DataView, ArrayBuffer or typed array). */
export function floats(value) {
  if (!value) return new Float32Array(0);
  if (value instanceof Float32Array) return value;
  const buffer = value.buffer instanceof ArrayBuffer ? value.buffer : value;
  const offset = value.byteOffset || 0, bytes = value.byteLength;
  if (offset % 4 === 0) return new Float32Array(buffer, offset, bytes / 4);
  return new Float32Array(buffer.slice(offset, offset + bytes)); // unaligned: copy
}

/** The page's copy of the space. `raw` (the synced buffer) keeps the original rows, which lifting
 *  uses; `rows` is what the search reads: unit rows for cosine, plain rows for euclidean, with
 *  moved points' lifted vectors in place of their rows (as Python's `_moved`). */
export function makeSpace({ n, dim, metric, kind, dims, vectors, xy, components }) {
  const S = { n, d: dim, metric, kind, dims, raw: vectors, xy, comps: components, moved: new Set(),
    rows: new Float32Array(n * dim) };
  if (metric === "cosine") for (let j = 0; j < n; j++) putRow(S, j, vectors.subarray(j * dim, (j + 1) * dim));
  else S.rows.set(vectors);
  return S;
}

function putRow(S, j, v) {
  const d = S.d, off = j * d;
  if (S.metric !== "cosine") { S.rows.set(v, off); return; }
  let s = 0;
  for (let t = 0; t < d; t++) s += v[t] * v[t];
  const norm = Math.sqrt(s) || 1; // a zero row stays zero, as in Python's unit_rows (helpers/space.py)
  for (let t = 0; t < d; t++) S.rows[off + t] = v[t] / norm;
}

function originalRow(S, j) {
  return S.raw.subarray(j * S.d, (j + 1) * S.d);
}

/** Plane.lift in the page: the full vector of point i dropped at (x, y). */
export function lift(S, i, x, y) {
  const d = S.d, v = new Float32Array(d), o = originalRow(S, i);
  if (S.kind === "axes") {
    v.set(o);
    v[S.dims[0]] = x;
    v[S.dims[1]] = y;
  } else if (S.kind === "pca") {
    const dx = Math.fround(x - S.xy[2 * i]), dy = Math.fround(y - S.xy[2 * i + 1]);
    for (let t = 0; t < d; t++) v[t] = o[t] + dx * S.comps[t] + dy * S.comps[d + t];
  } else { // a given map (UMAP): the mean of the 5 points the map shows nearest the drop
    const near = [], far = [];
    for (let j = 0; j < S.n; j++) {
      if (j === i) continue;
      const h = Math.fround(Math.hypot(Math.fround(S.xy[2 * j] - x), Math.fround(S.xy[2 * j + 1] - y)));
      if (near.length === 5 && h >= far[4]) continue;
      let p = near.length < 5 ? near.length : 4;
      while (p > 0 && far[p - 1] > h) { near[p] = near[p - 1]; far[p] = far[p - 1]; p--; }
      near[p] = j; far[p] = h;
      if (near.length > 5) { near.length = 5; far.length = 5; }
    }
    const sum = new Float64Array(d);
    for (const j of near) { const r = originalRow(S, j); for (let t = 0; t < d; t++) sum[t] += r[t]; }
    for (let t = 0; t < d; t++) v[t] = sum[t] / near.length;
  }
  return v;
}

/** Point j now sits at v in the full space (as Python's `_moved[j] = v`). */
export function setMoved(S, j, v) {
  S.moved.add(j);
  putRow(S, j, v);
}

export function resetMoved(S) {
  for (const j of S.moved) putRow(S, j, originalRow(S, j));
  S.moved.clear();
}

/** The k nearest rows to q, excluding row i: [indices, distances], nearest first, ties to
 *  the smaller index (as Python's neighbours_at). Cosine distance = 1 - unit row · q/|q|. */
export function nearest(S, q, i, k) {
  const n = S.n, d = S.d;
  k = Math.max(0, Math.min(k, n - 1));
  const bi = new Int32Array(k), bd = new Float64Array(k).fill(Infinity);
  const cos = S.metric === "cosine", R = S.rows;
  const qq = new Float64Array(d);
  let norm = 0;
  for (let t = 0; t < d; t++) norm += q[t] * q[t];
  norm = Math.sqrt(norm);
  const zero = cos && norm === 0; // Python: every cosine distance is 1
  for (let t = 0; t < d; t++) qq[t] = cos ? (zero ? 0 : q[t] / norm) : q[t];
  let worst = Infinity;
  for (let j = 0, off = 0; j < n; j++, off += d) {
    let s = 0;
    if (cos) {
      for (let t = 0; t < d; t++) s += R[off + t] * qq[t];
      s = 1 - s;
    } else {
      for (let t = 0; t < d; t++) { const e = R[off + t] - qq[t]; s += e * e; }
    }
    if (s < worst && j !== i) {
      let p = k - 1;
      while (p > 0 && bd[p - 1] > s) { bd[p] = bd[p - 1]; bi[p] = bi[p - 1]; p--; }
      bd[p] = s; bi[p] = j;
      worst = bd[k - 1];
    }
  }
  const dist = Array.from(bd, (s) => (cos ? s : Math.sqrt(s)));
  return [Array.from(bi), dist];
}

// -- labels that do not overlap ---------------------------------------------------------------
const SPOTS = [[8, -6, "start"], [8, 15, "start"], [-8, -6, "end"], [-8, 15, "end"], [0, -11, "middle"],
  [0, 21, "middle"], [12, 4, "start"], [-12, 4, "end"]];
const widths = new Map();
function textWidth(el, size) {
  const key = el.getAttribute("class") + "\u0000" + el.textContent;
  let w = widths.get(key);
  if (w === undefined) {
    try { w = el.getComputedTextLength(); } catch (e) { w = 0; }
    if (w > 0) widths.set(key, w); else w = 0.6 * size * el.textContent.length;
  }
  return w;
}

/** Greedy placement: items in order of importance try a few spots beside their dot; a spot must
 *  stay inside the plot and miss every label placed before and the `blocked` boxes (important
 *  dots). An item that finds none is hidden unless `must`, which then takes its least-bad spot. */
function placeLabels(items, area, blocked) {
  const boxes = blocked.slice();
  const overlap = (a, b) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) *
                            Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  for (const it of items) {
    const w = textWidth(it.el, it.size), h = it.size;
    const own = it.box; // the item's own dot does not block it
    let best = null, bestCost = Infinity;
    const spots = it.px + 8 + w > area[2] ? [2, 3, 0, 1, 4, 5, 7, 6] : [0, 1, 2, 3, 4, 5, 6, 7];
    for (const s of spots) {
      const [dx, dy, anchor] = SPOTS[s];
      const x = it.px + dx, y = it.py + dy;
      const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
      const b = [left - 1, y - 0.8 * h - 1, left + w + 1, y + 0.25 * h + 1];
      if (b[0] < area[0] || b[2] > area[2] || b[1] < area[1] || b[3] > area[3]) continue;
      let cost = 0;
      for (const o of boxes) if (o !== own) cost += overlap(b, o);
      if (cost < bestCost) { best = [x, y, anchor, b]; bestCost = cost; if (cost === 0) break; }
    }
    if (best && (bestCost === 0 || it.must)) {
      it.el.setAttribute("x", best[0]);
      it.el.setAttribute("y", best[1]);
      it.el.setAttribute("text-anchor", best[2]);
      it.el.style.display = "";
      boxes.push(best[3]);
    } else {
      it.el.style.display = "none";
    }
  }
}

// -- the view -------------------------------------------------------------------------------------
function render({ model, el }) {
  const W = model.get("width"), H = model.get("height");
  const VIEW = Math.random().toString(36).slice(2, 10); // tells this view's drops from others'
  const root = document.createElement("div");
  root.className = "pis-explorer";
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // arrow keys move points, not cells
  el.appendChild(root);
  const svg = svgEl("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "pis-plot" }, root);
  svg.style.touchAction = "none";
  const side = document.createElement("div");
  side.className = "pis-side";
  root.appendChild(side);
  side.innerHTML = `<div class="pis-head">Drag any point (or Tab to one and use the arrow keys)</div>
    <label class="pis-k">neighbours k <input type="number" min="1" max="50" step="1"></label>
    <div class="pis-active"></div><ol class="pis-list"></ol>
    <div class="pis-status"></div><button class="pis-reset" type="button">Reset points</button>`;
  const kInput = side.querySelector("input"), list = side.querySelector(".pis-list");
  const activeBox = side.querySelector(".pis-active"), statusBox = side.querySelector(".pis-status");

  const [x0, x1, y0, y1] = model.get("bounds");
  const sx = (x) => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (y) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const ix = (px) => x0 + ((px - M.left) / (W - M.left - M.right)) * (x1 - x0);
  const iy = (py) => y0 + ((H - M.bottom - py) / (H - M.top - M.bottom)) * (y1 - y0);
  const area = [M.left, M.top, W - M.right, H - M.bottom];

  // axes, ticks, labels, title
  const axes = svgEl("g", { class: "pis-axes" }, svg);
  svgEl("rect", { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom, class: "pis-frame" }, axes);
  for (const t of ticks(x0, x1, 6)) {
    svgEl("line", { x1: sx(t), x2: sx(t), y1: H - M.bottom, y2: H - M.bottom + 4 }, axes);
    svgEl("text", { x: sx(t), y: H - M.bottom + 16, "text-anchor": "middle" }, axes).textContent = t;
  }
  for (const t of ticks(y0, y1, 5)) {
    svgEl("line", { x1: M.left - 4, x2: M.left, y1: sy(t), y2: sy(t) }, axes);
    svgEl("text", { x: M.left - 7, y: sy(t) + 4, "text-anchor": "end" }, axes).textContent = t;
  }
  svgEl("text", { x: (M.left + W - M.right) / 2, y: H - 8, "text-anchor": "middle", class: "pis-axis-label" }, axes).textContent = model.get("xlabel");
  svgEl("text", { x: 14, y: (M.top + H - M.bottom) / 2, "text-anchor": "middle", class: "pis-axis-label",
    transform: `rotate(-90 14 ${(M.top + H - M.bottom) / 2})` }, axes).textContent = model.get("ylabel");
  svgEl("text", { x: W / 2, y: 18, "text-anchor": "middle", class: "pis-title" }, axes).textContent = model.get("title");

  // layers, bottom to top: links, unlabelled dots, labelled dots, rings, labels, the dragged dot
  const linkLayer = svgEl("g", { class: "pis-links" }, svg);
  const cloudLayer = svgEl("g", { class: "pis-points pis-cloud" }, svg);
  const namedLayer = svgEl("g", { class: "pis-points pis-named-points" }, svg);
  const ringLayer = svgEl("g", { class: "pis-rings" }, svg);
  const labelLayer = svgEl("g", { class: "pis-labels" }, svg);
  const nearLabelLayer = svgEl("g", { class: "pis-near-labels" }, svg);
  const topLayer = svgEl("g", { class: "pis-points pis-top" }, svg);

  const xs = model.get("xs"), ys = model.get("ys"), ids = model.get("ids"), texts = model.get("texts");
  const pos = new Map(); // id -> [x, y] in data units (moves with drags)
  const dots = new Map(), labels = new Map(), named = new Map();
  ids.forEach((id, n) => {
    pos.set(id, [xs[n], ys[n]]);
    const isNamed = !!texts[n];
    const c = svgEl("circle", { cx: sx(xs[n]), cy: sy(ys[n]), r: isNamed ? 6 : 3.5,
      class: isNamed ? "pis-dot pis-named" : "pis-dot", "data-id": id, "data-name": texts[n] || "" },
      isNamed ? namedLayer : cloudLayer);
    if (isNamed) {
      c.setAttribute("tabindex", "0"); // Tab walks the labelled points; arrows move the focused one
      c.setAttribute("role", "button");
      c.setAttribute("aria-label", texts[n]);
      svgEl("title", {}, c).textContent = texts[n];
      const t = svgEl("text", { x: sx(xs[n]) + 8, y: sy(ys[n]) - 6, class: "pis-label", "data-id": id }, labelLayer);
      t.textContent = texts[n];
      labels.set(id, t);
      named.set(id, n);
    }
    dots.set(id, c);
  });
  const home = (id) => (named.has(id) ? namedLayer : cloudLayer);

  // the page's copy of the space (none when it was too large to send)
  let S = null;
  const names = model.get("names");
  if (model.get("in_page")) {
    const vectors = floats(model.get("vectors"));
    const dim = model.get("dim");
    S = makeSpace({ n: vectors.length / dim, dim, metric: model.get("metric"), kind: model.get("plane_kind"),
      dims: model.get("dims"), vectors, xy: floats(model.get("plane_xy")),
      components: floats(model.get("components")) });
  }
  const movedAt = new Map(); // id -> [x, y] where a moved point was dropped
  const where = (j) => movedAt.get(j) || (S ? [S.xy[2 * j], S.xy[2 * j + 1]] : pos.get(j));

  let cur = null;        // the shown move: {id, name, x, y, x0, y0, list: [{id?, name, distance, x, y}]}
  let raised = null;     // the dot drawn on top
  let dragging = null, selected = null, moved = false;

  function place(id, x, y) {
    pos.set(id, [x, y]);
    const c = dots.get(id);
    if (c) { c.setAttribute("cx", sx(x)); c.setAttribute("cy", sy(y)); }
  }

  // moving a node in the DOM blurs it: keep the keyboard's focus where it was
  function reparent(c, layer) {
    const focused = document.activeElement === c;
    layer.appendChild(c);
    if (focused) c.focus({ preventScroll: true });
  }

  function raise(id) {
    if (raised !== null && raised !== id && dots.has(raised)) {
      const old = dots.get(raised);
      old.classList.remove("pis-dragged");
      reparent(old, home(raised));
    }
    raised = id;
    const c = dots.get(id);
    if (c) { c.classList.add("pis-dragged"); if (c.parentNode !== topLayer) reparent(c, topLayer); }
  }

  // the page's own search at (x, y) for point i
  function compute(i, x, y) {
    const v = lift(S, i, x, y);
    const [idx, dist] = nearest(S, v, i, Math.min(model.get("k"), S.n - 1));
    const list = idx.map((j, r) => { const [px, py] = where(j); return { id: j, name: names[j], distance: dist[r], x: px, y: py }; });
    return { v, list };
  }

  function drawLabels() {
    const nearIds = new Set(cur ? cur.list.map((nb) => nb.id) : []);
    const items = [], blocked = [];
    const dotBox = (x, y, r) => [sx(x) - r, sy(y) - r, sx(x) + r, sy(y) + r];
    nearLabelLayer.replaceChildren();
    labels.forEach((t) => t.classList.remove("pis-label-near", "pis-label-active"));
    if (cur) {
      blocked.push(dotBox(cur.x, cur.y, 8));
      for (const nb of cur.list) blocked.push(dotBox(nb.x, nb.y, 7));
      const t = labels.get(cur.id);
      if (t) {
        t.classList.add("pis-label-active");
        items.push({ el: t, px: sx(cur.x), py: sy(cur.y), size: 12, must: true, box: blocked[0] });
      }
      cur.list.forEach((nb, r) => {
        let t = nb.id !== undefined ? labels.get(nb.id) : undefined;
        if (t) t.classList.add("pis-label-near");
        else {
          t = svgEl("text", { class: "pis-near-label" }, nearLabelLayer);
          t.textContent = nb.name;
        }
        items.push({ el: t, px: sx(nb.x), py: sy(nb.y), size: 12, must: false, box: blocked[r + 1] });
      });
    }
    labels.forEach((t, id) => {
      if ((cur && id === cur.id) || nearIds.has(id)) return;
      const [x, y] = pos.get(id);
      items.push({ el: t, px: sx(x), py: sy(y), size: 12, must: false, box: null });
    });
    placeLabels(items, area, blocked);
  }

  function show() {
    linkLayer.replaceChildren();
    ringLayer.replaceChildren();
    list.replaceChildren();
    if (!cur) {
      activeBox.textContent = "Neighbours appear here.";
      delete activeBox.dataset.x;
      delete activeBox.dataset.y;
      drawLabels();
      return;
    }
    const [ax, ay] = [sx(cur.x), sy(cur.y)];
    svgEl("line", { x1: sx(cur.x0), y1: sy(cur.y0), x2: ax, y2: ay, class: "pis-trail" }, linkLayer);
    svgEl("circle", { cx: sx(cur.x0), cy: sy(cur.y0), r: 4, class: "pis-ghost" }, linkLayer);
    const frag = document.createDocumentFragment();
    for (const nb of cur.list) {
      svgEl("line", { x1: ax, y1: ay, x2: sx(nb.x), y2: sy(nb.y), class: "pis-link" }, linkLayer);
      svgEl("circle", { cx: sx(nb.x), cy: sy(nb.y), r: 7, class: "pis-ring" }, ringLayer);
      const li = document.createElement("li");
      li.innerHTML = `<span class="pis-name"></span> <span class="pis-dist"></span>`;
      li.firstChild.textContent = nb.name;
      li.lastChild.textContent = nb.distance.toFixed(3);
      frag.appendChild(li);
    }
    list.appendChild(frag);
    raise(cur.id);
    activeBox.textContent = `${cur.name} at (${cur.x.toFixed(2)}, ${cur.y.toFixed(2)}): nearest ${model.get("metric")} neighbours`;
    activeBox.dataset.x = cur.x;  // the exact drop position, for tests that recompute the neighbours
    activeBox.dataset.y = cur.y;
    drawLabels();
  }

  // drops to the kernel: at most one in flight; the newest waits and always goes
  let seq = 0, inflight = null, sentAt = 0, pending = null, retry = null;
  function pump() {
    if (!pending) return;
    if (inflight !== null && performance.now() - sentAt < 3000) {
      if (!retry) retry = setTimeout(() => { retry = null; pump(); }, 3000);
      return;
    }
    inflight = ++seq;
    sentAt = performance.now();
    model.set("drop", { ...pending, seq: inflight, view: VIEW });
    model.save_changes();
    pending = null;
  }
  model.on("change:done", () => {
    const d = model.get("done") || {};
    if (d.view === VIEW && d.seq === inflight) { inflight = null; pump(); }
  });

  // one move, from the pointer or the keyboard: the dot, the page's neighbours, a drop to the kernel
  function moveTo(id, x, y) {
    place(id, x, y);
    if (S) {
      const { v, list } = compute(id, x, y);
      setMoved(S, id, v);
      movedAt.set(id, [x, y]);
      cur = { id, name: names[id], x, y, x0: S.xy[2 * id], y0: S.xy[2 * id + 1], list };
      show();
    } else {
      raise(id);
    }
    pending = { id, x, y };
    pump();
  }

  // what the kernel says: a move made from Python (or another view), k, reset, or in kernel mode every answer
  let syncQueued = false;
  function fromKernel() {
    if (syncQueued) return;
    syncQueued = true;
    queueMicrotask(() => {
      syncQueued = false;
      const a = model.get("active") || {};
      const mine = a.view === VIEW;
      if (S) {
        if (mine) return; // the page showed this move already (and maybe newer ones)
        resetMoved(S);
        movedAt.clear();
        for (const [j, x, y] of model.get("moved_at") || []) {
          setMoved(S, j, lift(S, j, x, y));
          movedAt.set(j, [x, y]);
          if (j !== dragging) place(j, x, y);
        }
        if (a.id === undefined) {
          if (!movedAt.size) ids.forEach((id, n) => place(id, xs[n], ys[n]));
          cur = null;
          show();
          return;
        }
        const { list } = compute(a.id, a.x, a.y);
        cur = { id: a.id, name: a.name, x: a.x, y: a.y, x0: a.x0, y0: a.y0, list };
        show();
        return;
      }
      if (a.id === undefined) { ids.forEach((id, n) => place(id, xs[n], ys[n])); cur = null; show(); return; }
      if (!mine || dragging === null) place(a.id, a.x, a.y); // a drag made from Python moves the dot too
      for (const [j, x, y] of model.get("moved_at") || []) if (j !== dragging && j !== a.id) place(j, x, y);
      cur = { id: a.id, name: a.name, x: a.x, y: a.y, x0: a.x0, y0: a.y0, list: model.get("neighbours")
        .map((nb) => ({ ...nb, id: named.size ? idOf(nb.name) : undefined })) };
      show();
    });
  }
  const byName = new Map();
  named.forEach((n, id) => byName.set(texts[n], id));
  const idOf = (name) => byName.get(name);

  // pointer: mouse, pen and touch alike
  const toData = (ev) => {
    const r = svg.getBoundingClientRect();
    const px = Math.min(Math.max(ev.clientX - r.left, M.left), W - M.right);
    const py = Math.min(Math.max(ev.clientY - r.top, M.top), H - M.bottom);
    return [ix(px), iy(py)];
  };
  const select = (id) => {
    if (selected !== null && dots.has(selected)) dots.get(selected).classList.remove("pis-selected");
    selected = id;
    const c = dots.get(id);
    if (c) {
      c.classList.add("pis-selected");
      if (!c.hasAttribute("tabindex")) c.setAttribute("tabindex", "-1");
      if (document.activeElement !== c) c.focus({ preventScroll: true });
    }
  };
  svg.addEventListener("pointerdown", (ev) => {
    const id = ev.target.getAttribute && ev.target.getAttribute("data-id");
    if (id === null || id === undefined || !dots.has(+id)) return;
    dragging = +id;
    moved = false;
    raise(dragging);
    select(dragging);
    svg.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  svg.addEventListener("pointermove", (ev) => {
    if (dragging === null) return;
    const [x, y] = toData(ev);
    moved = true;
    moveTo(dragging, x, y);
  });
  const end = (ev) => {
    if (dragging === null) return;
    const id = dragging;
    dragging = null;
    if (!moved) { // a click selects the point (for the arrow keys) without moving it
      if (cur) raise(cur.id);
      return;
    }
    const [x, y] = toData(ev);
    moveTo(id, x, y);
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);

  // keyboard: Tab (or a click) selects a point, arrows move it (Shift: ten times further)
  svg.addEventListener("focusin", (ev) => {
    const id = ev.target.getAttribute && ev.target.getAttribute("data-id");
    if (id !== null && id !== undefined && dots.has(+id) && selected !== +id) select(+id);
  });
  svg.addEventListener("keydown", (ev) => {
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[ev.key];
    if (!dir || selected === null) return;
    ev.preventDefault();
    ev.stopPropagation();
    const step = ev.shiftKey ? 0.1 : 0.01;
    const [x, y] = pos.get(selected);
    const nx = Math.min(Math.max(x + dir[0] * step * (x1 - x0), x0), x1);
    const ny = Math.min(Math.max(y + dir[1] * step * (y1 - y0), y0), y1);
    moveTo(selected, nx, ny);
  });

  // k: Enter, leaving the box, and the arrow keys or spinner apply it
  kInput.value = model.get("k");
  const applyK = () => {
    const k = parseInt(kInput.value, 10);
    if (!Number.isFinite(k) || k < 1) { kInput.value = model.get("k"); return; }
    if (k === model.get("k")) return;
    model.set("k", k);
    model.save_changes();
    kChanged();
  };
  kInput.addEventListener("change", applyK);
  kInput.addEventListener("keydown", (ev) => {
    ev.stopPropagation();
    if (ev.key === "Enter") { ev.preventDefault(); applyK(); }
  });
  kInput.addEventListener("keyup", (ev) => { if (ev.key === "ArrowUp" || ev.key === "ArrowDown") applyK(); });
  kInput.addEventListener("input", (ev) => { if (!ev.inputType) applyK(); }); // spinner clicks
  function kChanged() {
    kInput.value = model.get("k");
    if (S && cur) { cur.list = compute(cur.id, cur.x, cur.y).list; show(); }
  }

  side.querySelector(".pis-reset").addEventListener("click", () => {
    ids.forEach((id, n) => place(id, xs[n], ys[n]));
    if (S) { resetMoved(S); movedAt.clear(); }
    pending = null;   // a drop still waiting would undo the reset in the kernel
    cur = null;
    show();
    model.set("reset", model.get("reset") + 1);
    model.save_changes();
  });

  model.on("change:neighbours", fromKernel);
  model.on("change:active", fromKernel);
  model.on("change:moved_at", fromKernel);
  model.on("change:k", kChanged);
  const showStatus = () => { statusBox.textContent = model.get("status") || model.get("note") || ""; };
  model.on("change:status", showStatus);
  model.on("change:note", showStatus);
  showStatus();
  if (S) root.dataset.mode = "page"; else root.dataset.mode = "kernel";
  fromKernel();
  // label widths are measured once the plot is on screen (before, they are estimated)
  requestAnimationFrame(drawLabels);
  setTimeout(drawLabels, 500);
}

export default { render };
