/* What every structured Studio editor over a JSON setting of StudioEditableXBlockMixin shares (the peer-review
 * rubric editor, the exercise's criteria editor): ids unique on the page, words from the block's <template> of
 * messages, a live region for announcements, and putting the editor in place: the JSON box moves into the
 * editor's "Show as JSON" disclosure with the field's own help, the field's label names the editor, the mixin's
 * Clear button reloads the editor, and Save is held while the box holds JSON the editor cannot read (the mixin
 * would stop without a word). */
var WikiSkillsJsonFieldEditor = WikiSkillsJsonFieldEditor || (function () {
  "use strict";
  var instances = 0;

  /* {newId, message(key, params), announce(words)} for one editor on the page. */
  function tools(idPrefix, messages, live) {
    var prefix = idPrefix + "-" + (++instances);
    var ids = 0;
    return {
      newId: function () {
        ids += 1;
        return prefix + "-" + ids;
      },
      message: function (key, params) {
        var node = messages.content.querySelector('[data-message="' + key + '"]');
        var template = node ? node.textContent.trim() : key;
        return template.replace(/\{(\w+)\}/g, function (whole, word) {
          return params && Object.prototype.hasOwnProperty.call(params, word) ? String(params[word]) : whole;
        });
      },
      announce: function (words) {
        live.textContent = "";
        window.setTimeout(function () { live.textContent = words; }, 50); // a new text, even if the same words
      }
    };
  }

  /* Put ``options.shell`` after the JSON field's row. Options: root, textarea, shell, details (the disclosure),
   * helpSelector (inside details: the box goes before it), newId, load (reads the box; true when the editor can
   * show it), onReset (after Clear, when load succeeded), isUnreadable, problem (focused when Save is held). */
  function mount(options) {
    var textarea = options.textarea;
    var shell = options.shell;
    var row = textarea.closest(".wrapper-comp-setting") || textarea;
    row.parentNode.insertBefore(shell, row.nextSibling);
    options.details.insertBefore(textarea, options.details.querySelector(options.helpSelector));
    var fieldItem = textarea.closest("li") || shell.parentNode;
    var help = fieldItem.querySelector(".setting-help"); // the field's own help explains the JSON format
    if (help) { options.details.appendChild(help); }
    var label = options.root.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || options.newId();
      shell.setAttribute("aria-labelledby", label.id);
    }
    textarea.addEventListener("input", options.load); // typed or pasted by hand; the editor's own writes send "change"
    var clear = fieldItem.querySelector("button.setting-clear");
    if (clear) {
      clear.addEventListener("click", function () { // the mixin has put the default back in the box
        if (options.load()) { options.onReset(); }
      });
    }
    options.root.addEventListener("click", function (event) {
      if (options.isUnreadable() && event.target.closest(".save-button")) {
        event.preventDefault();
        event.stopPropagation();
        options.problem.focus();
      }
    }, true);
  }

  return {tools: tools, mount: mount};
}());
