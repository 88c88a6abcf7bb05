/* Studio: a structured editor for the peer review rubric, over the settings form's JSON box for it.
 *
 * StudioEditableXBlockMixin shows the rubric (a List field) as a textarea of JSON and saves whatever that
 * textarea holds. This editor writes the whole rubric back into the textarea on every change, so saving
 * works as before; the textarea moves into a "Show the rubric as JSON" disclosure for power users. JSON
 * typed there by hand shows in the editor as soon as it can be read; JSON the editor cannot show leaves the
 * editor hidden and the textarea open, unchanged. Every word comes from rubric_editor.html (translated by
 * the server). The server's validation stays the authority; the hints here only say what is plainly missing.
 */
var WikiSkillsRubricEditor = (function () {
  "use strict";

  var CRITERION_FIELDS = ["name", "prompt", "feedback", "options"];
  var OPTION_FIELDS = ["label", "points", "explanation"];
  var MIN_OPTIONS = 2; // the server refuses fewer; here it is only a hint

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isText(value) {
    return value === undefined || typeof value === "string" || typeof value === "number";
  }

  /* Where in the JSON the editor gives up, as a path power users can read in any language. */
  function unexpectedAt(data) {
    if (!Array.isArray(data)) { return "$"; }
    for (var index = 0; index < data.length; index++) {
      var criterion = data[index];
      var here = "$[" + index + "]";
      if (!isObject(criterion)) { return here; }
      if (!isText(criterion.name)) { return here + ".name"; }
      if (!isText(criterion.prompt)) { return here + ".prompt"; }
      if (criterion.feedback !== undefined && typeof criterion.feedback !== "string") { return here + ".feedback"; }
      if (criterion.options === undefined) { continue; }
      if (!Array.isArray(criterion.options)) { return here + ".options"; }
      for (var position = 0; position < criterion.options.length; position++) {
        var option = criterion.options[position];
        var there = here + ".options[" + position + "]";
        if (!isObject(option)) { return there; }
        if (!isText(option.label)) { return there + ".label"; }
        if (!isText(option.explanation)) { return there + ".explanation"; }
        if (option.points !== undefined && option.points !== null && typeof option.points !== "number") {
          return there + ".points";
        }
      }
    }
    return null;
  }

  /* {rubric} when the editor can show the JSON text; else {problem: "unreadable"|"unexpected", detail}. */
  function parse(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return {problem: "unreadable", detail: error.message};
    }
    var where = unexpectedAt(data);
    return where ? {problem: "unexpected", detail: where} : {rubric: data};
  }

  /* The keys of ``item`` the editor does not show, so that writing the rubric back loses none of them. */
  function extras(item, known) {
    var kept = {};
    Object.keys(item).forEach(function (key) {
      if (known.indexOf(key) === -1) { kept[key] = item[key]; }
    });
    return kept;
  }

  function text(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  function enhance(root) {
    var textarea = root.querySelector('textarea[data-field-name="rubric"]');
    var shellTemplate = root.querySelector("template.wikiskills-rubric__template");
    if (!textarea || !shellTemplate || !("content" in shellTemplate)) { return null; } // the JSON box works alone
    var criterionTemplate = root.querySelector("template.wikiskills-rubric__criterion-template");
    var optionTemplate = root.querySelector("template.wikiskills-rubric__option-template");
    var messages = root.querySelector("template.wikiskills-rubric__messages");
    var headings = Array.prototype.map.call(
      criterionTemplate.content.querySelectorAll(".wikiskills-rubric__options thead th"),
      function (heading) { return heading.querySelector(".wikiskills-rubric__sr-only") ? "" : heading.textContent.trim(); }
    );

    var shell = shellTemplate.content.firstElementChild.cloneNode(true);
    var editor = shell.querySelector(".wikiskills-rubric__editor");
    var list = shell.querySelector(".wikiskills-rubric__criteria");
    var addCriterion = shell.querySelector('[data-action="add-criterion"]');
    var criteriaHint = shell.querySelector('[data-hint="criteria"]');
    var problem = shell.querySelector(".wikiskills-rubric__problem");
    var problemDetail = shell.querySelector(".wikiskills-rubric__problem-detail");
    var details = shell.querySelector(".wikiskills-rubric__json");
    var live = shell.querySelector(".wikiskills-rubric__live");
    var unreadable = false;

    var kit = WikiSkillsJsonFieldEditor.tools(shellTemplate.getAttribute("data-id-prefix"), messages, live);
    var newId = kit.newId;
    var message = kit.message;
    var announce = kit.announce;

    function control(scope, field) {
      return scope.querySelector('[data-field="' + field + '"]');
    }

    function button(scope, action) {
      return scope.querySelector('[data-action="' + action + '"]');
    }

    function criteria() {
      return Array.prototype.slice.call(list.children);
    }

    function rows(item) {
      return Array.prototype.slice.call(item.querySelector("tbody").children);
    }

    // -- building the editor from JSON ------------------------------------------------------------------

    function optionElement(option) {
      var row = optionTemplate.content.firstElementChild.cloneNode(true);
      Array.prototype.forEach.call(row.children, function (cell, index) { // shown above each cell on narrow screens
        if (headings[index]) { cell.setAttribute("data-heading", headings[index]); }
      });
      row.wikiskillsExtras = extras(option, OPTION_FIELDS);
      control(row, "label").value = text(option.label);
      control(row, "points").value = text(option.points);
      control(row, "explanation").value = text(option.explanation);
      return row;
    }

    function criterionElement(criterion) {
      var item = criterionTemplate.content.firstElementChild.cloneNode(true);
      item.wikiskillsExtras = extras(criterion, CRITERION_FIELDS);
      ["name", "prompt", "feedback"].forEach(function (field) {
        var input = control(item, field);
        input.id = newId();
        item.querySelector('[data-label-for="' + field + '"]').htmlFor = input.id;
      });
      control(item, "name").value = text(criterion.name);
      control(item, "prompt").value = text(criterion.prompt);
      var feedback = control(item, "feedback");
      var chosen = criterion.feedback === undefined ? "none" : criterion.feedback;
      var known = Array.prototype.some.call(feedback.options, function (choice) { return choice.value === chosen; });
      if (!known) { // kept as written, for the server to explain
        var unknown = document.createElement("option");
        unknown.value = chosen;
        unknown.textContent = chosen;
        feedback.appendChild(unknown);
      }
      feedback.value = chosen;
      item.querySelector('[data-hint="options"]').id = newId();
      var body = item.querySelector("tbody");
      (criterion.options || []).forEach(function (option) { body.appendChild(optionElement(option)); });
      return item;
    }

    function render(rubric) {
      list.textContent = "";
      rubric.forEach(function (criterion) { list.appendChild(criterionElement(criterion)); });
      refresh();
    }

    // -- labels, positions and hints ----------------------------------------------------------------------

    function title(item) {
      var number = criteria().indexOf(item) + 1;
      var name = control(item, "name").value.trim();
      return name ? message("legend", {number: number, name: name}) : message("legend-unnamed", {number: number});
    }

    function describe(element, hint, show) {
      hint.hidden = !show;
      if (show) {
        element.setAttribute("aria-describedby", hint.id);
      } else {
        element.removeAttribute("aria-describedby");
      }
    }

    function refresh() {
      var items = criteria();
      items.forEach(function (item, index) {
        var number = index + 1;
        item.querySelector(".wikiskills-rubric__legend").textContent = title(item);
        item.querySelector(".wikiskills-rubric__caption").textContent = message("caption", {number: number});
        var options = rows(item);
        options.forEach(function (row, rowIndex) {
          var params = {number: number, position: rowIndex + 1};
          control(row, "label").setAttribute("aria-label", message("option-label", params));
          control(row, "points").setAttribute("aria-label", message("option-points", params));
          control(row, "explanation").setAttribute("aria-label", message("option-explanation", params));
          button(row, "remove-option").setAttribute("aria-label", message("remove-option", params));
        });
        ["add-option", "move-up", "move-down", "remove-criterion"].forEach(function (action) {
          button(item, action).setAttribute("aria-label", message(action, {number: number}));
        });
        button(item, "move-up").setAttribute("aria-disabled", String(index === 0));
        button(item, "move-down").setAttribute("aria-disabled", String(index === items.length - 1));
        describe(button(item, "add-option"), item.querySelector('[data-hint="options"]'), options.length < MIN_OPTIONS);
      });
      describe(addCriterion, criteriaHint, items.length === 0);
    }

    // -- writing the rubric back into the JSON box --------------------------------------------------------

    function readOption(row) {
      var points = control(row, "points").value.trim();
      var option = {
        label: control(row, "label").value,
        points: points === "" ? null : Number(points),
        explanation: control(row, "explanation").value
      };
      return Object.assign(option, row.wikiskillsExtras);
    }

    function readCriterion(item) {
      var criterion = {
        name: control(item, "name").value,
        prompt: control(item, "prompt").value,
        feedback: control(item, "feedback").value,
        options: rows(item).map(readOption)
      };
      return Object.assign(criterion, item.wikiskillsExtras);
    }

    function write() {
      refresh();
      textarea.value = JSON.stringify(criteria().map(readCriterion), null, 2);
      // The mixin listens for this to mark the field as changed (only changed fields are saved).
      textarea.dispatchEvent(new Event("change", {bubbles: true}));
    }

    // -- the JSON box, as loaded or as edited by hand ------------------------------------------------------

    function showProblem(parsed) {
      unreadable = parsed.problem === "unreadable";
      problem.querySelectorAll("[data-problem]").forEach(function (paragraph) {
        paragraph.hidden = paragraph.getAttribute("data-problem") !== parsed.problem;
      });
      problemDetail.textContent = parsed.detail;
      problem.hidden = false;
      textarea.setAttribute("aria-describedby", problem.id);
      editor.hidden = true;
      details.open = true; // the JSON stays in view, as it is
    }

    function load() {
      var parsed = parse(textarea.value);
      if (parsed.problem) {
        showProblem(parsed);
        return false;
      }
      unreadable = false;
      problem.hidden = true;
      textarea.removeAttribute("aria-describedby");
      editor.hidden = false;
      render(parsed.rubric);
      return true;
    }

    // -- actions --------------------------------------------------------------------------------------------

    function focusName(item) {
      control(item, "name").focus();
    }

    var actions = {
      "add-criterion": function () {
        var item = criterionElement({
          name: "",
          prompt: "",
          feedback: "optional",
          options: [{label: "", points: 0, explanation: ""}, {label: "", points: 1, explanation: ""}]
        });
        list.appendChild(item);
        write();
        focusName(item);
        announce(message("criterion-added", {number: criteria().length}));
      },
      "remove-criterion": function (item) {
        var removed = title(item);
        var neighbour = item.previousElementSibling || item.nextElementSibling;
        item.remove();
        write();
        if (neighbour) {
          focusName(neighbour);
        } else {
          addCriterion.focus();
        }
        announce(message("criterion-removed", {name: removed}));
      },
      "move-up": function (item, pressed) {
        var before = item.previousElementSibling;
        if (!before) { return; }
        var moved = title(item);
        list.insertBefore(item, before);
        pressed.focus(); // moving the item took the focus away
        write();
        announce(message("criterion-moved", {name: moved, number: criteria().indexOf(item) + 1, count: criteria().length}));
      },
      "move-down": function (item, pressed) {
        var after = item.nextElementSibling;
        if (!after) { return; }
        var moved = title(item);
        list.insertBefore(after, item);
        pressed.focus();
        write();
        announce(message("criterion-moved", {name: moved, number: criteria().indexOf(item) + 1, count: criteria().length}));
      },
      "add-option": function (item) {
        var points = rows(item).map(function (row) { return Number(control(row, "points").value) || 0; });
        var row = optionElement({label: "", points: points.length ? Math.max.apply(null, points) + 1 : 0, explanation: ""});
        item.querySelector("tbody").appendChild(row);
        write();
        control(row, "label").focus();
        announce(message("option-added", {number: criteria().indexOf(item) + 1, position: rows(item).length}));
      },
      "remove-option": function (item, pressed) {
        var row = pressed.closest("tr");
        var position = rows(item).indexOf(row) + 1;
        var neighbour = row.previousElementSibling || row.nextElementSibling;
        row.remove();
        write();
        if (neighbour) {
          control(neighbour, "label").focus();
        } else {
          button(item, "add-option").focus();
        }
        announce(message("option-removed", {number: criteria().indexOf(item) + 1, position: position}));
      }
    };

    shell.addEventListener("click", function (event) {
      var pressed = event.target.closest("button[data-action]");
      if (!pressed || !shell.contains(pressed) || pressed.getAttribute("aria-disabled") === "true") { return; }
      event.preventDefault();
      actions[pressed.getAttribute("data-action")](pressed.closest(".wikiskills-rubric__criterion"), pressed);
    });

    editor.addEventListener("input", function (event) {
      if (event.target.hasAttribute("data-field")) { write(); }
    });

    // -- putting it in place ---------------------------------------------------------------------------

    problem.id = newId();
    criteriaHint.id = newId();
    textarea.classList.add("wikiskills-rubric__json-box");
    WikiSkillsJsonFieldEditor.mount({
      root: root,
      textarea: textarea,
      shell: shell,
      details: details,
      helpSelector: ".wikiskills-rubric__json-help",
      newId: newId,
      load: load,
      onReset: function () { announce(message("reset")); },
      isUnreadable: function () { return unreadable; },
      problem: problem
    });

    load();
    return {load: load};
  }

  return {enhance: enhance, parse: parse};
}());

/* The block's Studio init: the mixin's settings form first, then the rubric editor over its JSON box. */
function WikiSkillsPeerReviewStudio(runtime, element) {
  "use strict";
  WikiSkillsStudioEditable(runtime, element); // the mixin's form, with the shared Save (xblocks/static/studio_save.js)
  WikiSkillsRubricEditor.enhance(element.jquery ? element[0] : element);
}
