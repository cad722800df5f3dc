// The explorer's view: draws the points on an SVG and computes the neighbours of a dragged
// point in the FULL space at every pointer move, in the page, from the float32 vectors the
// kernel sends (helpers/widgets.py). It lifts a 2-D drop back to the full space exactly as
// Python's Plane.lift does and ranks with the same metric and tie order as Python's
// neighbours_at (the reference). The kernel still hears the drops: at most one in flight,
// and always the last one. Spaces too large to send are searched by the kernel instead, and
// so is everything until the vectors have arrived (the status line says which).
// Uses only what anywidget 0.9's front end offers (Colab): model.get/set/save_changes/on/off/send.
// This folder's files are joined into one module by helpers/_javascript.py (no build step):
// plot.js (the view and its DOM), labels.js, draw.js, search.js (the search, in the page),
// kernel.js (drops and answers), vectors.js, pointer.js (and the keyboard), controls.js (k, Reset).
import { kChanged, readK, wireKBox, wireReset } from "./controls.js";
import { layout, watchSize } from "./draw.js";
import { fromKernel, onDone, showStatus } from "./kernel.js";
import { drawLabels } from "./labels.js";
import { buildView } from "./plot.js";
import { wireKeyboard, wirePointer } from "./pointer.js";
import { lift, makeSpace, nearest, prepare, resetMoved, search, setMoved } from "./search.js";
import { checkSpace, floats, loadVectors, onMessage } from "./vectors.js";

function render({ model, el }) {
  const view = buildView(model, el);   // the title, the plot, its layers and dots, the side panel
  watchSize(view);                     // axes and dots drawn, and redrawn when the output's width changes
  loadVectors(view);                   // the page's copy of the space, from the state or asked of the kernel
  wirePointer(view);                   // drag a dot; hover names it
  wireKeyboard(view);                  // Tab to a dot, the arrow keys move it
  wireKBox(view);
  wireReset(view);
  const handlers = wireKernel(view);   // what the kernel changes and sends
  firstDraw(view);
  return () => cleanup(view, handlers);
}

/** One handler per synced trait the kernel changes, and one for its messages. */
function wireKernel(view) {
  const sync = () => fromKernel(view), status = () => showStatus(view);
  const handlers = [["change:neighbours", sync], ["change:active", sync], ["change:moved_at", sync],
    ["change:k", () => kChanged(view)], ["change:status", status], ["change:note", status],
    ["change:done", () => onDone(view)], ["msg:custom", (msg, buffers) => onMessage(view, msg, buffers)]];
  for (const [event, fn] of handlers) view.model.on(event, fn);
  return handlers;
}

function firstDraw(view) {
  showStatus(view);
  fromKernel(view);
  layout(view);
  // label widths are measured once the plot is on screen (before, they are estimated)
  requestAnimationFrame(() => { layout(view); drawLabels(view); });
  setTimeout(() => drawLabels(view), 500);
}

function cleanup(view, handlers) {
  if (view.resize) view.resize.disconnect();
  if (view.retry) clearTimeout(view.retry);
  if (view.askTimer) clearTimeout(view.askTimer);
  for (const [event, fn] of handlers) if (view.model.off) view.model.off(event, fn);
}

// what the tests and the benchmark call, as before the split
export { checkSpace, floats, lift, makeSpace, nearest, prepare, readK, resetMoved, search, setMoved };
export default { render };
