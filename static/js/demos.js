// Mounts every interactive demo on the page: <div data-demo data-module data-state data-spec>.
// Each demo module exports mount(root, state, ctx); a failing demo shows a message and leaves the rest alone.
// ctx.spec is the server's spec of the demo (data-spec: Demo.as_json), where its inputs take
// every bound from (static/demos/spec.js).
// ctx.urlPrefix namespaces a demo's keys in the address bar when several demos share the page
// ("arange.start"; "arange-2.start" for a second arange), so one shared link restores them all.

import { readSpec } from "../demos/spec.js";
import { urlPrefixes } from "../demos/url_state.js";
import { gettext } from "./i18n.js";

const lang = document.documentElement.lang === "en" ? "en" : "ja";
const roots = [...document.querySelectorAll("[data-demo][data-module]")];

const prefixes = urlPrefixes(roots.map((root) => root.dataset.demo));
roots.forEach((root, k) => {
  let state = {};
  try {
    state = JSON.parse(root.dataset.state || "{}");
  } catch {
    state = {};
  }
  import(root.dataset.module)
    .then((mod) => mod.mount(root, state, { lang, urlPrefix: prefixes[k], spec: readSpec(root) }))
    .catch((err) => {
      console.error(err);
      root.textContent = gettext("This demo could not be loaded.");
      root.classList.add("demo-error");
    });
});
