// Input slots take drops: a result dragged from another studio page (its MIDI link) becomes the
// slot's "earlier output", and a MIDI file dragged from the desktop becomes its upload. The pure
// part (which addresses are results) is links.js's droppedResult.

import { droppedResult } from "./links.js";

export function acceptDrops(slot, useEarlierOutput) {
  const accepts = (event) => ["text/uri-list", "Files"].some((type) => event.dataTransfer?.types?.includes(type));
  slot.addEventListener("dragover", (event) => {
    if (!accepts(event)) return;
    event.preventDefault(); // without it the browser would open the dropped file instead
    event.dataTransfer.dropEffect = "copy";
    slot.classList.add("studio-drop-target");
  });
  slot.addEventListener("dragleave", () => slot.classList.remove("studio-drop-target"));
  slot.addEventListener("drop", (event) => {
    slot.classList.remove("studio-drop-target");
    const transfer = event.dataTransfer;
    const ref = droppedResult(transfer.getData("text/uri-list"), location.origin);
    if (ref) {
      event.preventDefault();
      useEarlierOutput(slot, ref);
    } else if (transfer.files?.length) {
      event.preventDefault();
      useUpload(slot, transfer.files);
    }
  });
}

function useUpload(slot, files) {
  const radio = slot.querySelector("input[type=radio][value=upload]");
  const input = slot.querySelector("input[type=file]");
  if (!radio || !input) return;
  input.files = files;
  radio.checked = true;
  radio.dispatchEvent(new Event("change")); // the page shows the upload panel
}
