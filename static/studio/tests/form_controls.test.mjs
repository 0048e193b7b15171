import assert from "node:assert/strict";
import { test } from "node:test";

import { rangeText } from "../form_controls.js";

test("a slider shows the decimals its step needs and no trailing zeros", () => {
  assert.equal(rangeText("0.25", "0.05"), "0.25");
  assert.equal(rangeText("0.7", "0.05"), "0.7");
  assert.equal(rangeText("0.70", "0.05"), "0.7");
  assert.equal(rangeText("1", "0.05"), "1.0");
  assert.equal(rangeText("1.6", "0.1"), "1.6");
  assert.equal(rangeText("3", "1"), "3.0");
  assert.equal(rangeText("0.30000000000000004", "0.1"), "0.3");
});
