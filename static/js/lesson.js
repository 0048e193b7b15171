// Lesson page helpers: typeset math with the vendored KaTeX, add a copy button to code blocks,
// open the table of contents where there is room for it.
// The server leaves TeX as plain text in .math-inline / .math-display, so the page stays
// readable (as TeX) if this script or KaTeX fails to load.
import { copyText } from "../demos/ui.js";
import { gettext } from "./i18n.js";

// The width at which lesson.css puts the contents in a sidebar (70rem).
const SIDEBAR_QUERY = "(min-width: 70rem)";

function typesetMath() {
  if (!window.katex) {
    return;
  }
  for (const el of document.querySelectorAll(".math-inline, .math-display")) {
    const tex = el.textContent;
    try {
      window.katex.render(tex, el, {
        displayMode: el.classList.contains("math-display"),
        throwOnError: false,
        trust: false,
      });
      el.setAttribute("data-tex", tex);
    } catch (err) {
      console.error(err);
    }
  }
}

function addCopyButtons() {
  const label = {
    copy: gettext("Copy"),
    copied: gettext("Copied"),
    failed: gettext("Could not copy"),
  };
  for (const pre of document.querySelectorAll(".lesson-body .highlight pre")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = label.copy;
    button.addEventListener("click", async () => {
      try {
        if (!(await copyText(pre.innerText.replace(/\n$/, ""), pre))) throw new Error("copy refused");
        button.textContent = label.copied;
      } catch (err) {
        console.error(err);
        button.textContent = label.failed;
      }
      setTimeout(() => {
        button.textContent = label.copy;
      }, 2000);
    });
    pre.parentElement.classList.add("has-copy-button");
    pre.parentElement.insertBefore(button, pre);
  }
}

// The contents arrive closed so a phone shows the lesson first; in the sidebar of a wide
// screen they start open. Turning the device follows the new width.
function openContentsOnWideScreens() {
  const contents = document.querySelector(".toc details");
  if (!contents) {
    return;
  }
  const wide = window.matchMedia(SIDEBAR_QUERY);
  contents.open = wide.matches;
  wide.addEventListener("change", () => {
    contents.open = wide.matches;
  });
}

openContentsOnWideScreens();
typesetMath();
addCopyButtons();
