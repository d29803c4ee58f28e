// "Copy as evidence", in `dossier serve` only (injected into responses, never built
// into public/): on a source page, selected text of the seed becomes an evidence item
// to paste under `evidence:` or `accounts:` — the source id, the quote verbatim (without
// paragraph numbers or citation marks), and the speaker when the selection is inside a
// quotation attributed to a named actor. The button, or the key "e", copies it.
(function () {
  "use strict";
  var m = location.pathname.match(/\/sources\/([a-z0-9-]+)\/(index\.html)?$/);
  var text = document.querySelector(".seed-text .text");
  if (!m || !text) return;
  var source = m[1];
  var yaml = "";

  var bar = document.createElement("div");
  bar.id = "dossier-evidence";
  bar.setAttribute("role", "region");
  bar.setAttribute("aria-label", "Copy as evidence");
  bar.hidden = true;
  bar.style.cssText = "position:fixed;z-index:2147483646;right:1rem;bottom:1rem;max-width:34rem;background:#1d2433;color:#fff;border-radius:6px;padding:.5rem .75rem;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.3)";
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "Copy as evidence";
  button.setAttribute("aria-keyshortcuts", "e");
  button.title = "Copy an evidence item for this selection (key: e)";
  button.style.cssText = "font:inherit;font-weight:600;padding:.25rem .6rem;border-radius:4px;border:1px solid #fff;background:#fff;color:#1d2433;cursor:pointer";
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.style.cssText = "margin-left:.6rem";
  var preview = document.createElement("pre");
  preview.style.cssText = "margin:.4rem 0 0;white-space:pre-wrap;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;max-height:8rem;overflow:auto";
  bar.appendChild(button);
  bar.appendChild(status);
  bar.appendChild(preview);
  document.body.appendChild(bar);

  // What the seed says in a paragraph element: its text without the paragraph number
  // and citation marks, and the actor mentions in it as [start, end, id].
  function plain(p) {
    var out = { text: "", mentions: [], nodes: [] };
    (function walk(node) {
      for (var c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          out.nodes.push([c, out.text.length]);
          out.text += c.nodeValue;
        } else if (c.nodeType === 1) {
          if (c.matches(".pnum, sup.cite, .anchor")) continue;
          var start = out.text.length;
          walk(c);
          if (c.matches("a")) {
            var id = (c.getAttribute("href") || "").match(/actors\/([a-z0-9-]+)\//);
            if (id) out.mentions.push([start, out.text.length, id[1]]);
          }
        }
      }
    })(p);
    return out;
  }

  // The offset in `info.text` of a DOM position inside the paragraph.
  function offset(info, p, container, off) {
    if (container.nodeType === 3) {
      for (var i = 0; i < info.nodes.length; i++) {
        if (info.nodes[i][0] === container) return info.nodes[i][1] + off;
      }
    }
    var r = document.createRange();
    r.setStart(p, 0);
    r.setEnd(container, off);
    var frag = r.cloneContents();
    return plain(frag).text.length;
  }

  function paragraphOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    var p = el && el.closest("p[id]");
    return p && text.contains(p) ? p : null;
  }

  // The actor a quotation around `at` is attributed to: the mention nearest after its
  // closing mark, in the same sentence ("…,” Kishida promised), else nearest before
  // its opening mark ("Peskov said: “…").
  function speaker(info, at, end) {
    var t = info.text, spans = [], open = -1, straight = false;
    for (var i = 0; i < t.length; i++) {
      var ch = t[i];
      if (ch === "“" || ch === "«" || (ch === '"' && !straight)) {
        open = i;
        straight = ch === '"';
      } else if (ch === "”" || ch === "»" || ch === '"') {
        // A closing mark without its opening one quotes from the paragraph's start.
        spans.push([open < 0 ? 0 : open, i]);
        open = -1;
        straight = false;
      }
    }
    var span = spans.filter(function (s) { return s[0] <= at && end - 1 <= s[1]; })[0];
    if (!span) return null;
    var best = null;
    info.mentions.forEach(function (mn) {
      var between = t.slice(span[1] + 1, mn[0]);
      if (!best && mn[0] > span[1] && mn[0] - span[1] < 80 && !/[.!?]\s/.test(between)) best = mn[2];
    });
    if (best) return best;
    info.mentions.forEach(function (mn) {
      var between = t.slice(mn[1], span[0]);
      if (mn[1] <= span[0] && span[0] - mn[1] < 80 && !/[.!?]\s/.test(between)) best = mn[2];
    });
    return best;
  }

  function quoteYaml(s) {
    return "'" + s.replace(/'/g, "''") + "'";
  }

  function update() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { bar.hidden = true; yaml = ""; return; }
    var range = sel.getRangeAt(0);
    var p1 = paragraphOf(range.startContainer), p2 = paragraphOf(range.endContainer);
    if (!p1 || !p2) { bar.hidden = true; yaml = ""; return; }
    // The selected text, paragraph by paragraph, without numbers and marks.
    var parts = [], ps = Array.prototype.slice.call(text.querySelectorAll("p[id]"));
    var i1 = ps.indexOf(p1), i2 = ps.indexOf(p2), spoken = null;
    for (var i = i1; i <= i2; i++) {
      var info = plain(ps[i]);
      var s = i === i1 ? offset(info, ps[i], range.startContainer, range.startOffset) : 0;
      var e = i === i2 ? offset(info, ps[i], range.endContainer, range.endOffset) : info.text.length;
      parts.push(info.text.slice(s, e));
      if (i1 === i2) spoken = speaker(info, s, e);
    }
    var quote = parts.join(" ").replace(/\s+/g, " ").trim();
    if (!quote) { bar.hidden = true; yaml = ""; return; }
    yaml = "- source: " + source + "\n  quote: " + quoteYaml(quote) + "\n" +
      (spoken ? "  speaker: " + spoken + "\n" : "");
    preview.textContent = yaml;
    status.textContent = "";
    bar.hidden = false;
  }

  function copy() {
    if (!yaml) return;
    var done = function () {
      status.textContent = "Copied: paste it under evidence: or accounts:";
      document.documentElement.setAttribute("data-evidence-copied", yaml);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(yaml).then(done, function () { fallback(); done(); });
    } else {
      fallback();
      done();
    }
  }

  function fallback() {
    var ta = document.createElement("textarea");
    ta.value = yaml;
    ta.style.cssText = "position:fixed;left:-9999px";
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing to copy to */ }
    ta.remove();
  }

  document.addEventListener("selectionchange", function () {
    // Focusing the button keeps the item made from the last selection.
    if (document.activeElement === button) return;
    update();
  });
  button.addEventListener("mousedown", function (e) { e.preventDefault(); });
  button.addEventListener("click", copy);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "e" || e.ctrlKey || e.metaKey || e.altKey || bar.hidden) return;
    var tag = document.activeElement && document.activeElement.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA") return;
    e.preventDefault();
    copy();
  });
})();
