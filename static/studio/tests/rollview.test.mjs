import assert from "node:assert/strict";
import { test } from "node:test";

import { labelWidthEstimate } from "../rollview.js";

test("full-width (Japanese) characters count as wide as the font, others narrower", () => {
  assert.equal(labelWidthEstimate("クローズド・ハイハット", 10), 110);
  assert.equal(labelWidthEstimate("Kick", 10), 24);
  // The longest drum name does not fit a phone's 96-px label column at 11 px: it is narrowed.
  assert.ok(labelWidthEstimate("クローズド・ハイハット", 11) > 96 - 6);
  assert.ok(labelWidthEstimate("Closed hi-hat", 11) <= 110 - 6);
});
