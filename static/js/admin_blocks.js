// Admin, lesson page: in each block, show only the field groups its kind uses.
// Groups carry classes "block-fields for-<kind>"; without this script all groups stay visible.
(function () {
  "use strict";

  function sync(inline) {
    const select = inline.querySelector("select[name$='-kind']");
    if (!select) {
      return;
    }
    for (const group of inline.querySelectorAll("fieldset.block-fields")) {
      group.hidden = !group.classList.contains("for-" + select.value);
    }
  }

  function setUp(inline) {
    const select = inline.querySelector("select[name$='-kind']");
    if (!select || select.dataset.kindSync) {
      return;
    }
    select.dataset.kindSync = "1";
    select.addEventListener("change", () => sync(inline));
    sync(inline);
  }

  function setUpAll() {
    for (const inline of document.querySelectorAll(".inline-related")) {
      setUp(inline);
    }
  }

  document.addEventListener("DOMContentLoaded", setUpAll);
  // Blocks added with "Add another" arrive after load.
  document.addEventListener("formset:added", (event) => setUp(event.target));
})();
