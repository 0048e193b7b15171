// "Send to" and "merge" links (pure).

// Which tool input can take an output of each kind, read from the tools' own input slots (the
// server's registry): a slot of kind "melody" or "drums" takes only that, "type" takes either and
// sets the tool's type, "any" takes either, and so does "audio" (the server takes the result's
// rendered audio). An output goes to a tool's first input.
export function sendTargets(kind, tools) {
  return tools.flatMap((tool) => {
    const slot = (tool.inputs || [])[0];
    if (!slot) return [];
    const kinds = slot.kind === "melody" || slot.kind === "drums" ? [slot.kind] : ["melody", "drums"];
    if (!kinds.includes(kind)) return [];
    return [{ tool: tool.slug, slot: slot.name, kinds, setsType: slot.kind === "type", title: tool.title }];
  });
}

export function sendToHref(studioUrl, target, jobId, index, kind) {
  const query = new URLSearchParams({ [`${target.slot}_job`]: jobId, [`${target.slot}_index`]: String(index) });
  if (target.setsType) query.set("type", kind);
  return `${studioUrl}${target.tool}/?${query}`;
}

/** {slot: {job, index}} for every slot named in the query string, plus type and job. */
export function readQuery(search, slots) {
  const query = new URLSearchParams(search);
  const inputs = {};
  for (const slot of slots) {
    const job = query.get(`${slot}_job`);
    if (job) inputs[slot] = { job, index: Number.parseInt(query.get(`${slot}_index`) || "0", 10) || 0 };
  }
  return { inputs, type: query.get("type"), job: query.get("job") };
}

/**
 * The page's own address once a job is submitted: its query keeps what the page was opened with
 * (an embed's ?lang=, a teacher's settings) and names the job, so a reload shows the results and
 * the API, which reads the language from the page's address, answers in the page's language.
 */
export function jobAddress(href, jobId) {
  const url = new URL(href);
  url.searchParams.set("job", jobId);
  return `${url.pathname}${url.search}${url.hash}`;
}

export function mergeHref(mergeUrl, parts) {
  const query = new URLSearchParams();
  for (const part of parts) query.append("part", part);
  return `${mergeUrl}?${query}`;
}

/** {field: value} for each of the tool's setting fields named in the query string. */
export function readSettings(search, fieldNames) {
  const query = new URLSearchParams(search);
  const settings = {};
  for (const name of fieldNames) {
    const value = query.get(name);
    if (value !== null && value !== "") settings[name] = value;
  }
  return settings;
}

/** ``href`` with the form's current settings, so a tool opened elsewhere starts where it was. */
export function withSettings(href, entries, fieldNames) {
  const url = new URL(href);
  for (const [name, value] of entries) {
    if (fieldNames.includes(name) && typeof value === "string" && value !== "") url.searchParams.set(name, value);
  }
  return url.toString();
}

/**
 * Whether ``value`` may go into a setting: a listed choice, a number in range, text short enough.
 * ``field`` is the setting's spec from the page's tools JSON (core/fields.py ``as_json``), so the
 * bounds are the server's own.
 */
export function acceptsSetting(field, value) {
  if (field.widget === "choice") return field.choices.some(([choice]) => choice === value);
  if (field.widget === "number") {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number)) return false;
    if (field.integer && !Number.isInteger(number)) return false;
    return number >= field.min && number <= field.max;
  }
  return value.length <= field.maxlength;
}

/**
 * ?input=melody (and ?input_a=… for Interpolate): the slot starts on that example clip, on the
 * studio page and in embeds alike (an embed's "Open in Kanade" keeps the clip). A name the slot's
 * list does not offer is left alone (embeds refuse it on the server first).
 */
export function preselectExamples(form, search) {
  const query = new URLSearchParams(search);
  for (const slot of form.querySelectorAll(".studio-input[data-slot]")) {
    const example = query.get(slot.dataset.slot);
    const select = slot.querySelector("select");
    if (!example || !select || ![...select.options].some((option) => option.value === example)) continue;
    const radio = slot.querySelector('input[type=radio][value="example"]');
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    select.value = example;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

// Dragging a result out of the page as a file: Chromium turns a "DownloadURL" drag item
// ("<mime>:<file name>:<absolute url>") into a file dropped on the desktop or into a DAW's
// track list. The name follows the server's download name, so both ways give the same file.
export function downloadName(tool, jobId, index, extension) {
  return `kanade-${tool}-${jobId.slice(0, 8)}-variation-${index + 1}.${extension}`;
}

export function downloadUrlItem(mime, name, href, base) {
  return `${mime}:${name}:${new URL(href, base).href}`;
}

export function dragAsFile(anchor, mime, name) {
  anchor.draggable = true;
  anchor.addEventListener("dragstart", (event) => {
    event.dataTransfer.setData("DownloadURL", downloadUrlItem(mime, name, anchor.href, anchor.baseURI));
    event.dataTransfer.setData("text/uri-list", anchor.href);
    event.dataTransfer.effectAllowed = "copy";
  });
}

// A result dropped on an input slot: its MIDI address (this site's
// /api/jobs/<id>/variation-<n>.mid, as dragged from a results list) names an earlier output.
// Anything else (another site, another file) is not a result of this studio: null.
export function droppedResult(uriList, origin) {
  for (const line of (uriList || "").split(/\r?\n/)) {
    if (!line || line.startsWith("#")) continue;
    let url;
    try {
      url = new URL(line.trim());
    } catch {
      continue;
    }
    const match = url.pathname.match(/\/api\/jobs\/([\w-]+)\/variation-(\d+)\.mid$/);
    if (url.origin === origin && match && Number(match[2]) >= 1) return { job: match[1], index: Number(match[2]) - 1 };
  }
  return null;
}
