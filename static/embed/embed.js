// Runs inside every embed frame (/embed/…): tells the host page how tall the content is, keeps
// links sensible in a frame (site pages refuse to be framed, so they open in a new tab), leaves
// the deck's arrow keys to the deck (keys.js), preselects studio example clips (?input=melody)
// and makes "Open in Kanade" open what the student sees now.

import { gettext } from "../js/i18n.js";
import { withSettings } from "../studio/links.js";
import { SLIDE_FRAME, fitToFrame } from "./fit.js";
import { startKeyForwarding } from "./keys.js";

export const HEIGHT_MESSAGE = "kanade:height";

/** The content's height in CSS pixels (the body's box, not the frame's viewport). */
export function contentHeight(doc = document) {
  const body = doc.body;
  const style = doc.defaultView.getComputedStyle(body);
  const margins = Number.parseFloat(style.marginTop) + Number.parseFloat(style.marginBottom);
  return Math.ceil(body.getBoundingClientRect().height + margins);
}

/** Where a same-site link should go from inside a frame: a studio tool stays framed as its embed. */
export function frameHref(href, here) {
  const url = new URL(href, here);
  const current = new URL(here);
  if (url.origin !== current.origin || url.pathname.startsWith("/embed/")) return null;
  const studio = url.pathname.match(/^\/(ja|en)\/studio\/([\w-]+)\/$/);
  if (!studio) return null;
  const query = new URLSearchParams(url.search);
  query.set("lang", studio[1]);
  if (current.searchParams.get("large")) query.set("large", current.searchParams.get("large"));
  return `/embed/${studio[2]}/?${query}`;
}

/**
 * Keeps the layout as it was for a frame `frameHeight` tall, whatever size the frame takes now:
 * embed-compact.css measures heights in --frame-vh (1vh until then), and its links
 * (<link data-slide-layout media=SLIDE_FRAME>) stay on or off as they were.
 */
export function freezeLayout(frameHeight, slideLayout, doc = document) {
  const root = doc.documentElement;
  root.style.setProperty("--frame-vh", `${frameHeight / 100}px`);
  for (const link of doc.querySelectorAll("link[data-slide-layout]")) link.media = slideLayout ? "all" : "not all";
  root.dataset.embedAutoHeight = "true";
}

function startHeightReports() {
  let last = -1;
  const reported = [];
  // The frame as the host page's author sized it, before any report could resize it.
  const first = { height: window.innerHeight, slide: window.matchMedia(SLIDE_FRAME).matches };
  const frozen = () => document.documentElement.dataset.embedAutoHeight === "true";
  const report = () => {
    const height = contentHeight();
    if (height === last) return;
    last = height;
    reported.push(height);
    if (reported.length > 8) reported.shift();
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, "*"); // the height is no secret
  };
  new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
  window.addEventListener("resize", () => {
    // A page that sizes the frame to the reported height (an LMS, a lesson) gives the content all
    // the room it needs. Fitting the page to the frame (fit.js) or laying it out by the frame's
    // height would chase its own reports: the layout stays as it was for the frame it started in.
    // The host may be a report or two behind, so any height reported so far counts.
    const followsReports = reported.some((height) => Math.abs(window.innerHeight - height) <= 2);
    if (!frozen() && followsReports) freezeLayout(first.height, first.slide);
    report();
  });
  report();
}

function keepLinksSensible() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href]");
    if (!link || link.hasAttribute("download") || link.target === "_blank" || event.defaultPrevented) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) {
      link.target = "_blank";
      link.rel = "noopener";
      return;
    }
    const framed = frameHref(link.href, location.href);
    if (framed) {
      event.preventDefault();
      location.assign(framed);
    } else if (!url.pathname.startsWith("/embed/") && !url.pathname.startsWith("/api/")) {
      link.target = "_blank"; // a site page would refuse to load inside the frame
      link.rel = "noopener";
    }
  });
}

