// The explorer's view: draws the points on an SVG and computes the neighbours of a dragged
// point in the FULL space at every pointer move, in the page, from the float32 vectors the
// kernel sends (helpers/widgets.py). It lifts a 2-D drop back to the full space exactly as
// Python's Plane.lift does and ranks with the same metric and tie order as Python's
// neighbours_at (the reference). The kernel still hears the drops: at most one in flight,
// and always the last one. Spaces too large to send are searched by the kernel instead, and
// so is everything until the vectors have arrived (the status line says which).
// Uses only what anywidget 0.9's front end offers (Colab): model.get/set/save_changes/on/off/send.
const SVG = "http://www.w3.org/2000/svg";
const M = { left: 56, right: 16, top: 12, bottom: 46 };
// Layout, measured in chromium: below a 420 px plot, labels and ticks crowd; the panel
// (240 px) goes under the plot when plot + panel do not fit side by side.
const PANEL = 240, GAP = 12, MIN_PLOT = 420, MIN_HEIGHT = 240;
const K_MAX = 50;

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
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * Math.abs(step); t += step) out.push(+t.toFixed(10));
  return out;
}

// -- the search, in the page -------------------------------------------------------------
/** A Float32Array over a binary buffer as any front end delivers it: a DataView (JupyterLab),
 *  a Uint8Array at any byte offset (Colab), an ArrayBuffer, a typed array or a plain list.
 *  A length that is not a whole number of floats gives null. */
export function floats(value) {
  if (value === null || value === undefined) return new Float32Array(0);
  if (value instanceof Float32Array) return value;
  if (Array.isArray(value)) return Float32Array.from(value);
  let buffer, offset = 0, bytes;
  if (ArrayBuffer.isView(value)) {
    buffer = value.buffer; offset = value.byteOffset; bytes = value.byteLength;
  } else if (/ArrayBuffer\]$/.test(Object.prototype.toString.call(value))) {
    buffer = value; bytes = value.byteLength;
  } else {
    return null;
  }
  if (bytes % 4 !== 0) return null;
  if (offset % 4 === 0) return new Float32Array(buffer, offset, bytes / 4);
  return new Float32Array(new Uint8Array(buffer, offset, bytes).slice().buffer); // unaligned: copy
}

/** What is wrong with the vectors the page received ("" when nothing is). */
export function checkSpace({ n, dim, kind, vectors, xy, components }) {
  if (!vectors || !xy || (kind === "pca" && !components)) return "a buffer is missing or damaged";
  if (!(n > 0) || !(dim > 0)) return "the space's size is missing";
  if (vectors.length !== n * dim) return `${vectors.length} numbers arrived for ${n} × ${dim} vectors`;
  if (xy.length !== 2 * n) return `${xy.length} plane coordinates arrived for ${n} points`;
  if (kind === "pca" && components.length !== 2 * dim) return `${components.length} numbers arrived for the plane's 2 × ${dim} directions`;
  return "";
}

const affine = (S) => S.kind === "axes" || S.kind === "pca";

/** The page's copy of the space. `raw` keeps the rows as sent (never changed); `inv` is each
 *  row's 1 / length (cosine: a zero row stays zero, as Python's unit_rows), `sq` its squared
 *  length (euclidean); moved points' lifted vectors live in `moved` (as Python's `_moved`).
 *  For a plane whose lift is affine (axes, PCA, meaning directions), P and Q are every row's
 *  dot product with the plane's two directions, so a move is scored from three numbers per row. */
