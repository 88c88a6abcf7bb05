/* Polls the block until the wiki page has been fetched, then shows it. */
function WikiSkillsWikiPage(runtime, element, initial) {
  "use strict";
  var POLL_MILLISECONDS = 2000;
  var MAX_POLLS = 30;
  var root = element.jquery ? element[0] : element;
  var status = root.querySelector(".wikiskills-wiki-page__status");
  var content = root.querySelector(".wikiskills-wiki-page__content");
  var polls = 0;

  function show(state) {
    status.textContent = state.message || "";
    if (state.status === "ready") {
      content.innerHTML = state.html; // sanitized on the server with an allow-list
    } else if (state.status === "loading" && polls < MAX_POLLS) {
      window.setTimeout(poll, POLL_MILLISECONDS);
    } else if (state.status === "loading") {
      status.textContent = initial.gave_up_message;
    }
  }

  function poll() {
    polls += 1;
    WikiSkillsHandlers.post(runtime, root, "current_state").then(show);
  }

  if (initial.status === "loading") {
    window.setTimeout(poll, POLL_MILLISECONDS);
  }
}
