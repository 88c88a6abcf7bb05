/* Sends the learner's self-assessment to the block; the result (saved or why not) gets the focus. */
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

  function finish(text, isError) {
    status.textContent = text;
    status.classList.toggle("is-error", isError);
    button.removeAttribute("aria-disabled");
    form.removeAttribute("aria-busy");
    status.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.getAttribute("aria-disabled") === "true") { return; }
    button.setAttribute("aria-disabled", "true");
    form.setAttribute("aria-busy", "true");
    WikiSkillsHandlers.post(runtime, root, "submit_answers", {answers: answers()}).then(function (result) {
      if (result.error) {
        finish(result.error, true);
        return;
      }
      showNotes(result.skills);
      finish(result.message || "", false);
    }).catch(function () {
      finish(initial.not_sent, true);
    });
  });
}
