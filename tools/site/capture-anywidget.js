// anywidget's npm build (dist/index.js) ends with `define(["@jupyter-widgets/base"], factory)`,
// an AMD module as Jupyter's widget managers load it. This module runs just before it in the
// bundle and catches that factory, so the site calls it with the bundled @jupyter-widgets/base.
// The global `define` it sets has no `.amd`, so no other bundled module takes it for RequireJS,
// and release-anywidget.js removes it again right after.
globalThis.define = (deps, factory) => { globalThis.__pisAnywidgetFactory = factory; };
