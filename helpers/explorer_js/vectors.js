// The vectors: checked as any front end delivers them, and asked for again when they did not
// arrive. Until they are in the page (or if they never come) the kernel computes the neighbours.
import { applyMovedAt, fromKernel, showMode, sizeMB } from "./kernel.js";
import { makeSpace } from "./search.js";

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

/** The page's copy of the space from these parts, switched to; or what is wrong with them. */
function tryBuild(view, parts) {
  const model = view.model;
  const spec = { n: model.get("n") || parts.names.length, dim: model.get("dim"), metric: model.get("metric"),
    kind: model.get("plane_kind"), dims: model.get("dims"), vectors: floats(parts.vectors), xy: floats(parts.xy),
    components: model.get("plane_kind") === "pca" ? floats(parts.components) : new Float32Array(0) };
  const problem = checkSpace(spec) || (parts.names.length !== spec.n ? `${parts.names.length} names for ${spec.n} points` : "");
  if (problem) return problem;
  view.names = parts.names;
  view.S = makeSpace(spec);
  view.vectorsState = "page";
  if (view.askTimer) { clearTimeout(view.askTimer); view.askTimer = null; }
  applyMovedAt(view);
  showMode(view);
  fromKernel(view, true);
  return "";
}

function failed(view, why) {
  view.vectorsState = "failed";
  view.failure = why;
  showMode(view);
}

function ask(view) {
  view.vectorsState = "asking";
  showMode(view);
  try {
    view.model.send({ ask: "vectors" });
  } catch (e) {
    view.kernel = false;
    failed(view, "no kernel");
    return;
  }
  // a reply that never comes: say so (a late one still switches the page over)
  view.askTimer = setTimeout(() => { if (view.vectorsState === "asking") failed(view, "no reply from the kernel"); },
    20000 + sizeMB(view.model) * 4000);
}

/** The kernel's reply to `ask`: the vectors, as binary buffers. */
export function onMessage(view, msg, buffers) {
  if (!msg || msg.kind !== "vectors") return;
  const names = Array.isArray(msg.names) ? msg.names : view.names;
  const problem = tryBuild(view, { names, vectors: buffers && buffers[0], xy: buffers && buffers[1], components: buffers && buffers[2] });
  if (problem) failed(view, problem);
}

/** The vectors from the widget's state; asked of the kernel when they are missing or damaged. */
export function loadVectors(view) {
  const model = view.model;
  if (model.get("in_page")) {
    const problem = tryBuild(view, { names: view.names, vectors: model.get("vectors"), xy: model.get("plane_xy"), components: model.get("components") });
    if (problem) ask(view);
  } else {
    showMode(view);
  }
}
