// Hear an input before generating: a Listen button beside each slot's example clip and beside
// its MIDI upload. The file is read in the page (midi_reader.js) and played through the same
// voices as the step editor (sound.js), so nothing is sent to the server to be heard.

import { gettext } from "../js/i18n.js";
import { readMidi } from "./midi_reader.js";

function listenButton(name) {
  const button = Object.assign(document.createElement("button"), {
    type: "button",
    className: "studio-button studio-listen",
    textContent: gettext("Listen"),
  });
  // The visible word is short; the name, which starts with it, says what will be heard.
  button.setAttribute("aria-label", name);
  button.setAttribute("aria-pressed", "false");
  return button;
}

/**
 * Adds the buttons to every MIDI slot of ``form``. ``exampleUrl`` has SLUG where an example's
 * slug goes; only one thing plays at a time (sound.play stops the last), so every button shows
 * whether its own clip is the one sounding.
 */
export function setUpAuditions(form, { sound, exampleUrl }) {
  const buttons = [];
  const status = (slot) => {
    let line = slot.querySelector(".studio-listen-status");
    if (!line) {
      line = Object.assign(document.createElement("p"), { className: "studio-help studio-listen-status" });
      line.setAttribute("role", "status");
      slot.append(line);
    }
    return line;
  };

  // The word stays "Listen" (it begins the button's name); the pressed state and its icon say
  // that it is playing.
  function show(button, playing) {
    button.setAttribute("aria-pressed", String(playing));
  }

  async function toggle(button, slot, readBytes) {
    if (button.getAttribute("aria-pressed") === "true") return sound.stop();
    sound.audio(); // made inside the click, while the browser still counts it as a gesture
    status(slot).textContent = "";
    let clip;
    try {
      clip = readMidi(await readBytes());
    } catch {
      status(slot).textContent = gettext("This clip could not be read as MIDI, so it cannot be played here.");
      return;
    }
    for (const other of buttons) show(other, false);
    show(button, true);
    sound.play(clip.notes, { qpm: clip.qpm, onEnd: () => show(button, false) });
  }

  for (const slot of form.querySelectorAll(".studio-input")) {
    if (slot.dataset.kind === "audio") continue; // audio inputs have their own players
    const select = slot.querySelector("select[name$=_example]");
    if (select) {
      const button = listenButton(gettext("Listen to the example"));
      select.closest("label").after(" ", button);
      buttons.push(button);
      button.addEventListener("click", () =>
        toggle(button, slot, async () => {
          const response = await fetch(exampleUrl.replace("SLUG", encodeURIComponent(select.value)));
          if (!response.ok) throw new Error(String(response.status));
          return response.arrayBuffer();
        }),
      );
      select.addEventListener("change", () => button.getAttribute("aria-pressed") === "true" && sound.stop());
    }
    const upload = slot.querySelector("input[type=file]");
    if (upload) {
      const button = listenButton(gettext("Listen to the chosen file"));
      button.disabled = !upload.files.length;
      upload.closest("label").after(" ", button);
      buttons.push(button);
      upload.addEventListener("change", () => {
        button.disabled = !upload.files.length;
        if (button.getAttribute("aria-pressed") === "true") sound.stop();
      });
      button.addEventListener("click", () => toggle(button, slot, () => upload.files[0].arrayBuffer()));
    }
  }
}
