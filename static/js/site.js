// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary when a form comes back with errors, so screen readers read it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
