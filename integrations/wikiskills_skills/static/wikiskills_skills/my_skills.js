/* "My skills": focus the result of the last action, and add or remove rows of times and languages.
 *
 * Without JavaScript the form shows a fixed number of rows and empty rows are skipped on save.
 * With it, empty rows beyond the first are dropped and "Add another …" / "Remove …" buttons appear.
 * Every word comes from the page (data- attributes the template translated).
 */
(function () {
  "use strict";

  function focusResult() {
    var target = document.querySelector("[data-focus-on-load]");
    if (target && document.activeElement !== target) {
      target.focus();
    }
  }

  // A link of the error summary moves the focus to its field, not only the page (the label stays in view).
  function linkErrorSummary() {
    Array.prototype.forEach.call(document.querySelectorAll(".wikiskills-error-summary a[href^='#']"), function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) {
          return;
        }
        event.preventDefault();
        var label = document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView();
        field.focus({ preventScroll: true });
      });
    });
  }

  function controls(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input, select"));
  }

  function isBlank(row) {
    return controls(row).every(function (control) { return control.value === ""; });
  }

  function fill(template, number) {
    return template.replace("{number}", String(number));
  }

  function setUpRows(fieldset, status) {
    var list = fieldset.querySelector("ol");
    var template = fieldset.querySelector("template[data-row-template]");
    var max = parseInt(fieldset.getAttribute("data-max-rows"), 10) || 20;
    var addButton = document.createElement("button");
    addButton.type = "button";
    addButton.className = "wikiskills-add-row";
    addButton.textContent = fieldset.getAttribute("data-add-label");
    var nextIndex = 0;

    function rows() {
      return Array.prototype.slice.call(list.querySelectorAll("[data-row]"));
    }

    function update() {
      rows().forEach(function (row, position) {
        row.querySelector("[data-row-legend]").textContent = fill(fieldset.getAttribute("data-legend"), position + 1);
        row.querySelector("[data-remove-row]").textContent = fill(fieldset.getAttribute("data-remove-label"), position + 1);
      });
      addButton.disabled = rows().length >= max;
    }

    function remove(row) {
      var all = rows();
      var position = all.indexOf(row);
      var next = all[position + 1] || all[position - 1];
      row.remove();
      update();
      status.textContent = fieldset.getAttribute("data-removed");
      (next ? controls(next)[0] : addButton).focus();
    }

    function addRemoveButton(row) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "wikiskills-remove-row";
      button.setAttribute("data-remove-row", "");
      button.addEventListener("click", function () { remove(row); });
      row.appendChild(button);
    }

    function add() {
      if (rows().length >= max) {
        return;
      }
      var html = template.innerHTML.replace(/__index__/g, String(nextIndex));
      nextIndex += 1;
      var holder = document.createElement("ol");
      holder.innerHTML = html;
      var row = holder.querySelector("[data-row]");
      list.appendChild(row);
      addRemoveButton(row);
      update();
      controls(row)[0].focus();
    }

    rows().forEach(function (row) {
      controls(row).forEach(function (control) {
        var match = /-(\d+)-/.exec(control.name);
        if (match) {
          nextIndex = Math.max(nextIndex, parseInt(match[1], 10) + 1);
        }
      });
    });
    var filled = rows().filter(function (row) { return !isBlank(row); });
    rows().forEach(function (row, position) {
      var keepOneBlank = filled.length === 0 && position === 0;
      if (isBlank(row) && !keepOneBlank) {
        row.remove();
      }
    });
    rows().forEach(addRemoveButton);
    addButton.addEventListener("click", add);
    list.parentNode.insertBefore(addButton, list.nextSibling);
    update();
  }

  function start() {
    var status = document.querySelector("[data-rows-status]");
    Array.prototype.forEach.call(document.querySelectorAll("fieldset[data-rows]"), function (fieldset) {
      setUpRows(fieldset, status);
    });
    linkErrorSummary();
    focusResult();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