export function makeSpace({ n, dim, metric, kind, dims, vectors, xy, components }) {
  const S = { n, d: dim, metric, kind, dims, raw: vectors, xy, comps: components, moved: new Map(),
    inv: new Float64Array(n), sq: new Float64Array(n), maxSq: 0, P: null, Q: null, base: null };
  for (let j = 0, off = 0; j < n; j++, off += dim) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += vectors[off + t] * vectors[off + t];
    S.sq[j] = s;
    if (s > S.maxSq) S.maxSq = s;
    S.inv[j] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  if (affine(S)) {
    S.P = new Float64Array(n); S.Q = new Float64Array(n);
    if (kind === "axes") {
      for (let j = 0; j < n; j++) { S.P[j] = vectors[j * dim + dims[0]]; S.Q[j] = vectors[j * dim + dims[1]]; }
    } else {
      const a = components.subarray(0, dim), b = components.subarray(dim, 2 * dim);
      for (let j = 0, off = 0; j < n; j++, off += dim) {
        let p = 0, q = 0;
        for (let t = 0; t < dim; t++) { p += vectors[off + t] * a[t]; q += vectors[off + t] * b[t]; }
        S.P[j] = p; S.Q[j] = q;
      }
    }
  }
  return S;
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
  } else { // a given map (UMAP): the mean of the (up to) 5 other points the map shows nearest the drop
    const near = [], far = [];
    for (let j = 0; j < S.n; j++) {
      if (j === i) continue;
      const h = Math.fround(Math.hypot(Math.fround(S.xy[2 * j] - x), Math.fround(S.xy[2 * j + 1] - y)));
      if (near.length === 5 && h >= far[4]) continue;
      let p = near.length < 5 ? near.length : 4;
      while (p > 0 && far[p - 1] > h) { near[p] = near[p - 1]; far[p] = far[p - 1]; p--; }
      near[p] = j; far[p] = h;
    }
    if (!near.length) { v.set(o); return v; } // a space of one point: nothing to average
    const sum = new Float64Array(d);
    for (const j of near) { const r = originalRow(S, j); for (let t = 0; t < d; t++) sum[t] += r[t]; }
    for (let t = 0; t < d; t++) v[t] = sum[t] / near.length;
  }
  return v;
}

/** Point j now sits at v in the full space (as Python's `_moved[j] = v`). */
export function setMoved(S, j, v) {
  let s = 0;
  for (let t = 0; t < v.length; t++) s += v[t] * v[t];
  S.moved.set(j, { v, sq: s, inv: s > 0 ? 1 / Math.sqrt(s) : 0 });
}

export function resetMoved(S) {
  S.moved.clear();
}

/** The query as the exact scorer reads it: cosine, the unit vector (zero stays zero). */
function query(S, q) {
  const qq = new Float64Array(S.d);
  let s = 0;
  for (let t = 0; t < S.d; t++) s += q[t] * q[t];
  const norm = Math.sqrt(s);
  for (let t = 0; t < S.d; t++) qq[t] = S.metric === "cosine" ? (norm === 0 ? 0 : q[t] / norm) : q[t];
  return qq;
}

/** The distance of row j (its moved vector, if moved) to the query qq made by `query`. */
function exactDistance(S, j, qq) {
  const m = S.moved.get(j), d = S.d;
  const r = m ? m.v : S.raw, off = m ? 0 : j * d;
  let s = 0;
  if (S.metric === "cosine") {
    for (let t = 0; t < d; t++) s += r[off + t] * qq[t];
    return 1 - s * (m ? m.inv : S.inv[j]);
  }
  for (let t = 0; t < d; t++) { const e = r[off + t] - qq[t]; s += e * e; }
  return Math.sqrt(s);
}

/** A best-first list of at most `size` (index, value) pairs; ties go to the smaller index
 *  when indices arrive in increasing order. */
function keeper(size) {
  const idx = new Int32Array(size), val = new Float64Array(size).fill(Infinity);
  return { idx, val, worst: size ? Infinity : -Infinity, count: 0,
    add(j, s) {
      if (this.count === size && (s > this.worst || (s === this.worst && j > idx[size - 1]) || !(s <= this.worst))) return;
      let p = Math.min(this.count, size - 1);
      while (p > 0 && (val[p - 1] > s || (val[p - 1] === s && idx[p - 1] > j))) { val[p] = val[p - 1]; idx[p] = idx[p - 1]; p--; }
      val[p] = s; idx[p] = j;
      if (this.count < size) this.count++;
      this.worst = this.count === size ? val[size - 1] : Infinity;
    } };
}

/** The k nearest rows to q, excluding row i, by scoring every row: [indices, distances],
 *  nearest first, ties to the smaller index (as Python's neighbours_at). */
export function nearest(S, q, i, k) {
  k = Math.max(0, Math.min(k, S.n - 1));
  const qq = query(S, q), best = keeper(k);
  for (let j = 0; j < S.n; j++) if (j !== i) best.add(j, exactDistance(S, j, qq));
  return [Array.from(best.idx), Array.from(best.val)];
}

