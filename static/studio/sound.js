// Web Audio for the studio's inputs: a cell sounds when toggled, drawings and example clips play
// and loop at a tempo, and the recorder's count-in and metronome click.
//
// Voices are the one-shot samples in ./samples/ (rendered from the studio's SoundFont by
// scripts/render_samples.py), so a drawing sounds like the result the server will render.
// The AudioContext is made on the first call that needs it, which is always a click or a key
// press: browsers keep a context made without a user gesture silent.
//
// Notes are [pitch, startStep, endStep, velocity, drums?] on the 16th grid (fractional steps
// allowed), as midi_writer.cellsToNotes and midi_reader.readMidi give them.

export const PIANO_SAMPLE_PITCHES = Array.from({ length: 21 }, (_, i) => 36 + 3 * i); // C2..C7
// The other GM programs (0-based) rendered, every 6 semitones (scripts/render_samples.py).
export const OTHER_PROGRAMS = [4, 11, 24, 48, 73, 80];
const LOOKAHEAD_S = 0.15; // notes are scheduled this far ahead, so a busy main thread never gaps
const TICK_MS = 25;
const START_DELAY_S = 0.06;
const RELEASE_S = 0.08; // a piano note's end fades instead of clicking
// The SoundFont renders quietly (the studio's GAIN leaves room for chords): lift it here.
const PIANO_GAIN = 2.2;
const DRUM_GAIN = 1.6;
// Samples sit next to this module; import.meta.url keeps that true under hashed static names.
const SAMPLES_URL = new URL("./samples/", import.meta.url);

/** The rendered piano sample nearest to ``pitch`` and the playback rate that reaches it. */
export function pianoSampleFor(pitch, spacing = 3) {
  const clamped = Math.min(96, Math.max(36, pitch));
  const sample = 36 + spacing * Math.round((clamped - 36) / spacing);
  return { sample, rate: 2 ** ((pitch - sample) / 12) };
}

/** The sample file (without .ogg) and rate for a melodic ``pitch`` on GM ``program``. */
export function melodicSample(pitch, program = 0) {
  if (!OTHER_PROGRAMS.includes(program)) {
    const { sample, rate } = pianoSampleFor(pitch);
    return { name: `piano-${sample}`, rate };
  }
  const { sample, rate } = pianoSampleFor(pitch, 6);
  return { name: `gm${program}-${sample}`, rate };
}

/** The drum class (its name in the page's drumRows) a GM drum pitch belongs to, or null. */
export function drumClassOf(pitch, drumRows) {
  return drumRows.find((row) => row.pitches.includes(pitch))?.name ?? null;
}

export const stepSeconds = (qpm) => 60 / qpm / 4;

/**
 * Notes that start in [from, to) (steps since playback began). Looping repeats the clip every
 * ``length`` steps; each event says the absolute step it starts at.
 */
export function eventsBetween(notes, length, from, to, loop) {
  const events = [];
  if (to <= from || length <= 0) return events;
  const firstPass = loop ? Math.floor(from / length) : 0;
  const lastPass = loop ? Math.floor(to / length) : 0;
  for (let pass = firstPass; pass <= lastPass; pass += 1) {
    for (const note of notes) {
      const step = pass * length + note[1];
      if (step >= from && step < to && note[1] < length) events.push({ note, step });
    }
  }
  return events.sort((a, b) => a.step - b.step);
}

/** Where a clip's playback ends: its length, or the last note's end when that is later. */
export function clipLength(notes, length = 0) {
  return Math.max(length, ...notes.map((note) => note[2]));
}

