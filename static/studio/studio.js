// The studio tool page: inputs (example / upload / drawn / earlier output), Generate, polling
// without reload, results with piano roll + audio + downloads, "send to" and merge.

import { gettext, gettextf } from "../js/i18n.js";
import { acceptDrops } from "./drop.js";
import { drawingHref, drawingInQuery, restoreDrawing } from "./drawing_link.js";
import { acceptsSetting, jobAddress, mergeHref, preselectExamples, readQuery, readSettings, sendTargets, sendToHref } from "./links.js";
import { masteredItem } from "./master_view.js";
import { clearMergeTray, mergeParts, renderMergeTray, togglePart } from "./merge_tray.js";
import { layoutRoll } from "./pianoroll.js";
import { pollJob } from "./poll.js";
import { setUpResultsPlayer } from "./results_player.js";
import { followAudio, renderRoll } from "./rollview.js";
import { setUpAuditions } from "./audition.js";
import { filterExamples, showRangeValues, sourceOf, spreadExamples } from "./form_controls.js";
import { createDrawing } from "./editor_tools.js";
import { createSound } from "./sound.js";
import { downloadLinks } from "./result_downloads.js";

const config = JSON.parse(document.getElementById("studio-config").textContent);
const text = config.text;
const form = document.getElementById("studio-form");
const statusLine = form.querySelector(".studio-status");
const results = document.querySelector(".studio-results");
const button = form.querySelector(".studio-generate");
const editors = {};
const sound = createSound({ drumRows: config.drumRows }); // one AudioContext for the page, made on first use
// A tool that draws its own results names its module (Tool.view); the rest use the roll or master_view.
const view = config.tool.view ? await import(`./${config.tool.view}`) : null;

