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
  const safe = String(base).replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "kanade";
  return `${safe}.${extension}`;
}

/** Pixel size of an SVG's snapshot: its drawn size (or viewBox), times scale, at most maxSide. */
export function snapshotSize({ width, height, viewBox }, scale = 2, maxSide = 4096) {
  let w = width;
  let h = height;
  if (!(w > 0 && h > 0) && viewBox) [w, h] = [viewBox.width, viewBox.height];
  if (!(w > 0 && h > 0)) [w, h] = [800, 450];
  const factor = Math.min(scale, maxSide / Math.max(w, h));
  return { width: Math.round(w * factor), height: Math.round(h * factor), cssWidth: w, cssHeight: h };
}

/** A standalone SVG document for `svgElement` with its computed styles inlined. */
export function serializeSvg(svgElement) {
  const clone = svgElement.cloneNode(true);
  const originals = [svgElement, ...svgElement.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  originals.forEach((original, index) => {
    const computed = getComputedStyle(original);
    const style = SVG_STYLE_PROPERTIES.map((name) => `${name}:${computed.getPropertyValue(name)}`).join(";");
    copies[index].setAttribute("style", `${style};${copies[index].getAttribute("style") || ""}`);
  });
  const box = svgElement.getBoundingClientRect();
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(Math.round(box.width)));
  clone.setAttribute("height", String(Math.round(box.height)));
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
  const box = svgElement.getBoundingClientRect();
  const viewBox = svgElement.viewBox?.baseVal;
  const size = snapshotSize({ width: box.width, height: box.height, viewBox }, scale);
  const svgText = serializeSvg(svgElement);
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
