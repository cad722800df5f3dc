// The side panel's controls: the k box (a whole number from 1 to its maximum, and a note when
// it is not; Enter, leaving the box, and the arrow keys or spinner apply it) and Reset.
import { compute, place, show } from "./draw.js";
import { save } from "./kernel.js";
import { say } from "./plot.js";
import { resetMoved } from "./search.js";

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

function applyK(view) {
  const model = view.model, kInput = view.kInput;
  const [k, note] = readK(kInput.value, model.get("k"), view.kMax);
  say(view, note);
  kInput.value = k;
  if (k === model.get("k")) return;
  if (view.kernel) save(view, { k }); else model.set("k", k);
  kChanged(view);
}

/** k changed (here or in the kernel): the box shows it, and the page's list has k rows. */
export function kChanged(view) {
  view.kInput.value = view.model.get("k");
  if (view.S && view.cur) { view.cur.list = compute(view, view.cur.id, view.cur.x, view.cur.y).list; show(view); }
}

export function wireKBox(view) {
  const kInput = view.kInput;
  kInput.value = view.model.get("k");
  kInput.addEventListener("change", () => applyK(view));
  kInput.addEventListener("keydown", (ev) => {
    ev.stopPropagation();
    if (ev.key === "Enter") { ev.preventDefault(); applyK(view); }
  });
  kInput.addEventListener("keyup", (ev) => { if (ev.key === "ArrowUp" || ev.key === "ArrowDown") applyK(view); });
  kInput.addEventListener("input", (ev) => { if (!ev.inputType) applyK(view); }); // spinner clicks
}

/** Reset: every point back home, here and in the kernel. */
export function wireReset(view) {
  view.side.querySelector(".pis-reset").addEventListener("click", () => {
    view.ids.forEach((id, n) => place(view, id, view.xs[n], view.ys[n]));
    if (view.S) { resetMoved(view.S); view.movedAt.clear(); }
    view.pending = null;   // a drop still waiting would undo the reset in the kernel
    view.cur = null;
    say(view, "");
    show(view);
    save(view, { reset: view.model.get("reset") + 1 });
  });
}
