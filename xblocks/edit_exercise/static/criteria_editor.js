/* Studio: a structured editor for the exercise's criteria, over the settings form's JSON box for them.
 *
 * As the peer review's rubric editor does (rubric_editor.js): StudioEditableXBlockMixin shows the criteria
 * (a List field) as a textarea of JSON and saves whatever it holds; this editor writes the whole list back
 * into the textarea on every change, and the textarea moves into a "Show as JSON" disclosure. JSON typed
 * there shows in the editor as soon as it can be read; JSON the editor cannot show leaves the editor hidden
 * and the textarea open, unchanged. Every word comes from criteria_editor.html (translated by the server);
 * the server's validation stays the authority on what is allowed.
 */
var WikiSkillsCriteriaEditor = (function () {
  "use strict";

  var PARAMS = {min: "count", hours: "count", name: "text", contains: "text", page: "text"};

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* Where in the JSON the editor gives up (a path power users can read in any language), or null. */
  function unexpectedAt(data, kinds) {
    if (!Array.isArray(data)) { return "$"; }
    for (var index = 0; index < data.length; index++) {
      var criterion = data[index];
      var here = "$[" + index + "]";
      if (!isObject(criterion) || !Object.prototype.hasOwnProperty.call(kinds, criterion.type)) {
        return here + ".type";
      }
      var param = kinds[criterion.type];
      var value = criterion[param];
      if (param && value !== undefined && value !== null && typeof value !== (PARAMS[param] === "count" ? "number" : "string")) {
        return here + "." + param;
      }
    }
    return null;
  }

  function parse(text, kinds) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return {problem: "unreadable", detail: error.message};
    }
    var where = unexpectedAt(data, kinds);
    return where ? {problem: "unexpected", detail: where} : {criteria: data};
  }

  function enhance(root) {
    var textarea = root.querySelector('textarea[data-field-name="criteria"]');
    var shellTemplate = root.querySelector("template.wikiskills-criteria__template");
    if (!textarea || !shellTemplate || !("content" in shellTemplate)) { return null; } // the JSON box works alone
    var itemTemplate = root.querySelector("template.wikiskills-criteria__item-template");
    var messages = root.querySelector("template.wikiskills-criteria__messages");
    var kinds = {}; // type -> the one setting it takes ("" for none), from the server's list
    Array.prototype.forEach.call(itemTemplate.content.querySelectorAll('[data-field="type"] option'), function (option) {
      kinds[option.value] = option.getAttribute("data-param");
    });

    var shell = shellTemplate.content.firstElementChild.cloneNode(true);
    var editor = shell.querySelector(".wikiskills-criteria__editor");
    var list = shell.querySelector(".wikiskills-criteria__list");
    var addCriterion = shell.querySelector('[data-action="add-criterion"]');
    var hint = shell.querySelector('[data-hint="criteria"]');
    var problem = shell.querySelector(".wikiskills-criteria__problem");
    var details = shell.querySelector(".wikiskills-criteria__json");
    var live = shell.querySelector(".wikiskills-criteria__live");
    var unreadable = false;

    var kit = WikiSkillsJsonFieldEditor.tools(shellTemplate.getAttribute("data-id-prefix"), messages, live);
    var newId = kit.newId;
    var message = kit.message;
    var announce = kit.announce;

    function control(scope, field) {
      return scope.querySelector('[data-field="' + field + '"]');
    }

    function items() {
      return Array.prototype.slice.call(list.children);
    }

    function kindLabel(item) {
      var select = control(item, "type");
      return select.options[select.selectedIndex].textContent.trim();
    }

    /* Only the setting the chosen type takes is shown (and written back). */
    function showParam(item) {
      var param = kinds[control(item, "type").value];
      item.querySelectorAll("[data-param]").forEach(function (field) {
        if (field.tagName !== "OPTION") { field.hidden = field.getAttribute("data-param") !== param; }
      });
    }

    function itemElement(criterion) {
      var item = itemTemplate.content.firstElementChild.cloneNode(true);
      item.wikiskillsExtras = {};
      Object.keys(criterion).forEach(function (key) {
        if (key !== "type" && !Object.prototype.hasOwnProperty.call(PARAMS, key)) {
          item.wikiskillsExtras[key] = criterion[key]; // kept, for the server to explain
        }
      });
      item.querySelectorAll("[data-field]").forEach(function (input) {
        var field = input.getAttribute("data-field");
        input.id = newId();
        item.querySelector('[data-label-for="' + field + '"]').htmlFor = input.id;
        var value = criterion[field];
        input.value = value === undefined || value === null ? "" : String(value);
      });
      showParam(item);
      return item;
    }

    function refresh() {
      var all = items();
      all.forEach(function (item, index) {
        var number = index + 1;
        item.querySelector(".wikiskills-criteria__legend").textContent = message("legend", {number: number, kind: kindLabel(item)});
        ["move-up", "move-down", "remove-criterion"].forEach(function (action) {
          item.querySelector('[data-action="' + action + '"]').setAttribute("aria-label", message(action, {number: number}));
        });
        item.querySelector('[data-action="move-up"]').setAttribute("aria-disabled", String(index === 0));
        item.querySelector('[data-action="move-down"]').setAttribute("aria-disabled", String(index === all.length - 1));
      });
      hint.hidden = all.length > 0;
    }

    function readCriterion(item) {
      var kind = control(item, "type").value;
      var criterion = {type: kind};
      var param = kinds[kind];
      if (param) {
        var raw = control(item, param).value.trim();
        if (PARAMS[param] === "count") {
          criterion[param] = /^\d+$/.test(raw) ? Number(raw) : raw; // the server words anything else
        } else if (raw || param === "name") {
          criterion[param] = raw;
        }
      }
      return Object.assign(criterion, item.wikiskillsExtras);
    }

    function write() {
      refresh();
      textarea.value = JSON.stringify(items().map(readCriterion), null, 2);
      // The mixin listens for this to mark the field as changed (only changed fields are saved).
      textarea.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function load() {
      var parsed = parse(textarea.value, kinds);
      if (parsed.problem) {
        unreadable = parsed.problem === "unreadable";
        problem.querySelectorAll("[data-problem]").forEach(function (paragraph) {
          paragraph.hidden = paragraph.getAttribute("data-problem") !== parsed.problem;
        });
        problem.querySelector(".wikiskills-criteria__problem-detail").textContent = parsed.detail;
        problem.hidden = false;
        textarea.setAttribute("aria-describedby", problem.id);
        editor.hidden = true;
        details.open = true;
        return false;
      }
      unreadable = false;
      problem.hidden = true;
      textarea.removeAttribute("aria-describedby");
      editor.hidden = false;
      list.textContent = "";
      parsed.criteria.forEach(function (criterion) { list.appendChild(itemElement(criterion)); });
      refresh();
      return true;
    }

    var actions = {
      "add-criterion": function () {
        var item = itemElement({type: "bytes_added", min: 100});
        list.appendChild(item);
        write();
        control(item, "type").focus();
        announce(message("criterion-added", {number: items().length}));
      },
      "remove-criterion": function (item) {
        var removed = kindLabel(item);
        var neighbour = item.previousElementSibling || item.nextElementSibling;
        item.remove();
        write();
        (neighbour ? control(neighbour, "type") : addCriterion).focus();
        announce(message("criterion-removed", {kind: removed}));
      },
      "move-up": function (item, pressed) {
        if (!item.previousElementSibling) { return; }
        list.insertBefore(item, item.previousElementSibling);
        pressed.focus(); // moving the item took the focus away
        write();
        announce(message("criterion-moved", {kind: kindLabel(item), number: items().indexOf(item) + 1, count: items().length}));
      },
      "move-down": function (item, pressed) {
        if (!item.nextElementSibling) { return; }
        list.insertBefore(item.nextElementSibling, item);
        pressed.focus();
        write();
        announce(message("criterion-moved", {kind: kindLabel(item), number: items().indexOf(item) + 1, count: items().length}));
      }
    };

    shell.addEventListener("click", function (event) {
      var pressed = event.target.closest("button[data-action]");
      if (!pressed || !shell.contains(pressed) || pressed.getAttribute("aria-disabled") === "true") { return; }
      event.preventDefault();
      actions[pressed.getAttribute("data-action")](pressed.closest(".wikiskills-criteria__item"), pressed);
    });
    editor.addEventListener("input", function (event) {
      if (event.target.hasAttribute("data-field")) { write(); }
    });
    editor.addEventListener("change", function (event) {
      if (event.target.getAttribute("data-field") === "type") {
        showParam(event.target.closest(".wikiskills-criteria__item"));
        write();
      }
    });

    problem.id = newId();
    hint.id = newId();
    addCriterion.setAttribute("aria-describedby", hint.id);
    WikiSkillsJsonFieldEditor.mount({
      root: root,
      textarea: textarea,
      shell: shell,
      details: details,
      helpSelector: ".wikiskills-criteria__json-help",
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

/* The block's Studio init: the mixin's settings form first, then the criteria editor over its JSON box. */
function WikiSkillsEditExerciseStudio(runtime, element) {
  "use strict";
  WikiSkillsStudioEditable(runtime, element); // the mixin's form, with the shared Save (xblocks/static/studio_save.js)
  WikiSkillsCriteriaEditor.enhance(element.jquery ? element[0] : element);
}
