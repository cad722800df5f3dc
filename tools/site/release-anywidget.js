// see capture-anywidget.js
delete globalThis.define;
