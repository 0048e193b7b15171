import assert from "node:assert/strict";
import { test } from "node:test";

import { demoPageHref } from "../embed.js";
import { nextScale, overflow } from "../fit.js";
import { KEY_MESSAGE, arrowsAreFree, forwardsKey, keyMessage } from "../keys.js";

const element = (tagName, attributes = {}) => ({
  tagName,
  isContentEditable: false,
  getAttribute: (name) => attributes[name] ?? null,
});
const key = (name, extra = {}) => ({ key: name, code: name, keyCode: 0, shiftKey: false, defaultPrevented: false, ...extra });

test("arrows are free on the page, buttons, links, summaries and checkboxes, not on controls that use them", () => {
  for (const free of [null, element("BODY"), element("BUTTON"), element("A"), element("SUMMARY"), element("INPUT", { type: "checkbox" })]) {
    assert.equal(arrowsAreFree(free), true, free?.tagName);
  }
  const used = [
    element("INPUT", { type: "range" }),
    element("INPUT", { type: "number" }),
    element("INPUT"),
    element("INPUT", { type: "radio" }),
    element("SELECT"),
    element("TEXTAREA"),
    element("AUDIO"),
    element("CANVAS", { tabindex: "0" }),
    element("BUTTON", { role: "slider" }),
    { ...element("DIV"), isContentEditable: true },
  ];
  for (const busy of used) assert.equal(arrowsAreFree(busy), false, `${busy.tagName} ${busy.getAttribute("type")}`);
});

test("navigation keys go to the deck unless used or modified; Space only from the page itself", () => {
  assert.equal(forwardsKey(key("ArrowRight"), element("BUTTON")), true);
  assert.equal(forwardsKey(key("PageDown"), element("BODY")), true);
  assert.equal(forwardsKey(key("ArrowRight", { defaultPrevented: true }), element("BODY")), false);
  assert.equal(forwardsKey(key("ArrowRight", { ctrlKey: true }), element("BODY")), false);
  assert.equal(forwardsKey(key("ArrowRight"), element("INPUT", { type: "range" })), false);
  assert.equal(forwardsKey(key("a"), element("BODY")), false);
  assert.equal(forwardsKey(key(" "), element("BUTTON")), false);
  assert.equal(forwardsKey(key(" "), element("BODY")), true);
});

test("the posted message carries the key and reveal.js's keyCode", () => {
  assert.deepEqual(keyMessage(key("ArrowLeft", { shiftKey: true })), {
    type: KEY_MESSAGE,
    key: "ArrowLeft",
    code: "ArrowLeft",
    keyCode: 37,
    shiftKey: true,
  });
  assert.equal(KEY_MESSAGE, "kanade:key");
});

test("Open in Kanade: the server's link until the demo writes its state, then that state without the options", () => {
  const server = "https://k.example/ja/demos/sigmoid-grid/?cmap=jet";
  assert.equal(demoPageHref(server, "?cmap=jet&lang=en", "?lang=en&cmap=jet"), server);
  assert.equal(
    demoPageHref(server, "?cmap=jet", "?cmap=jet&w_im=1,2,3,4&large=1&controls=w_im"),
    "https://k.example/ja/demos/sigmoid-grid/?cmap=jet&w_im=1,2,3,4",
  );
});

test("fit: no scaling when the page fits, otherwise just under the overflow, never below the minimum", () => {
  const frame = { width: 960, height: 540 };
  assert.equal(overflow({ width: 960, height: 541 }, frame), 1); // a pixel of rounding is no overflow
  assert.ok(Math.abs(overflow({ width: 960, height: 1082 }, frame) - 2) < 1e-9);
  assert.ok(Math.abs(overflow({ width: 1922, height: 540 }, frame) - 2) < 1e-9); // too wide counts too
  assert.equal(nextScale(1, 1), 1);
  assert.ok(Math.abs(nextScale(1.5, 1.5) - 0.995) < 1e-9);
  assert.equal(nextScale(1, 9, 0.7), 0.7);
});
