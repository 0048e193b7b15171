// The NSynth tool's page: the pitch box follows the two instruments' common range, and a result
// shows the blend, A, B and the crossfade (players, spectrograms, measured centroids) and a
// keyboard that plays the blend from the job's sprite with Web Audio. Every number shown was
// measured on the server; this module draws and plays.

import { gettext, gettextf } from "../js/i18n.js";
import { COLORMAP_HEX } from "../demos/colormaps.js";
import { PIANO_CODES, OCTAVE_DOWN, OCTAVE_UP } from "./recorder.js";
import { baseFor, decodeCells, isBlack, keyLayout, loudestBand, pitchForCode, shiftBase, spectrogramPixels, spriteOffset, tickRows } from "./nsynth_keys.js";
import { noteName } from "./pianoroll.js";

const CORNERS = ["a", "b", "c", "d"];
const PAD_STEP = 0.05; // the sliders' step: the pad snaps to the values they can hold
const RELEASE_S = 0.12; // a short fade when a key is let go, so the cut does not click
let keysAbort = null; // the computer-key listener of the result on show

function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function instrumentNames(tool) {
  const field = tool.fields.find((spec) => spec.name === "a");
  return Object.fromEntries(field.choices);
}

const pitchText = (pitch) => `${pitch} (${noteName(pitch)})`;

/**
 * NSynth Super's pad over the two sliders it stands for (mix left to right, y bottom to top):
 * a pointer on it moves both. Hidden from screen readers: the sliders are the same controls.
 */
function padWidget(form) {
  const mix = form.elements.namedItem("mix");
  const y = form.elements.namedItem("y");
  const dot = element("span", { className: "nsynth-pad-dot" });
  const corners = CORNERS.map((corner) => element("span", { className: `nsynth-pad-corner nsynth-pad-${corner}`, textContent: corner.toUpperCase() }));
  const pad = element("div", { className: "nsynth-pad" }, [...corners, dot]);
  pad.setAttribute("aria-hidden", "true");
  const place = () => {
    dot.style.left = `${Number(mix.value) * 100}%`;
    dot.style.top = `${(1 - Number(y.value)) * 100}%`;
  };
  const snap = (value) => Math.min(1, Math.max(0, Math.round(value / PAD_STEP) * PAD_STEP)).toFixed(2);
  const move = (event) => {
    const box = pad.getBoundingClientRect();
    mix.value = snap((event.clientX - box.left) / box.width);
    y.value = snap(1 - (event.clientY - box.top) / box.height);
    for (const slider of [mix, y]) slider.dispatchEvent(new Event("input", { bubbles: true }));
  };
  pad.addEventListener("pointerdown", (event) => {
    pad.setPointerCapture?.(event.pointerId);
    move(event);
  });
  pad.addEventListener("pointermove", (event) => {
    if (event.buttons) move(event);
  });
  for (const slider of [mix, y]) slider.addEventListener("input", place);
  place();
  return pad;
}

/** The pitch box keeps to what every chosen instrument plays, and says so under it; the pad
 * (the y slider and its square) shows when C and D are both chosen. */
export function setUpForm(form, tool) {
  const ranges = Object.fromEntries(tool.data.instruments.map((item) => [item.key, item.range]));
  const pitch = form.elements.namedItem("pitch");
  const help = form.querySelector("#help-pitch");
  const hint = element("span", { className: "nsynth-range" });
  help.append(" ", hint);
  const yField = form.querySelector('.studio-field[data-field="y"]');
  yField.append(padWidget(form));
  function update() {
    const value = (name) => form.elements.namedItem(name).value;
    const pad = value("c") !== tool.data.none && value("d") !== tool.data.none;
    yField.hidden = !pad;
    const chosen = (pad ? CORNERS : ["a", "b"]).map((name) => ranges[value(name)]);
    const low = Math.max(...chosen.map((range) => range[0]));
    const high = Math.min(...chosen.map((range) => range[1]));
    if (low > high) {
      hint.textContent = gettext("These two instruments have no pitch in common.");
      return;
    }
    pitch.min = String(low);
    pitch.max = String(high);
    hint.textContent = gettextf("All chosen instruments play %(low)s to %(high)s.", { low: pitchText(low), high: pitchText(high) });
  }
  for (const name of CORNERS) form.elements.namedItem(name).addEventListener("change", update);
  update();
}

// The frequency ticks are HTML over the canvas, so they keep the page's type size at any width.
function spectrogramFigure(spectrogram, label) {
  const { columns, bands } = spectrogram;
  const cells = decodeCells(spectrogram.data);
  const canvas = element("canvas", { width: columns, height: bands, className: "nsynth-spectrogram" });
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label(cells));
  const pixels = spectrogramPixels(cells, columns, bands, COLORMAP_HEX.magma);
  canvas.getContext("2d").putImageData(new ImageData(pixels, columns, bands), 0, 0);
  const ticks = tickRows(spectrogram.band_hz).map(({ hz, band }) => {
    const tick = element("span", { className: "nsynth-tick", textContent: hz >= 1000 ? `${hz / 1000} kHz` : `${hz} Hz` });
    tick.setAttribute("aria-hidden", "true");
    tick.style.top = `${(1 - (band + 0.5) / bands) * 100}%`;
    return tick;
  });
  return element("div", { className: "nsynth-figure" }, [canvas, ...ticks]);
}

