// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary when a form comes back with errors, so screen readers read it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
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
    // Browsers without ::details-content cannot show a closed disclosure's panel on wide screens.
    if (!CSS.supports("selector(::details-content)") && getComputedStyle(button).display === "none") {
      menu.open = true;
    }
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
