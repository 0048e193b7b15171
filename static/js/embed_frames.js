// Lesson pages frame studio tools (courses/templates/courses/blocks/studio.html). Each frame
// reports its content's height (static/embed/embed.js) and takes it, so the tool shows whole,
// with no scroll bar of its own inside the page's scroll: the embed protocol a host page follows
// (docs/embeds.md).

import { HEIGHT_MESSAGE } from "../embed/embed.js";

// A frame never grows past this, whatever it reports: a runaway height cannot bury the lesson.
const MAX_HEIGHT = 6000;

addEventListener("message", (event) => {
  if (event.origin !== location.origin || event.data?.type !== HEIGHT_MESSAGE) return;
  const frame = [...document.querySelectorAll("iframe[data-embed-frame]")].find(
    (candidate) => candidate.contentWindow === event.source,
  );
  const height = Number(event.data.height);
  if (!frame || !Number.isFinite(height) || height <= 0) return;
  // The stylesheet's minimum only holds the place until the first report: a taller frame than
  // its content would leave a gap, and the embed would not see that the page follows its reports.
  frame.style.minHeight = "0";
  const borders = frame.offsetHeight - frame.clientHeight; // the frame's box includes its border
  frame.style.height = `${Math.min(Math.ceil(height), MAX_HEIGHT) + borders}px`;
});
