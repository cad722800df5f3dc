// The course website's widget runtime, bundled by esbuild into site/_static/widgets.js (a classic
// script, so a page opened from file:// runs it; nothing is fetched from anywhere).
// It renders every widget of a page from the state the build stored in the page
// (<script type="application/vnd.jupyter.widget-state+json">), with Jupyter's own HTML widget
// manager (@jupyter-widgets/html-manager) and anywidget's own front end (npm `anywidget`, the
// version the course's Python anywidget uses), so the explorers run helpers/explorer_js/ exactly
// as in JupyterLab: the page computes the neighbours of a dragged point from the stored vectors.
import "./capture-anywidget.js";
import "anywidget";
import "./release-anywidget.js";
import * as base from "@jupyter-widgets/base";
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "@lumino/widgets/style/index.css";

const { AnyModel, AnyView } = globalThis.__pisAnywidgetFactory(base);
delete globalThis.__pisAnywidgetFactory;

// A stored page has no kernel, so its models have no comm. What an explorer sends to the kernel
// (a drop, k, a reset) has nobody to hear it: skip it quietly, as the issue asks, instead of
// throwing "Syncing error: no comm channel defined" from inside a drag.
class StaticAnyModel extends AnyModel {
  save_changes(...args) { if (this.comm) return super.save_changes(...args); }
  send(...args) { if (this.comm) return super.send(...args); }
}
const anywidgetModule = { AnyModel: StaticAnyModel, AnyView };

// The build stores large buffers (an explorer's float32 vectors) packed, losslessly: bytes regrouped
// by their position in each 4-byte number, then deflated (tools/build_site.py, pack_state). Here the
// browser inflates them (DecompressionStream: no fetch, so pages work from file://) and puts every
// byte back: the explorer gets exactly the bytes Python sent.
function base64ToBytes(text) {
  const bin = atob(text), out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
function unshuffle(bytes) {
  const n = bytes.length / 4, out = new Uint8Array(bytes.length);
  for (let b = 0; b < 4; b++) {
    const src = bytes.subarray(b * n, (b + 1) * n);
    for (let i = 0; i < n; i++) out[4 * i + b] = src[i];
  }
  return out;
}
async function bufferOf(b) {
  const bytes = base64ToBytes(b.data);
  if (b.pis_packed === "shuffle4-deflate") return unshuffle(await inflate(bytes)).buffer;
  if (b.pis_packed) throw new Error(`unknown packing ${b.pis_packed}`);
  return bytes.buffer;
}

class SiteManager extends HTMLManager {
  constructor() {
    super({ loader: (name) => (name === "anywidget" ? Promise.resolve(anywidgetModule)
      : Promise.reject(new Error(`this page has no front end for the widget module ${name}`))) });
  }
}

// ipywidgets' own views leave two things unnamed for screen readers: an Image widget's <img> (no
// alt) and a slider's handle (role="slider", no name). Name them from what the page shows, as
// the views add them (a box renders its children after it is displayed).
const UNNAMED = 'img:not([alt]), [role="slider"]:not([aria-label]):not([aria-labelledby])';
function labelControls(root) {
  const found = root.matches && root.matches(UNNAMED) ? [root] : [];
  for (const el of found.concat(Array.from(root.querySelectorAll(UNNAMED)))) {
    if (el.tagName === "IMG") { el.alt = "The figure as the notebook last drew it"; continue; }
    const box = el.closest(".widget-slider, .widget-hslider, .widget-vslider");
    const label = box && box.querySelector(".widget-label");
    el.setAttribute("aria-label", (label && label.textContent.trim()) || "slider");
  }
}
new MutationObserver((changes) => {
  for (const change of changes) for (const node of change.addedNodes) if (node.nodeType === 1) labelControls(node);
}).observe(document.documentElement, { childList: true, subtree: true });

async function renderAll() {
  const tag = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  if (!tag) return;
  const state = JSON.parse(tag.textContent);
  const manager = new SiteManager();
  // put the binary buffers back into each model's state as DataViews (as base-manager's set_state
  // would for plain base64), unpacking packed ones first
  for (const model of Object.values(state.state)) {
    for (const b of model.buffers || []) {
      let target = model.state;
      for (const key of b.path.slice(0, -1)) target = target[key];
      target[b.path[b.path.length - 1]] = new DataView(await bufferOf(b));
    }
    delete model.buffers;
  }
  const models = await manager.set_state(state);
  const byId = new Map(models.map((m) => [m.model_id, m]));
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  await Promise.all(Array.from(views).map(async (viewTag) => {
    const model = byId.get(JSON.parse(viewTag.textContent).model_id);
    if (!model) return;
    const holder = document.createElement("div");
    holder.className = "widget-subarea";
    viewTag.parentElement.insertBefore(holder, viewTag);
    const fallback = viewTag.parentElement.querySelector(".pis-widget-fallback");
    const view = await manager.create_view(model);
    await manager.display_view(view, holder);
    if (fallback) fallback.remove();
  }));
  labelControls(document.documentElement);
  document.documentElement.dataset.widgets = "ready";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", renderAll);
else renderAll();
