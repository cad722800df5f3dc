// The kernel: drops go to it, at most one in flight, and the newest waits and always goes; what
// it says back (a move made from Python or another view, a reset, or in kernel mode every
// answer) is drawn; and the mode line says who computes the neighbours, the page or the kernel.
import { compute, place, raise, show } from "./draw.js";
import { nameOf } from "./plot.js";
import { lift, resetMoved, setMoved } from "./search.js";

/** Set these traits and send them to the kernel; a page with no comm stops trying, quietly. */
export function save(view, values) {
  if (!view.kernel) return;
  try {
    for (const [key, value] of Object.entries(values)) view.model.set(key, value);
    view.model.save_changes();
  } catch (e) { // no comm: nothing to tell, the page answers drags by itself
    view.kernel = false;
    showMode(view);
  }
}

/** Send the waiting drop, unless one is in flight (a lost answer is given up on after 3 s). */
function pump(view) {
  if (!view.pending || !view.kernel) return;
  if (view.inflight !== null && performance.now() - view.sentAt < 3000) {
    if (!view.retry) view.retry = setTimeout(() => { view.retry = null; pump(view); }, 3000);
    return;
  }
  view.inflight = ++view.seq;
  view.sentAt = performance.now();
  const drop = { ...view.pending, seq: view.inflight, view: view.viewId };
  view.pending = null;
  save(view, { drop });
}

/** The kernel handled a drop: if it is this view's last, the next may go. */
export function onDone(view) {
  const d = view.model.get("done") || {};
  if (d.view === view.viewId && d.seq === view.inflight) { view.inflight = null; pump(view); }
}

/** One move, from the pointer or the keyboard: the dot, the page's neighbours, a drop to the kernel. */
export function moveTo(view, id, x, y) {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return; // never a NaN position
  place(view, id, x, y);
  const S = view.S;
  if (S) {
    const { v, list } = compute(view, id, x, y);
    setMoved(S, id, v);
    view.movedAt.set(id, [x, y]);
    view.cur = { id, name: nameOf(view, id), x, y, x0: S.xy[2 * id], y0: S.xy[2 * id + 1], list };
    show(view);
  } else {
    raise(view, id);
  }
  view.pending = { id, x, y };
  pump(view);
}

/** The kernel's moved points, into the page's space. */
export function applyMovedAt(view) {
  const S = view.S;
  resetMoved(S);
  view.movedAt.clear();
  for (const [j, x, y] of view.model.get("moved_at") || []) {
    setMoved(S, j, lift(S, j, x, y));
    view.movedAt.set(j, [x, y]);
    if (j !== view.dragging) place(view, j, x, y);
  }
}

/** What the kernel says, drawn once per task however many traits changed. `force`: even this
 *  view's own move (the vectors just arrived). */
export function fromKernel(view, force) {
  if (view.syncQueued) return;
  view.syncQueued = true;
  queueMicrotask(() => {
    view.syncQueued = false;
    const a = view.model.get("active") || {};
    const mine = a.view === view.viewId;
    if (view.S) pageFollows(view, a, mine, force);
    else kernelAnswers(view, a, mine);
  });
}

function pageFollows(view, a, mine, force) { // the page computes: the kernel's moves, searched here
  if (mine && force !== true) return; // the page showed this move already (and maybe newer ones)
  applyMovedAt(view);
  if (a.id === undefined) {
    if (!view.movedAt.size) view.ids.forEach((id, n) => place(view, id, view.xs[n], view.ys[n]));
    view.cur = null;
    show(view);
    return;
  }
  if (mine && view.cur && view.cur.id !== a.id) return;
  const { list } = compute(view, a.id, a.x, a.y);
  view.cur = { id: a.id, name: a.name, x: a.x, y: a.y, x0: a.x0, y0: a.y0, list };
  show(view);
}

function kernelAnswers(view, a, mine) { // kernel mode: its answer is the list
  const model = view.model;
  if (a.id === undefined) { view.ids.forEach((id, n) => place(view, id, view.xs[n], view.ys[n])); view.cur = null; show(view); return; }
  if (!mine || view.dragging === null) place(view, a.id, a.x, a.y); // a drag made from Python moves the dot too
  for (const [j, x, y] of model.get("moved_at") || []) if (j !== view.dragging && j !== a.id) place(view, j, x, y);
  view.cur = { id: a.id, name: a.name, x: a.x, y: a.y, x0: a.x0, y0: a.y0, list: (model.get("neighbours") || [])
    .map((nb) => ({ ...nb, id: view.named.size ? view.byName.get(nb.name) : undefined })) };
  show(view);
}

export const sizeMB = (model) => ((model.get("n") || 0) * (model.get("dim") || 0) * 4 / 2 ** 20);

/** The mode line: who computes the neighbours (the page, or the kernel until or since ...). */
export function showMode(view) {
  const model = view.model, state = view.vectorsState;
  const n = (model.get("n") || 0).toLocaleString("en-US"), d = model.get("dim");
  let text = "";
  if (state === "page") text = `Neighbours computed in this page (${n} points × ${d}-d).`;
  else if (state === "asking") text = `Loading ${n} vectors (${sizeMB(model).toFixed(1)} MB) into the page; until they arrive the kernel computes the neighbours, so the list follows a drag with a delay.`;
  else if (state === "failed") text = `The page did not receive the vectors (${view.failure}): the kernel computes the neighbours, so the list follows a drag with a delay.`;
  if (!view.kernel && state !== "page") text = "No kernel is running and the vectors are not in the page: run the notebook to drag points.";
  view.modeBox.textContent = text;
  view.root.dataset.mode = state === "page" ? "page" : "kernel";
  view.root.dataset.vectors = state;
}

export function showStatus(view) {
  view.statusBox.textContent = view.model.get("status") || view.model.get("note") || "";
}
