/* Sends the learner's self-assessment to the block; the result (saved, or the server's reason why not, or
 * why it could not be sent) gets the focus, and the button can be used again. */
function WikiSkillsSkillsSurvey(runtime, element, initial) {
  "use strict";
  var root = element.jquery ? element[0] : element;
  var form = root.querySelector(".wikiskills-survey__form");
  var status = root.querySelector(".wikiskills-survey__status");
  if (!form) { return; }
  var button = form.querySelector(".wikiskills-survey__submit");

  function answers() {
    return Array.prototype.map.call(form.querySelectorAll("fieldset[data-skill]"), function (fieldset) {
      var level = fieldset.querySelector("input[type=radio]:checked");
      return {
        skill: fieldset.getAttribute("data-skill"),
        self_level: level && level.value ? parseInt(level.value, 10) : null,
        wanted: fieldset.querySelector("input[data-answer=wanted]").checked,
        offered: fieldset.querySelector("input[data-answer=offered]").checked
      };
    });
  }

  function showNotes(skills) {
    (skills || []).forEach(function (skill) {
      var fieldset = form.querySelector("fieldset[data-skill='" + skill.code + "']");
      var note = fieldset && fieldset.querySelector(".wikiskills-survey__evidence");
      if (note) { note.textContent = skill.evidence_note || ""; }
    });
  }

  function saved(result) {
    showNotes(result.skills);
    WikiSkillsHandlers.clearFailure(status);
    status.textContent = result.message || "";
    WikiSkillsHandlers.release(root);
    status.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.getAttribute("aria-disabled") === "true") { return; }
    button.setAttribute("aria-disabled", "true");
    form.setAttribute("aria-busy", "true");
    WikiSkillsHandlers.post(runtime, root, "submit_answers", {answers: answers()}).then(saved).catch(function (error) {
      WikiSkillsHandlers.showFailure(root, status, error, initial.handler_errors);
    });
  });
}
