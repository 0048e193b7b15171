// The last step of fitting a slide frame. embed-compact.css lays each embed out for slide-sized
// frames; when what is shown is still taller than the frame (large type with every control, a
// 640×360 oEmbed frame, a studio result list), the page is scaled down (CSS zoom, which lays the
// page out again at the new size, as reveal.js scales its slides) until it fits, never below
// `minimum`. The scale in use is on <html data-embed-fit>, so tests can hold the layout to 1.

export const SLIDE_FRAME = "(orientation: landscape) and (max-height: 900px) and (min-width: 480px)";
export const MINIMUM_SCALE = 0.7;

/** The next scale to try: what shrinks `height` into `available`, within [minimum, 1]. */
export function nextScale(scale, height, available, minimum = MINIMUM_SCALE) {
  if (height <= available + 1) return scale;
  return Math.max(minimum, Math.min(1, (scale * available) / height) - 0.005);
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
    if (doc.defaultView.matchMedia(SLIDE_FRAME).matches) {
      // Zoom changes the width the page is laid out in, so the height: measure again, at most 4 times.
      for (let tries = 0; tries < 4; tries += 1) {
        const next = nextScale(scale, html.scrollHeight, doc.defaultView.innerHeight, minimum);
        if (next === scale) break;
        scale = next;
        main.style.zoom = String(scale);
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