/** Row · o_i for every row: the part of a move's scores that stays fixed while point i moves. */
function baseFor(S, i) {
  if (S.base && S.base.i === i) return S.base.A;
  const A = new Float64Array(S.n), o = originalRow(S, i), d = S.d, raw = S.raw;
  for (let j = 0, off = 0; j < S.n; j++, off += d) {
    let s = 0;
    for (let t = 0; t < d; t++) s += raw[off + t] * o[t];
    A[j] = s;
  }
  S.base = { i, A };
  return A;
}

/** Get ready to move point i (the per-row work a drag of i needs once, at the press). */
export function prepare(S, i) {
  if (affine(S)) baseFor(S, i);
}

/** The neighbours of point i dropped at (x, y): [indices, distances, lifted vector], the same
 *  as `nearest(S, lift(S, i, x, y), i, k)`. On an affine plane the lifted vector is
 *  o_i + dx·a + dy·b, so every row's dot product with it is A + dx·P + dy·Q: three numbers per
 *  row instead of `d`. Those scores pick a few more candidates than k; the candidates are then
 *  scored exactly, and if the margin cannot prove that none was missed, every row is scored. */
export function search(S, i, x, y, k) {
  const v = lift(S, i, x, y);
  k = Math.max(0, Math.min(k, S.n - 1));
  if (!affine(S) || S.n < 2048) return [...nearest(S, v, i, k), v];
  const A = baseFor(S, i), P = S.P, Q = S.Q, inv = S.inv, sq = S.sq;
  const o = originalRow(S, i);
  const dx = S.kind === "axes" ? Math.fround(x) - o[S.dims[0]] : Math.fround(x - S.xy[2 * i]);
  const dy = S.kind === "axes" ? Math.fround(y) - o[S.dims[1]] : Math.fround(y - S.xy[2 * i + 1]);
  let vv = 0;
  for (let t = 0; t < S.d; t++) vv += v[t] * v[t];
  const cos = S.metric === "cosine", vn = Math.sqrt(vv), size = Math.min(S.n - 1, k + 16);
  const cand = keeper(size);
  // approximate scores, in the same order as the exact ones (cosine distance; squared euclidean)
  for (let j = 0; j < S.n; j++) {
    if (j === i) continue;
    const s = A[j] + dx * P[j] + dy * Q[j];
    const e = cos ? (vn === 0 ? 1 : 1 - s * inv[j] / vn) : sq[j] - 2 * s + vv;
    if (e < cand.worst) cand.add(j, e);
  }
  const qq = query(S, v), best = keeper(k);
  const seen = new Set();
  for (let r = 0; r < cand.count; r++) { seen.add(cand.idx[r]); best.add(cand.idx[r], exactDistance(S, cand.idx[r], qq)); }
  for (const j of S.moved.keys()) if (j !== i && !seen.has(j)) best.add(j, exactDistance(S, j, qq));
  // a row left out scored at least cand.worst, and its exact distance differs by rounding only
  const tol = cos ? 1e-6 : 1e-6 * (1 + vv + S.maxSq);
  const kth = best.count ? best.val[best.count - 1] : -Infinity, kthScore = cos ? kth : kth * kth;
  if (cand.count === S.n - 1 || cand.worst - tol > kthScore + tol) {
    return [Array.from(best.idx.subarray(0, best.count)), Array.from(best.val.subarray(0, best.count)), v];
  }
  return [...nearest(S, v, i, k), v];
}

// -- labels that do not overlap ---------------------------------------------------------------
const SPOTS = [[8, -6, "start"], [8, 15, "start"], [-8, -6, "end"], [-8, 15, "end"], [0, -11, "middle"],
  [0, 21, "middle"], [12, 4, "start"], [-12, 4, "end"], [14, -16, "start"], [-14, -16, "end"],
  [14, 26, "start"], [-14, 26, "end"], [0, -24, "middle"], [0, 34, "middle"]];
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
 *  dots). An item that finds none is hidden (its name shows on hover) unless `must`, which then
 *  takes its least-bad spot. Returns the names hidden. */
