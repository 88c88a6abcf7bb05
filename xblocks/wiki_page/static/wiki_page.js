/* Polls the block until the wiki page has been fetched, then shows it. A failed poll, or a wiki that
 * does not answer in time, says so in the status region and offers "Try again", which polls anew. */
function WikiSkillsWikiPage(runtime, element, initial) {
  "use strict";
  var root = element.jquery ? element[0] : element;
  var status = root.querySelector(".wikiskills-wiki-page__status");
  var content = root.querySelector(".wikiskills-wiki-page__content");
  var retry = root.querySelector(".wikiskills-wiki-page__retry");

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
    }
    poller.follow(state.status === "loading");
  }

  function fail(error) {
    offerRetry();
    WikiSkillsHandlers.showFailure(root, status, error, initial.handler_errors);
  }

  var poller = WikiSkillsHandlers.poller(runtime, root, "current_state", {
    every: 2000,
    times: 30,
    answered: show,
    failed: fail,
    gaveUp: function () {
      announce(initial.gave_up_message);
      offerRetry();
    }
  });

  retry.addEventListener("click", function () {
    if (retry.getAttribute("aria-disabled") === "true") { return; }
    retry.setAttribute("aria-disabled", "true");
    poller.restart();
    poller.askNow();
  });

  poller.follow(initial.status === "loading");
}
