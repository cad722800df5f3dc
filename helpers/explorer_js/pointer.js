// The pointer and the keyboard. Mouse, pen and touch alike drag a dot, mapped through the SVG's
// own screen transform (a click selects it); hovering names a point. Tab (or a click) selects a
// point and the arrow keys move it (Shift: ten times further).
import { raise } from "./draw.js";
import { moveTo } from "./kernel.js";
import { hover } from "./labels.js";
import { area, ix, iy, nameOf, say } from "./plot.js";
import { prepare } from "./search.js";

/** The event's place in data units, kept inside the frame (view.edge says whether it was outside). */
function toData(view, ev) {
  const m = view.svg.getScreenCTM();
  let px, py;
  if (m) {
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
    px = p.x; py = p.y;
  } else {
    const r = view.svg.getBoundingClientRect();
    px = (ev.clientX - r.left) * (view.W / r.width); py = (ev.clientY - r.top) * (view.H / r.height);
  }
  const [a0, b0, a1, b1] = area(view), inset = 10; // a released dot (radius 8, its ring 9.5) stays inside the frame
  const cx = Math.min(Math.max(px, a0 + inset), a1 - inset), cy = Math.min(Math.max(py, b0 + inset), b1 - inset);
  view.edge = cx !== px || cy !== py;
  return [ix(view, cx), iy(view, cy)];
}

function select(view, id) {
  const dots = view.dots;
  if (view.selected !== null && dots.has(view.selected)) dots.get(view.selected).classList.remove("pis-selected");
  view.selected = id;
  const c = dots.get(id);
  if (c) {
    c.classList.add("pis-selected");
    if (!c.hasAttribute("tabindex")) c.setAttribute("tabindex", "-1");
    if (document.activeElement !== c) c.focus({ preventScroll: true });
  }
}

function idAt(view, target) {
  const id = target && target.getAttribute && target.getAttribute("data-id");
  return id !== null && id !== undefined && view.dots.has(+id) ? +id : null;
}

function press(view, ev) {
  const id = idAt(view, ev.target);
  if (id === null) return;
  hover(view, null);
  view.dragging = id;
  view.moved = false;
  if (view.S) prepare(view.S, id);
  raise(view, id);
  select(view, id);
  try { view.svg.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic events have no capture */ }
  ev.preventDefault();
}

function release(view, ev) {
  if (view.dragging === null) return;
  const id = view.dragging;
  view.dragging = null;
  if (!view.moved) { // a click selects the point (for the arrow keys) without moving it
    if (view.cur) raise(view, view.cur.id);
    return;
  }
  const [x, y] = toData(view, ev);
  say(view, view.edge ? `Released outside the plot: ${nameOf(view, id)} stays at its edge.` : "");
  moveTo(view, id, x, y);
}

export function wirePointer(view) {
  const svg = view.svg;
  svg.addEventListener("pointerover", (ev) => hover(view, idAt(view, ev.target)));
  svg.addEventListener("pointerout", () => hover(view, null));
  svg.addEventListener("pointerdown", (ev) => press(view, ev));
  svg.addEventListener("pointermove", (ev) => {
    if (view.dragging === null) return;
    const [x, y] = toData(view, ev);
    view.moved = true;
    moveTo(view, view.dragging, x, y);
  });
  const end = (ev) => release(view, ev);
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
}

export function wireKeyboard(view) {
  view.svg.addEventListener("focusin", (ev) => {
    const id = idAt(view, ev.target);
    if (id !== null && view.selected !== id) select(view, id);
  });
  view.svg.addEventListener("keydown", (ev) => {
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[ev.key];
    if (!dir || view.selected === null) return;
    ev.preventDefault();
    ev.stopPropagation();
    const step = ev.shiftKey ? 0.1 : 0.01, { x0, x1, y0, y1 } = view;
    const [x, y] = view.pos.get(view.selected);
    const nx = Math.min(Math.max(x + dir[0] * step * (x1 - x0), x0), x1);
    const ny = Math.min(Math.max(y + dir[1] * step * (y1 - y0), y0), y1);
    if (view.S) prepare(view.S, view.selected);
    moveTo(view, view.selected, nx, ny);
  });
}
