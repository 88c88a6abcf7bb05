/* The learner's steps (link account, check, see the verdict) and the staff table, over JSON handlers.
 *
 * After every action focus moves to its result (a notice, the element the server marked with data-result,
 * else the status line), so keyboard and screen-reader users are never left on <body>; the status lines
 * are live regions, so a verdict that arrives by polling is announced too. A failed call says why in the
 * status line and gives back the controls (WikiSkillsHandlers.showFailure). */
function WikiSkillsEditExercise(runtime, element, initial) {
  "use strict";
  var root = element.jquery ? element[0] : element;
  var status = root.querySelector(".wikiskills-exercise__status");
  var panel = root.querySelector(".wikiskills-exercise__panel");
  var staffPanel = root.querySelector(".wikiskills-exercise__staff");
  var staffStatus = root.querySelector(".wikiskills-exercise__staff-status");

  function post(handler, data) {
    return WikiSkillsHandlers.post(runtime, root, handler, data);
  }

  function failed(line) {
    return function (error) { WikiSkillsHandlers.showFailure(root, line, error, initial.handler_errors); };
  }

  function focusResult() {
    var target = panel.querySelector("[role=alert]") || panel.querySelector("[data-result]") || status;
    target.setAttribute("tabindex", "-1");
    target.focus();
  }

  /* ``moveFocus``: after the person's own action always; after a poll only if focus was on the status
   * line or was lost when the panel was redrawn (never taken from where the person went meanwhile). */
  function show(answer, moveFocus) {
    var state = answer.state;
    var hadFocus = document.activeElement === status || panel.contains(document.activeElement);
    panel.innerHTML = answer.panel_html; // rendered and escaped by the server's template
    WikiSkillsHandlers.clearFailure(status);
    status.textContent = state.message || "";
    if (moveFocus || hadFocus || document.activeElement === document.body) {
      focusResult();
    }
    poller.follow(state.status === "pending");
  }

  var poller = WikiSkillsHandlers.poller(runtime, root, "current_state", {
    every: 2000,
    times: 60,
    answered: function (answer) { show(answer, false); },
    failed: failed(status),
    gaveUp: function () {
      status.textContent = initial.gave_up;
      WikiSkillsHandlers.release(root);
    }
  });

  function busy(control) {
    if (!control || control.getAttribute("aria-disabled") === "true") { return false; }
    control.setAttribute("aria-disabled", "true");
    return true;
  }

  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button || !busy(button)) { return; }
    poller.restart();
    post(button.getAttribute("data-action"))
      .then(function (answer) { show(answer, true); })
      .catch(failed(status));
  });

  panel.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-action]");
    if (!form) { return; }
    event.preventDefault();
    if (!busy(form.querySelector("[type=submit]"))) { return; }
    post(form.getAttribute("data-action"), {username: form.elements.username.value})
      .then(function (answer) { show(answer, true); })
      .catch(failed(status));
  });

  if (staffPanel) {
    var staffAnswer = function (answer) {
      staffPanel.innerHTML = answer.staff_html; // rendered and escaped by the server's template
      WikiSkillsHandlers.clearFailure(staffStatus);
      staffStatus.textContent = answer.confirmation || "";
      staffStatus.focus();
    };
    staffPanel.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-staff-action]");
      if (!button || !busy(button)) { return; }
      post(button.getAttribute("data-staff-action"), {attempt_id: button.getAttribute("data-attempt-id")})
        .then(staffAnswer)
        .catch(failed(staffStatus));
    });
    staffPanel.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-staff-action]");
      if (!form) { return; }
      event.preventDefault();
      if (!busy(form.querySelector("[type=submit]"))) { return; }
      post(form.getAttribute("data-staff-action"), {
        attempt_id: form.getAttribute("data-attempt-id"),
        score: form.elements.score.value,
        reason: form.elements.reason.value
      }).then(staffAnswer).catch(failed(staffStatus));
    });
  }

  poller.follow(initial.status === "pending");
}
