// The explorer's view: draws the points on an SVG and reports drops to Python.
// Python (helpers/widgets.py) computes the neighbours in the full space and sends
// them back as the "neighbours" trait; this file only draws.
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

function render({ model, el }) {
  const W = model.get("width"), H = model.get("height");
  const root = document.createElement("div");
  root.className = "pis-explorer";
  el.appendChild(root);
  const svg = svgEl("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "pis-plot" }, root);
  const side = document.createElement("div");
  side.className = "pis-side";
  root.appendChild(side);
  side.innerHTML = `<div class="pis-head">Drag any point</div>
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

  const linkLayer = svgEl("g", { class: "pis-links" }, svg);
  const pointLayer = svgEl("g", { class: "pis-points" }, svg);
  const labelLayer = svgEl("g", { class: "pis-labels" }, svg);

  const xs = model.get("xs"), ys = model.get("ys"), ids = model.get("ids"), texts = model.get("texts");
  const pos = new Map(); // id -> [x, y] in data units (moves with drags)
  const dots = new Map(), labels = new Map();
  // points that share a spot on screen get their labels stacked instead of printed on top of each other
  const stack = new Map(), lift = new Map(), taken = new Map();
  ids.forEach((id, n) => {
    if (!texts[n]) return;
    const key = `${Math.round(sx(xs[n]) / 6)},${Math.round(sy(ys[n]) / 6)}`;
    taken.set(key, (taken.get(key) || 0) + 1);
    stack.set(id, taken.get(key) - 1);
  });
  ids.forEach((id, n) => {
    pos.set(id, [xs[n], ys[n]]);
    const c = svgEl("circle", { cx: sx(xs[n]), cy: sy(ys[n]), r: texts[n] ? 6 : 3.5, class: texts[n] ? "pis-dot pis-named" : "pis-dot",
      "data-id": id, "data-name": texts[n] || "" }, pointLayer);
    const title = svgEl("title", {}, c);
    title.textContent = texts[n] || "";
    dots.set(id, c);
    if (texts[n]) {
      lift.set(id, 13 * (stack.get(id) || 0));
      const t = svgEl("text", { x: sx(xs[n]) + 8, y: sy(ys[n]) - 6 - lift.get(id), class: "pis-label" }, labelLayer);
      t.textContent = texts[n];
      labels.set(id, t);
    }
  });

  function place(id, x, y) {
    pos.set(id, [x, y]);
    const c = dots.get(id);
    if (c) { c.setAttribute("cx", sx(x)); c.setAttribute("cy", sy(y)); }
    const t = labels.get(id);
    if (t) { lift.set(id, 0); t.setAttribute("x", sx(x) + 8); t.setAttribute("y", sy(y) - 6); }
  }

  function drawNeighbours() {
    linkLayer.replaceChildren();
    list.replaceChildren();
    const a = model.get("active");
    dots.forEach((c) => c.classList.remove("pis-near", "pis-dragged"));
    if (!a || a.id === undefined) { activeBox.textContent = "Neighbours appear here."; return; }
    const [ax, ay] = [sx(a.x), sy(a.y)];
    svgEl("line", { x1: sx(a.x0), y1: sy(a.y0), x2: ax, y2: ay, class: "pis-trail" }, linkLayer);
    svgEl("circle", { cx: sx(a.x0), cy: sy(a.y0), r: 4, class: "pis-ghost" }, linkLayer);
    for (const nb of model.get("neighbours")) {
      svgEl("line", { x1: ax, y1: ay, x2: sx(nb.x), y2: sy(nb.y), class: "pis-link" }, linkLayer);
      svgEl("circle", { cx: sx(nb.x), cy: sy(nb.y), r: 7, class: "pis-ring" }, linkLayer);
      svgEl("text", { x: sx(nb.x) + 8, y: sy(nb.y) + 14, class: "pis-near-label" }, linkLayer).textContent = nb.name;
      const li = document.createElement("li");
      li.innerHTML = `<span class="pis-name"></span> <span class="pis-dist"></span>`;
      li.firstChild.textContent = nb.name;
      li.lastChild.textContent = nb.distance.toFixed(3);
      list.appendChild(li);
    }
    if (dragging === null) place(a.id, a.x, a.y); // a drag made from Python moves the dot too
    const d = dots.get(a.id);
    if (d) d.classList.add("pis-dragged");
    activeBox.textContent = `${a.name} at (${a.x.toFixed(2)}, ${a.y.toFixed(2)}): nearest ${model.get("metric")} neighbours`;
    activeBox.dataset.x = a.x;  // the exact drop position, for tests that recompute the neighbours
    activeBox.dataset.y = a.y;
  }

  // dragging: the pointer moves the dot at once; Python hears at most one drop per frame
  let dragging = null, pending = null, seq = 0;
  function send() {
    if (!pending) return;
    model.set("drop", { ...pending, seq: ++seq });
    model.save_changes();
    pending = null;
  }
  const toData = (ev) => {
    const r = svg.getBoundingClientRect();
    const px = Math.min(Math.max(ev.clientX - r.left, M.left), W - M.right);
    const py = Math.min(Math.max(ev.clientY - r.top, M.top), H - M.bottom);
    return [ix(px), iy(py)];
  };
  pointLayer.addEventListener("pointerdown", (ev) => {
    const id = ev.target.getAttribute && ev.target.getAttribute("data-id");
    if (id === null || id === undefined) return;
    dragging = +id;
    svg.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  svg.addEventListener("pointermove", (ev) => {
    if (dragging === null) return;
    const [x, y] = toData(ev);
    place(dragging, x, y);
    const first = pending === null;
    pending = { id: dragging, x, y };
    if (first) requestAnimationFrame(send);
  });
  const end = (ev) => {
    if (dragging === null) return;
    const [x, y] = toData(ev);
    place(dragging, x, y);
    pending = { id: dragging, x, y };
    send();
    dragging = null;
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);

  kInput.value = model.get("k");
  kInput.addEventListener("change", () => {
    const k = parseInt(kInput.value, 10);
    if (Number.isFinite(k) && k >= 1) { model.set("k", k); model.save_changes(); }
    else kInput.value = model.get("k");
  });
  side.querySelector(".pis-reset").addEventListener("click", () => {
    ids.forEach((id, n) => place(id, xs[n], ys[n]));
    model.set("reset", model.get("reset") + 1);
    model.save_changes();
  });

  model.on("change:neighbours", drawNeighbours);
  model.on("change:active", drawNeighbours);
  model.on("change:k", () => { kInput.value = model.get("k"); });
  model.on("change:status", () => { statusBox.textContent = model.get("status"); });
  drawNeighbours();
}

export default { render };
