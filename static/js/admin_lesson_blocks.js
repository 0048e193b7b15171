// Admin, lesson page: reorder the list of blocks without a round trip.
// Arrows, the position box and drag and drop move a row in the page and rewrite the hidden
// "block_order" field (ids in page order); saving the lesson stores the order in one field.
// Without this script the arrows are plain submit buttons that save and move one step.
(function () {
  "use strict";

  let list;
  let dirty = false;
  let submitting = false;

  function rows() {
    return Array.from(list.querySelectorAll("li.kanade-block"));
  }

  function renumber() {
    const all = rows();
    all.forEach((row, index) => {
      const box = row.querySelector(".kanade-position input");
      if (box) {
        box.value = String(index + 1);
        box.max = String(all.length);
      }
    });
    const field = document.querySelector("input[name='block_order']");
    if (field) {
      field.value = all.map((row) => row.dataset.blockId).join(",");
    }
  }

  function markUnsaved() {
    dirty = true;
    const bar = document.querySelector(".kanade-order-bar");
    if (bar) {
      bar.hidden = false;
      const status = bar.querySelector(".kanade-order-status");
      status.textContent = status.dataset.unsaved;
    }
  }

  function moveTo(row, position) {
    const all = rows();
    const target = Math.max(1, Math.min(all.length, position));
    const current = all.indexOf(row) + 1;
    if (target === current) {
      renumber();
      return;
    }
    const others = all.filter((other) => other !== row);
    const before = others[target - 1] || null;
    list.insertBefore(row, before);
    renumber();
    markUnsaved();
    row.classList.add("kanade-moved");
    window.setTimeout(() => row.classList.remove("kanade-moved"), 800);
  }

  function onClick(event) {
    const button = event.target.closest("button.kanade-up, button.kanade-down");
    if (!button || !list.contains(button)) {
      return;
    }
    event.preventDefault();
    const row = button.closest("li.kanade-block");
    const position = rows().indexOf(row) + 1;
    moveTo(row, button.classList.contains("kanade-up") ? position - 1 : position + 1);
    button.focus();
  }

  function onPositionKey(event) {
    const box = event.target.closest(".kanade-position input");
    if (!box || event.key !== "Enter") {
      return;
    }
    event.preventDefault(); // Enter would submit the lesson form
    moveTo(box.closest("li.kanade-block"), Number.parseInt(box.value, 10) || 1);
    box.focus();
  }

  function onPositionChange(event) {
    const box = event.target.closest(".kanade-position input");
    if (box) {
      moveTo(box.closest("li.kanade-block"), Number.parseInt(box.value, 10) || 1);
    }
  }

  function setUpDragging() {
    let dragged = null;
    list.addEventListener("dragstart", (event) => {
      const handle = event.target.closest && event.target.closest(".kanade-handle");
      if (!handle) {
        return;
      }
      dragged = handle.closest("li.kanade-block");
      dragged.classList.add("kanade-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.blockId);
      event.dataTransfer.setDragImage(dragged, 20, 20);
    });
    list.addEventListener("dragover", (event) => {
      if (!dragged) {
        return;
      }
      const over = event.target.closest("li.kanade-block");
      event.preventDefault();
      if (!over || over === dragged) {
        return;
      }
      const box = over.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", (event) => {
      if (dragged) {
        event.preventDefault();
      }
    });
    list.addEventListener("dragend", () => {
      if (!dragged) {
        return;
      }
      dragged.classList.remove("kanade-dragging");
      dragged = null;
      const before = document.querySelector("input[name='block_order']").value;
      renumber();
      if (document.querySelector("input[name='block_order']").value !== before) {
        markUnsaved();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    list = document.querySelector(".kanade-block-list");
    if (!list || !list.dataset.canReorder) {
      return;
    }
    list.addEventListener("click", onClick);
    list.addEventListener("keydown", onPositionKey);
    list.addEventListener("change", onPositionChange);
    setUpDragging();
    const form = list.closest("form");
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = ""; // browsers show their own "leave the page?" text
      }
    });
  });
})();
