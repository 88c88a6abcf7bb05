/* The learner's steps (link account, check, see the verdict) and the staff table, over JSON handlers. */
function WikiSkillsEditExercise(runtime, element, initial) {
  "use strict";
  var POLL_MILLISECONDS = 2000;
  var MAX_POLLS = 60;
  var root = element.jquery ? element[0] : element;
  var status = root.querySelector(".wikiskills-exercise__status");
  var panel = root.querySelector(".wikiskills-exercise__panel");
  var staffPanel = root.querySelector(".wikiskills-exercise__staff");
  var polls = 0;

  function post(handler, data) {
    return WikiSkillsHandlers.post(runtime, root, handler, data);
  }

  function show(answer) {
    var state = answer.state;
    panel.innerHTML = answer.panel_html; // rendered and escaped by the server's template
    status.textContent = state.message || "";
    var focusTarget = panel.querySelector("[role=alert]") || panel.querySelector(".wikiskills-exercise__action");
    if (focusTarget && focusTarget.getAttribute("role") === "alert") {
      focusTarget.setAttribute("tabindex", "-1");
      focusTarget.focus();
    }
    if (state.status === "pending" && polls < MAX_POLLS) {
      window.setTimeout(poll, POLL_MILLISECONDS);
    } else if (state.status === "pending") {
      status.textContent = initial.gave_up;
    }
  }

  function poll() {
    polls += 1;
    post("current_state").then(show);
  }

  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button || button.getAttribute("aria-disabled") === "true") { return; }
    button.setAttribute("aria-disabled", "true");
    polls = 0;
    post(button.getAttribute("data-action")).then(show);
  });

  panel.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-action]");
    if (!form) { return; }
    event.preventDefault();
    post(form.getAttribute("data-action"), {username: form.elements.username.value}).then(show);
  });

  if (staffPanel) {
    var staffAnswer = function (answer) { staffPanel.innerHTML = answer.staff_html; };
    staffPanel.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-staff-action]");
      if (!button) { return; }
      post(button.getAttribute("data-staff-action"), {attempt_id: button.getAttribute("data-attempt-id")})
        .then(staffAnswer);
    });
    staffPanel.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-staff-action]");
      if (!form) { return; }
      event.preventDefault();
      post(form.getAttribute("data-staff-action"), {
        attempt_id: form.getAttribute("data-attempt-id"),
        score: form.elements.score.value,
        reason: form.elements.reason.value
      }).then(staffAnswer);
    });
  }

  if (initial.status === "pending") {
    window.setTimeout(poll, POLL_MILLISECONDS);
  }
}
