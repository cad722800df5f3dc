// Drawing: the axes, the dots where they are, the move being shown (its trail, links, rings
// and list), and the size: the plot takes the width its output gives it, and the panel goes
// under a narrow plot.
import { drawLabels } from "./labels.js";
import { M, nameOf, svgEl, sx, sy, where } from "./plot.js";
import { search } from "./search.js";

// Layout, measured in chromium: below a 420 px plot, labels and ticks crowd; the panel
// (240 px) goes under the plot when plot + panel do not fit side by side.
const PANEL = 240, GAP = 12, MIN_PLOT = 420, MIN_HEIGHT = 240;

function ticks(lo, hi, n) {
  const step0 = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) || step0;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * Math.abs(step); t += step) out.push(+t.toFixed(10));
  return out;
}

function drawAxes(view) {
  const axes = view.layers.axes, W = view.W, H = view.H;
  axes.replaceChildren();
  svgEl("rect", { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom, class: "pis-frame" }, axes);
  for (const t of ticks(view.x0, view.x1, Math.max(3, Math.round(W / 110)))) {
    svgEl("line", { x1: sx(view, t), x2: sx(view, t), y1: H - M.bottom, y2: H - M.bottom + 4 }, axes);
    svgEl("text", { x: sx(view, t), y: H - M.bottom + 16, "text-anchor": "middle" }, axes).textContent = t;
  }
  for (const t of ticks(view.y0, view.y1, Math.max(3, Math.round(H / 95)))) {
    svgEl("line", { x1: M.left - 4, x2: M.left, y1: sy(view, t), y2: sy(view, t) }, axes);
    svgEl("text", { x: M.left - 7, y: sy(view, t) + 4, "text-anchor": "end" }, axes).textContent = t;
  }
  svgEl("text", { x: (M.left + W - M.right) / 2, y: H - 8, "text-anchor": "middle", class: "pis-axis-label" }, axes).textContent = view.model.get("xlabel");
  svgEl("text", { x: 14, y: (M.top + H - M.bottom) / 2, "text-anchor": "middle", class: "pis-axis-label",
    transform: `rotate(-90 14 ${(M.top + H - M.bottom) / 2})` }, axes).textContent = view.model.get("ylabel");
}

function placeDot(view, id) {
  const c = view.dots.get(id), p = view.pos.get(id);
  if (c && p) { c.setAttribute("cx", sx(view, p[0])); c.setAttribute("cy", sy(view, p[1])); }
}

export function place(view, id, x, y) {
  view.pos.set(id, [x, y]);
  placeDot(view, id);
}

// moving a node in the DOM blurs it: keep the keyboard's focus where it was
function reparent(c, layer) {
  const focused = document.activeElement === c;
  layer.appendChild(c);
  if (focused) c.focus({ preventScroll: true });
}

/** Draw point id on top of the others (and the one raised before back in its own layer). */
export function raise(view, id) {
  const dots = view.dots, layers = view.layers;
  if (view.raised !== null && view.raised !== id && dots.has(view.raised)) {
    const old = dots.get(view.raised);
    old.classList.remove("pis-dragged");
    reparent(old, view.named.has(view.raised) ? layers.named : layers.cloud);
  }
  view.raised = id;
  const c = dots.get(id);
  if (c) { c.classList.add("pis-dragged"); if (c.parentNode !== layers.top) reparent(c, layers.top); }
}

/** The page's own search at (x, y) for point i: {v: the lifted vector, list: the neighbours}. */
export function compute(view, i, x, y) {
  const [idx, dist, v] = search(view.S, i, x, y, Math.min(view.model.get("k"), view.S.n - 1));
  const list = idx.map((j, r) => { const [px, py] = where(view, j); return { id: j, name: nameOf(view, j), distance: dist[r], x: px, y: py }; });
  return { v, list };
}

/** The move in view.cur on the plot and in the list (or the empty list's hint when none). */
export function show(view) {
  const cur = view.cur, links = view.layers.links, rings = view.layers.rings, activeBox = view.activeBox;
  links.replaceChildren();
  rings.replaceChildren();
  view.list.replaceChildren();
  if (!cur) {
    activeBox.textContent = "Neighbours appear here.";
    delete activeBox.dataset.x;
    delete activeBox.dataset.y;
    drawLabels(view);
    return;
  }
  const [ax, ay] = [sx(view, cur.x), sy(view, cur.y)];
  svgEl("line", { x1: sx(view, cur.x0), y1: sy(view, cur.y0), x2: ax, y2: ay, class: "pis-trail" }, links);
  svgEl("circle", { cx: sx(view, cur.x0), cy: sy(view, cur.y0), r: 4, class: "pis-ghost" }, links);
  const frag = document.createDocumentFragment();
  for (const nb of cur.list) {
    svgEl("line", { x1: ax, y1: ay, x2: sx(view, nb.x), y2: sy(view, nb.y), class: "pis-link" }, links);
    svgEl("circle", { cx: sx(view, nb.x), cy: sy(view, nb.y), r: 7, class: "pis-ring" }, rings);
    const li = document.createElement("li");
    li.innerHTML = `<span class="pis-name"></span> <span class="pis-dist"></span>`;
    li.firstChild.textContent = nb.name;
    li.lastChild.textContent = nb.distance.toFixed(3);
    frag.appendChild(li);
  }
  view.list.appendChild(frag);
  raise(view, cur.id);
  activeBox.textContent = `${cur.name} at (${cur.x.toFixed(2)}, ${cur.y.toFixed(2)}): nearest ${view.model.get("metric")} neighbours`;
  activeBox.dataset.x = cur.x;  // the exact drop position, for tests that recompute the neighbours
  activeBox.dataset.y = cur.y;
  drawLabels(view);
}

/** The plot at the width its output gives it; redrawn only when its size changed. */
export function layout(view) {
  const root = view.root, svg = view.svg, W0 = view.W0, H0 = view.H0;
  const avail = Math.floor(root.clientWidth || view.el.clientWidth || 0);
  if (!avail) return;
  const beside = avail >= MIN_PLOT + PANEL + GAP;
  const w = Math.max(200, Math.min(W0, beside ? avail - PANEL - GAP : avail));
  const h = Math.max(Math.min(H0, MIN_HEIGHT), Math.round((w * H0) / W0));
  root.classList.toggle("pis-narrow", !beside);
  if (w === view.W && h === view.H && svg.dataset.drawn) return;
  view.W = w; view.H = h;
  svg.dataset.drawn = "1";
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  drawAxes(view);
  view.dots.forEach((c, id) => placeDot(view, id));
  show(view);
}

/** The axes and dots drawn at the widget's own size, and a redraw whenever the output's width changes. */
export function watchSize(view) {
  drawAxes(view);
  view.dots.forEach((c, id) => placeDot(view, id));
  view.resize = typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => layout(view)) : null;
  if (view.resize) view.resize.observe(view.root);
}
