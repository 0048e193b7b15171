import assert from "node:assert/strict";
import { test } from "node:test";

import { dbToGain, formatDb, matchedGains, reductionChart, spectrumChart } from "../master_chart.js";

test("equal loudness turns every version down to the quietest, never up", () => {
  const gains = matchedGains({ input: -23.4, output: -14.0, reference: -11.2 });
  assert.deepEqual(gains, { input: 0, output: -9.4, reference: -12.2 });
  assert.ok(Object.values(gains).every((db) => db <= 0));
  assert.deepEqual(matchedGains({ input: -23.4, output: -14.0 }, false), { input: 0, output: 0 });
  assert.deepEqual(matchedGains({ input: -20, output: null }), { input: 0, output: 0 });
  assert.ok(Math.abs(dbToGain(-6) - 0.501) < 0.001);
});

test("spectra are drawn on a log-frequency axis inside the plot box", () => {
  const bands = [25, 250, 2500, 20000];
  const chart = spectrumChart(bands, { input: [-40, -30, -35, -63], output: [-30, -20, -25, -50], reference: null }, { width: 400, height: 200, left: 40, right: 10, top: 10, bottom: 30 });
  assert.deepEqual(Object.keys(chart.paths), ["input", "output"]);
  const points = chart.paths.output.split(/[ML]/).filter(Boolean).map((p) => p.trim().split(" ").map(Number));
  assert.equal(points[0][0], 40);
  assert.equal(points[3][0], 390);
  // 250 Hz and 2.5 kHz are a decade apart: equal steps on the log axis.
  assert.ok(Math.abs(points[2][0] - points[1][0] - (points[1][0] - points[0][0])) < 0.2);
  assert.deepEqual([chart.yTicks[0].label, chart.yTicks.at(-1).label], ["−70", "−20"]);
  assert.equal(points[1][1], 10); // −20 dB, the loudest band, on the top edge
  assert.ok(chart.xTicks.some((tick) => tick.label === "1k"));
});

test("the spectrum shows 60 dB below its loudest band; emptier bands sit on the floor", () => {
  const chart = spectrumChart([100, 1000, 10000], { output: [-20, -30, -140] }, { height: 200, top: 10, bottom: 30 });
  assert.deepEqual([chart.yTicks[0].label, chart.yTicks.at(-1).label], ["−80", "−20"]);
  const ys = chart.paths.output.split(/[ML]/).filter(Boolean).map((p) => Number(p.trim().split(" ")[1]));
  assert.equal(ys[2], 170); // the bottom edge of the plot
});

test("gain reduction hangs from 0 dB at the top; deeper reduction is lower", () => {
  const chart = reductionChart([0, 0.5, 3.2, 0], 0.1, { width: 300, height: 100, left: 40, right: 10, top: 10, bottom: 20 });
  assert.match(chart.area, /^M40 10 /);
  assert.match(chart.area, / Z$/);
  assert.deepEqual(chart.yTicks.map((tick) => tick.label), ["0", "−4"]);
  const deepest = Math.max(...chart.area.match(/L[\d.]+ ([\d.]+)/g).map((p) => Number(p.split(" ")[1])));
  assert.ok(Math.abs(deepest - (10 + (3.2 / 4) * 70)) < 0.1);
});

test("levels read with a real minus sign and a dash when unmeasured", () => {
  assert.equal(formatDb(-14.04), "−14.0");
  assert.equal(formatDb(0.3), "0.3");
  assert.equal(formatDb(-0.01), "0.0");
  assert.equal(formatDb(null), "—");
});
