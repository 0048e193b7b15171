// "Embed" and "Download image" for every demo on a lesson or demo page, and for a studio tool.
// Embed asks the site's oEmbed endpoint for the iframe code of the demo's current state (so the
// code is built in one place, on the server) and copies it; Download image saves a PNG snapshot.

import { gettext, gettextf } from "../js/i18n.js";
import { copyText, h } from "../demos/ui.js";
import { canvasToPng, fileName, saveBlob, svgToPng } from "./snapshot.js";

const SHAPES = ["16:9", "4:3"]; // the frame shapes /oembed offers (its ?aspect=)
const GRID_PNG_URL = "/api/demos/sigmoid-grid.png";

/** Query items for a state: lists comma-joined, as the demos' shareable URLs write them. */
export function stateQuery(state) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(state || {})) {
    if (value === null || value === undefined || value === "") continue;
    query.set(key, Array.isArray(value) ? value.map(String).join(",") : String(value));
  }
  return query;
}

/** The embed URL of `slug` with `state` and the embed options. */
export function embedUrl(origin, slug, state, { lang = "ja", large = false } = {}) {
  const query = stateQuery(state);
  if (lang !== "ja") query.set("lang", lang);
  if (large) query.set("large", "1");
  const text = query.toString().replaceAll("%2C", ",").replaceAll("%3B", ";");
  return `${origin}/embed/${slug}/${text ? `?${text}` : ""}`;
}

/** The oEmbed request for a page URL. */
export function oembedUrl(endpoint, pageUrl, shape = "16:9") {
  const query = new URLSearchParams({ url: pageUrl, format: "json" });
  if (shape !== "16:9") query.set("aspect", shape);
  return `${endpoint}?${query}`;
}

function oembedEndpoint() {
  const link = document.querySelector('link[type="application/json+oembed"]');
  if (!link) return `${location.origin}/oembed`;
  const url = new URL(link.href, location.href);
  return `${url.origin}${url.pathname}`;
}

/**
 * A toolbar: Embed (with a panel showing the code) and, when `snapshot` is given, Download image.
 * `source()` returns {slug, state} at the moment of the click.
 */
function toolbar({ lang, source, snapshot }) {
  const status = h("span", { class: "embed-share-status", role: "status" });
  const code = h("textarea", { class: "embed-code", readOnly: true, rows: 3, spellcheck: "false" });
  code.setAttribute("aria-label", gettext("Embed code"));
  const large = h("input", { type: "checkbox" });
  const shape = h("select", {}, ...SHAPES.map((name) => h("option", { value: name, text: name })));
  const preview = h("a", { target: "_blank", rel: "noopener", text: gettext("Preview") });
  const copyButton = h("button", { type: "button", class: "demo-button", text: gettext("Copy") });
  const panel = h(
    "div",
    { class: "embed-share-panel", hidden: true },
    h("p", {}, h("label", {}, large, " ", gettext("Large type (for projectors)")), " ", h("label", {}, gettext("Shape"), " ", shape), " ", preview),
    code,
    h("p", {}, copyButton, " ", status),
  );

  async function refresh(copy) {
    const { slug, state } = source();
    const page = embedUrl(location.origin, slug, state, { lang, large: large.checked });
    status.textContent = gettext("Making the code…");
    try {
      const response = await fetch(oembedUrl(oembedEndpoint(), page, shape.value), { headers: { Accept: "application/json" } });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || response.statusText);
      code.value = body.html;
      preview.href = new DOMParser().parseFromString(body.html, "text/html").querySelector("iframe").src;
      status.textContent = "";
      if (copy) {
        const copied = await copyText(body.html, code);
        status.textContent = copied
          ? gettext("Copied: paste it into your slide or LMS.")
          : gettext("Selected: press Ctrl+C to copy.");
      }
    } catch (error) {
      status.textContent = gettextf("Could not make the code: %(reason)s", { reason: error.message });
    }
  }

  const embedButton = h("button", { type: "button", class: "demo-button embed-share-button", text: gettext("Embed") });
  embedButton.setAttribute("aria-expanded", "false");
  embedButton.addEventListener("click", () => {
    panel.hidden = false;
    embedButton.setAttribute("aria-expanded", "true");
    refresh(true);
  });
  copyButton.addEventListener("click", () => refresh(true));
  large.addEventListener("change", () => refresh(false));
  shape.addEventListener("change", () => refresh(false));

  const bar = h("p", { class: "embed-share" }, embedButton);
  if (snapshot) {
    const imageButton = h("button", { type: "button", class: "demo-button embed-image-button", text: gettext("Download image") });
    imageButton.addEventListener("click", async () => {
      try {
        await snapshot();
      } catch (error) {
        status.textContent = gettextf("Could not make the image: %(reason)s", { reason: error.message });
        panel.hidden = false;
      }
    });
    bar.append(" ", imageButton);
  }
  return h("div", { class: "embed-share-box" }, bar, panel);
}

