// "Send to" and "merge" links (pure).

// Which tool input can take an output of each kind: Groove wants drums, Melody RNN a melody,
// Continue and Interpolate follow their "type", Drumify takes anything.
const TARGETS = [
  { tool: "continue", slot: "input", kinds: ["melody", "drums"], setsType: true },
  { tool: "interpolate", slot: "input_a", kinds: ["melody", "drums"], setsType: true },
  { tool: "groove", slot: "input", kinds: ["drums"] },
  { tool: "drumify", slot: "input", kinds: ["melody", "drums"] },
  { tool: "melody-rnn", slot: "input", kinds: ["melody"] },
];

export function sendTargets(kind, tools) {
  const titles = new Map(tools.map((t) => [t.slug, t.title]));
  return TARGETS.filter((t) => t.kinds.includes(kind) && titles.has(t.tool)).map((t) => ({
    ...t,
    title: titles.get(t.tool),
  }));
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

export function mergeHref(mergeUrl, parts) {
  const query = new URLSearchParams();
  for (const part of parts) query.append("part", part);
  return `${mergeUrl}?${query}`;
}
