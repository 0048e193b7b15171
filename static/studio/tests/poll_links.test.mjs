import assert from "node:assert/strict";
import { test } from "node:test";

import { acceptsSetting, jobAddress, mergeHref, readQuery, readSettings, sendTargets, sendToHref, withSettings } from "../links.js";
import { pollJob } from "../poll.js";

test("pollJob reports every state and stops when done, backing off", async () => {
  const answers = [{ status: "queued", ahead: 2 }, { status: "running" }, { status: "done", outputs: [] }];
  const seen = [];
  const sleeps = [];
  const job = await pollJob("/api/jobs/x", {
    fetchJson: async (url) => {
      assert.equal(url, "/api/jobs/x");
      return answers.shift();
    },
    sleep: async (ms) => sleeps.push(ms),
    onUpdate: (update) => seen.push(update.status),
    intervalMs: 100,
    maxIntervalMs: 120,
  });
  assert.equal(job.status, "done");
  assert.deepEqual(seen, ["queued", "running", "done"]);
  assert.deepEqual(sleeps, [100, 120]);
});

test("pollJob stops on failure and gives up after its timeout", async () => {
  const failed = await pollJob("/j", { fetchJson: async () => ({ status: "failed", error: "no" }), sleep: async () => {} });
  assert.equal(failed.error, "no");
  let clock = 0;
  await assert.rejects(
    pollJob("/j", { fetchJson: async () => ({ status: "running" }), sleep: async (ms) => (clock += ms), now: () => clock, timeoutMs: 1000 }),
    /did not finish/,
  );
});

// As the tool pages receive them (Tool.as_link_json): each tool's input slots decide what it takes.
const TOOLS = [
  ["generate", []],
  ["continue", [{ name: "input", kind: "type" }]],
  ["interpolate", [{ name: "input_a", kind: "type" }, { name: "input_b", kind: "type" }]],
  ["groove", [{ name: "input", kind: "drums" }]],
  ["drumify", [{ name: "input", kind: "any" }]],
  ["melody-rnn", [{ name: "input", kind: "melody" }]],
  ["master", [{ name: "input", kind: "audio" }, { name: "reference", kind: "audio" }]],
].map(([slug, inputs]) => ({ slug, title: slug.toUpperCase(), inputs }));

test("send-to targets follow what each tool accepts", () => {
  // Master takes any result as audio (its FluidSynth rendering), into its first input.
  assert.deepEqual(sendTargets("melody", TOOLS).map((t) => t.tool), ["continue", "interpolate", "drumify", "melody-rnn", "master"]);
  assert.deepEqual(sendTargets("drums", TOOLS).map((t) => t.tool), ["continue", "interpolate", "groove", "drumify", "master"]);
  assert.equal(sendTargets("drums", TOOLS).at(-1).setsType, false);
});

test("send-to links round-trip through the query string", () => {
  const [drumify] = sendTargets("melody", TOOLS).filter((t) => t.tool === "drumify");
  const href = sendToHref("/en/studio/", drumify, "abc_-123", 2, "melody");
  assert.equal(href, "/en/studio/drumify/?input_job=abc_-123&input_index=2");
  const [cont] = sendTargets("drums", TOOLS);
  assert.equal(sendToHref("/ja/studio/", cont, "j", 0, "drums"), "/ja/studio/continue/?input_job=j&input_index=0&type=drums");
  const query = readQuery("?input_a_job=j&input_a_index=3&type=drums&job=k", ["input_a", "input_b"]);
  assert.deepEqual(query, { inputs: { input_a: { job: "j", index: 3 } }, type: "drums", job: "k" });
});

test("merge links repeat part", () => {
  assert.equal(mergeHref("/api/studio/merge.mid", ["a:0", "b:input"]), "/api/studio/merge.mid?part=a%3A0&part=b%3Ainput");
});

test("readSettings keeps only the tool's own fields, non-empty", () => {
  const settings = readSettings("?temperature=1.5&variations=&job=k&evil=1&type=drums", ["temperature", "variations", "type"]);
  assert.deepEqual(settings, { temperature: "1.5", type: "drums" });
});

