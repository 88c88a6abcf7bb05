/* Polls the block until the wiki page has been fetched, then shows it. A failed poll, or a wiki that
 * does not answer in time, says so in the status region and offers "Try again", which polls anew. */
function WikiSkillsWikiPage(runtime, element, initial) {
  "use strict";
  var POLL_MILLISECONDS = 2000;
  var MAX_POLLS = 30;
  var root = element.jquery ? element[0] : element;
  var status = root.querySelector(".wikiskills-wiki-page__status");
  var content = root.querySelector(".wikiskills-wiki-page__content");
  var retry = root.querySelector(".wikiskills-wiki-page__retry");
  var polls = 0;

  function announce(message) {
    WikiSkillsHandlers.clearFailure(status);
    status.textContent = message || "";
  }

  function offerRetry() {
    retry.hidden = false;
    retry.removeAttribute("aria-disabled");
  }

  function show(state) {
    announce(state.message);
    if (state.status === "ready") {
      content.innerHTML = state.html; // sanitized on the server with an allow-list
      retry.hidden = true;
    } else if (state.status === "loading" && polls < MAX_POLLS) {
      window.setTimeout(poll, POLL_MILLISECONDS);
    } else if (state.status === "loading") {
      announce(initial.gave_up_message);
      offerRetry();
    }
  }

  function fail(error) {
    offerRetry();
    WikiSkillsHandlers.showFailure(root, status, error, initial.handler_errors);
  }

  function poll() {
    polls += 1;
    WikiSkillsHandlers.post(runtime, root, "current_state").then(show).catch(fail);
  }

  retry.addEventListener("click", function () {
    if (retry.getAttribute("aria-disabled") === "true") { return; }
    retry.setAttribute("aria-disabled", "true");
    polls = 0;
    poll();
  });

  if (initial.status === "loading") {
    window.setTimeout(poll, POLL_MILLISECONDS);
  }
}