// A studio tool framed by another site gets no cookies (SameSite), so its CSRF-protected
// Generate cannot work there: say so, and open the tool in a tab of its own instead.
function studioNeedsOwnTab() {
  const form = document.getElementById("studio-form");
  if (!form || document.cookie.split("; ").some((c) => c.startsWith("csrftoken="))) return;
  const open = document.querySelector(".embed-open");
  document.addEventListener(
    "submit",
    (event) => {
      if (event.target !== form) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const status = form.querySelector(".studio-status");
      status.textContent = gettext(
        "This page cannot generate inside another site's frame (the browser withholds its cookies). The tool opens in a new tab.",
      );
      status.dataset.state = "error";
      if (open) window.open(studioPageHref(open.href, form), "_blank", "noopener");
    },
    { capture: true },
  );
}

/** The studio page for the frame's form: its settings, and each slot's example clip when one is picked. */
function studioPageHref(href, form) {
  const fields = [...form.querySelectorAll(".studio-field")].map((field) => field.dataset.field);
  const url = new URL(withSettings(href, new FormData(form), fields));
  for (const slot of form.querySelectorAll(".studio-input[data-slot]")) {
    const name = slot.dataset.slot;
    const source = slot.querySelector("input[type=radio]:checked")?.value;
    if (source === "example") url.searchParams.set(name, slot.querySelector("select").value);
    else url.searchParams.delete(name);
  }
  return url.toString();
}

const OPTION_KEYS = ["lang", "large", "controls"]; // the embed's own options (embeds/targets.py)

function stateSearch(search) {
  const query = new URLSearchParams(search);
  for (const key of OPTION_KEYS) query.delete(key);
  return query.toString().replaceAll("%2C", ",").replaceAll("%3B", ";");
}

/**
 * The demo page to open: the server's link (it knows a preset's values) until the demo writes its
 * state into the frame's address (static/demos/url_state.js), then that state.
 */
export function demoPageHref(serverHref, loadedSearch, currentSearch) {
  const state = stateSearch(currentSearch);
  if (state === stateSearch(loadedSearch)) return serverHref;
  const url = new URL(serverHref);
  return `${url.origin}${url.pathname}${state ? `?${state}` : ""}`;
}

function keepOpenLinkCurrent() {
  const open = document.querySelector(".embed-open");
  if (!open) return;
  const serverHref = open.href;
  const loadedSearch = location.search;
  const update = () => {
    const form = document.getElementById("studio-form");
    open.href = form ? studioPageHref(serverHref, form) : demoPageHref(serverHref, loadedSearch, location.search);
  };
  // Before the browser follows it: a click, a middle click, a keyboard Enter, a "copy link".
  for (const type of ["pointerdown", "focus", "contextmenu"]) open.addEventListener(type, update);
}

/**
 * In a slide frame the folds start closed (a demo's numpy code, the studio's how-to), so the picture,
 * the controls and the output fit; one click opens them.
 */
function foldDetailsInSlides() {
  if (!window.matchMedia(SLIDE_FRAME).matches) return;
  for (const fold of document.querySelectorAll(".studio-tool details[open]")) fold.open = false;
  const root = document.querySelector("[data-demo]");
  if (!root) return;
  // The demo mounts after this script runs: close its folds once, when it has drawn itself.
  const observer = new MutationObserver(() => {
    if (!root.firstElementChild || root.firstElementChild.tagName === "NOSCRIPT") return;
    observer.disconnect();
    for (const fold of root.querySelectorAll("details[open]")) fold.open = false;
  });
  observer.observe(root, { childList: true, subtree: true });
}

/** Framed by a page of this site (a lesson's studio block, the admin's preview), not a deck. */
function framedBySite() {
  try {
    return window.parent !== window && window.parent.location.origin === location.origin;
  } catch {
    return false; // another origin's page: reading its location throws
  }
}

if (typeof document !== "undefined" && document.documentElement.classList.contains("kanade-embed")) {
  // The lesson around the frame explains the tool; embed.css leaves out the tool page's essay.
  if (framedBySite()) document.documentElement.dataset.embedInSite = "true";
  foldDetailsInSlides();
  if (window.parent !== window) {
    startHeightReports();
    startKeyForwarding();
  }
  keepLinksSensible();
  studioNeedsOwnTab();
  keepOpenLinkCurrent();
  fitToFrame();
}
