// Behaviour of every page, kept out of the templates so that the
// Content-Security-Policy can refuse any inline script or style.
(function () {
  "use strict";

  // The language switch submits itself when a language is chosen (a button does
  // it without JavaScript, see base.html).
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  // Progress bars carry their width in data-progress (0-100): an inline style
  // attribute would be refused by the policy; setting it from a script is not.
  document.querySelectorAll("[data-progress]").forEach(function (bar) {
    var value = Math.max(0, Math.min(100, parseFloat(bar.dataset.progress) || 0));
    bar.style.width = value + "%";
  });

  // The history of a record's page is a page of its own: read into its block when
  // the block is first opened (the block holds a link to it until then).
  document.querySelectorAll("details[data-history-url]").forEach(function (block) {
    var loaded = false;
    block.addEventListener("toggle", function () {
      if (!block.open || loaded) {
        return;
      }
      loaded = true;
      var content = block.querySelector(".history__content");
      fetch(block.dataset.historyUrl, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          content.innerHTML = html;
        })
        .catch(function () {
          loaded = false; // the link stays; opening the block again retries
        });
    });
  });
})();
