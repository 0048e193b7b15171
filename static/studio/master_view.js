// An audio result (the Master tool): the A/B player at equal loudness, the loudness table, the
// third-octave spectra and the gain reduction over time, and the downloads. The numbers come
// from the job's report (measured on the server); this module only draws and plays them.

import { gettext, gettextf } from "../js/i18n.js";
import { dbToGain, formatDb, matchedGains, reductionChart, spectrumChart } from "./master_chart.js";

const SVG = "http://www.w3.org/2000/svg";
const VERSIONS = ["input", "output", "reference"];

function names() {
  return { input: gettext("Before"), output: gettext("After"), reference: gettext("Reference") };
}

function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function svgElement(tag, attributes = {}, text = "") {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text) node.textContent = text;
  return node;
}

function axes(svg, chart) {
  const { left, top, width, height } = chart.box;
  svg.append(svgElement("rect", { x: left, y: top, width, height, class: "master-plot" }));
  for (const tick of chart.xTicks) {
    svg.append(svgElement("line", { x1: tick.x, x2: tick.x, y1: top, y2: top + height, class: "master-grid" }));
    svg.append(svgElement("text", { x: tick.x, y: top + height + 16, "text-anchor": "middle", class: "master-tick" }, tick.label));
  }
  for (const tick of chart.yTicks) {
    svg.append(svgElement("line", { x1: left, x2: left + width, y1: tick.y, y2: tick.y, class: "master-grid" }));
    svg.append(svgElement("text", { x: left - 6, y: tick.y + 4, "text-anchor": "end", class: "master-tick" }, tick.label));
  }
}

// Framed in a slide, the charts are drawn wider than tall, so that the result column keeps
// player, table and both charts in one landscape frame at a readable size.
function inSlide() {
  return document.documentElement.classList.contains("kanade-embed") && matchMedia("(orientation: landscape) and (max-height: 900px)").matches;
}

function chartSvg(chart, label) {
  const svg = svgElement("svg", { viewBox: `0 0 ${chart.width} ${chart.height}`, role: "img", "aria-label": label, class: "master-chart" });
  axes(svg, chart);
  return svg;
}

function spectrumFigure(report, width) {
  const label = names();
  const spectra = report.spectra;
  const series = { input: spectra.input_db, output: spectra.output_db, reference: spectra.reference_db };
  const chart = spectrumChart(spectra.bands_hz, series, { width, height: inSlide() ? 150 : width < 500 ? 200 : 240 });
  const title = gettext("Spectral balance (1/3-octave bands, dB)");
  const svg = chartSvg(chart, title);
  const legend = element("p", { className: "master-legend" });
  for (const [name, path] of Object.entries(chart.paths)) {
    svg.append(svgElement("path", { d: path, class: `master-line master-${name}` }));
    legend.append(element("span", { className: `master-key master-${name}` }, [label[name]]));
  }
  return element("figure", { className: "master-figure master-spectra" }, [element("figcaption", { textContent: title }), svg, legend]);
}

function reductionFigure(report, width) {
  const reduction = report.gain_reduction;
  const chart = reductionChart(reduction.db, reduction.hop_s, { width, height: inSlide() ? 64 : 120 });
  const title = reduction.max_db >= 0.05
    ? gettextf("Gain reduction by the limiter over time (dB; at most %(max)s dB)", { max: formatDb(reduction.max_db) })
    : gettext("Gain reduction by the limiter over time: none (no peak reached the ceiling)");
  const svg = chartSvg(chart, title);
  svg.append(svgElement("path", { d: chart.area, class: "master-reduction" }));
  return element("figure", { className: "master-figure master-gr" }, [element("figcaption", { textContent: title }), svg]);
}

function loudnessTable(report) {
  const label = names();
  const shown = VERSIONS.filter((name) => report[name]);
  const head = element("tr", {}, [element("th", { scope: "col", textContent: gettext("Measured") }), ...shown.map((name) => element("th", { scope: "col", textContent: label[name] }))]);
  const rows = [
    [gettext("Integrated loudness (LUFS)"), "integrated_lufs"],
    [gettext("Loudness range (LU)"), "loudness_range_lu"],
    [gettext("True peak (dBTP)"), "true_peak_dbtp"],
  ].map(([title, key]) => element("tr", {}, [element("th", { scope: "row", textContent: title }), ...shown.map((name) => element("td", { textContent: formatDb(report[name][key]) }))]));
  const table = element("table", { className: "master-loudness" }, [element("thead", {}, [head]), element("tbody", {}, rows)]);
  return element("div", { className: "master-table-wrap" }, [table]);
}

