/* A form that comes back with errors: the focus goes to the summary of its errors,
   at the top, so that it is read first (RGAA 11.10); a link of the summary moves the
   focus to its field. No dependency. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      var focusable = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea, button");
      (focusable || target).focus();
    });
  }
  var preview = document.querySelector(".markdown-preview");
  if (!summary && preview) { preview.focus(); }
})();
