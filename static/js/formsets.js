/* Inline rows of a form (Django formsets): "add a row" clones the empty form of the
   formset, "remove" ticks the row's DELETE box and hides it. Nothing typed is lost:
   rows are only added or hidden, never rebuilt. No dependency. */
(function () {
  "use strict";

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
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  }

  function removeRow(button) {
    var row = button.closest("[data-row]");
    var checkbox = row.querySelector('input[type=checkbox][name$="-DELETE"]');
    if (checkbox) {
      checkbox.checked = true;
      row.hidden = true;
    } else {
      row.remove();
    }
  }

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
    }
  });
})();