function largestSvg(root) {
  let best = null;
  let bestArea = 0;
  for (const svg of root.querySelectorAll("svg")) {
    const box = svg.getBoundingClientRect();
    if (box.width * box.height > bestArea) [best, bestArea] = [svg, box.width * box.height];
  }
  return best;
}

/** How to snapshot a demo: matplotlib for the grid, else its largest SVG, else its canvas. */
export function demoSnapshot(root) {
  const slug = root.dataset.demo;
  if (root.querySelector(".sg-canvas")) {
    return async () => {
      const state = root.demo.getGridState?.() ?? root.demo.getState();
      const response = await fetch(`${GRID_PNG_URL}?${stateQuery(state)}`);
      if (!response.ok) throw new Error((await response.json()).error || response.statusText);
      saveBlob(await response.blob(), fileName(slug, "png"));
    };
  }
  const svg = largestSvg(root);
  if (svg) return async () => saveBlob(await svgToPng(svg), fileName(slug, "png"));
  const canvas = root.querySelector("canvas");
  if (canvas) return async () => saveBlob(await canvasToPng(canvas), fileName(slug, "png"));
  return null;
}

function initialState(root) {
  try {
    return JSON.parse(root.dataset.state || "{}");
  } catch {
    return {};
  }
}

function addDemoToolbar(root, lang) {
  const box = toolbar({
    lang,
    source: () => ({ slug: root.dataset.demo, state: root.demo?.getState?.() ?? initialState(root) }),
    snapshot: () => demoSnapshot(root)?.(),
  });
  const imageButton = box.querySelector(".embed-image-button");
  // The demo mounts asynchronously: offer the image once there is a picture to save.
  const update = () => (imageButton.hidden = !demoSnapshot(root));
  imageButton.hidden = true;
  new MutationObserver(update).observe(root, { childList: true, subtree: true });
  root.after(box);
}

/** The tool's settings that differ from the defaults, and each input slot's example clip if one is picked. */
export function studioState(form, tool) {
  const state = {};
  for (const field of tool.fields) {
    const input = form.elements.namedItem(field.name);
    if (input && input.value !== "" && input.value !== String(field.default ?? "")) state[field.name] = input.value;
  }
  for (const slot of form.querySelectorAll(".studio-input[data-slot]")) {
    if (slot.querySelector("input[type=radio]:checked")?.value === "example") state[slot.dataset.slot] = slot.querySelector("select").value;
  }
  return state;
}

function addPianoRollImages() {
  const list = document.querySelector(".studio-variations");
  if (!list) return;
  const decorate = () => {
    for (const item of list.querySelectorAll(".studio-variation")) {
      const actions = item.querySelector(".studio-variation-actions");
      const svg = item.querySelector("svg");
      if (!actions || !svg || actions.querySelector(".embed-roll-image")) continue;
      const index = [...list.children].indexOf(item) + 1;
      const button = h("button", { type: "button", class: "demo-button embed-roll-image", text: gettext("Image (PNG)") });
      button.addEventListener("click", async () => saveBlob(await svgToPng(svg), fileName(`piano-roll-${index}`, "png")));
      actions.append(" ", button);
    }
  };
  new MutationObserver(decorate).observe(list, { childList: true, subtree: true });
  decorate();
}

function start() {
  const lang = document.documentElement.lang === "en" ? "en" : "ja";
  for (const root of document.querySelectorAll("[data-demo][data-module]")) addDemoToolbar(root, lang);
  const form = document.getElementById("studio-form");
  const config = document.getElementById("studio-config");
  if (form && config) {
    const tool = JSON.parse(config.textContent).tool;
    const box = toolbar({ lang, source: () => ({ slug: tool.slug, state: studioState(form, tool) }), snapshot: null });
    form.querySelector(".studio-actions")?.after(box);
    addPianoRollImages();
  }
}

if (typeof document !== "undefined" && !document.documentElement.classList.contains("kanade-embed")) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
