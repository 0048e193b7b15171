// Results heard in the page at any tempo and (melodies) on a chosen GM instrument: play one
// variation (looped if asked) or all of them in a row, with each piano roll's cursor following. The rolls the API sends are played through
// sound.js, so the tempo can change without a new render; the server's <audio> stays the
// reference rendering, and only one of the two sounds at a time.

import { gettext } from "../js/i18n.js";
import { MAX_QPM, MIN_QPM, clampQpm } from "./editor_tools.js";
import { placeCursor } from "./rollview.js";
import { OTHER_PROGRAMS } from "./sound.js";

// The instruments sound.js has samples for, by GM program (0-based), named on the page.
const INSTRUMENT_NAMES = {
  0: () => gettext("Piano"),
  4: () => gettext("Electric piano"),
  11: () => gettext("Vibraphone"),
  24: () => gettext("Nylon-string guitar"),
  48: () => gettext("Strings"),
  73: () => gettext("Flute"),
  80: () => gettext("Square lead"),
};
export const INSTRUMENTS = [0, ...OTHER_PROGRAMS];
// For a GM program without samples, the offered instrument nearest in kind, by GM family of 8
// (pianos, chromatic percussion, organs, guitars, basses, strings, ensembles, brass, reeds,
// pipes, synth leads, synth pads); anything else starts on the piano.
const FAMILY_STAND_IN = [0, 11, 80, 24, 24, 48, 48, 48, 73, 73, 80, 48];

/** The instrument a result starts on: its own GM program where there are samples for it. */
export function instrumentFor(program = 0) {
  if (INSTRUMENTS.includes(program)) return program;
  if (program === 5) return 4; // the second electric piano
  return FAMILY_STAND_IN[Math.floor(program / 8)] ?? 0;
}

/** A roll's notes as sound.js plays them: each note's offset (Groove's timing) kept. */
export function rollNotes(roll) {
  const drums = roll.kind === "drums";
  return (roll.notes || []).map(([pitch, start, end, velocity = 100, offset = 0]) => [pitch, start + offset, end + offset, velocity, drums]);
}

function make(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Adds the player to a shown job: a bar over the variations and a button on each of them. */
export function setUpResultsPlayer(results, job, sound) {
  const list = results.querySelector(".studio-variations");
  const parts = job.outputs
    .map((output, index) => ({ output, item: list.children[index] }))
    .filter(({ output, item }) => output.roll && item?.querySelector("svg.studio-roll"));
  results.querySelector(".studio-results-player")?.remove();
  if (!parts.length) return;

  const all = make("button", { type: "button", className: "studio-button studio-play-all", textContent: gettext("Play all in a row") });
  all.setAttribute("aria-pressed", "false");
  const loop = make("input", { type: "checkbox", className: "studio-results-loop" });
  const tempo = make("input", { type: "number", className: "studio-tempo studio-results-tempo", min: MIN_QPM, max: MAX_QPM, step: 1 });
  tempo.value = String(clampQpm(parts[0].output.roll.qpm || 120));
  tempo.id = "studio-results-tempo";
  const instrument = make("select", { className: "studio-results-instrument", id: "studio-results-instrument" });
  for (const program of INSTRUMENTS) instrument.append(make("option", { value: String(program), textContent: INSTRUMENT_NAMES[program]() }));
  const field = (control, words) =>
    make("span", { className: "studio-transport-field" }, make("label", { htmlFor: control.id, textContent: words }), " ", control);
  const bar = make(
    "div",
    { className: "studio-transport studio-results-player" },
    all,
    make("label", { className: "studio-transport-field" }, loop, ` ${gettext("Loop")}`),
    field(tempo, gettext("Tempo (BPM)")),
  );
  // Drums play on their own kit: the choice is only offered where a melody is among the results.
  const melody = parts.find(({ output }) => output.roll.kind !== "drums");
  if (melody) {
    instrument.value = String(instrumentFor(melody.output.roll.program));
    bar.append(field(instrument, gettext("Instrument")));
  }
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", gettext("Play the results in the page"));
  list.before(bar);

  const buttons = [];
  const reset = () => {
    for (const button of [all, ...buttons]) button.setAttribute("aria-pressed", "false");
    for (const { item } of parts) placeCursor(item.querySelector("svg.studio-roll"), 0);
  };

  function playPart(index, { chain = false } = {}) {
    const { output, item } = parts[index];
    const svg = item.querySelector("svg.studio-roll");
    for (const audio of results.querySelectorAll("audio")) audio.pause();
    sound.play(rollNotes(output.roll), {
      qpm: clampQpm(tempo.value),
      length: output.roll.steps || 0,
      loop: loop.checked && !chain,
      program: Number(instrument.value),
      onStep: (step) => placeCursor(svg, step),
      onEnd: (finished) => {
        placeCursor(svg, 0);
        buttons[index].setAttribute("aria-pressed", "false");
        if (!finished || !chain) return reset();
        if (index + 1 < parts.length) playPart(index + 1, { chain });
        else if (loop.checked) playPart(0, { chain }); // Loop with "all": the whole set again
        else reset();
      },
    });
    // Set after play() so the stop of the last playback (which resets) does not clear them.
    buttons[index].setAttribute("aria-pressed", "true");
    all.setAttribute("aria-pressed", String(chain));
    item.querySelector("h3")?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  parts.forEach(({ item }, index) => {
    const name = item.querySelector("svg.studio-roll").getAttribute("aria-label");
    const button = make("button", { type: "button", className: "studio-button studio-listen studio-play-one", textContent: gettext("Play here") });
    button.setAttribute("aria-label", `${gettext("Play here")} · ${name}`); // the visible words first
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => (button.getAttribute("aria-pressed") === "true" ? sound.stop() : playPart(index)));
    buttons.push(button);
    item.querySelector("svg.studio-roll").after(make("p", { className: "studio-play-here" }, button));
  });
  all.addEventListener("click", () => (all.getAttribute("aria-pressed") === "true" ? sound.stop() : playPart(0, { chain: true })));
  // The server's rendering and the page's playback never sound together.
  for (const audio of results.querySelectorAll("audio")) audio.addEventListener("play", () => sound.stop());
  // A new tempo or loop setting is heard at once: the playing part starts again with it.
  for (const control of [tempo, loop, instrument]) {
    control.addEventListener("change", () => {
      tempo.value = String(clampQpm(tempo.value));
      const playing = buttons.findIndex((button) => button.getAttribute("aria-pressed") === "true");
      if (playing >= 0) playPart(playing, { chain: all.getAttribute("aria-pressed") === "true" });
    });
  }
}
