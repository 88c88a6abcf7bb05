/* Studio's Save for every WikiSkills block, wherever its settings form runs.
 *
 * The form (xblock.utils' StudioEditableXBlockMixin) posts with jQuery and leaves two things to the page
 * around it: Studio's pages add Django's CSRF header to every same-origin request (ajaxSetup) and show
 * runtime.notify("error"). A page without them (the demo's workbench) refuses every Save with a 403 and
 * shows nothing. This script sends the header the way Studio does and shows the outcome inside the
 * editor: a failure as an alert that takes focus, in the author's language (the texts come from the
 * block, in the status element's data-texts), and a success as a polite status. Loaded once per page
 * however many blocks add it. */
(function ($) {
  "use strict";
  if (!$ || window.WikiSkillsStudioSave) { return; }

  var UNSAFE_METHOD = /^(POST|PUT|PATCH|DELETE)$/i;
  var SAVE_HANDLER = /\/submit_studio_edits\/?(?:[?#]|$)/;
  var savingEditor = null;  // the editor whose Save was pressed last; its request is the next save

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* The block's status element, placed just before the editor's Save and Cancel buttons. */
  function statusOf(editor) {
    var status = editor.parentNode && editor.parentNode.querySelector(".wikiskills-studio-save");
    var actions = editor.querySelector(".xblock-actions");
    if (status && actions && status.nextElementSibling !== actions) {
      actions.parentNode.insertBefore(status, actions);
    }
    return status;
  }

  /* The words for a failed save: the server's own translated message when it sent one. */
  function failureText(jqXHR, texts) {
    var answer = jqXHR.responseJSON;
    if (!answer && jqXHR.responseText) {
      try { answer = JSON.parse(jqXHR.responseText); } catch (notJson) { answer = null; }
    }
    var error = answer && answer.error;
    if (typeof error === "string" && error) { return error; }
    if (error && Array.isArray(error.messages) && error.messages.length) {  // the form's validation messages
      return error.messages.map(function (message) { return message.text; }).join(" ");
    }
    if (jqXHR.status === 0) { return texts.network; }
    if (jqXHR.status === 403) { return texts.forbidden; }
    return texts.server;
  }

  function show(status, text, failed) {
    status.hidden = false;
    status.textContent = text;
    status.classList.toggle("is-error", failed);
    status.setAttribute("role", failed ? "alert" : "status");
    if (failed) { status.focus(); }
  }

  function reportOutcome(jqXHR, editor) {
    var status = statusOf(editor);
    if (!status) { return; }
    var texts = JSON.parse(status.getAttribute("data-texts"));
    jqXHR.done(function () { show(status, texts.saved, false); });
    jqXHR.fail(function () { show(status, failureText(jqXHR, texts), true); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".save-button");
    if (button) { savingEditor = button.closest(".editor-with-buttons"); }
  }, true);  // capturing: runs before the form's own handler starts the request

  $.ajaxPrefilter(function (options, originalOptions, jqXHR) {
    if (options.crossDomain || !UNSAFE_METHOD.test(options.type || "GET")) { return; }
    jqXHR.setRequestHeader("X-CSRFToken", csrfToken());
    if (savingEditor && SAVE_HANDLER.test(options.url)) {
      reportOutcome(jqXHR, savingEditor);
      savingEditor = null;
    }
  });

  window.WikiSkillsStudioSave = true;
}(window.jQuery));

/* Every WikiSkills block's Studio init: StudioEditableXBlockMixin's, on a runtime that has ``notify`` (the form
 * calls it before it saves; xblock-sdk's workbench before 0.15 has none, and Save then did nothing at all). */
function WikiSkillsStudioEditable(runtime, element) {
  "use strict";
  if (typeof runtime.notify !== "function") { runtime.notify = function () {}; }
  return StudioEditableXBlockMixin(runtime, element);
}
