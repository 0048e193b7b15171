// The last step of fitting a slide frame. embed-compact.css lays each embed out for slide-sized
// frames; when what is shown is still taller than the frame (large type with every control, a
// 640×360 oEmbed frame, a studio result list), the page is scaled down (CSS zoom, which lays the
// page out again at the new size, as reveal.js scales its slides) until it fits, never below
// `minimum`; a page that leaves much of the frame empty (one slider and a curve) is scaled up, at
// most to MAXIMUM_SCALE, so the back of the room can read it. The scale in use is on
// <html data-embed-fit>, so tests can tell layout from scaling. A frame whose page sizes it to the
// reported content height (embed.js sets data-embed-auto-height) is never scaled.

export const SLIDE_FRAME = "(orientation: landscape) and (max-height: 900px) and (min-width: 480px)";
export const MINIMUM_SCALE = 0.7;
export const MAXIMUM_SCALE = 1.5;
const GROW_BELOW = 0.85; // grow only a page that uses less than this share of the frame's height

/** How far the page overflows the frame: 1 when it fits, 1.2 when it is 20 % too tall (or wide). */
export function overflow(page, frame) {
  return Math.max(1, page.height / (frame.height + 1), page.width / (frame.width + 1));
}

/** The next, smaller scale to try for a page that overflows by `ratio`, never below `minimum`. */
export function nextScale(scale, ratio, minimum = MINIMUM_SCALE) {
  if (ratio <= 1) return scale;
  return Math.max(minimum, scale / ratio - 0.005);
}

/** How much wider than its box the widest printed output is (1 when none is clipped). */
function widestClip(root) {
  let ratio = 1;
  for (const pre of root.querySelectorAll("pre")) {
    if (pre.clientWidth > 0) ratio = Math.max(ratio, pre.scrollWidth / (pre.clientWidth + 1));
  }
  return ratio;
}

export function fitToFrame(doc = document, minimum = MINIMUM_SCALE) {
  const main = doc.querySelector("main") ?? doc.body;
  const html = doc.documentElement;
  let busy = false;
  const fit = () => {
    if (busy) return;
    busy = true;
    main.style.zoom = "";
    let scale = 1;
    const frame = { width: doc.defaultView.innerWidth, height: doc.defaultView.innerHeight };
    const page = () => ({ width: html.scrollWidth, height: html.scrollHeight });
    if (doc.defaultView.matchMedia(SLIDE_FRAME).matches && html.dataset.embedAutoHeight !== "true") {
      const natural = main.getBoundingClientRect().height;
      if (overflow(page(), frame) === 1 && natural < GROW_BELOW * frame.height) {
        scale = Math.min(MAXIMUM_SCALE, (0.97 * frame.height) / natural);
        main.style.zoom = String(scale);
      }
      // Zoom changes the width the page is laid out in, so the height: measure again, at most 5 times.
      // Growing must not clip printed output either (a <pre> scrolls sideways rather than wrap).
      for (let tries = 0; tries < 6; tries += 1) {
        const pageRatio = overflow(page(), frame);
        const clipRatio = scale > 1 ? widestClip(main) : 1;
        let next = nextScale(scale, Math.max(pageRatio, clipRatio), Math.min(minimum, scale));
        if (pageRatio === 1 && clipRatio > 1) next = Math.max(1, next); // clipped text alone never shrinks below 1
        if (next === scale) break;
        scale = next;
        main.style.zoom = String(scale);
      }
      if (scale > 1 && overflow(page(), frame) > 1) {
        scale = 1; // growing did not settle: keep the layout as it is
        main.style.zoom = "";
      }
    }
    html.dataset.embedFit = scale.toFixed(3);
    busy = false;
  };
  const later = () => doc.defaultView.requestAnimationFrame(fit);
  new ResizeObserver(later).observe(main);
  doc.defaultView.addEventListener("resize", later);
  doc.defaultView.addEventListener("load", later);
  fit();
}
