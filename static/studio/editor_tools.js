// The step editor's transport: play / loop the drawing at a tempo with a cursor, its length in
// bars, and recording from the computer keyboard or a MIDI keyboard (count-in, metronome,
// quantized to 16ths by recorder.js). Everything is a native button, select or input, so it
// works from the keyboard and is named for screen readers.

import { gettext, gettextf, interpolate, ngettext } from "../js/i18n.js";
import {
  DRUM_CODES,
  LOWEST_BASE,
  meanOffsetMs,
  midiEvent,
  OCTAVE_DOWN,
  OCTAVE_UP,
  pitchOfKey,
  quantize,
  shiftOctave,
  toStepNotes,
} from "./recorder.js";
import { BAR_CHOICES, createStepEditor, STEPS_PER_BAR } from "./step_editor.js";
import { noteName } from "./pianoroll.js";

export const MIN_QPM = 40;
export const MAX_QPM = 240;
const COUNT_IN_BEATS = 4;
const HELD_S = 8; // a key's note sounds until it is let go (or this long)

let fieldId = 0;

function make(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function labelled(text, control) {
  fieldId += 1;
  control.id = `studio-transport-${fieldId}`;
  return make("span", { className: "studio-transport-field" }, make("label", { htmlFor: control.id, textContent: text }), " ", control);
}

/** The tempo a control holds, within bounds (a half-typed number plays at the nearest one). */
export function clampQpm(value) {
  const qpm = Number(value);
  if (!Number.isFinite(qpm)) return 120;
  return Math.min(MAX_QPM, Math.max(MIN_QPM, Math.round(qpm)));
}

export function createEditorTools(container, editor, sound) {
  const drums = editor.drums;
  const play = make("button", { type: "button", className: "studio-button studio-play", textContent: gettext("Play") });
  const loop = make("input", { type: "checkbox", className: "studio-loop" });
  const loopLabel = make("label", { className: "studio-transport-field" }, loop, ` ${gettext("Loop")}`);
  const tempo = make("input", { type: "number", className: "studio-tempo", min: MIN_QPM, max: MAX_QPM, step: 1, value: 120, inputMode: "numeric" });
  const bars = make("select", { className: "studio-bars" });
  for (const count of BAR_CHOICES.filter((n) => n <= editor.maxBars)) {
    bars.append(make("option", { value: String(count), textContent: interpolate(ngettext("%(n)s bar", "%(n)s bars", count), { n: count }) }));
  }
  bars.value = String(editor.bars());
  const record = make("button", { type: "button", className: "studio-button studio-record", textContent: gettext("Record") });
  const status = make("p", { className: "studio-help studio-record-status" });
  status.setAttribute("role", "status");
  const keys = make("p", { className: "studio-help studio-record-keys" });
  const row = make(
    "div",
    { className: "studio-transport" },
    play,
    loopLabel,
    labelled(gettext("Tempo (BPM)"), tempo),
    labelled(gettext("Drawing length"), bars),
    record,
  );
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", gettext("Play and record the drawing"));
  container.prepend(row, keys, status);

  const qpm = () => clampQpm(tempo.value);
  let base = LOWEST_BASE;
  const describeKeys = () => {
    keys.textContent = drums
      ? gettext("To record, press Record and play drums on the keys A S D F G H J K L (kick to ride) or a MIDI keyboard.")
      : gettextf("To record, press Record and play on the keys A W S E D F T G Y H U J K (%(low)s to %(high)s; Z and X change the octave) or a MIDI keyboard.", {
          low: noteName(base),
          high: noteName(base + 12),
        });
  };
  describeKeys();

  // --- play -------------------------------------------------------------------------------

  function showPlaying(on) {
    play.textContent = on ? gettext("Stop") : gettext("Play");
    // The name itself says what a press does (Play / Stop), so no pressed state is announced.
    play.dataset.active = String(on);
    if (!on) editor.showCursor(null);
  }

  function startPlaying() {
    sound.play(() => editor.notes(), {
      qpm: qpm(),
      length: editor.bars() * STEPS_PER_BAR,
      drums,
      loop: loop.checked,
      onStep: (step) => editor.showCursor(step),
      onEnd: () => showPlaying(false),
    });
    // After play(): starting it again ends the last playback first, whose onEnd shows "Play".
    showPlaying(true);
  }

  play.addEventListener("click", () => {
    if (play.dataset.active === "true") sound.stop();
    else startPlaying();
  });
  // A new tempo or loop setting takes effect at once: the playback starts again with it.
  for (const control of [loop, tempo]) {
    control.addEventListener("change", () => {
      tempo.value = String(qpm());
      if (play.dataset.active === "true") startPlaying();
    });
  }
  bars.addEventListener("change", () => editor.setBars(Number(bars.value)));

  // --- record -----------------------------------------------------------------------------

  // The take under way: {downbeat (context time), events, clicks, held (pitch -> voice), bars, qpm}.
  let recording = null;

  function eventTime(timeStamp) {
    // Key and MIDI events carry performance.now() times, and the student played to the clicks
    // as heard. getOutputTimestamp pairs the context time leaving the speakers with the
    // performance.now() of that same moment, so every event maps through one steady clock;
    // currentTime moves a render block at a time (in Chromium the gap to performance.now()
    // wandered by 8 ms), which could move a note played near the middle of a 16th to the
    // other side. Without it: currentTime, less the output latency.
    const context = sound.audio();
    const stamp = context.getOutputTimestamp?.();
    const heard = stamp?.performanceTime > 0
      ? stamp.contextTime - (stamp.performanceTime - timeStamp) / 1000
      : context.currentTime - (performance.now() - timeStamp) / 1000 - (context.outputLatency || context.baseLatency || 0);
    return heard - recording.downbeat;
  }

  function press(pitch, timeStamp, velocity = 100) {
    if (recording.held.has(pitch)) return;
    const time = eventTime(timeStamp);
    recording.events.push({ kind: "on", pitch, time, velocity });
    recording.held.set(pitch, sound.note(pitch, { drums, duration: HELD_S, velocity }));
    // The grid shows what is being played as it is played (held notes as far as now).
    const soFar = [...recording.held.keys()].map((held) => ({ kind: "off", pitch: held, time: time + 0.001 }));
    editor.setNotes(toStepNotes(quantize([...recording.events, ...soFar], recordingShape(recording))));
  }

  function letGo(pitch, timeStamp) {
    if (!recording.held.has(pitch)) return;
    recording.events.push({ kind: "off", pitch, time: eventTime(timeStamp) });
    recording.held.get(pitch).then((voice) => voice?.release());
    recording.held.delete(pitch);
  }

  function drumPitch(code) {
    const index = DRUM_CODES.indexOf(code);
    const rows = editor.rows; // top to bottom: the kick is the last row
    return index < 0 || index >= rows.length ? null : rows[rows.length - 1 - index].pitch;
  }

  function onKey(event) {
    if (!recording || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") return finishRecording();
    if (!drums && (event.code === OCTAVE_DOWN || event.code === OCTAVE_UP)) {
      event.preventDefault();
      if (event.type === "keydown") {
        base = shiftOctave(base, event.code);
        describeKeys();
      }
      return;
    }
    const pitch = drums ? drumPitch(event.code) : pitchOfKey(event.code, base);
    if (pitch === null) return;
    event.preventDefault(); // the key plays a note; it must not type into a field or scroll
    if (event.type === "keydown" && !event.repeat) press(pitch, event.timeStamp);
    if (event.type === "keyup") letGo(pitch, event.timeStamp);
  }

  function onMidi(message) {
    if (!recording) return;
    const event = midiEvent(message.data, 0);
    if (event?.kind === "on") press(event.pitch, message.timeStamp, event.velocity);
    else if (event) letGo(event.pitch, message.timeStamp);
  }

  let midiAsked = false;
  function listenToMidi() {
    // A MIDI keyboard is optional: where the browser has no Web MIDI or the student says no,
    // the computer keyboard still records.
    if (midiAsked || typeof navigator.requestMIDIAccess !== "function") return;
    midiAsked = true;
    const attach = (access) => {
      for (const input of access.inputs.values()) input.onmidimessage = onMidi;
    };
    navigator
      .requestMIDIAccess()
      .then((access) => {
        attach(access);
        access.onstatechange = () => attach(access);
      })
      .catch(() => {});
  }

  function startRecording() {
    const context = sound.audio();
    if (!context) {
      status.textContent = gettext("This browser cannot play sound, so it cannot record either.");
      return;
    }
    sound.stop();
    listenToMidi();
    const beat = 60 / qpm();
    const barCount = editor.bars();
    const first = context.currentTime + 0.15;
    const downbeat = first + COUNT_IN_BEATS * beat;
    const clicks = [];
    for (let i = 0; i < COUNT_IN_BEATS + barCount * 4; i += 1) clicks.push(sound.click(first + i * beat, i % 4 === 0));
    recording = { downbeat, events: [], clicks, held: new Map(), bars: barCount, qpm: qpm() };
    requestAnimationFrame(() => followRecording(recording));
    record.textContent = gettext("Stop recording");
    record.dataset.active = "true";
    play.disabled = bars.disabled = true; // the metronome is the only playback while recording
    container.dataset.recording = "count-in";
    status.textContent = gettext("Count-in: one bar, then play.");
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("keyup", onKey, true);
    recording.countIn = setTimeout(() => {
      container.dataset.recording = "recording";
      status.textContent = interpolate(ngettext("Recording %(n)s bar: play now (Esc stops).", "Recording %(n)s bars: play now (Esc stops).", barCount), { n: barCount });
    }, (downbeat - context.currentTime) * 1000);
    recording.timer = setTimeout(finishRecording, (downbeat + barCount * 4 * beat - context.currentTime) * 1000 + 50);
  }

  const recordingShape = (take) => ({ qpm: take.qpm, length: take.bars * STEPS_PER_BAR, monophonic: !drums, drums });

  // The cursor runs with the metronome while recording, so the student sees where in the bars
  // they are.
  function followRecording(take) {
    if (recording !== take) return editor.showCursor(null);
    const step = Math.floor((sound.now() - take.downbeat) / (15 / take.qpm));
    editor.showCursor(step >= 0 ? step : null);
    requestAnimationFrame(() => followRecording(take));
  }

  function finishRecording() {
    if (!recording) return;
    const done = recording;
    recording = null;
    clearTimeout(done.timer);
    clearTimeout(done.countIn);
    document.removeEventListener("keydown", onKey, true);
    document.removeEventListener("keyup", onKey, true);
    const now = sound.now();
    for (const click of done.clicks) if (click) click.stop(now);
    for (const voice of done.held.values()) voice.then((v) => v?.release());
    record.textContent = gettext("Record");
    record.dataset.active = "false";
    play.disabled = bars.disabled = false;
    delete container.dataset.recording;
    const notes = quantize(done.events, recordingShape(done));
    if (!notes.length) {
      status.textContent = gettext("Nothing was played, so the drawing is unchanged.");
      return;
    }
    editor.setNotes(toStepNotes(notes));
    const recorded = ngettext(
      "%(n)s note recorded on the 16th grid (on average %(ms)s ms off it). Edit it in the grid, play it, or press Generate.",
      "%(n)s notes recorded on the 16th grid (on average %(ms)s ms off it). Edit them in the grid, play them, or press Generate.",
      notes.length,
    );
    status.textContent = interpolate(recorded, { n: notes.length, ms: meanOffsetMs(notes, done.qpm) });
  }

  record.addEventListener("click", () => (recording ? finishRecording() : startRecording()));

  return { tempo: qpm, stop: () => (finishRecording(), sound.stop()) };
}

/**
 * A slot's "Draw it" panel: the step editor with its transport. ``file()`` is the drawing as
 * MIDI at the chosen tempo; ``tools.stop()`` ends a recording or playback (the panel closing).
 */
export function createDrawing(container, { kind, drumRows, clearLabel, sound, maxBars, linkFor = null }) {
  const editor = createStepEditor(container, { kind, drumRows, clearLabel, sound, maxBars });
  const tools = createEditorTools(container, editor, sound);
  if (linkFor) addDrawingLink(container, editor, linkFor);
  return Object.assign(editor, { tools, file: () => editor.toFile(tools.tempo()) });
}

// "Link to this drawing": the page's address with the drawing in it (drawing_link.js), shown in a
// box to copy and, where the browser allows, copied at once.
function addDrawingLink(container, editor, linkFor) {
  const button = make("button", { type: "button", className: "studio-button studio-draw-link", textContent: gettext("Link to this drawing") });
  const field = make("input", { type: "text", readOnly: true, className: "studio-draw-link-field", hidden: true });
  field.setAttribute("aria-label", gettext("Address that reopens this drawing"));
  const said = make("p", { className: "studio-help" });
  said.setAttribute("role", "status");
  container.querySelector(".studio-transport").append(button);
  container.querySelector(".studio-transport").after(field, said);
  button.addEventListener("click", async () => {
    field.value = linkFor(editor.bars(), editor.notes());
    field.hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      said.textContent = gettext("Link copied: it opens this tool with this drawing.");
    } catch {
      said.textContent = gettext("Copy the link from the box: it opens this tool with this drawing.");
    }
  });
}
