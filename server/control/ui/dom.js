// Shared by the web view and the console: CMake puts it inline in each page, before its own script.
"use strict";
const STATUSES = ["Created", "Invited", "Enabled", "Removed", "Resigned", "Deleted", "AccountSuspended"];

// --- DOM building: text only, never markup -------------------------------------------------
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "style") for (const [p, s] of Object.entries(v)) node.style.setProperty(p, s);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
