// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary when a form comes back with errors, so screen readers read it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // The phone menu and the listings' filter panels are disclosures whose button CSS hides on wide
  // screens, where ::details-content shows the panel; browsers without it get the panel opened.
  if (!CSS.supports("selector(::details-content)")) {
    document.querySelectorAll(".header-menu, .filter-panel").forEach(function (disclosure) {
      if (getComputedStyle(disclosure.querySelector("summary")).display === "none") {
        disclosure.open = true;
      }
    });
  }

  // The phone menu is a native <details>: it opens and closes without this script. Here Escape
  // and a click outside close it; focus goes back to its button when it was inside the menu.
  var menu = document.querySelector("[data-header-menu]");
  if (menu) {
    var button = menu.querySelector("summary");
    var close = function (restoreFocus) {
      if (!menu.open || getComputedStyle(button).display === "none") {
        return;
      }
      var hadFocus = menu.contains(document.activeElement);
      menu.open = false;
      if (restoreFocus || hadFocus) {
        button.focus();
      }
    };
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        close(false);
      }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) {
        close(false);
      }
    });
  }
})();