test("withSettings carries the form's settings, not its files or radio sources", () => {
  const entries = [["temperature", "0.7"], ["input_source", "example"], ["type", "melody"], ["input_file", { name: "a.mid" }]];
  const href = withSettings("http://localhost:8000/en/studio/generate/?type=drums", entries, ["temperature", "type"]);
  const url = new URL(href);
  assert.equal(url.pathname, "/en/studio/generate/");
  assert.deepEqual(Object.fromEntries(url.searchParams), { type: "melody", temperature: "0.7" });
});

test("acceptsSetting checks choices, ranges, whole numbers and text length from the field's spec", () => {
  // Field specs as the page's tools JSON carries them (core/fields.py as_json).
  const select = { widget: "choice", choices: [["melody", "Melody"], ["drums", "Drums"]] };
  assert.equal(acceptsSetting(select, "drums"), true);
  assert.equal(acceptsSetting(select, "bass"), false);
  const range = { widget: "number", integer: false, min: 0.1, max: 2 };
  assert.equal(acceptsSetting(range, "1.5"), true);
  assert.equal(acceptsSetting(range, "2.5"), false);
  assert.equal(acceptsSetting(range, "abc"), false);
  assert.equal(acceptsSetting(range, " "), false);
  const number = { widget: "number", integer: true, min: 1, max: 16 };
  assert.equal(acceptsSetting(number, "4"), true);
  assert.equal(acceptsSetting(number, "4.5"), false);
  assert.equal(acceptsSetting(number, "0"), false);
  const text = { widget: "text", maxlength: 5 };
  assert.equal(acceptsSetting(text, "[60]"), true);
  assert.equal(acceptsSetting(text, "[60, 62]"), false);
});

test("a result dragged out is a named MIDI file at its absolute address", async () => {
  const { downloadName, downloadUrlItem, dragAsFile } = await import("../links.js");
  const name = downloadName("melody-rnn", "AbCdEfGhIjK", 2, "mid");
  assert.equal(name, "kanade-melody-rnn-AbCdEfGh-variation-3.mid");
  assert.equal(
    downloadUrlItem("audio/midi", name, "/api/jobs/AbC/outputs/2.mid", "http://127.0.0.1:8000/ja/studio/"),
    `audio/midi:${name}:http://127.0.0.1:8000/api/jobs/AbC/outputs/2.mid`,
  );
  const listeners = {};
  const anchor = { href: "http://h/x.mid", baseURI: "http://h/", addEventListener: (type, fn) => { listeners[type] = fn; } };
  dragAsFile(anchor, "audio/midi", name);
  const data = {};
  const transfer = { setData: (type, value) => { data[type] = value; } };
  listeners.dragstart({ dataTransfer: transfer });
  assert.equal(anchor.draggable, true);
  assert.equal(data.DownloadURL, `audio/midi:${name}:http://h/x.mid`);
  assert.equal(data["text/uri-list"], "http://h/x.mid");
  assert.equal(transfer.effectAllowed, "copy");
});

test("a result's MIDI address dropped on a slot names the job and its output; others do not", async () => {
  const { droppedResult } = await import("../links.js");
  const origin = "http://127.0.0.1:8000";
  assert.deepEqual(droppedResult(`${origin}/api/jobs/AbC-d_9/variation-3.mid`, origin), { job: "AbC-d_9", index: 2 });
  assert.deepEqual(droppedResult(`# a comment\r\n${origin}/api/jobs/x/variation-1.mid`, origin), { job: "x", index: 0 });
  assert.equal(droppedResult(`https://elsewhere.example/api/jobs/x/variation-1.mid`, origin), null);
  assert.equal(droppedResult(`${origin}/api/jobs/x/variation-0.mid`, origin), null);
  assert.equal(droppedResult(`${origin}/api/jobs/x/variation-1.ogg`, origin), null);
  assert.equal(droppedResult("not a url", origin), null);
  assert.equal(droppedResult("", origin), null);
});

test("a submitted job joins the page's address without dropping its language or settings", () => {
  assert.equal(jobAddress("http://x/embed/interpolate/?lang=ja", "abc"), "/embed/interpolate/?lang=ja&job=abc");
  assert.equal(jobAddress("http://x/en/studio/generate/?type=drums&job=old", "new"), "/en/studio/generate/?type=drums&job=new");
  assert.equal(jobAddress("http://x/ja/studio/generate/", "abc"), "/ja/studio/generate/?job=abc");
});
