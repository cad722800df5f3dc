// The view: one object that every part of the explorer reads and writes (the model, the DOM it
// builds, the plot's size and scales, and what changes while a learner drags), and the DOM
// itself: the title, the SVG plot with its layers and dots, and the side panel.
const SVG = "http://www.w3.org/2000/svg";
export const M = { left: 56, right: 16, top: 12, bottom: 46 };
const K_MAX = 50;

export function svgEl(tag, attrs, parent) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

// the plot's scales: data units to pixels and back, and the frame's box in pixels
export const sx = (view, x) => M.left + ((x - view.x0) / (view.x1 - view.x0)) * (view.W - M.left - M.right);
export const sy = (view, y) => view.H - M.bottom - ((y - view.y0) / (view.y1 - view.y0)) * (view.H - M.top - M.bottom);
export const ix = (view, px) => view.x0 + ((px - M.left) / (view.W - M.left - M.right)) * (view.x1 - view.x0);
export const iy = (view, py) => view.y0 + ((view.H - M.bottom - py) / (view.H - M.top - M.bottom)) * (view.y1 - view.y0);
export const area = (view) => [M.left, M.top, view.W - M.right, view.H - M.bottom];

/** The explorer's DOM inside `el`, and the view object that holds it and its state. */
export function buildView(model, el) {
  const W0 = model.get("width"), H0 = model.get("height"), [x0, x1, y0, y1] = model.get("bounds");
  const view = { model, el, W0, H0, W: W0, H: H0, x0, x1, y0, y1,
    viewId: Math.random().toString(36).slice(2, 10), // tells this view's drops from others'
    names: model.get("names") || [], ...moving() };
  buildFrame(view);
  buildPanel(view);
  buildLayers(view);
  buildDots(view);
  return view;
}

/** What changes while the view lives. */
function moving() {
  return {
    S: null,               // the page's copy of the space (search.js): from the state, or asked of the kernel
    movedAt: new Map(),    // id -> [x, y] where a moved point was dropped
    cur: null,             // the shown move: {id, name, x, y, x0, y0, list: [{id?, name, distance, x, y}]}
    raised: null,          // the dot drawn on top
    dragging: null, selected: null, moved: false, edge: false,   // the pointer and the keyboard
    kernel: true,          // false on a page with no kernel behind it (a static export)
    seq: 0, inflight: null, sentAt: 0, pending: null, retry: null, syncQueued: false,   // drops to the kernel
    vectorsState: "none", failure: "", askTimer: null,   // none | page | asking | failed, and why it failed
    resize: null,
  };
}

function buildFrame(view) {
  const model = view.model, root = document.createElement("div");
  root.className = "pis-explorer";
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // arrow keys move points, not cells
  view.el.appendChild(root);
  if (model.get("title")) { // above the plot, as text that wraps in a narrow output
    const title = document.createElement("div");
    title.className = "pis-title";
    title.textContent = model.get("title");
    root.appendChild(title);
  }
  view.svg = svgEl("svg", { width: view.W, height: view.H, viewBox: `0 0 ${view.W} ${view.H}`, class: "pis-plot", role: "group",
    "aria-label": `${model.get("title") || "Map of the points"}: drag a point to see its nearest neighbours` }, root);
  view.svg.style.touchAction = "none";
  view.root = root;
}

function buildPanel(view) {
  const model = view.model, side = document.createElement("div");
  side.className = "pis-side";
  view.root.appendChild(side);
  const nAll = model.get("n") || (model.get("names") || []).length || model.get("ids").length;
  view.kMax = Math.max(1, Math.min(nAll - 1, Math.max(K_MAX, model.get("k"))));
  side.innerHTML = `<div class="pis-head">Drag any point (or Tab to one and use the arrow keys)</div>
    <label class="pis-k">neighbours k <input type="number" min="1" max="${view.kMax}" step="1"></label>
    <div class="pis-note" role="status"></div>
    <div class="pis-active"></div><ol class="pis-list" aria-live="polite" aria-label="nearest neighbours"></ol>
    <div class="pis-status" role="status"></div><div class="pis-mode"></div>
    <button class="pis-reset" type="button">Reset points</button>`;
  Object.assign(view, { side, kInput: side.querySelector("input"), list: side.querySelector(".pis-list"),
    activeBox: side.querySelector(".pis-active"), statusBox: side.querySelector(".pis-status"),
    noteBox: side.querySelector(".pis-note"), modeBox: side.querySelector(".pis-mode") });
}

// layers, bottom to top: axes, links, unlabelled dots, labelled dots, rings, labels, the dragged dot, hover
function buildLayers(view) {
  const svg = view.svg, layer = (cls) => svgEl("g", { class: cls }, svg);
  view.layers = { axes: layer("pis-axes"), links: layer("pis-links"), cloud: layer("pis-points pis-cloud"),
    named: layer("pis-points pis-named-points"), rings: layer("pis-rings"), labels: layer("pis-labels"),
    nearLabels: layer("pis-near-labels"), top: layer("pis-points pis-top"), hover: layer("pis-hover") };
}

function buildDots(view) {
  const model = view.model, layers = view.layers;
  const xs = model.get("xs"), ys = model.get("ys"), ids = model.get("ids"), texts = model.get("texts");
  const tips = model.get("tips") || [];
  const pos = new Map(); // id -> [x, y] in data units (moves with drags)
  const dots = new Map(), labels = new Map(), named = new Map(), tipOf = new Map(), byName = new Map();
  ids.forEach((id, n) => {
    pos.set(id, [xs[n], ys[n]]);
    tipOf.set(id, texts[n] || tips[n] || "");
    const isNamed = !!texts[n];
    const c = svgEl("circle", { r: isNamed ? 6 : 3.5, class: isNamed ? "pis-dot pis-named" : "pis-dot",
      "data-id": id, "data-name": texts[n] || "" }, isNamed ? layers.named : layers.cloud);
    if (isNamed) {
      c.setAttribute("tabindex", "0"); // Tab walks the labelled points; arrows move the focused one
      c.setAttribute("role", "button");
      c.setAttribute("aria-label", texts[n]);
      const t = svgEl("text", { class: "pis-label", "data-id": id }, layers.labels);
      t.textContent = texts[n];
      labels.set(id, t);
      named.set(id, n);
    }
    dots.set(id, c);
  });
  named.forEach((n, id) => byName.set(texts[n], id));
  Object.assign(view, { xs, ys, ids, pos, dots, labels, named, tipOf, byName });
}

/** Where point j is drawn: where it was dropped, else its place on the plane. */
export function where(view, j) {
  return view.movedAt.get(j) || (view.S ? [view.S.xy[2 * j], view.S.xy[2 * j + 1]] : view.pos.get(j));
}

export function nameOf(view, j) {
  return view.names[j] !== undefined ? view.names[j] : view.tipOf.get(j) || `#${j}`;
}

/** The note line under the k box ("" clears it). */
export function say(view, text) {
  view.noteBox.textContent = text || "";
}
