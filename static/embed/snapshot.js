// Snapshots of a demo as an image file: an SVG (the TF graph, plots, piano rolls) is drawn onto a
// canvas and saved as PNG; a canvas is saved as it is. The SVG's look comes from stylesheets, which
// an SVG loaded as an image cannot see, so the computed styles are copied onto a clone first.

// Presentation properties the demos' and studio's stylesheets set on SVG elements.
export const SVG_STYLE_PROPERTIES = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
  "visibility",
  "display",
];

/** "name.png" safe for a download: letters, digits, dots and hyphens only. */
export function fileName(base, extension) {
  const safe = String(base).replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "") || "kanade";
  return `${safe}.${extension}`;
}

/**
 * The region to draw, in the SVG's user units, and its size in CSS pixels: the viewBox grown to
 * take in anything drawn outside it (plots let tick labels overflow), so nothing is cut off.
 */
export function snapshotFrame(viewBox, contentBox, cssBox) {
  const base = viewBox && viewBox.width > 0 && viewBox.height > 0 ? viewBox : { x: 0, y: 0, width: cssBox.width, height: cssBox.height };
  const unit = base.width > 0 && cssBox.width > 0 ? cssBox.width / base.width : 1; // CSS px per user unit
  const box = contentBox && contentBox.width > 0 ? contentBox : base;
  const x = Math.min(base.x, box.x);
  const y = Math.min(base.y, box.y);
  const width = Math.max(base.x + base.width, box.x + box.width) - x;
  const height = Math.max(base.y + base.height, box.y + box.height) - y;
  return { viewBox: { x, y, width, height }, cssWidth: width * unit, cssHeight: height * unit };
}

/** Pixel size of a snapshot: the CSS size times scale, the longer side at most maxSide. */
export function snapshotSize(cssWidth, cssHeight, scale = 2, maxSide = 4096) {
  const w = cssWidth > 0 ? cssWidth : 800;
  const h = cssHeight > 0 ? cssHeight : 450;
  const factor = Math.min(scale, maxSide / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * factor)), height: Math.max(1, Math.round(h * factor)) };
}

function frameOf(svgElement) {
  const viewBox = svgElement.viewBox?.baseVal;
  let contentBox = null;
  try {
    contentBox = svgElement.getBBox();
  } catch {
    contentBox = null; // not rendered (display: none): use the viewBox alone
  }
  return snapshotFrame(viewBox, contentBox, svgElement.getBoundingClientRect());
}

/** A standalone SVG document for `svgElement` with its computed styles inlined. */
export function serializeSvg(svgElement, frame = frameOf(svgElement)) {
  const clone = svgElement.cloneNode(true);
  const originals = [svgElement, ...svgElement.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  originals.forEach((original, index) => {
    const computed = getComputedStyle(original);
    const style = SVG_STYLE_PROPERTIES.map((name) => `${name}:${computed.getPropertyValue(name)}`).join(";");
    copies[index].setAttribute("style", `${style};${copies[index].getAttribute("style") || ""}`);
  });
  const { x, y, width, height } = frame.viewBox;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("viewBox", `${x} ${y} ${width} ${height}`);
  clone.setAttribute("width", String(Math.round(frame.cssWidth)));
  clone.setAttribute("height", String(Math.round(frame.cssHeight)));
  return new XMLSerializer().serializeToString(clone);
}

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("the SVG could not be drawn"));
    image.src = url;
  });
}

/** PNG Blob of an SVG element, on a white background (slides and documents are white). */
export async function svgToPng(svgElement, scale = 2) {
  const frame = frameOf(svgElement);
  const size = snapshotSize(frame.cssWidth, frame.cssHeight, scale);
  const svgText = serializeSvg(svgElement, frame);
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const image = await loadImage(url);
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasToPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function canvasToPng(canvas) {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the canvas is empty"))), "image/png"),
  );
}

/** Offer `blob` as a download called `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
