// Labels that do not overlap: the labelled points', the dragged point's and its neighbours',
// placed greedily beside their dots, and a hovered point's name.
import { area, nameOf, svgEl, sx, sy } from "./plot.js";

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

/** Every label on the map, the move's first: the dragged point and its neighbours must be named
 *  (or at least tried), then the labelled points where there is room. */
export function drawLabels(view) {
  const cur = view.cur, labels = view.labels, nearLayer = view.layers.nearLabels;
  const nearIds = new Set(cur ? cur.list.map((nb) => nb.id) : []);
  const items = [], blocked = [];
  const dotBox = (x, y, r) => [sx(view, x) - r, sy(view, y) - r, sx(view, x) + r, sy(view, y) + r];
  nearLayer.replaceChildren();
  labels.forEach((t) => t.classList.remove("pis-label-near", "pis-label-active"));
  if (cur) {
    blocked.push(dotBox(cur.x, cur.y, 8));
    for (const nb of cur.list) blocked.push(dotBox(nb.x, nb.y, 7));
    let t = labels.get(cur.id);
    if (!t) { // an unlabelled point being dragged still gets its name
      t = svgEl("text", { class: "pis-near-label pis-label-active" }, nearLayer);
      t.textContent = cur.name;
    }
    t.classList.add("pis-label-active");
    items.push({ el: t, px: sx(view, cur.x), py: sy(view, cur.y), size: 12, must: true, box: blocked[0] });
    cur.list.forEach((nb, r) => {
      let t = nb.id !== undefined ? labels.get(nb.id) : undefined;
      if (t) t.classList.add("pis-label-near");
      else {
        t = svgEl("text", { class: "pis-near-label" }, nearLayer);
        t.textContent = nb.name;
      }
      items.push({ el: t, px: sx(view, nb.x), py: sy(view, nb.y), size: 12, must: false, box: blocked[r + 1] });
    });
  }
  labels.forEach((t, id) => {
    if ((cur && id === cur.id) || nearIds.has(id)) return;
    const [x, y] = view.pos.get(id);
    items.push({ el: t, px: sx(view, x), py: sy(view, y), size: 12, must: false, box: null });
  });
  const hidden = placeLabels(items, area(view), blocked);
  view.root.dataset.hiddenLabels = hidden.length;
}

/** The name of the point under the pointer, when its label is not on the map. */
export function hover(view, id) {
  const layer = view.layers.hover;
  layer.replaceChildren();
  if (id === null || view.dragging !== null) return;
  const t = view.labels.get(id);
  if (t && t.style.display !== "none") return; // its label is already on the map
  const name = view.tipOf.get(id) || (view.S ? nameOf(view, id) : "");
  if (!name) return;
  const [x, y] = view.pos.get(id);
  const label = svgEl("text", { class: "pis-hover-label" }, layer);
  label.textContent = name;
  placeLabels([{ el: label, px: sx(view, x), py: sy(view, y), size: 12, must: true, box: null }], area(view), []);
}
