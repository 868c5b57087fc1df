// Autocomplete for search boxes, as a progressive enhancement: any <input data-autocomplete="URL">
// gets a <datalist> filled from the JSON endpoint (/search/suggest/) as the user types. Without
// this file the form is a plain search form and works the same.
(function () {
  "use strict";
  var DELAY = 200;

  function enhance(input, index) {
    var list = document.createElement("datalist");
    list.id = "autocomplete-list-" + index;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var timer = null;
    var controller = null;
    var last = "";

    function fill(results) {
      list.textContent = "";
      results.forEach(function (result) {
        var option = document.createElement("option");
        option.value = result.title;
        if (result.type_label) {
          option.label = result.title + " · " + result.type_label;
        }
        list.appendChild(option);
      });
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (!query || query === last) {
        return;
      }
      last = query;
      if (controller) {
        controller.abort();
      }
      controller = "AbortController" in window ? new AbortController() : null;
      var url = input.getAttribute("data-autocomplete");
      url += (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller && controller.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { fill(data.results || []); })
        .catch(function () { /* typing on: a failed or aborted suggestion is not an error */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });
  }

  if (!("fetch" in window)) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete]"), enhance);
})();