const t = (key, values = {}) => text[key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
const toolsBySlug = new Map(config.tools.map((tool) => [tool.slug, tool]));
// Each setting's spec (bounds, choices, length) as the server sent it: the one copy the page uses.
const fieldSpecs = new Map(config.tool.fields.map((spec) => [spec.name, spec]));
const toolName = (job) => job.tool_name || toolsBySlug.get(job.tool)?.title || job.tool;
const UNREACHABLE = () => gettext("The studio could not be reached. Check the connection and try again.");

function currentType() {
  const select = form.elements.namedItem("type");
  return select ? select.value : config.tool.output_kind;
}

function slotKind(slot) {
  const kind = slot.dataset.kind;
  return kind === "type" ? currentType() : kind;
}

// --- inputs -----------------------------------------------------------------------------

function showSource(slot) {
  const source = sourceOf(slot);
  for (const panel of slot.querySelectorAll(".studio-source")) panel.hidden = panel.dataset.source !== source;
  for (const field of form.querySelectorAll(`.studio-field[data-unless-input="${slot.dataset.slot}"]`)) field.hidden = source !== "none";
  if (source === "draw") ensureEditor(slot);
  else editors[slot.dataset.slot]?.tools.stop(); // a hidden panel neither records nor plays
}

function ensureEditor(slot) {
  const kind = slotKind(slot) === "drums" ? "drums" : "melody";
  const key = `${slot.dataset.slot}:${kind}`;
  if (!editors[key]) {
    const maxBars = Number(slot.dataset.maxBars) || undefined; // Interpolate takes up to 4 bars
    const hasType = Boolean(form.elements.namedItem("type"));
    const linkFor = (bars, notes) => drawingHref(location.href, slot.dataset.slot, bars, notes, hasType ? kind : null);
    editors[key] = createDrawing(slot.querySelector(".studio-editor"), { kind, drumRows: config.drumRows, clearLabel: text.clear, sound, maxBars, linkFor });
  }
  editors[slot.dataset.slot] = editors[key];
}

function updateForType() {
  const reason = config.status[currentType()] || (config.tool.output_kind !== "type" ? config.status.melody : null);
  const notice = document.querySelector(".studio-unavailable");
  notice.textContent = reason || "";
  notice.hidden = !reason;
  for (const slot of form.querySelectorAll(".studio-input")) {
    filterExamples(slot, slotKind(slot));
    if (sourceOf(slot) === "draw") {
      // The other kind's editor, if the type just changed, gives way to this kind's.
      const stale = `${slot.dataset.slot}:${slotKind(slot) === "drums" ? "melody" : "drums"}`;
      if (editors[stale]) {
        editors[stale].tools.stop();
        slot.querySelector(".studio-editor").replaceChildren();
        delete editors[stale];
      }
      ensureEditor(slot);
    }
  }
}

function useEarlierOutput(slot, ref) {
  const label = slot.querySelector(".studio-source-job");
  label.hidden = false;
  label.querySelector("input").checked = true;
  slot.dataset.job = ref.job;
  slot.dataset.index = String(ref.index);
  const description = slot.querySelector(".studio-job-ref");
  const variation = t("variation", { n: ref.index + 1 });
  description.textContent = variation;
  showSource(slot);
  // Name the tool that made it (the address only carries the job's id).
  fetchJson(config.jobUrl.replace("JOB_ID", encodeURIComponent(ref.job)))
    .then((job) => {
      description.textContent = `${toolName(job)} · ${variation}`;
    })
    .catch(() => {
      description.textContent = gettext("That earlier result is gone (results are deleted after a few days). Choose another input.");
      description.classList.add("studio-field-error");
    });
}

// --- submit -----------------------------------------------------------------------------

function buildFormData() {
  const data = new FormData();
  data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
  for (const spec of config.tool.fields) {
    const field = form.elements.namedItem(spec.name);
    if (field && field.value !== "") data.append(spec.name, field.value);
  }
  for (const slot of form.querySelectorAll(".studio-input")) {
    const name = slot.dataset.slot;
    const source = sourceOf(slot);
    if (source === "example") data.append(`${name}_example`, slot.querySelector("select").value);
    if (source === "upload") {
      const file = slot.querySelector("input[type=file]").files[0];
      if (file) data.append(name, file);
    }
    if (source === "draw" && editors[name] && !editors[name].isEmpty()) data.append(name, editors[name].file());
    if (source === "job") {
      data.append(`${name}_job`, slot.dataset.job);
      data.append(`${name}_index`, slot.dataset.index);
    }
    // An input may stand in for a text field (Melody RNN: a primer MIDI replaces primer_melody).
    const replaces = config.tool.inputs.find((spec) => spec.name === name)?.replaces;
    if (replaces && source !== "none") data.delete(replaces);
  }
  return data;
}

function clearErrors() {
  for (const node of form.querySelectorAll(".studio-field-error")) node.hidden = true;
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function showFieldError(field, message) {
  const name = (field || "").replace(/_(example|job|index)$/, "");
  const holder = form.querySelector(`[data-field="${name}"]`) || form.querySelector(`[data-slot="${name}"]`);
  if (!holder) return false;
  let slotError = holder.querySelector(".studio-field-error");
  if (!slotError) {
    slotError = document.createElement("p");
    slotError.className = "studio-field-error";
    slotError.setAttribute("role", "alert");
    holder.append(slotError);
  }
  slotError.textContent = message;
  slotError.hidden = false;
  holder.querySelector("input, select")?.setAttribute("aria-invalid", "true");
  return true;
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

function describe(job) {
  if (job.status === "queued") return `${text.queued}${job.ahead ? ` (${t("ahead", { n: job.ahead })})` : ""}…`;
  if (job.status === "running") return `${text.running}…`;
  if (job.status === "done") return `${text.done} · ${t("timing", { s: (job.timings.total_s ?? 0).toFixed(1) })}`;
  return `${text.failed}: ${job.error}`;
}

async function submit(event) {
  event.preventDefault();
  clearErrors();
  button.disabled = true;
  statusLine.textContent = text.generating;
  statusLine.dataset.state = "working";
  try {
    const response = await fetch(config.generateUrl, {
      method: "POST",
      body: buildFormData(),
      headers: { "X-CSRFToken": form.elements.namedItem("csrfmiddlewaretoken").value, Accept: "application/json" },
    });
    const body = await response.json().catch(() => ({
      message: gettext("Something went wrong on the server. Please try again in a moment."),
    }));
    if (response.status !== 202) {
      // The API words its message in the page's language; ``error`` is the older name of it.
      const message = body.message || body.error;
      statusLine.textContent = showFieldError(body.field, message) ? "" : message;
      statusLine.dataset.state = "error";
      return;
    }
    history.replaceState(null, "", jobAddress(location.href, body.id));
    await follow(body.url);
  } catch {
    statusLine.textContent = UNREACHABLE();
    statusLine.dataset.state = "error";
  } finally {
    button.disabled = false;
  }
}

async function follow(url) {
  const job = await pollJob(url, {
    fetchJson,
    onUpdate: (update) => {
      statusLine.textContent = describe(update);
      statusLine.dataset.state = update.status;
    },
  });
  if (job.status === "done") showResults(job);
  return job;
}

// --- results ----------------------------------------------------------------------------

function link(href, label, { download = true, className = "" } = {}) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  if (download) a.setAttribute("download", "");
  if (className) a.className = className;
  return a;
}

function showResults(job) {
  results.hidden = false;
  const notices = results.querySelector(".studio-notices");
  notices.replaceChildren(...job.notices.map((notice) => Object.assign(document.createElement("li"), { textContent: notice })));
  const actions = results.querySelector(".studio-results-actions");
  actions.replaceChildren(...(job.zip ? [link(job.zip, text.download_zip, { className: "studio-zip" })] : []), ...seedLine(job));
  const list = results.querySelector(".studio-variations");
  const items = view ? view.resultItems(job, config.tool) : job.outputs.map((output) => (output.report ? masteredItem(job, output) : variationItem(job, output)));
  list.replaceChildren(...items);
  setUpResultsPlayer(results, job, sound);
  results.scrollIntoView({ behavior: "smooth", block: "start" });
}

/** "Seed 1234" and a button that puts this result's seed and settings back into the form. */
function seedLine(job) {
  const seed = job.seed ?? job.params?.seed;
  if (seed === undefined || seed === null) return [];
  const line = document.createElement("p");
  line.className = "studio-seed";
  const value = Object.assign(document.createElement("strong"), { textContent: String(seed) });
  line.append(`${gettext("Seed")}: `, value);
  if (!form.elements.namedItem("seed")) return [line];
  const reuse = Object.assign(document.createElement("button"), {
    type: "button",
    className: "studio-button studio-use-seed",
    textContent: gettext("Use this seed and these settings"),
  });
  const done = Object.assign(document.createElement("span"), { className: "studio-help studio-seed-status" });
  done.setAttribute("role", "status");
  reuse.addEventListener("click", () => {
    for (const [name, setting] of Object.entries(job.params || {})) {
      const control = form.elements.namedItem(name);
      if (control && fieldSpecs.has(name) && control.type !== "radio" && acceptsSetting(fieldSpecs.get(name), String(setting))) {
        control.value = String(setting);
        control.dispatchEvent(new Event("input", { bubbles: true }));
        control.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    done.textContent = gettextf("Seed %(seed)s and these settings are in the form: press Generate to make this result again.", { seed });
    form.elements.namedItem("seed").focus({ preventScroll: false });
  });
  line.append(" ", reuse, " ", done);
  return [line];
}

function variationItem(job, output) {
  const item = document.createElement("li");
  item.className = "studio-variation";
  const title = t("variation", { n: output.index + 1 });
  const heading = Object.assign(document.createElement("h3"), { textContent: `${title} · ${t("notes", { n: output.notes })}` });
  // Drawn at the list's pixel width so labels keep their size on a phone and a projector.
  const width = Math.max(300, Math.round(results.querySelector(".studio-variations").clientWidth || 960));
  const drums = output.roll.kind === "drums";
  const labelWidth = width >= 560 ? 110 : drums ? 96 : 40; // melody rows are labelled "C4", "C5"
  const layout = layoutRoll(output.roll, { drumRows: config.drumRows, width, labelWidth, rowHeight: 14, maxHeight: 280 });
  const svg = renderRoll(layout, { label: title });
  item.append(heading, svg);
  if (output.audio) {
    const audio = document.createElement("audio");
    audio.controls = true;
    audio.preload = "auto";
    audio.src = output.audio;
    audio.setAttribute("aria-label", title);
    followAudio(svg, layout, audio);
    item.append(audio);
  } else {
    item.append(Object.assign(document.createElement("p"), { className: "studio-help", textContent: text.no_audio }));
  }
  const tools = document.createElement("p");
  tools.className = "studio-variation-actions";
  tools.append(downloadLinks(job, output, { midiLabel: text.download_midi, title }));
  const kind = output.roll.kind;
  const targets = sendTargets(kind, config.tools);
  if (targets.length) {
    tools.append(` ${text.send_to} `);
    for (const target of targets) {
      tools.append(link(sendToHref(config.studioUrl, target, job.id, output.index, kind), target.title, { download: false, className: "studio-send" }), " ");
    }
  }
  const inputSlot = Object.keys(job.inputs)[0];
  if (inputSlot && toolsBySlug.get(job.tool)?.plays_along) {
    tools.append(link(mergeHref(config.mergeUrl, [`${job.id}:${inputSlot}`, `${job.id}:${output.index}`]), text.merge_with_input, { className: "studio-merge-input" }), " ");
  }
  const pick = document.createElement("label");
  pick.className = "studio-pick";
  const box = document.createElement("input");
  box.type = "checkbox";
  const part = `${job.id}:${output.index}`;
  box.checked = mergeParts().some((p) => p.part === part);
  box.addEventListener("change", () => togglePart({ part, label: `${toolName(job)} · ${title}` }, box.checked, config.mergeUrl));
  pick.append(box, ` ${text.pick_merge}`);
  tools.append(pick);
  item.append(tools);
  return item;
}

// --- start ------------------------------------------------------------------------------

function start() {
  const slots = [...form.querySelectorAll(".studio-input")];
  const query = readQuery(location.search, slots.map((slot) => slot.dataset.slot));
  const typeSelect = form.elements.namedItem("type");
  if (typeSelect && query.type && [...typeSelect.options].some((o) => o.value === query.type)) typeSelect.value = query.type;
  // Settings carried in the URL (a tool opened from an embed keeps what the student chose);
  // a value the control cannot hold is ignored and the default stays.
  const fieldNames = [...form.querySelectorAll(".studio-field")].map((field) => field.dataset.field);
  for (const [name, value] of Object.entries(readSettings(location.search, fieldNames))) {
    const control = form.elements.namedItem(name);
    if (control && fieldSpecs.has(name) && acceptsSetting(fieldSpecs.get(name), value)) control.value = value;
  }
  for (const slot of slots) {
    for (const radio of slot.querySelectorAll("input[type=radio]")) radio.addEventListener("change", () => showSource(slot));
    if (query.inputs[slot.dataset.slot]) useEarlierOutput(slot, query.inputs[slot.dataset.slot]);
    acceptDrops(slot, useEarlierOutput);
    const drawRadio = slot.querySelector("input[type=radio][value=draw]");
    const drawn = drawRadio && drawingInQuery(location.search, slot.dataset.slot, Number(slot.dataset.maxBars) || undefined);
    if (drawn) drawRadio.checked = true;
    showSource(slot);
    if (drawn) restoreDrawing(slot.querySelector(".studio-editor"), editors[slot.dataset.slot], drawn);
  }
  for (const slot of slots) filterExamples(slot, slotKind(slot));
  spreadExamples(slots);
  // ?input=melody (an example clip per slot, as embeds take it) picks that clip.
  preselectExamples(form, location.search);
  setUpAuditions(form, { sound, exampleUrl: config.exampleUrl });
  typeSelect?.addEventListener("change", () => {
    updateForType();
    spreadExamples(slots);
  });
  showRangeValues(form);
  view?.setUpForm?.(form, config.tool);
  updateForType();
  renderMergeTray(config.mergeUrl);
  document.querySelector(".studio-merge-clear").addEventListener("click", () => {
    clearMergeTray(config.mergeUrl);
    for (const box of document.querySelectorAll(".studio-pick input")) box.checked = false;
  });
  // On a phone the how-to would stand between Generate and the results: folded there.
  if (window.matchMedia("(max-width: 40rem)").matches) document.querySelector(".studio-howto").open = false;
  form.addEventListener("submit", submit);
  if (query.job) {
    follow(config.jobUrl.replace("JOB_ID", encodeURIComponent(query.job))).catch(() => {
      statusLine.textContent = gettext("That result is gone (results are deleted after a few days).");
      statusLine.dataset.state = "error";
    });
  }
  document.documentElement.dataset.studioReady = "true";
}

start();