function placeLabels(items, area, blocked) {
  const boxes = blocked.slice(), hidden = [];
  const overlap = (a, b) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) *
                            Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  for (const it of items) {
    if (it.el.dataset.full) it.el.textContent = it.el.dataset.full;
    let w = textWidth(it.el, it.size);
    const h = it.size, room = area[2] - area[0] - 4;
    if (w > room && it.must) { // a name wider than the plot: cut it to fit, whole in the list and on hover
      const text = it.el.textContent, keep = Math.max(1, Math.floor((text.length * room) / w) - 2);
      it.el.dataset.full = text;
      it.el.textContent = text.slice(0, keep) + "…";
      w = textWidth(it.el, it.size);
    }
    let best = null, bestCost = Infinity;
    for (const [dx, dy, anchor] of SPOTS) {
      const x = it.px + dx, y = it.py + dy;
      const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
      const b = [left - 1, y - 0.8 * h - 1, left + w + 1, y + 0.25 * h + 1];
      if (b[0] < area[0] || b[2] > area[2] || b[1] < area[1] || b[3] > area[3]) continue;
      let cost = 0;
      for (const o of boxes) if (o !== it.box) cost += overlap(b, o);
      if (cost < bestCost) { best = [x, y, anchor, b]; bestCost = cost; if (cost === 0) break; }
    }
    if (!best && it.must) { // no spot inside: the one nearest, pulled inside the plot
      const x = Math.min(Math.max(it.px + 8, area[0]), area[2] - w), y = Math.min(Math.max(it.py - 6, area[1] + h), area[3]);
      best = [x, y, "start", [x - 1, y - 0.8 * h - 1, x + w + 1, y + 0.25 * h + 1]];
      bestCost = 0;
    }
    if (best && (bestCost === 0 || it.must)) {
      it.el.setAttribute("x", best[0]);
      it.el.setAttribute("y", best[1]);
      it.el.setAttribute("text-anchor", best[2]);
      it.el.style.display = "";
      boxes.push(best[3]);
    } else {
      it.el.style.display = "none";
      hidden.push(it.el.textContent);
    }
  }
  return hidden;
}

