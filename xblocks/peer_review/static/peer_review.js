/* The learner's steps (link an account, submit, review peers, see the grade) and the staff panel, over JSON
 * handlers. After every action the focus goes to its result, and the result is in a live region; a failed
 * call says why in the same place and gives back the button. */
function WikiSkillsPeerReview(runtime, element, initial) {
  "use strict";
  var root = element.jquery ? element[0] : element;
  var status = root.querySelector(".wikiskills-peer__status");
  var panel = root.querySelector(".wikiskills-peer__panel");
  var staffStatus = root.querySelector(".wikiskills-peer__staff-status");
  var staffPanel = root.querySelector(".wikiskills-peer__staff");
  var textEditor = null; // the rich-text editor over the submit form's text box, when it is shown

  function post(handler, data) {
    return WikiSkillsHandlers.post(runtime, root, handler, data);
  }

  /* What the person sees when a call fails: the message in ``where`` (a live region), focused. */
  function failedIn(where) {
    return function (error) {
      WikiSkillsHandlers.showFailure(root, where, error, initial.handler_errors);
    };
  }

  function busy(button) {
    if (button) { button.setAttribute("aria-disabled", "true"); }
  }

  /* A rubric form's choices: {options: {criterion: label}, criterion_feedback: {...}, feedback}. */
  function rubricData(form) {
    var data = {options: {}, criterion_feedback: {}, feedback: form.elements.feedback.value};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      data.options[input.getAttribute("data-criterion")] = input.value;
    });
    form.querySelectorAll("textarea[data-feedback-for]").forEach(function (area) {
      data.criterion_feedback[area.getAttribute("data-feedback-for")] = area.value;
    });
    return data;
  }

  function enhanceText() {
    textEditor = WikiSkillsRichText.enhance(panel.querySelector("form.wikiskills-peer__submit-text"));
  }

  /* The new panel; the focus goes to the action's result: its notice, the code to save, the work to review, else
   * the status. */
  function show(answer) {
    WikiSkillsHandlers.clearFailure(status);
    panel.innerHTML = answer.panel_html; // rendered and escaped by the server's templates
    status.textContent = answer.state.message || "";
    var focusTarget = panel.querySelector("[role=alert]") || panel.querySelector("[data-result]") ||
      panel.querySelector(".wikiskills-peer__task h5") || status;
    focusTarget.setAttribute("tabindex", "-1");
    focusTarget.focus();
    enhanceText();
  }

  function formData(form) {
    var action = form.getAttribute("data-action");
    if (form.classList.contains("wikiskills-peer__rubric")) {
      var data = rubricData(form);
      data.submission_id = form.getAttribute("data-submission-id");
      return data;
    }
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) { values[field.name] = field.value; }
    });
    if (action === "flag_review") { values.review_id = form.getAttribute("data-review-id"); }
    return values;
  }

  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button || button.getAttribute("aria-disabled") === "true") { return; }
    busy(button);
    post(button.getAttribute("data-action")).then(show, failedIn(status));
  });

  panel.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-action]");
    if (!form) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button && button.getAttribute("aria-disabled") === "true") { return; }
    busy(button);
    if (textEditor && textEditor.form === form) { WikiSkillsRichText.sync(textEditor); }
    post(form.getAttribute("data-action"), formData(form)).then(show, failedIn(status));
  });

  enhanceText();

  if (staffPanel) {
    /* Where the table is (which rows, which page), sent with every action so its answer stays there. */
    var withPosition = function (data, button) {
      var section = staffPanel.querySelector("section[data-show]");
      var from = button && button.hasAttribute("data-show") ? button : section;
      if (from) {
        data.show = from.getAttribute("data-show");
        data.page = from.getAttribute("data-page");
      }
      return data;
    };
    /* The table again where staff were; the focus goes to what their action did (or why it was not done),
     * announced by the live region above the table; a page of the table gets the focus on its heading. */
    var staffAnswer = function (answer) {
      WikiSkillsHandlers.clearFailure(staffStatus);
      staffPanel.innerHTML = answer.staff_html;
      staffStatus.textContent = answer.staff_notice || "";
      staffStatus.classList.toggle("is-error", Boolean(answer.refused));
      var focusTarget = answer.staff_notice ? staffStatus : staffPanel.querySelector("h4");
      focusTarget.setAttribute("tabindex", "-1");
      focusTarget.focus();
    };
    var staffFailed = failedIn(staffStatus);
    staffPanel.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-staff-action]");
      if (!button || button.getAttribute("aria-disabled") === "true") { return; }
      busy(button);
      post(button.getAttribute("data-staff-action"), withPosition({
        action: button.getAttribute("data-action-name"),
        submission_id: button.getAttribute("data-submission-id"),
        review_id: button.getAttribute("data-review-id")
      }, button)).then(staffAnswer, staffFailed);
    });
    staffPanel.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-staff-action], form[data-action]");
      if (!form) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button && button.getAttribute("aria-disabled") === "true") { return; }
      busy(button);
      var data;
      if (form.classList.contains("wikiskills-peer__rubric")) {
        data = rubricData(form);
        data.submission_id = staffPanel.querySelector(".wikiskills-peer__staff-target").value;
        post("staff_review", withPosition(data)).then(staffAnswer, staffFailed);
        return;
      }
      data = {submission_id: form.getAttribute("data-submission-id")};
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name) { data[field.name] = field.value; }
      });
      post(form.getAttribute("data-staff-action"), withPosition(data)).then(staffAnswer, staffFailed);
    });
  }
}
