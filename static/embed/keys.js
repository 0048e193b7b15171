// Arrow keys inside a framed embed belong to the slide deck around it unless a control that
// uses them has focus. reveal.js (and most decks) listen for keydown on their own document, which
// never sees keys pressed inside a frame: after a click on a button the deck would stop moving.
//
// Two things keep it moving, both tested with a real reveal.js deck on another origin:
// - after a pointer click that leaves focus on something that has no use for arrows (a button,
//   a link, the page), the embed hands focus back to the deck (window.parent.focus() works
//   across origins in Chromium), so the next key goes straight to the deck;
// - a navigation key pressed while such an element has focus (a keyboard user who pressed Enter
//   on a button) is posted to the parent as {type: "kanade:key", key, code, keyCode, shiftKey}
//   (a deck can replay it: reveal.js has Reveal.triggerKey(keyCode)) and focus goes back too.

export const KEY_MESSAGE = "kanade:key";

// The keys decks navigate with; Space only when nothing focused would use it (a button clicks).
const NAVIGATION_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);
const KEY_CODES = { ArrowLeft: 37, ArrowUp: 38, ArrowRight: 39, ArrowDown: 40, PageUp: 33, PageDown: 34, Home: 36, End: 35, " ": 32 };
// Inputs whose type makes arrows useless to them; every other input (range, number, text, radio…) keeps its keys.
const KEYLESS_INPUTS = new Set(["button", "submit", "reset", "checkbox", "image", "file", "color"]);

/**
 * Whether `element` (the focused one) has no use for arrow keys, so they may go to the deck:
 * the page itself, buttons, links, <summary>, checkboxes. Sliders, number and text fields,
 * selects, radio groups, media players and custom widgets (anything else focusable: the
 * sigmoid grid's canvas, the regression line's handles) keep them.
 */
export function arrowsAreFree(element) {
  if (!element || !element.tagName) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === "body" || tag === "html") return true;
  if (element.isContentEditable) return false;
  if (tag === "button" || tag === "summary") return !element.getAttribute("role");
  if (tag === "a") return !element.getAttribute("role");
  if (tag === "input") return KEYLESS_INPUTS.has((element.getAttribute("type") || "text").toLowerCase());
  return false;
}

/** The message posted to the parent for a key the embed does not use. */
export function keyMessage(event) {
  return {
    type: KEY_MESSAGE,
    key: event.key,
    code: event.code,
    keyCode: KEY_CODES[event.key] ?? event.keyCode,
    shiftKey: event.shiftKey,
  };
}

/** Whether a keydown inside the frame should go to the deck instead. */
export function forwardsKey(event, focused) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return false;
  if (!arrowsAreFree(focused)) return false;
  if (event.key === " ") {
    const tag = focused?.tagName?.toLowerCase();
    return tag === "body" || tag === "html";
  }
  return NAVIGATION_KEYS.has(event.key);
}

function returnFocusToDeck(doc) {
  const focused = doc.activeElement;
  if (focused && focused !== doc.body && typeof focused.blur === "function") focused.blur();
  try {
    window.parent.focus();
  } catch {
    // A browser that refuses leaves focus in the frame; the posted key still reaches a deck that listens.
  }
}

export function startKeyForwarding(doc = document) {
  // Bubble phase on the window: a control's own handler ran first and may have used the key.
  window.addEventListener("keydown", (event) => {
    if (!forwardsKey(event, doc.activeElement)) return;
    event.preventDefault();
    window.parent.postMessage(keyMessage(event), "*"); // a key name is no secret
    returnFocusToDeck(doc);
  });
  window.addEventListener("click", (event) => {
    // detail is 0 for a click made with the keyboard (Enter, Space): keyboard users keep their place.
    if (event.detail === 0) return;
    if (arrowsAreFree(doc.activeElement)) returnFocusToDeck(doc);
  });
}
