// Admin, block page: show only the field groups the chosen kind uses, and typeset the preview's math.
// Groups carry classes "block-fields for-<kind>"; without this script every group stays visible.
// Listening on the document (not on each select) means forms added later, or cloned from a
// template, follow their Kind select without any set-up step that a clone could skip.
(function () {
  "use strict";

  const KIND_SELECT = "select[name='kind'], select[name$='-kind']";

  function container(select) {
    return select.closest(".inline-related") || select.form || document;
  }

  function showFieldsOf(select) {
    for (const group of container(select).querySelectorAll("fieldset.block-fields")) {
      group.hidden = !group.classList.contains("for-" + select.value);
    }
  }

  function typesetPreview() {
    if (!window.katex) {
      return;
    }
    for (const element of document.querySelectorAll(".kanade-preview .math-inline, .kanade-preview .math-display")) {
      window.katex.render(element.textContent, element, {
        displayMode: element.classList.contains("math-display"),
        throwOnError: false,
      });
    }
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches(KIND_SELECT)) {
      showFieldsOf(event.target);
    }
  });
  document.addEventListener("formset:added", (event) => {
    for (const select of event.target.querySelectorAll(KIND_SELECT)) {
      showFieldsOf(select);
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    for (const select of document.querySelectorAll(KIND_SELECT)) {
      showFieldsOf(select);
    }
    typesetPreview();
  });
})();
