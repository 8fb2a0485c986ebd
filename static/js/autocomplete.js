// The selects of many records (partnerships, organisations, programmes, and the
// funder of a funding line in the rows of a form): Tom Select
// (static/vendor/tom-select/) asks the JSON view named in data-autocomplete for the
// records matching what is typed, 20 at a time as the list scrolls. The page renders
// only the chosen option(s); the server searches (accents and case aside, in the
// same columns as the lists), so the options are not filtered again here.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }
  function enhance(select) {
    var url = select.dataset.autocomplete;
    var texts = select.dataset;
    var plugins = ["virtual_scroll"];
    plugins.push(select.multiple ? "remove_button" : "clear_button");
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      plugins: plugins,
      preload: "focus",
      maxOptions: null,
      allowEmptyOption: false,
      placeholder: texts.autocompletePlaceholder,
      // in the rows of a form, the table's scrolling box would clip the list
      dropdownParent: select.closest(".table-wrap") ? "body" : null,
      loadThrottle: 250,
      score: function () {
        return function () {
          return 1;
        };
      },
      firstUrl: function (query) {
        return url + "?q=" + encodeURIComponent(query);
      },
      load: function (query, callback) {
        var self = this;
        fetch(this.getUrl(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (data) {
            if (data.next) {
              self.setNextUrl(query, data.next);
            }
            // an answer that comes after the list closed (letters typed before a
            // choice was made, the preload on focus) fills it, but does not open
            // it again over the page
            var wasOpen = self.isOpen;
            callback(data.results);
            if (!wasOpen) {
              self.close(false);
            }
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = texts.autocompleteNone;
          return div;
        },
        loading_more: function () {
          var div = document.createElement("div");
          div.className = "loading-more-results";
          div.textContent = texts.autocompleteLoading;
          return div;
        },
        no_more_results: function () {
          return null;
        },
        loading: function () {
          var div = document.createElement("div");
          div.className = "ts-loading";
          div.textContent = texts.autocompleteLoading;
          return div;
        },
      },
    });
  }

  document.querySelectorAll("select[data-autocomplete]").forEach(enhance);
  // a row added to a formset (static/js/formsets.js): its selects, cloned from the
  // formset's empty row, get theirs too
  document.addEventListener("formset:row-added", function (event) {
    event.target.querySelectorAll("select[data-autocomplete]").forEach(enhance);
  });
})();
