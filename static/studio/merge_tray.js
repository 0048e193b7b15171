// The merge tray: parts picked from any tool's results (kept across tools in sessionStorage),
// merged into one multi-track MIDI file by the server's merge link.

import { mergeHref } from "./links.js";

const MERGE_KEY = "kanade-studio-merge";

export function mergeParts() {
  try {
    return JSON.parse(sessionStorage.getItem(MERGE_KEY) || "[]");
  } catch {
    return [];
  }
}

export function togglePart(entry, on, mergeUrl) {
  const parts = mergeParts().filter((p) => p.part !== entry.part);
  if (on) parts.push(entry);
  sessionStorage.setItem(MERGE_KEY, JSON.stringify(parts.slice(-4)));
  renderMergeTray(mergeUrl);
}

export function clearMergeTray(mergeUrl) {
  sessionStorage.removeItem(MERGE_KEY);
  renderMergeTray(mergeUrl);
}

export function renderMergeTray(mergeUrl) {
  const tray = document.querySelector(".studio-merge");
  const parts = mergeParts();
  tray.hidden = parts.length === 0;
  tray.querySelector(".studio-merge-parts").replaceChildren(...parts.map((p) => Object.assign(document.createElement("li"), { textContent: p.label })));
  const anchor = tray.querySelector(".studio-merge-link");
  anchor.href = mergeHref(mergeUrl, parts.map((p) => p.part));
  anchor.toggleAttribute("aria-disabled", parts.length < 2);
  anchor.classList.toggle("studio-disabled", parts.length < 2);
}
