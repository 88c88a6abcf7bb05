/* Shared by the WikiSkills pages: after an action the page reloads with its result; move focus there so screen readers read it first. */
(function () {
  "use strict";
  var result = document.querySelector("[data-wikiskills-focus]");
  if (result) {
    result.focus();
  }
}());
