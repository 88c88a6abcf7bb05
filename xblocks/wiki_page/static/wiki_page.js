/* Polls the block until the wiki page has been fetched, then shows it. */
function WikiSkillsWikiPage(runtime, element, initial) {
  "use strict";
  var POLL_MILLISECONDS = 2000;
  var MAX_POLLS = 30;
  var root = element.jquery ? element[0] : element;
  var status = root.querySelector(".wikiskills-wiki-page__status");
  var content = root.querySelector(".wikiskills-wiki-page__content");
  var url = runtime.handlerUrl(root, "current_state");
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
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: "{}"
    }).then(function (response) { return response.json(); }).then(show);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  if (initial.status === "loading") {
    window.setTimeout(poll, POLL_MILLISECONDS);
  }
}