/** The A/B player: one version sounds at a time, switched at the same moment of the song. */
function abPlayer(job, output) {
  const report = output.report;
  const label = names();
  const sources = { input: output.previews?.input, output: output.audio, reference: output.previews?.reference };
  const versions = VERSIONS.filter((name) => sources[name] && report[name]);
  const levels = Object.fromEntries(versions.map((name) => [name, report[name].integrated_lufs]));
  const players = Object.fromEntries(versions.map((name) => [name, element("audio", { preload: "auto", src: sources[name] })]));
  let context = null;
  const gains = {};
  let current = "output";
  const box = element("div", { className: "master-ab", role: "group" });
  box.setAttribute("aria-label", gettext("A/B comparison"));
  const play = element("button", { type: "button", className: "studio-button master-play", textContent: gettext("Play") });
  const position = element("input", { type: "range", min: "0", max: "1000", value: "0", className: "master-seek" });
  position.setAttribute("aria-label", gettext("Position"));
  const match = element("input", { type: "checkbox", checked: true, className: "master-match" });
  const matchLabel = element("label", { className: "master-match-label" }, [match, ` ${gettext("Same loudness (recommended)")}`]);
  const note = element("p", { className: "studio-help master-gain-note", role: "status" });
  const buttons = versions.map((name) => element("button", { type: "button", className: "studio-button master-version", value: name }));

  function applyGains() {
    const db = matchedGains(levels, match.checked);
    for (const [index, name] of versions.entries()) {
      buttons[index].replaceChildren(label[name], " ", element("small", { textContent: `${formatDb(db[name])} dB` }));
      buttons[index].dataset.gainDb = String(db[name]);
      if (gains[name]) gains[name].gain.value = dbToGain(db[name]);
      else players[name].volume = Math.min(1, dbToGain(db[name])); // before Web Audio starts
    }
    note.textContent = match.checked
      ? gettextf("Each version plays at %(lufs)s LUFS, the quietest one's measured loudness: the louder ones are turned down.", { lufs: formatDb(Math.min(...Object.values(levels))) })
      : gettext("Each version plays as it is: the louder one will tend to sound better. Compare at the same loudness to judge the tone.");
  }

  function select(name) {
    const was = players[current];
    const playing = !was.paused;
    if (name !== current) {
      was.pause();
      const next = players[name];
      next.currentTime = Math.min(was.currentTime, Number.isFinite(next.duration) ? next.duration : was.currentTime);
      current = name;
      if (playing) next.play();
    }
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.value === current));
  }

  function ensureContext() {
    const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
    if (context || !Context) return;
    context = new Context();
    for (const name of versions) {
      players[name].volume = 1;
      gains[name] = context.createGain();
      context.createMediaElementSource(players[name]).connect(gains[name]).connect(context.destination);
    }
    applyGains();
  }

  play.addEventListener("click", () => {
    ensureContext();
    context?.resume();
    const player = players[current];
    if (player.paused) player.play();
    else player.pause();
  });
  for (const name of versions) {
    const player = players[name];
    player.addEventListener("play", () => (play.textContent = gettext("Pause")));
    player.addEventListener("pause", () => (play.textContent = gettext("Play")));
    player.addEventListener("timeupdate", () => {
      if (name === current && player.duration) position.value = String(Math.round((player.currentTime / player.duration) * 1000));
    });
  }
  position.addEventListener("input", () => {
    const player = players[current];
    if (player.duration) player.currentTime = (Number(position.value) / 1000) * player.duration;
  });
  for (const button of buttons) button.addEventListener("click", () => select(button.value));
  match.addEventListener("change", applyGains);
  applyGains();
  select(current);
  box.append(element("div", { className: "master-versions" }, buttons), element("div", { className: "master-transport" }, [play, position]), matchLabel, note, ...Object.values(players));
  return box;
}

export function masteredItem(job, output) {
  const report = output.report;
  // In a slide the column is laid out only as the result appears: draw for a fixed width there.
  const measured = inSlide() ? 560 : document.querySelector(".studio-variations")?.clientWidth;
  const width = Math.max(300, Math.min(760, Math.round(measured || 760)));
  const heading = element("h3", { textContent: report.reference ? gettext("Mastered to the reference track") : gettextf("Mastered to %(lufs)s LUFS", { lufs: formatDb(report.target_lufs) }) });
  const downloads = element("p", { className: "studio-variation-actions" }, [
    element("a", { href: output.wav, textContent: gettext("Download WAV (24-bit)"), className: "studio-button master-wav", download: "" }),
    " ",
    element("a", { href: output.audio, textContent: gettext("OGG preview"), download: "" }),
  ]);
  const gain = element("p", { className: "studio-help", textContent: gettextf("Gain: %(gain)s dB; the limiter held the true peak at or below %(ceiling)s dBTP.", { gain: `${report.gain_db > 0 ? "+" : ""}${formatDb(report.gain_db)}`, ceiling: formatDb(report.ceiling_dbtp) }) });
  const item = element("li", { className: "studio-variation studio-mastered" });
  item.append(heading, abPlayer(job, output), loudnessTable(report), gain, spectrumFigure(report, width), reductionFigure(report, width), downloads);
  return item;
}