export function createSound({ drumRows = [] } = {}) {
  let context = null;
  let output = null;
  const buffers = new Map(); // sample name -> Promise<AudioBuffer | null>
  const voices = new Set();
  let playback = null;

  function audio() {
    if (!context) {
      const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
      if (!Context) return null;
      context = new Context();
      output = context.createGain();
      output.connect(context.destination);
    }
    if (context.state === "suspended") context.resume();
    return context;
  }

  function load(name) {
    if (!buffers.has(name)) {
      const url = new URL(`${name}.ogg`, SAMPLES_URL);
      const pending = fetch(url)
        .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(url))))
        .then((bytes) => context.decodeAudioData(bytes))
        .catch(() => null); // a missing sample leaves that note silent, never breaks the editor
      buffers.set(name, pending);
    }
    return buffers.get(name);
  }

  /** Loads the samples ``notes`` need, so playback does not start with silent first notes. */
  function prepare(notes, drums = false, program = 0) {
    if (!audio()) return Promise.resolve();
    return Promise.all(notes.map((note) => load(sampleOf(note[0], note[4] ?? drums, program).name)));
  }

  function sampleOf(pitch, drums, program) {
    if (drums) return { name: `drum-${drumClassOf(pitch, drumRows) ?? "snare"}`, rate: 1, gain: DRUM_GAIN };
    return { ...melodicSample(pitch, program), gain: PIANO_GAIN };
  }

  /**
   * One note at context time ``when`` (now when omitted) on GM ``program`` (melodic notes);
   * drums ring out as the sample does.
   */
  async function note(pitch, { when, duration = 0.25, velocity = 100, drums = false, program = 0 } = {}) {
    if (!audio()) return;
    const { name, rate, gain } = sampleOf(pitch, drums, program);
    const buffer = await load(name);
    if (!buffer) return;
    const start = Math.max(when ?? context.currentTime, context.currentTime);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.playbackRate.value = rate;
    const level = context.createGain();
    level.gain.value = gain * (velocity / 127);
    if (!drums) level.gain.setTargetAtTime(0, start + duration, RELEASE_S / 3);
    source.connect(level).connect(output);
    source.start(start);
    if (!drums) source.stop(start + duration + RELEASE_S * 2);
    const voice = {
      source,
      level,
      /** Ends a held note now (a key let go), with the same short fade as a written end. */
      release() {
        if (drums || !voices.has(voice)) return;
        const now = context.currentTime;
        level.gain.cancelScheduledValues(now);
        level.gain.setTargetAtTime(0, now, RELEASE_S / 3);
        source.stop(now + RELEASE_S * 2);
      },
    };
    voices.add(voice);
    source.addEventListener("ended", () => voices.delete(voice));
    return voice;
  }

  /** A metronome click: higher on the first beat of a bar. */
  function click(when, accent = false) {
    if (!audio()) return null;
    const oscillator = context.createOscillator();
    oscillator.frequency.value = accent ? 1760 : 1320;
    const level = context.createGain();
    level.gain.setValueAtTime(0.35, when);
    level.gain.exponentialRampToValueAtTime(0.001, when + 0.05);
    oscillator.connect(level).connect(output);
    oscillator.start(when);
    oscillator.stop(when + 0.06);
    return oscillator; // stopped early when a recording is cut short
  }

  function silence() {
    for (const { source, level } of voices) {
      level.gain.cancelScheduledValues(context.currentTime);
      level.gain.setTargetAtTime(0, context.currentTime, 0.01);
      source.stop(context.currentTime + 0.05);
    }
    voices.clear();
  }

  /**
   * Plays ``notes`` at ``qpm``; ``length`` steps (at least to the last note's end) per pass.
   * ``notes`` may be a function, asked again as each part is scheduled: a looped drawing is
   * heard with the cells changed while it plays.
   * onStep(step) follows the sound for a cursor; onEnd(finished) once it stops, ``finished``
   * true when it played to its end (not stopped, nor replaced by another playback).
   * Only one playback at a time: starting one stops the last.
   */
  async function play(notes, { qpm = 120, length = 0, drums = false, loop = false, program = 0, onStep, onEnd } = {}) {
    stop();
    if (!audio()) return null;
    const handle = { stopped: false, onEnd };
    playback = handle;
    const current = typeof notes === "function" ? notes : () => notes;
    await prepare(current(), drums, program);
    if (handle.stopped) return handle;
    const total = clipLength(current(), length);
    const step = stepSeconds(qpm);
    const origin = context.currentTime + START_DELAY_S;
    let scheduledTo = 0;
    let lastStep = -1;
    const schedule = () => {
      const horizon = (context.currentTime + LOOKAHEAD_S - origin) / step;
      const until = loop ? horizon : Math.min(horizon, total);
      for (const { note: n, step: at } of eventsBetween(current(), total, scheduledTo, until, loop)) {
        note(n[0], { when: origin + at * step, duration: (n[2] - n[1]) * step, velocity: n[3] ?? 100, drums: n[4] ?? drums, program });
      }
      scheduledTo = Math.max(scheduledTo, until);
    };
    const follow = () => {
      if (handle.stopped) return;
      const now = Math.floor((context.currentTime - origin) / step);
      if (!loop && now >= total) return stop(true);
      const shown = loop ? ((now % total) + total) % total : now;
      if (now >= 0 && shown !== lastStep) onStep?.(shown);
      lastStep = shown;
      requestAnimationFrame(follow);
    };
    schedule();
    handle.timer = setInterval(schedule, TICK_MS);
    requestAnimationFrame(follow);
    return handle;
  }

  function stop(finished = false) {
    const current = playback;
    playback = null;
    if (!current || current.stopped) return;
    current.stopped = true;
    clearInterval(current.timer);
    if (context) silence();
    current.onEnd?.(finished === true);
  }

  return {
    audio,
    note,
    click,
    play,
    stop: () => stop(false),
    prepare,
    isPlaying: () => playback !== null,
    now: () => (context ? context.currentTime : 0),
  };
}