// -- the k box: a whole number from 1 to its maximum, and a word when it is not -------------
/** What a typed k means: [k to use, note to show ("" when none)]. */
export function readK(text, current, max) {
  const t = String(text).trim();
  const range = `a whole number from 1 to ${max}`;
  if (t === "" || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return [current, `k must be ${range}; it stays ${current}.`];
  const k = Number(t);
  if (!Number.isInteger(k)) return [current, `k must be ${range}, not ${t}; it stays ${current}.`];
  if (k < 1) return [1, `k is at least 1, so it is 1.`];
  if (k > max) return [max, `k is at most ${max} here, so it is ${max}.`];
  return [k, ""];
}

// -- the view -------------------------------------------------------------------------------------
function render({ model, el }) {
  const W0 = model.get("width"), H0 = model.get("height");
  let W = W0, H = H0;
  const VIEW = Math.random().toString(36).slice(2, 10); // tells this view's drops from others'
  const root = document.createElement("div");
  root.className = "pis-explorer";
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // arrow keys move points, not cells
  el.appendChild(root);
  if (model.get("title")) { // above the plot, as text that wraps in a narrow output
    const title = document.createElement("div");
    title.className = "pis-title";
    title.textContent = model.get("title");
    root.appendChild(title);
  }
  const svg = svgEl("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "pis-plot", role: "group",
    "aria-label": `${model.get("title") || "Map of the points"}: drag a point to see its nearest neighbours` }, root);
  svg.style.touchAction = "none";
  const side = document.createElement("div");
  side.className = "pis-side";
  root.appendChild(side);
  const nAll = model.get("n") || (model.get("names") || []).length || model.get("ids").length;
  const kMax = Math.max(1, Math.min(nAll - 1, Math.max(K_MAX, model.get("k"))));
  side.innerHTML = `<div class="pis-head">Drag any point (or Tab to one and use the arrow keys)</div>
    <label class="pis-k">neighbours k <input type="number" min="1" max="${kMax}" step="1"></label>
    <div class="pis-note" role="status"></div>
    <div class="pis-active"></div><ol class="pis-list" aria-live="polite" aria-label="nearest neighbours"></ol>
    <div class="pis-status" role="status"></div><div class="pis-mode"></div>
    <button class="pis-reset" type="button">Reset points</button>`;
  const kInput = side.querySelector("input"), list = side.querySelector(".pis-list");
  const activeBox = side.querySelector(".pis-active"), statusBox = side.querySelector(".pis-status");
  const noteBox = side.querySelector(".pis-note"), modeBox = side.querySelector(".pis-mode");
  const say = (text) => { noteBox.textContent = text || ""; };

  const [x0, x1, y0, y1] = model.get("bounds");
  const sx = (x) => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (y) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const ix = (px) => x0 + ((px - M.left) / (W - M.left - M.right)) * (x1 - x0);
  const iy = (py) => y0 + ((H - M.bottom - py) / (H - M.top - M.bottom)) * (y1 - y0);
  const area = () => [M.left, M.top, W - M.right, H - M.bottom];

  // layers, bottom to top: axes, links, unlabelled dots, labelled dots, rings, labels, the dragged dot, hover
  const axes = svgEl("g", { class: "pis-axes" }, svg);
  const linkLayer = svgEl("g", { class: "pis-links" }, svg);
  const cloudLayer = svgEl("g", { class: "pis-points pis-cloud" }, svg);
  const namedLayer = svgEl("g", { class: "pis-points pis-named-points" }, svg);
  const ringLayer = svgEl("g", { class: "pis-rings" }, svg);
  const labelLayer = svgEl("g", { class: "pis-labels" }, svg);
  const nearLabelLayer = svgEl("g", { class: "pis-near-labels" }, svg);
  const topLayer = svgEl("g", { class: "pis-points pis-top" }, svg);
  const hoverLayer = svgEl("g", { class: "pis-hover" }, svg);

  function drawAxes() {
    axes.replaceChildren();
    svgEl("rect", { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom, class: "pis-frame" }, axes);
    for (const t of ticks(x0, x1, Math.max(3, Math.round(W / 110)))) {
      svgEl("line", { x1: sx(t), x2: sx(t), y1: H - M.bottom, y2: H - M.bottom + 4 }, axes);
      svgEl("text", { x: sx(t), y: H - M.bottom + 16, "text-anchor": "middle" }, axes).textContent = t;
    }
    for (const t of ticks(y0, y1, Math.max(3, Math.round(H / 95)))) {
      svgEl("line", { x1: M.left - 4, x2: M.left, y1: sy(t), y2: sy(t) }, axes);
      svgEl("text", { x: M.left - 7, y: sy(t) + 4, "text-anchor": "end" }, axes).textContent = t;
    }
    svgEl("text", { x: (M.left + W - M.right) / 2, y: H - 8, "text-anchor": "middle", class: "pis-axis-label" }, axes).textContent = model.get("xlabel");
    svgEl("text", { x: 14, y: (M.top + H - M.bottom) / 2, "text-anchor": "middle", class: "pis-axis-label",
      transform: `rotate(-90 14 ${(M.top + H - M.bottom) / 2})` }, axes).textContent = model.get("ylabel");
  }

  const xs = model.get("xs"), ys = model.get("ys"), ids = model.get("ids"), texts = model.get("texts");
  const tips = model.get("tips") || [];
  const pos = new Map(); // id -> [x, y] in data units (moves with drags)
  const dots = new Map(), labels = new Map(), named = new Map(), tipOf = new Map();
  ids.forEach((id, n) => {
    pos.set(id, [xs[n], ys[n]]);
    tipOf.set(id, texts[n] || tips[n] || "");
    const isNamed = !!texts[n];
    const c = svgEl("circle", { r: isNamed ? 6 : 3.5, class: isNamed ? "pis-dot pis-named" : "pis-dot",
      "data-id": id, "data-name": texts[n] || "" }, isNamed ? namedLayer : cloudLayer);
    if (isNamed) {
      c.setAttribute("tabindex", "0"); // Tab walks the labelled points; arrows move the focused one
      c.setAttribute("role", "button");
      c.setAttribute("aria-label", texts[n]);
      const t = svgEl("text", { class: "pis-label", "data-id": id }, labelLayer);
      t.textContent = texts[n];
      labels.set(id, t);
      named.set(id, n);
    }
    dots.set(id, c);
  });
  const home = (id) => (named.has(id) ? namedLayer : cloudLayer);

  // the page's copy of the space: from the state, or asked of the kernel (none when too large)
  let S = null, names = model.get("names") || [];
  const movedAt = new Map(); // id -> [x, y] where a moved point was dropped
  const where = (j) => movedAt.get(j) || (S ? [S.xy[2 * j], S.xy[2 * j + 1]] : pos.get(j));
  const nameOf = (j) => names[j] !== undefined ? names[j] : tipOf.get(j) || `#${j}`;

  let cur = null;        // the shown move: {id, name, x, y, x0, y0, list: [{id?, name, distance, x, y}]}
  let raised = null;     // the dot drawn on top
  let dragging = null, selected = null, moved = false, edge = false;

  function placeDot(id) {
    const c = dots.get(id), p = pos.get(id);
    if (c && p) { c.setAttribute("cx", sx(p[0])); c.setAttribute("cy", sy(p[1])); }
  }
  function place(id, x, y) {
    pos.set(id, [x, y]);
    placeDot(id);
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
    const [idx, dist, v] = search(S, i, x, y, Math.min(model.get("k"), S.n - 1));
    const list = idx.map((j, r) => { const [px, py] = where(j); return { id: j, name: nameOf(j), distance: dist[r], x: px, y: py }; });
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
      let t = labels.get(cur.id);
      if (!t) { // an unlabelled point being dragged still gets its name
        t = svgEl("text", { class: "pis-near-label pis-label-active" }, nearLabelLayer);
        t.textContent = cur.name;
      }
      t.classList.add("pis-label-active");
      items.push({ el: t, px: sx(cur.x), py: sy(cur.y), size: 12, must: true, box: blocked[0] });
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
    const hidden = placeLabels(items, area(), blocked);
    root.dataset.hiddenLabels = hidden.length;
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

  // -- size: the plot takes the width its output gives it; the panel goes under a narrow plot --
  function layout() {
    const avail = Math.floor(root.clientWidth || el.clientWidth || 0);
    if (!avail) return;
    const beside = avail >= MIN_PLOT + PANEL + GAP;
    const w = Math.max(200, Math.min(W0, beside ? avail - PANEL - GAP : avail));
    const h = Math.max(Math.min(H0, MIN_HEIGHT), Math.round((w * H0) / W0));
    root.classList.toggle("pis-narrow", !beside);
    if (w === W && h === H && svg.dataset.drawn) return;
    W = w; H = h;
    svg.dataset.drawn = "1";
    svg.setAttribute("width", W);
    svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    drawAxes();
    dots.forEach((c, id) => placeDot(id));
    show();
  }
  drawAxes();
  dots.forEach((c, id) => placeDot(id));
  const resize = typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => layout()) : null;
  if (resize) resize.observe(root);

  // -- the kernel: drops go to it, at most one in flight; the newest waits and always goes --
  let kernel = true;     // false on a page with no kernel behind it (a static export)
  function save(values) {
    if (!kernel) return;
    try {
      for (const [key, value] of Object.entries(values)) model.set(key, value);
      model.save_changes();
    } catch (e) { // no comm: nothing to tell, the page answers drags by itself
      kernel = false;
      showMode();
    }
  }
  let seq = 0, inflight = null, sentAt = 0, pending = null, retry = null;
  function pump() {
    if (!pending || !kernel) return;
    if (inflight !== null && performance.now() - sentAt < 3000) {
      if (!retry) retry = setTimeout(() => { retry = null; pump(); }, 3000);
      return;
    }
    inflight = ++seq;
    sentAt = performance.now();
    const drop = { ...pending, seq: inflight, view: VIEW };
    pending = null;
    save({ drop });
  }
  const onDone = () => {
    const d = model.get("done") || {};
    if (d.view === VIEW && d.seq === inflight) { inflight = null; pump(); }
  };

  // one move, from the pointer or the keyboard: the dot, the page's neighbours, a drop to the kernel
  function moveTo(id, x, y) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return; // never a NaN position
    place(id, x, y);
    if (S) {
      const { v, list } = compute(id, x, y);
      setMoved(S, id, v);
      movedAt.set(id, [x, y]);
      cur = { id, name: nameOf(id), x, y, x0: S.xy[2 * id], y0: S.xy[2 * id + 1], list };
      show();
    } else {
      raise(id);
    }
    pending = { id, x, y };
    pump();
  }

  function applyMovedAt() { // the kernel's moved points, into the page's space
    resetMoved(S);
    movedAt.clear();
    for (const [j, x, y] of model.get("moved_at") || []) {
      setMoved(S, j, lift(S, j, x, y));
      movedAt.set(j, [x, y]);
      if (j !== dragging) place(j, x, y);
    }
  }

  // what the kernel says: a move made from Python (or another view), k, reset, or in kernel mode every answer
  let syncQueued = false;
  function fromKernel(force) {
    if (syncQueued) return;
    syncQueued = true;
    queueMicrotask(() => {
      syncQueued = false;
      const a = model.get("active") || {};
      const mine = a.view === VIEW;
      if (S) {
        if (mine && force !== true) return; // the page showed this move already (and maybe newer ones)
        applyMovedAt();
        if (a.id === undefined) {
          if (!movedAt.size) ids.forEach((id, n) => place(id, xs[n], ys[n]));
          cur = null;
          show();
          return;
        }
        if (mine && cur && cur.id !== a.id) return;
        const { list } = compute(a.id, a.x, a.y);
        cur = { id: a.id, name: a.name, x: a.x, y: a.y, x0: a.x0, y0: a.y0, list };
        show();
        return;
      }
      if (a.id === undefined) { ids.forEach((id, n) => place(id, xs[n], ys[n])); cur = null; show(); return; }
      if (!mine || dragging === null) place(a.id, a.x, a.y); // a drag made from Python moves the dot too
      for (const [j, x, y] of model.get("moved_at") || []) if (j !== dragging && j !== a.id) place(j, x, y);
      cur = { id: a.id, name: a.name, x: a.x, y: a.y, x0: a.x0, y0: a.y0, list: (model.get("neighbours") || [])
        .map((nb) => ({ ...nb, id: named.size ? idOf(nb.name) : undefined })) };
      show();
    });
  }
  const byName = new Map();
  named.forEach((n, id) => byName.set(texts[n], id));
  const idOf = (name) => byName.get(name);

  // -- the vectors: checked, and asked for again when they did not arrive --------------------
  let vectorsState = "none";   // none | page | asking | failed
  const sizeMB = () => ((model.get("n") || 0) * (model.get("dim") || 0) * 4 / 2 ** 20);
  function showMode() {
    const n = (model.get("n") || 0).toLocaleString("en-US"), d = model.get("dim");
    let text = "";
    if (vectorsState === "page") text = `Neighbours computed in this page (${n} points × ${d}-d).`;
    else if (vectorsState === "asking") text = `Loading ${n} vectors (${sizeMB().toFixed(1)} MB) into the page; until they arrive the kernel computes the neighbours, so the list follows a drag with a delay.`;
    else if (vectorsState === "failed") text = `The page did not receive the vectors (${failure}): the kernel computes the neighbours, so the list follows a drag with a delay.`;
    if (!kernel && vectorsState !== "page") text = "No kernel is running and the vectors are not in the page: run the notebook to drag points.";
    modeBox.textContent = text;
    root.dataset.mode = vectorsState === "page" ? "page" : "kernel";
    root.dataset.vectors = vectorsState;
  }
  let failure = "", askTimer = null;
  function tryBuild(parts) {
    const spec = { n: model.get("n") || parts.names.length, dim: model.get("dim"), metric: model.get("metric"),
      kind: model.get("plane_kind"), dims: model.get("dims"), vectors: floats(parts.vectors), xy: floats(parts.xy),
      components: model.get("plane_kind") === "pca" ? floats(parts.components) : new Float32Array(0) };
    const problem = checkSpace(spec) || (parts.names.length !== spec.n ? `${parts.names.length} names for ${spec.n} points` : "");
    if (problem) return problem;
    names = parts.names;
    S = makeSpace(spec);
    vectorsState = "page";
    if (askTimer) { clearTimeout(askTimer); askTimer = null; }
    applyMovedAt();
    showMode();
    fromKernel(true);
    return "";
  }
  function ask() {
    vectorsState = "asking";
    showMode();
    try {
      model.send({ ask: "vectors" });
    } catch (e) {
      kernel = false; vectorsState = "failed"; failure = "no kernel"; showMode();
      return;
    }
    // a reply that never comes: say so (a late one still switches the page over)
    askTimer = setTimeout(() => { if (vectorsState === "asking") { vectorsState = "failed"; failure = "no reply from the kernel"; showMode(); } },
      20000 + sizeMB() * 4000);
  }
  const onMessage = (msg, buffers) => {
    if (!msg || msg.kind !== "vectors") return;
    const names2 = Array.isArray(msg.names) ? msg.names : names;
    const problem = tryBuild({ names: names2, vectors: buffers && buffers[0], xy: buffers && buffers[1], components: buffers && buffers[2] });
    if (problem) { vectorsState = "failed"; failure = problem; showMode(); }
  };
  if (model.get("in_page")) {
    const problem = tryBuild({ names, vectors: model.get("vectors"), xy: model.get("plane_xy"), components: model.get("components") });
    if (problem) ask();
  } else {
    showMode();
  }

  // -- pointer: mouse, pen and touch alike, mapped through the SVG's own screen transform ----
  const toData = (ev) => {
    const m = svg.getScreenCTM();
    let px, py;
    if (m) {
      const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
      px = p.x; py = p.y;
    } else {
      const r = svg.getBoundingClientRect();
      px = (ev.clientX - r.left) * (W / r.width); py = (ev.clientY - r.top) * (H / r.height);
    }
    const [a0, b0, a1, b1] = area(), inset = 10; // a released dot (radius 8, its ring 9.5) stays inside the frame
    const cx = Math.min(Math.max(px, a0 + inset), a1 - inset), cy = Math.min(Math.max(py, b0 + inset), b1 - inset);
    edge = cx !== px || cy !== py;
    return [ix(cx), iy(cy)];
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
  const idAt = (target) => {
    const id = target && target.getAttribute && target.getAttribute("data-id");
    return id !== null && id !== undefined && dots.has(+id) ? +id : null;
  };
  function hover(id) {
    hoverLayer.replaceChildren();
    if (id === null || dragging !== null) return;
    const t = labels.get(id);
    if (t && t.style.display !== "none") return; // its label is already on the map
    const name = tipOf.get(id) || (S ? nameOf(id) : "");
    if (!name) return;
    const [x, y] = pos.get(id);
    const label = svgEl("text", { class: "pis-hover-label" }, hoverLayer);
    label.textContent = name;
    placeLabels([{ el: label, px: sx(x), py: sy(y), size: 12, must: true, box: null }], area(), []);
  }
  svg.addEventListener("pointerover", (ev) => hover(idAt(ev.target)));
  svg.addEventListener("pointerout", () => hover(null));
  svg.addEventListener("pointerdown", (ev) => {
    const id = idAt(ev.target);
    if (id === null) return;
    hover(null);
    dragging = id;
    moved = false;
    if (S) prepare(S, id);
    raise(dragging);
    select(dragging);
    try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic events have no capture */ }
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
    say(edge ? `Released outside the plot: ${nameOf(id)} stays at its edge.` : "");
    moveTo(id, x, y);
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);

  // keyboard: Tab (or a click) selects a point, arrows move it (Shift: ten times further)
  svg.addEventListener("focusin", (ev) => {
    const id = idAt(ev.target);
    if (id !== null && selected !== id) select(id);
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
    if (S) prepare(S, selected);
    moveTo(selected, nx, ny);
  });

  // k: Enter, leaving the box, and the arrow keys or spinner apply it; a bad entry gets a note
  kInput.value = model.get("k");
  const applyK = () => {
    const [k, note] = readK(kInput.value, model.get("k"), kMax);
    say(note);
    kInput.value = k;
    if (k === model.get("k")) return;
    if (kernel) save({ k }); else model.set("k", k);
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
    say("");
    show();
    save({ reset: model.get("reset") + 1 });
  });

  const showStatus = () => { statusBox.textContent = model.get("status") || model.get("note") || ""; };
  const handlers = [["change:neighbours", fromKernel], ["change:active", fromKernel], ["change:moved_at", fromKernel],
    ["change:k", kChanged], ["change:status", showStatus], ["change:note", showStatus], ["change:done", onDone],
    ["msg:custom", onMessage]];
  for (const [event, fn] of handlers) model.on(event, fn);
  showStatus();
  fromKernel();
  layout();
  // label widths are measured once the plot is on screen (before, they are estimated)
  requestAnimationFrame(() => { layout(); drawLabels(); });
  setTimeout(drawLabels, 500);
  return () => {
    if (resize) resize.disconnect();
    if (retry) clearTimeout(retry);
    if (askTimer) clearTimeout(askTimer);
    for (const [event, fn] of handlers) if (model.off) model.off(event, fn);
  };
}

export default { render };
