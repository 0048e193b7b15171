// A MIDI result's downloads: its MIDI (also dragged out as a file, into a DAW or another slot),
// a WAV the server renders with FluidSynth on the first download, and the OGG the page plays.

import { gettext, gettextf } from "../js/i18n.js";
import { downloadName, dragAsFile } from "./links.js";

/** The OGG preview's address as a download: the server then names it as an attachment. */
export function oggDownloadHref(audioUrl) {
  return `${audioUrl}${audioUrl.includes("?") ? "&" : "?"}download=1`;
}

function anchor(href, label, className) {
  return Object.assign(document.createElement("a"), { href, textContent: label, className, download: "" });
}

/** "Download: MIDI · WAV · OGG" for one output, as a labelled group of links. */
export function downloadLinks(job, output, { midiLabel, title }) {
  const group = document.createElement("span");
  group.className = "studio-downloads";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", gettextf("Download %(title)s", { title }));
  const midi = anchor(output.midi, midiLabel, "studio-midi");
  dragAsFile(midi, "audio/midi", downloadName(job.tool, job.id, output.index, "mid"));
  group.append(`${gettext("Download:")} `, midi);
  // Audio exists only where the server could render it (FluidSynth installed).
  if (output.wav) group.append(" ", anchor(output.wav, gettext("WAV (CD quality)"), "studio-wav"));
  if (output.audio) group.append(" ", anchor(oggDownloadHref(output.audio), gettext("OGG (smaller)"), "studio-ogg"));
  return group;
}
