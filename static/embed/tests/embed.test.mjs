import assert from "node:assert/strict";
import { test } from "node:test";

import { HEIGHT_MESSAGE, frameHref, freezeLayout } from "../embed.js";
import { embedUrl, oembedUrl, stateQuery } from "../share.js";
import { fileName, snapshotFrame, snapshotSize } from "../snapshot.js";

test("state query: lists comma-joined as the shareable URLs write them, empty values left out", () => {
  const query = stateQuery({ w_im: [4, -2, 4, 4], cmap: "magma", step: 0.2, seed: "", x: null });
  assert.equal(query.toString(), "w_im=4%2C-2%2C4%2C4&cmap=magma&step=0.2");
});

test("embed URL: state, then lang (ja is the default) and large", () => {
  const state = { w_im: [1, 2, 3, 4], a: "0,1;2,3" };
  assert.equal(embedUrl("https://k.example", "sigmoid-grid", {}), "https://k.example/embed/sigmoid-grid/");
  assert.equal(
    embedUrl("https://k.example", "matmul", state, { lang: "en", large: true }),
    "https://k.example/embed/matmul/?w_im=1,2,3,4&a=0,1;2,3&lang=en&large=1",
  );
});

test("oEmbed request: the page URL encoded, aspect only when not 16:9", () => {
  const page = "https://k.example/embed/zeros/?shape=2,3";
  assert.equal(oembedUrl("/oembed", page), "/oembed?url=https%3A%2F%2Fk.example%2Fembed%2Fzeros%2F%3Fshape%3D2%2C3&format=json");
  assert.ok(oembedUrl("/oembed", page, "4:3").endsWith("&aspect=4%3A3"));
});

test("links inside a frame: studio tools stay framed as embeds, other pages are left to a new tab", () => {
  const here = "https://k.example/embed/generate/?large=1&lang=en";
  assert.equal(
    frameHref("/ja/studio/groove/?input_job=abc&input_index=2", here),
    "/embed/groove/?input_job=abc&input_index=2&lang=ja&large=1",
  );
  assert.equal(frameHref("/en/ai-composition/lesson-5/", here), null);
  assert.equal(frameHref("/embed/zeros/", here), null);
  assert.equal(frameHref("https://elsewhere.example/ja/studio/groove/", here), null);
  assert.equal(HEIGHT_MESSAGE, "kanade:height");
});

test("snapshot frame: the viewBox grown to take in what overflows it, in CSS pixels", () => {
  const frame = snapshotFrame({ x: 0, y: 0, width: 460, height: 300 }, { x: -4, y: 2, width: 480, height: 290 }, { width: 920, height: 600 });
  assert.deepEqual(frame.viewBox, { x: -4, y: 0, width: 480, height: 300 });
  assert.equal(frame.cssWidth, 960); // 2 CSS px per user unit
  assert.equal(frame.cssHeight, 600);
  const noViewBox = snapshotFrame(null, null, { width: 300, height: 100 });
  assert.deepEqual(noViewBox.viewBox, { x: 0, y: 0, width: 300, height: 100 });
});

test("snapshot size: scaled for crisp slides, never above 4096 px, sane without a size", () => {
  assert.deepEqual(snapshotSize(700, 330), { width: 1400, height: 660 });
  assert.deepEqual(snapshotSize(4000, 1000), { width: 4096, height: 1024 });
  assert.deepEqual(snapshotSize(0, 0), { width: 1600, height: 900 });
});

test("file names are safe to save", () => {
  assert.equal(fileName("sigmoid-grid", "png"), "sigmoid-grid.png");
  assert.equal(fileName("../piano roll 1", "png"), "piano-roll-1.png");
  assert.equal(fileName("", "png"), "kanade.png");
});

test("freezeLayout keeps the slide layout of the frame it started in", () => {
  const fakeDocument = (media) => {
    const properties = {};
    const links = [{ media }, { media }];
    const documentElement = { dataset: {}, style: { setProperty: (name, value) => (properties[name] = value) } };
    return { properties, links, documentElement, querySelectorAll: () => links };
  };
  const slide = fakeDocument("(orientation: landscape)");
  freezeLayout(540, true, slide);
  assert.equal(slide.properties["--frame-vh"], "5.4px");
  assert.deepEqual(
    slide.links.map((link) => link.media),
    ["all", "all"],
  );
  assert.equal(slide.documentElement.dataset.embedAutoHeight, "true");

  const page = fakeDocument("(orientation: landscape)");
  freezeLayout(900, false, page);
  assert.equal(page.properties["--frame-vh"], "9px");
  assert.deepEqual(
    page.links.map((link) => link.media),
    ["not all", "not all"],
  );
});