function titles(report, names) {
  return {
    blend: gettext("Blend (the network)"),
    a: gettextf("A: %(name)s", { name: names[report.a] }),
    b: gettextf("B: %(name)s", { name: names[report.b] }),
    c: gettextf("C: %(name)s", { name: names[report.c] }),
    d: gettextf("D: %(name)s", { name: names[report.d] }),
    crossfade: report.c ? gettext("Crossfade (the four mixed as audio)") : gettext("Crossfade (A and B mixed as audio)"),
  };
}

function card(output, title) {
  const report = output.report;
  const spectrogram = report.spectrogram;
  const seconds = (spectrogram.columns * spectrogram.column_s).toFixed(0);
  const label = (cells) =>
    gettextf("Spectrogram of %(name)s: time runs left to right over %(seconds)s s, frequency rises from 0 to 8 kHz (mel scale). Most energy near %(peak)s Hz; spectral centroid %(centroid)s Hz.", {
      name: title,
      seconds,
      peak: Math.round(spectrogram.band_hz[loudestBand(cells, spectrogram.columns, spectrogram.bands)]),
      centroid: Math.round(report.centroid_hz),
    });
  const audio = element("audio", { controls: true, preload: "auto", src: output.audio });
  audio.setAttribute("aria-label", title);
  const figure = spectrogramFigure(spectrogram, label);
  const centroid = element("p", { className: "nsynth-centroid", textContent: gettextf("Spectral centroid: %(hz)s Hz", { hz: Math.round(report.centroid_hz) }) });
  const download = element("p", { className: "studio-variation-actions" }, [element("a", { href: output.wav, download: "", textContent: gettext("Download WAV") })]);
  return element("section", { className: `nsynth-card nsynth-${report.role}` }, [element("h4", { textContent: title }), audio, figure, centroid, download]);
}

function centroidTable(byRole, title) {
  const roles = Object.keys(byRole);
  const highest = Math.max(...roles.map((role) => byRole[role].report.centroid_hz));
  const rows = roles.map((role) => {
    const hz = byRole[role].report.centroid_hz;
    const bar = element("span", { className: `nsynth-bar nsynth-bar-${role}` });
    bar.style.width = `${Math.round((hz / highest) * 100)}%`;
    return element("tr", {}, [element("th", { scope: "row", textContent: title[role] }), element("td", { className: "nsynth-hz", textContent: `${Math.round(hz)} Hz` }), element("td", { className: "nsynth-bar-cell" }, [bar])]);
  });
  const head = element("tr", {}, [gettext("Sound"), gettext("Spectral centroid"), ""].map((text) => element("th", { scope: "col", textContent: text })));
  return element("table", { className: "nsynth-centroids" }, [element("thead", {}, [head]), element("tbody", {}, rows)]);
}

