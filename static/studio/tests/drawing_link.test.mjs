import assert from "node:assert/strict";
import { test } from "node:test";

import { decodeDrawing, drawingHref, drawingInQuery, encodeDrawing } from "../drawing_link.js";

test("a drawing goes into the address and comes back as it was", () => {
  const notes = [[60, 0, 2], [64, 2, 4], [67, 4, 8], [72, 28, 32]];
  const text = encodeDrawing(2, notes);
  assert.equal(text, "2-60.0.2_64.2.2_67.4.4_72.28.4");
  assert.deepEqual(decodeDrawing(text), { bars: 2, notes });
  assert.deepEqual(decodeDrawing("1-"), { bars: 1, notes: [] });
});

test("a bad drawing in an address is refused whole, never half-read", () => {
  for (const bad of ["", "3-60.0.1", "16-60.0.1", "2-60.0.0", "2-128.0.1", "2-60.30.4", "2-60.0.1_", "2--1.0.1", "2-60,0,1", "x"]) {
    assert.equal(decodeDrawing(bad), null, bad);
  }
  assert.equal(decodeDrawing("8-60.0.1", 4), null); // Interpolate's slots take 4 bars at most
  const many = Array.from({ length: 1200 }, (_, i) => `36.${i % 128}.1`).join("_");
  assert.equal(decodeDrawing(`8-${many}`), null);
});

test("the link keeps the page's settings, drops the shown job and this slot's other sources", () => {
  const href = drawingHref("http://h/en/studio/groove/?temperature=0.5&job=abc&input_example=rock-beat#x", "input", 1, [[36, 0, 1]], "drums");
  const url = new URL(href);
  assert.equal(url.searchParams.get("temperature"), "0.5");
  assert.equal(url.searchParams.get("job"), null);
  assert.equal(url.searchParams.get("input_example"), null);
  assert.equal(url.searchParams.get("type"), "drums");
  assert.equal(url.hash, "");
  assert.deepEqual(drawingInQuery(url.search, "input", 8), { bars: 1, notes: [[36, 0, 1]] });
  assert.equal(drawingInQuery(url.search, "input_b", 8), null);
});
