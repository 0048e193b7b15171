// Runs inside every embed frame (/embed/…): tells the host page how tall the content is, and keeps
// links sensible in a frame (site pages refuse to be framed, so they open in a new tab).

import { withSettings } from "../studio/links.js";

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

function startHeightReports() {
  let last = -1;
  const report = () => {
    const height = contentHeight();
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, "*"); // the height is no secret
  };
  new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
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
  const lang = document.documentElement.lang === "en" ? "en" : "ja";
  const open = document.querySelector(".embed-open");
  document.addEventListener(
    "submit",
    (event) => {
      if (event.target !== form) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const status = form.querySelector(".studio-status");
      status.textContent =
        lang === "en"
          ? "This page cannot generate inside another site's frame (the browser withholds its cookies). The tool opens in a new tab."
          : "他のサイトの中では生成できません（ブラウザが Cookie を渡さないため）。新しいタブでツールを開きます。";
      status.dataset.state = "error";
      const fields = [...form.querySelectorAll(".studio-field")].map((field) => field.dataset.field);
      if (open) window.open(withSettings(open.href, new FormData(form), fields), "_blank", "noopener");
    },
    { capture: true },
  );
}

if (typeof document !== "undefined" && document.documentElement.classList.contains("kanade-embed")) {
  if (window.parent !== window) startHeightReports();
  keepLinksSensible();
  studioNeedsOwnTab();
}