/** The keyboard: one button per rendered pitch, played from the sprite with Web Audio. */
function keyboard(output) {
  const { pitches, slot_s: slot } = output.report.keyboard;
  const url = output.previews.keys;
  // Fetched now, decoded on the first key (an AudioContext needs a gesture); null if unreachable.
  const bytes = fetch(url)
    .then((response) => (response.ok ? response.arrayBuffer() : null))
    .catch(() => null);
  let context = null;
  let buffer = null;
  const voices = new Map();
  const box = element("div", { className: "nsynth-keys" });
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", gettext("Keyboard playing the blend"));
  const layout = keyLayout(pitches);
  const buttons = new Map();
  let base = baseFor(output.report.pitch);
  for (const key of layout.keys) {
    const button = element("button", { type: "button", className: key.black ? "nsynth-key nsynth-black" : "nsynth-key nsynth-white" });
    button.dataset.pitch = String(key.pitch);
    button.setAttribute("aria-pressed", "false");
    button.style.left = `${(key.x / layout.width) * 100}%`;
    button.style.width = `${(key.w / layout.width) * 100}%`;
    buttons.set(key.pitch, button);
    box.append(button);
  }
  const status = element("p", { className: "studio-help nsynth-keys-status", role: "status" });

  function labelRow() {
    for (const [pitch, button] of buttons) {
      const code = PIANO_CODES.find((candidate) => pitchForCode(candidate, base, pitches) === pitch);
      const letter = element("span", { className: "nsynth-key-letter", textContent: code ? code.slice(3) : "" });
      letter.setAttribute("aria-hidden", "true"); // a hint for the eye; the status line says it in words
      // The key's name is its text ("C4 (60)"), shown only on the Cs: no aria-label that the
      // visible text would contradict.
      const name = element("span", { className: pitch % 12 === 0 ? "nsynth-key-name" : "visually-hidden", textContent: noteName(pitch) });
      const number = element("span", { className: "visually-hidden", textContent: ` (${pitch})` });
      button.replaceChildren(letter, name, number);
    }
    const reach = pitches.filter((pitch) => pitch >= base && pitch < base + PIANO_CODES.length);
    status.textContent = gettextf("Computer keys A to K play %(low)s to %(high)s; Z and X move them an octave.", { low: noteName(reach[0]), high: noteName(reach[reach.length - 1]) });
  }

  async function ready() {
    const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
    const data = await bytes;
    if (!Context || !data) return null;
    context ??= new Context();
    if (context.state === "suspended") context.resume();
    buffer ??= await context.decodeAudioData(data.slice(0)).catch(() => null);
    return buffer;
  }

  function start(pitch) {
    if (voices.has(pitch) || !buttons.has(pitch)) return;
    voices.set(pitch, null); // held: a release before the sound starts still stops it
    buttons.get(pitch).setAttribute("aria-pressed", "true");
    ready().then((sound) => {
      if (!sound || !voices.has(pitch)) return;
      const source = context.createBufferSource();
      source.buffer = sound;
      const gain = context.createGain();
      source.connect(gain).connect(context.destination);
      source.start(0, spriteOffset(pitch, pitches, slot), slot);
      voices.set(pitch, { source, gain });
      box.dataset.played = String(pitch);
    });
  }

  function stop(pitch) {
    if (!voices.has(pitch)) return;
    const voice = voices.get(pitch);
    voices.delete(pitch);
    buttons.get(pitch)?.setAttribute("aria-pressed", "false");
    if (!voice) return;
    const now = context.currentTime;
    voice.gain.gain.setValueAtTime(1, now);
    voice.gain.gain.linearRampToValueAtTime(0, now + RELEASE_S);
    voice.source.stop(now + RELEASE_S + 0.01);
  }

  for (const [pitch, button] of buttons) {
    button.addEventListener("pointerdown", (event) => {
      button.setPointerCapture?.(event.pointerId);
      start(pitch);
    });
    for (const name of ["pointerup", "pointercancel", "lostpointercapture"]) button.addEventListener(name, () => stop(pitch));
    // Enter or Space on a focused key (a click with no pointer): a one-second note.
    button.addEventListener("click", (event) => {
      if (event.detail !== 0) return;
      start(pitch);
      setTimeout(() => stop(pitch), 1000);
    });
  }
  keysAbort?.abort();
  keysAbort = new AbortController();
  const typing = (event) => event.target.closest?.("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey;
  document.addEventListener("keydown", (event) => {
    if (typing(event) || event.repeat) return;
    if (event.code === OCTAVE_DOWN || event.code === OCTAVE_UP) {
      base = shiftBase(base, event.code === OCTAVE_DOWN, pitches);
      labelRow();
      return;
    }
    const pitch = pitchForCode(event.code, base, pitches);
    if (pitch === null) return;
    event.preventDefault();
    start(pitch);
  }, { signal: keysAbort.signal });
  document.addEventListener("keyup", (event) => {
    const pitch = pitchForCode(event.code, base, pitches);
    if (pitch !== null) stop(pitch);
  }, { signal: keysAbort.signal });
  labelRow();
  const help = element("p", { className: "studio-help", textContent: gettextf("The blend rendered at every pitch from %(low)s to %(high)s. Click or touch a key, or use the computer keys.", { low: pitchText(pitches[0]), high: pitchText(pitches[pitches.length - 1]) }) });
  return element("section", { className: "nsynth-keyboard" }, [element("h4", { textContent: gettext("Play the blend") }), help, box, status]);
}

/** The result list's items for one job: one item with the four sounds, the centroids and the keyboard. */
export function resultItems(job, tool) {
  const names = instrumentNames(tool);
  const byRole = Object.fromEntries(job.outputs.map((output) => [output.report.role, output]));
  const report = byRole.blend.report;
  const title = titles(report, names);
  const words = { a: names[report.a], b: names[report.b], c: names[report.c], d: names[report.d], mix: report.mix, y: report.y, note: pitchText(report.pitch) };
  const heading = element("h3", { textContent: report.c ? gettextf("Pad of %(a)s, %(b)s, %(c)s, %(d)s at (%(mix)s, %(y)s), %(note)s", words) : gettextf("%(a)s → %(b)s, mix %(mix)s, %(note)s", words) });
  const differs = element("p", { className: "studio-help nsynth-difference", textContent: gettextf("Over the held part of the note (0.25 to 2.75 s), the blend's mel-band levels differ from the crossfade's by %(db)s dB on average.", { db: report.blend_vs_crossfade_db.toFixed(1) }) });
  const legend = element("p", { className: "studio-help", textContent: gettextf("Spectrograms: time runs left to right, frequency rises from 0 to 8 kHz (mel scale); the brightest shade is the loudest moment of all the sounds, black is %(range)s dB quieter.", { range: report.spectrogram.db_range }) });
  const cards = element("div", { className: "nsynth-cards" }, Object.keys(byRole).map((role) => card(byRole[role], title[role])));
  const item = element("li", { className: "studio-variation nsynth-result" });
  item.append(heading, legend, cards, centroidTable(byRole, title), differs, keyboard(byRole.blend));
  return [item];
}
