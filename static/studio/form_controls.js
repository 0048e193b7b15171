// The studio form's example pickers and sliders: which example clips a slot offers, which one
// each slot starts on, and how a slider shows its value.

/** Where a slot's input comes from: example, upload, draw, job or none. */
export function sourceOf(slot) {
  const checked = slot.querySelector("input[type=radio]:checked");
  return checked ? checked.value : "none";
}

/** Offer only the examples of ``kind`` ("any": all); a hidden choice gives way to the first. */
export function filterExamples(slot, kind) {
  const select = slot.querySelector("select");
  if (!select) return; // an audio input has no example clips
  let firstAllowed = null;
  for (const option of select.options) {
    option.hidden = option.disabled = kind !== "any" && option.dataset.kind !== kind;
    if (!option.disabled && !firstAllowed) firstAllowed = option;
  }
  if (select.selectedOptions[0]?.disabled && firstAllowed) select.value = firstAllowed.value;
}

/**
 * Two inputs of one kind (Interpolate's A and B) start on different example clips: a clip
 * blended with itself shows nothing. Run before a link's choice is applied, so a link still wins.
 */
export function spreadExamples(slots) {
  const taken = new Set();
  for (const slot of slots) {
    const select = slot.querySelector("select");
    if (!select || sourceOf(slot) !== "example") continue;
    if (taken.has(select.value)) {
      const free = [...select.options].find((option) => !option.disabled && !taken.has(option.value));
      if (free) select.value = free.value;
    }
    taken.add(select.value);
  }
}

/** A slider's value as its label shows it: as many decimals as its step needs, no trailing
 * zeros, at least one (0.25 steps of 0.05 show "0.25", 0.7 shows "0.7", 1 shows "1.0"). */
export function rangeText(value, step) {
  const digits = Math.max(1, (String(step).split(".")[1] || "").length);
  const text = Number(value).toFixed(digits).replace(/0+$/, "");
  return text.endsWith(".") ? `${text}0` : text;
}

/** Every slider of ``form`` shows its value in the ``output`` beside it, as it moves. */
export function showRangeValues(form) {
  for (const range of form.querySelectorAll("input[type=range]")) {
    const output = range.parentElement.querySelector("output");
    const show = () => (output.value = rangeText(range.value, range.step));
    range.addEventListener("input", show);
    show();
  }
}
