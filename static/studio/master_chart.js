// The Master tool's report as numbers for the page (pure): equal-loudness gains for the A/B
// player, and the geometry of the spectrum and gain-reduction charts (SVG paths).

/**
 * Gains (dB, never above 0) that play each version at the quietest one's measured integrated
 * loudness, so the louder version does not win the comparison by being louder. ``levels`` maps a
 * version to its LUFS (null when unmeasured: played as is); ``on`` false gives 0 dB to all.
 */
export function matchedGains(levels, on = true) {
  const known = Object.values(levels).filter((value) => Number.isFinite(value));
  const quietest = Math.min(...known);
  const gains = {};
  for (const [key, value] of Object.entries(levels)) {
    gains[key] = on && Number.isFinite(value) ? Math.round((quietest - value) * 10) / 10 : 0;
  }
  return gains;
}

export const dbToGain = (db) => 10 ** (db / 20);

const SPECTRUM_RANGE_DB = 60;

/** Round a range outwards to whole steps: [-63.2, -8.1] by 10 -> [-70, 0]. */
function niceRange(values, step) {
  const finite = values.filter((value) => Number.isFinite(value));
  const low = Math.floor(Math.min(...finite) / step) * step;
  const high = Math.ceil(Math.max(...finite) / step) * step;
  return high > low ? [low, high] : [low - step, low + step];
}

const fixed = (value) => Math.round(value * 10) / 10;

/**
 * The third-octave spectra as polylines on a log-frequency axis. ``series`` maps a name to its
 * levels (dB, one per band; null series are left out). Returns the plot box, one path per series,
 * x ticks at the decades' round frequencies and y ticks every 10 dB.
 */
export function spectrumChart(bands, series, { width = 600, height = 240, left = 44, right = 8, top = 8, bottom = 28 } = {}) {
  const present = Object.entries(series).filter(([, levels]) => Array.isArray(levels));
  const [lowest, high] = niceRange(present.flatMap(([, levels]) => levels), 10);
  // At most 60 dB below the loudest band: bands a preview's sample rate leaves empty (−100 dB
  // and less) would squash the part of the spectrum there is to see. Lower levels sit on the floor.
  const low = Math.max(lowest, high - SPECTRUM_RANGE_DB);
  const logMin = Math.log10(bands[0]);
  const logMax = Math.log10(bands[bands.length - 1]);
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const x = (hz) => fixed(left + ((Math.log10(hz) - logMin) / (logMax - logMin)) * plotWidth);
  const y = (db) => fixed(top + ((high - Math.max(low, db)) / (high - low)) * plotHeight);
  const paths = {};
  for (const [name, levels] of present) {
    paths[name] = levels.map((db, index) => `${index ? "L" : "M"}${x(bands[index])} ${y(db)}`).join(" ");
  }
  const xTicks = [31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000]
    .filter((hz) => hz >= bands[0] && hz <= bands[bands.length - 1])
    .map((hz) => ({ x: x(hz), label: hz >= 1000 ? `${hz / 1000}k` : String(hz) }));
  const yTicks = [];
  for (let db = low; db <= high; db += 10) yTicks.push({ y: y(db), label: db < 0 ? `−${-db}` : String(db) });
  return { width, height, box: { left, top, width: plotWidth, height: plotHeight }, paths, xTicks, yTicks };
}

/**
 * Gain reduction over time as a filled area hanging from the top edge (0 dB), deeper where the
 * limiter worked harder. ``db`` holds one value every ``hopS`` seconds (≥ 0).
 */
export function reductionChart(db, hopS, { width = 600, height = 120, left = 44, right = 8, top = 8, bottom = 24 } = {}) {
  const deepest = Math.max(1, ...db.filter((value) => Number.isFinite(value)));
  const floor = Math.ceil(deepest);
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const seconds = Math.max(hopS, db.length * hopS);
  const x = (s) => fixed(left + (s / seconds) * plotWidth);
  const y = (value) => fixed(top + (Math.min(value, floor) / floor) * plotHeight);
  const points = db.map((value, index) => `L${x((index + 0.5) * hopS)} ${y(value)}`).join(" ");
  const area = `M${x(0)} ${y(0)} ${points} L${x(seconds)} ${y(0)} Z`;
  const step = seconds > 120 ? 60 : seconds > 30 ? 10 : seconds > 8 ? 2 : 1;
  const xTicks = [];
  for (let s = 0; s <= seconds + 1e-9; s += step) xTicks.push({ x: x(s), label: `${s}s` });
  return {
    width,
    height,
    box: { left, top, width: plotWidth, height: plotHeight },
    area,
    xTicks,
    yTicks: [{ y: y(0), label: "0" }, { y: y(floor), label: `−${floor}` }],
  };
}

/** A level as the report shows it: one decimal, a real minus sign, "—" when unmeasured. */
export function formatDb(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const text = Math.abs(value).toFixed(1);
  return value < 0 && text !== "0.0" ? `−${text}` : text;
}
