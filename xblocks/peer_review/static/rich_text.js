/* A small rich-text editor over a form's <textarea name="text">, by progressive enhancement.

   The textarea stays the form field (hidden, kept in sync); without JavaScript, or in a browser missing
   what this needs, it is used as is. The toolbar and every word of it come from a <template> in the
   form, so they are translated, and the tags kept are the ones the server keeps (its data-allowed-tags),
   so what the learner sees is what is sent. Each block on a page has its own editor. */
var WikiSkillsRichText = (function () {
  "use strict";
  var INLINE_TAGS = {br: true, strong: true, b: true, em: true, i: true, u: true, a: true, code: true};
  var BLOCK_TAGS = /^(p|div|ul|ol|li|blockquote|pre|h4|h5)$/i;
  var DROPPED_TAGS = { // dropped with their content, like the server drops <script> and <style>
    script: true, style: true, template: true, noscript: true, title: true, head: true, iframe: true,
    object: true, embed: true, svg: true, math: true, textarea: true, select: true
  };
  var editors = []; // the editors made so far; those no longer in the page are skipped

  function httpAddress(value) {
    var text = String(value || "").trim();
    var url;
    if (!/^https?:\/\//i.test(text)) { return ""; }
    try { url = new URL(text); } catch (error) { return ""; }
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
  }

  function holdsBlocks(node) { // e.g. a list the browser made inside a paragraph
    return Array.prototype.some.call(node.children, function (child) { return BLOCK_TAGS.test(child.localName); });
  }

  /* Copies ``source``'s children into ``target``, keeping only the ``allowed`` tags (and an http(s) href on
     links); other elements give their content. Nothing is parsed from a string here: nodes are made one by one. */
  function copyAllowed(source, target, allowed, blockHost) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (/^(ul|ol)$/.test(target.localName) && !node.data.trim()) { return; }
        // A lone no-break space is how the browser keeps a space typed at the end of a line or tag.
        target.appendChild(document.createTextNode(node.data.replace(/(^|[^ \u00a0])\u00a0(?=[^ \u00a0]|$)/g, "$1 ")));
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) { return; }
      var tag = node.localName.toLowerCase();
      if (DROPPED_TAGS[tag]) { return; }
      if (tag === "div" && blockHost) { tag = "p"; } // Chrome makes <div> lines when pasting
      var href = tag === "a" ? httpAddress(node.getAttribute("href")) : "";
      if (!allowed[tag] || (tag === "a" && !href) || (/^(p|h4|h5)$/.test(tag) && holdsBlocks(node))) {
        copyAllowed(node, target, allowed, blockHost);
        return;
      }
      var copy = document.createElement(tag);
      if (href) { copy.setAttribute("href", href); }
      copyAllowed(node, copy, allowed, tag === "li" || tag === "blockquote");
      target.appendChild(copy);
    });
    return target;
  }

  /* Text and inline elements lying at the top level go into paragraphs. */
  function inParagraphs(container) {
    var out = document.createElement("div");
    var run = null;
    Array.prototype.slice.call(container.childNodes).forEach(function (node) {
      var inline = node.nodeType === Node.TEXT_NODE || INLINE_TAGS[node.localName];
      if (!inline) {
        run = null;
        out.appendChild(node);
        return;
      }
      if (!run && node.nodeType === Node.TEXT_NODE && !node.data.trim()) { return; }
      if (!run) { run = out.appendChild(document.createElement("p")); }
      run.appendChild(node);
    });
    return out;
  }

  /* Plain text as the server reads it: a blank line starts a paragraph, a newline is a line break. */
  function plainParagraphs(text) {
    var out = document.createElement("div");
    text.split(/\n\s*\n/).forEach(function (part) {
      part = part.trim();
      if (!part) { return; }
      var paragraph = out.appendChild(document.createElement("p"));
      part.split("\n").forEach(function (line, index) {
        if (index) { paragraph.appendChild(document.createElement("br")); }
        paragraph.appendChild(document.createTextNode(line));
      });
    });
    return out;
  }

  /* A draft (plain text or HTML, possibly hostile) as allowed nodes. DOMParser's "text/html" documents
     never run scripts nor load anything; the raw draft is never given to innerHTML. */
  function allowedNodes(text, allowed) {
    text = String(text || "");
    if (text.indexOf("<") === -1) { return plainParagraphs(text); }
    var parsed = new DOMParser().parseFromString(text, "text/html");
    return inParagraphs(copyAllowed(parsed.body, document.createElement("div"), allowed, true));
  }

  function sync(editor) {
    var region = editor.region;
    // An empty box sends nothing: the server then says the submission is empty.
    editor.area.value = region.textContent.trim()
      ? inParagraphs(copyAllowed(region, document.createElement("div"), editor.allowed, true)).innerHTML
      : "";
  }

  function updatePressed(editor) {
    editor.buttons.forEach(function (button) {
      if (button.hasAttribute("aria-pressed")) {
        var on = false;
        try { on = document.queryCommandState(button.getAttribute("data-command")); } catch (error) { on = false; }
        button.setAttribute("aria-pressed", on ? "true" : "false");
      }
    });
  }

  function selectionIn(region) {
    var selection = window.getSelection();
    return selection.rangeCount > 0 && region.contains(selection.getRangeAt(0).commonAncestorContainer);
  }

  /* Focus back in the text, where the learner's selection was (keyboard users leave it for the toolbar). */
  function backToText(editor) {
    if (editor.region.contains(document.activeElement) && selectionIn(editor.region)) { return; }
    editor.region.focus();
    if (editor.range && editor.region.contains(editor.range.commonAncestorContainer)) {
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(editor.range);
    }
  }

  /* document.execCommand is deprecated but every browser still supports it, and it keeps the browser's undo. */
  function command(editor, name, value) {
    backToText(editor);
    document.execCommand(name, false, value);
    sync(editor);
    updatePressed(editor);
  }

  function askForLink(editor) {
    var address = window.prompt(editor.box.getAttribute("data-link-prompt"), "https://");
    if (address === null) { backToText(editor); return; }
    var href = httpAddress(address);
    if (!href) {
      window.alert(editor.box.getAttribute("data-link-refused"));
      backToText(editor);
      return;
    }
    command(editor, "createLink", href);
  }

  /* WAI-ARIA toolbar: one tab stop; arrow keys, Home and End move between the buttons. */
  function rove(editor, button) {
    editor.buttons.forEach(function (other) { other.setAttribute("tabindex", other === button ? "0" : "-1"); });
  }

  function toolbarKey(editor, event) {
    var buttons = editor.buttons;
    var index = buttons.indexOf(document.activeElement);
    if (index === -1) { return; }
    var next = {
      ArrowRight: (index + 1) % buttons.length,
      ArrowLeft: (index - 1 + buttons.length) % buttons.length,
      Home: 0,
      End: buttons.length - 1
    }[event.key];
    if (next === undefined) { return; }
    event.preventDefault();
    rove(editor, buttons[next]);
    buttons[next].focus();
  }

  function regionKey(editor, event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
    var name = {b: "bold", i: "italic"}[String(event.key || "").toLowerCase()];
    if (!name) { return; }
    event.preventDefault();
    command(editor, name);
  }

  /* Pasted text keeps only what the server keeps. */
  function paste(editor, event) {
    var data = event.clipboardData;
    if (!data) { return; }
    event.preventDefault();
    var html = data.getData("text/html");
    if (html) {
      var body = new DOMParser().parseFromString(html, "text/html").body;
      document.execCommand("insertHTML", false, copyAllowed(body, document.createElement("div"), editor.allowed, true).innerHTML);
    } else {
      document.execCommand("insertText", false, data.getData("text/plain"));
    }
    sync(editor);
  }

  function listen(editor) {
    var region = editor.region;
    var label = document.getElementById(region.getAttribute("aria-labelledby"));
    if (label) {
      label.addEventListener("click", function (event) { event.preventDefault(); region.focus(); });
    }
    region.addEventListener("focus", function () {
      document.execCommand("defaultParagraphSeparator", false, "p"); // Enter makes <p>, not <div>
    });
    region.addEventListener("input", function () { sync(editor); });
    region.addEventListener("keydown", function (event) { regionKey(editor, event); });
    region.addEventListener("paste", function (event) { paste(editor, event); });
    var toolbar = editor.box.querySelector("[role=toolbar]");
    toolbar.addEventListener("keydown", function (event) { toolbarKey(editor, event); });
    toolbar.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) { event.preventDefault(); } // a click leaves the focus in the text
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-command]");
      if (!button) { return; }
      rove(editor, button);
      if (button.getAttribute("data-command") === "createLink") {
        askForLink(editor);
      } else {
        command(editor, button.getAttribute("data-command"));
      }
    });
  }

  /* Puts the editor of ``form``'s template in place of its text box; returns it, or null when it cannot. */
  function enhance(form) {
    var template = form && form.querySelector("template.wikiskills-peer__editor-template");
    var area = form && form.elements.text;
    if (!template || !area || !template.content || !window.DOMParser || typeof document.execCommand !== "function") {
      return null;
    }
    var box = template.content.querySelector(".wikiskills-peer__editor").cloneNode(true);
    var region = box.querySelector(".wikiskills-peer__editor-region");
    var allowed = {};
    box.getAttribute("data-allowed-tags").split(" ").forEach(function (tag) { allowed[tag] = true; });
    var draft = allowedNodes(area.value, allowed);
    while (draft.firstChild) { region.appendChild(draft.firstChild); }
    if (!region.firstChild) { region.appendChild(document.createElement("p")).appendChild(document.createElement("br")); }
    area.parentNode.insertBefore(box, area);
    area.hidden = true;
    // Checked by the server, which refuses empty or too-long text with a clear message and gives the draft back.
    area.removeAttribute("required");
    area.removeAttribute("maxlength");
    var help = document.getElementById(region.getAttribute("aria-describedby"));
    if (help) { help.textContent = template.content.querySelector("[data-editor-help]").textContent; }
    var editor = {
      form: form,
      area: area,
      box: box,
      region: region,
      allowed: allowed,
      buttons: Array.prototype.slice.call(box.querySelectorAll(".wikiskills-peer__tool")),
      range: null
    };
    editors = editors.filter(function (other) { return other.region.isConnected; });
    editors.push(editor);
    sync(editor);
    listen(editor);
    return editor;
  }

  document.addEventListener("selectionchange", function () {
    editors.forEach(function (editor) {
      if (!editor.region.isConnected || !selectionIn(editor.region)) { return; }
      editor.range = window.getSelection().getRangeAt(0).cloneRange();
      updatePressed(editor);
    });
  });

  return {enhance: enhance, sync: sync};
}());
