/* Inline rows of a form (Django formsets): "add a row" clones the empty form of the
   formset, "remove" ticks the row's DELETE box and hides it, "up" / "down" and drag
   move a row. Nothing typed is lost: rows are only added, hidden or moved, never
   rebuilt. Without JavaScript the move buttons post the form, which comes back with
   the rows swapped (core.forms.move_row). No dependency. */
(function () {
  "use strict";

  function rowsOf(formset) {
    return Array.prototype.slice.call(
      formset.querySelector("[data-rows]").querySelectorAll(":scope > [data-row]")
    );
  }

  // ORDER follows the rows as they show; the first ones are marked "on the sheet".
  function renumber(formset) {
    var shown = parseInt(formset.dataset.shownFirst || "0", 10);
    var position = 0;
    rowsOf(formset).forEach(function (row, index) {
      var order = row.querySelector('input[name$="-ORDER"]');
      if (order) { order.value = index + 1; }
      if (!row.hidden) { position += 1; }
      var badge = row.querySelector("[data-on-sheet]");
      if (badge) { badge.hidden = row.hidden || position > shown; }
    });
  }

  function addRow(formset) {
    var prefix = formset.dataset.prefix;
    var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = formset.querySelector("template[data-empty-form]");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, index);
    var container = formset.querySelector("[data-rows]");
    container.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    var row = container.lastElementChild;
    makeDraggable(row);
    renumber(formset);
    // the row's autocomplete selects are enhanced (static/js/autocomplete.js)
    row.dispatchEvent(new CustomEvent("formset:row-added", { bubbles: true }));
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  }

  function removeRow(button) {
    var row = button.closest("[data-row]");
    var formset = row.closest("[data-formset]");
    var checkbox = row.querySelector('input[type=checkbox][name$="-DELETE"]');
    if (checkbox) {
      checkbox.checked = true;
      row.hidden = true;
    } else {
      row.remove();
    }
    renumber(formset);
  }

  function moveRow(button) {
    var row = button.closest("[data-row]");
    var formset = row.closest("[data-formset]");
    var sibling = row;
    do {
      sibling = button.dataset.move === "up" ? sibling.previousElementSibling : sibling.nextElementSibling;
    } while (sibling && sibling.hidden);
    if (!sibling) { return; }
    if (button.dataset.move === "up") { sibling.before(row); } else { sibling.after(row); }
    renumber(formset);
    button.focus();
  }

  var dragged = null;

  function makeDraggable(row) {
    if (!row.querySelector("[data-drag-handle]")) { return; }
    row.draggable = true;
    row.classList.add("row--draggable");
  }

  document.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest("[data-row][draggable=true]");
    if (!row) { return; }
    dragged = row;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
    row.classList.add("row--dragging");
  });

  document.addEventListener("dragover", function (event) {
    var row = dragged && event.target.closest && event.target.closest("[data-row]");
    if (!row || row === dragged || row.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();
    var box = row.getBoundingClientRect();
    if (event.clientY < box.top + box.height / 2) { row.before(dragged); } else { row.after(dragged); }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("row--dragging");
    renumber(dragged.closest("[data-formset]"));
    dragged = null;
  });

  document.querySelectorAll("[data-formset] [data-row]").forEach(makeDraggable);

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-formset]"));
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      event.preventDefault();
      removeRow(remove);
      return;
    }
    var move = event.target.closest("[data-move]");
    if (move && move.closest("[data-formset]")) {
      event.preventDefault();
      moveRow(move);
    }
  });
})();
