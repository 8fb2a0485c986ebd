// The progress of a background job, moved in place while it runs; the page is
// loaded again once the job is finished, to show its download link or its reason.
// Without JavaScript the page refreshes itself (a <noscript> refresh).
(function () {
  "use strict";
  var job = document.querySelector(".job[data-job-status-url]");
  if (!job || job.dataset.finished === "true") {
    return;
  }
  var url = job.dataset.jobStatusUrl;

  function show(state) {
    job.querySelector(".job-status-label").textContent = state.status_label;
    job.querySelector(".job-done").textContent = state.done;
    job.querySelector(".job-total").textContent = state.total;
    var bar = job.querySelector(".job-progress");
    bar.value = state.percent;
    bar.textContent = state.percent + " %";
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 1000);
})();
