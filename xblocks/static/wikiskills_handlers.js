/* Calls a block's JSON handler with Django's CSRF token, and shows a failed call the one way every
 * WikiSkills block does: a translated, specific message in the block's status region, focus on it,
 * and every button the person may retry enabled again. Shared by every WikiSkills block's script. */
var WikiSkillsHandlers = WikiSkillsHandlers || {
  csrfToken: function () {
    "use strict";
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  },

  /* Resolves with the handler's JSON answer; rejects with an Error whose ``message`` is the server's
   * translated ``error`` when it sent one, and whose ``kind`` is "network" (no answer), "server" (an
   * answer without a message) or "refused" (a 4xx/5xx with the server's message). */
  post: function (runtime, root, handler, data) {
    "use strict";
    function failure(kind, message) {
      var error = new Error(message || "");
      error.kind = kind;
      return error;
    }
    return fetch(runtime.handlerUrl(root, handler), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": WikiSkillsHandlers.csrfToken()},
      body: JSON.stringify(data || {})
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (answer) {
        if (response.ok && answer !== null) { return answer; }
        var message = answer && typeof answer.error === "string" ? answer.error : "";
        throw failure(message ? "refused" : "server", message);
      });
    }, function () {
      throw failure("network", "");
    });
  },

  /* Asks ``handler`` again while its answer is still pending, at most ``options.times`` times in a row, every
   * ``options.every`` milliseconds. ``follow(pending)`` after each answer (polled or not) schedules the next ask
   * or, past the limit, calls ``options.gaveUp``; only one ask is ever scheduled, so a click while polling does
   * not start a second loop. ``restart()`` after the person's own action allows ``times`` asks again;
   * ``askNow()`` asks at once (a "Try again" button). */
  poller: function (runtime, root, handler, options) {
    "use strict";
    var asks = 0;
    var timer = null;
    function ask() {
      timer = null;
      asks += 1;
      WikiSkillsHandlers.post(runtime, root, handler).then(options.answered).catch(options.failed);
    }
    return {
      follow: function (pending) {
        window.clearTimeout(timer);
        timer = null;
        if (!pending) { return; }
        if (asks < options.times) {
          timer = window.setTimeout(ask, options.every);
        } else {
          options.gaveUp();
        }
      },
      restart: function () { asks = 0; },
      askNow: function () {
        window.clearTimeout(timer);
        ask();
      }
    };
  },

  /* The words for a failed call: the server's own message, else the block's translated fallback
   * (``texts`` is the ``handler_errors`` object every block's initial arguments carry). */
  message: function (error, texts) {
    "use strict";
    if (error && error.message) { return error.message; }
    return error && error.kind === "network" ? texts.network : texts.server;
  },

  /* Show a failed call in ``status`` (an element of the block), move focus there and release every
   * button and form in ``root`` so the person can try again; nothing they typed is lost. */
  showFailure: function (root, status, error, texts) {
    "use strict";
    status.textContent = WikiSkillsHandlers.message(error, texts);
    status.classList.add("is-error");
    if (!status.hasAttribute("data-wikiskills-role")) {
      status.setAttribute("data-wikiskills-role", status.getAttribute("role") || "");
    }
    status.setAttribute("role", "alert");
    status.setAttribute("tabindex", "-1");
    WikiSkillsHandlers.release(root);
    status.focus();
  },

  /* Enable again what an action disabled while it ran. */
  release: function (root) {
    "use strict";
    root.querySelectorAll("[aria-disabled=true]").forEach(function (control) {
      control.removeAttribute("aria-disabled");
    });
    root.querySelectorAll("[aria-busy=true]").forEach(function (region) {
      region.removeAttribute("aria-busy");
    });
  },

  /* Clear an earlier failure once a call succeeds; the region gets back the role it had (often "status"). */
  clearFailure: function (status) {
    "use strict";
    status.classList.remove("is-error");
    if (!status.hasAttribute("data-wikiskills-role")) { return; }
    var role = status.getAttribute("data-wikiskills-role");
    status.removeAttribute("data-wikiskills-role");
    if (role) { status.setAttribute("role", role); } else { status.removeAttribute("role"); }
  }
};
