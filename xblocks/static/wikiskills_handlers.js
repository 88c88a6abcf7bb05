/* Calls a block's JSON handler with Django's CSRF token; shared by every WikiSkills block's script. */
var WikiSkillsHandlers = WikiSkillsHandlers || {
  csrfToken: function () {
    "use strict";
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  },
  post: function (runtime, root, handler, data) {
    "use strict";
    return fetch(runtime.handlerUrl(root, handler), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": WikiSkillsHandlers.csrfToken()},
      body: JSON.stringify(data || {})
    }).then(function (response) { return response.json(); });
  }
};
