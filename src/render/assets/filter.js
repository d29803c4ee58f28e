// The filters and sorting of the index pages (commitments, actors, sources). An extra:
// without it the page is the full list. The form's state lives in the address
// (?by=germany&status=announced&sort=date&order=desc), so a filtered view can be
// shared, bookmarked and reopened, from file:// too. Every word comes from the page.
// A list split into pages (table[data-rows]) is filtered and sorted over every row:
// its rows script (rows.js, dossierRows([...])) is loaded when a filter is first
// used, and the matches are shown WINDOW at a time in place of the page's own rows.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) return;
  var list = document.getElementById(form.getAttribute("data-for"));
  if (!list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-item]"));
  var groups = Array.prototype.slice.call(list.querySelectorAll("[data-group]"));
  var fields = Array.prototype.slice.call(form.querySelectorAll("select[name], input[name]"));
  var count = form.querySelector(".filter-count");
  var empty = document.querySelector(".filter-empty");
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var table = list.tagName === "TABLE" ? list : null;
  var columns = table ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
  var sort = { key: "", order: "ascending" };
  var rowsSrc = form.getAttribute("data-rows");
  // A page of a paged list shows its rows out of the whole list's.
  var listTotal = Number(form.getAttribute("data-total")) || 0;
  // The page's own rows, told apart from those shown from rows.js.
  if (rowsSrc) items.forEach(function (item) { item.setAttribute("data-page", ""); });
  var WINDOW = 200;
  var all = null; // every row of the list once loaded: { e: element, d: fields, t: folded title }
  var waiting = null; // what to do when it is
  var matched = []; // the rows that match, in order
  var rendered = 0; // how many of them are shown
  var pagers = Array.prototype.slice.call(document.querySelectorAll("nav.pager"));
  var note = null;
  var more = null;
  var box = null; // where rows from rows.js go: the table's body, or a list of cards
  // A source row of rows.js: [title, href, editors_title, outlet, published iso,
  // published human, actors, passages, words]; the field each heading sorts.
  var FIELD = { title: 0, outlet: 3, published: 4, actors: 6, passages: 7, words: 8 };

  // Case and accents do not matter to a text filter: "zelenskyy" finds "Zelenskyy".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fill(text, args) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in args ? args[k] : m; });
  }

  function matches(item) {
    return fields.every(function (f) {
      var want = f.value.trim();
      if (!want) return true;
      var how = f.getAttribute("data-match");
      var have = how === "text"
        ? item.getAttribute("data-text") || item.querySelector("a").textContent
        : item.getAttribute("data-" + f.name) || "";
      if (how === "min") return Number(have) >= Number(want);
      if (how === "text") return fold(have).indexOf(fold(want)) >= 0;
      return have.indexOf("|" + want + "|") >= 0;
    });
  }

  // The value a row sorts by: a cell's data-sort (dates, ranks) or its text.
  function key(item, index) {
    var cell = item.cells[index];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return raw === "" || raw === "—" ? null : raw;
  }

  function sortRows() {
    if (!table) return;
    var index = -1;
    columns.forEach(function (th, i) {
      var on = th.getAttribute("data-key") === sort.key;
      if (on) index = i;
      if (th.hasAttribute("data-key")) {
        if (on) th.setAttribute("aria-sort", sort.order);
        else th.removeAttribute("aria-sort");
      }
    });
    if (rowsSrc) return; // every row's order is `showAll`'s
    var rows = items.slice(); // the page's order: sorting never reorders `items`
    if (index >= 0) {
      var numeric = columns[index].getAttribute("data-type") === "num";
      var collator = window.Intl ? new Intl.Collator(lang, { numeric: true, sensitivity: "base" }) : null;
      var sign = sort.order === "descending" ? -1 : 1;
      var keyed = rows.map(function (r, i) { return { r: r, k: key(r, index), i: i }; });
      keyed.sort(function (a, b) {
        // Rows without a value go last, whatever the order.
        if (a.k === null || b.k === null) return (a.k === null) - (b.k === null) || a.i - b.i;
        var c = numeric ? Number(a.k) - Number(b.k)
          : collator ? collator.compare(a.k, b.k) : (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
        return sign * c || a.i - b.i;
      });
      rows = keyed.map(function (x) { return x.r; });
    }
    var body = table.tBodies[0];
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function remember() {
    var q = new URLSearchParams();
    fields.forEach(function (f) { if (f.value.trim()) q.set(f.name, f.value.trim()); });
    if (sort.key) {
      q.set("sort", sort.key);
      if (sort.order === "descending") q.set("order", "desc");
    }
    var s = q.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
    } catch (e) { /* a browser that refuses it for file:// keeps the filter, not the address */ }
  }

  function active() {
    return !!sort.key || fields.some(function (f) { return f.value.trim() !== ""; });
  }

  // rows.js, once; `then` runs when it has arrived. Its rows are either fields (the
  // sources) or each row's HTML as the page writes it (parsed, never laid out).
  function load(then) {
    waiting = then;
    if (window.dossierRows) return;
    window.dossierRows = function (rows) {
      if (typeof rows[0] === "string") {
        var t = document.createElement("template");
        t.innerHTML = rows.join("");
        all = Array.prototype.slice.call(t.content.children).map(function (e) { return { e: e }; });
      } else {
        all = rows.map(function (d) { return { d: d, t: fold(String(d[0])) }; });
      }
      if (waiting) waiting();
    };
    var s = document.createElement("script");
    s.src = rowsSrc;
    document.head.appendChild(s);
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A source row of rows.js as the page writes it (templates/sources.html).
  function sourceRow(d) {
    var tr = el("tr", { "data-item": "", "data-outlet": "|" + (d[3] || "") + "|" });
    var th = el("th", { scope: "row", "class": "title-cell" });
    th.appendChild(el("a", { href: d[1] }, d[0]));
    if (d[2]) {
      th.appendChild(document.createTextNode(" "));
      th.appendChild(el("span", { "class": "muted small" }, form.getAttribute("data-editors")));
    }
    tr.appendChild(th);
    // One child each: the stacked layout (narrow screens) needs no wrapper for it.
    function cell(i, child, extra) {
      var td = el("td", { "data-label": columns[i].textContent.trim() });
      for (var k in extra || {}) td.setAttribute(k, extra[k]);
      td.appendChild(child);
      tr.appendChild(td);
    }
    cell(1, document.createTextNode(d[3] || "—"));
    cell(2, d[4] ? el("time", { datetime: d[4] }, d[5])
      : el("span", { "class": "unknown", title: form.getAttribute("data-unknown") }, "—"),
      { "class": "nowrap", "data-sort": d[4] || "" });
    [6, 7, 8].forEach(function (f, i) { cell(3 + i, document.createTextNode(String(d[f])), { "class": "num" }); });
    return tr;
  }

  function matchesRow(r) {
    if (r.e) return matches(r.e);
    return fields.every(function (f) {
      var want = f.value.trim();
      if (!want) return true;
      if (f.getAttribute("data-match") === "text") return r.t.indexOf(fold(want)) >= 0;
      if (f.name === "outlet") return (r.d[3] || "") === want;
      return true;
    });
  }

  function renderMore() {
    var end = Math.min(matched.length, rendered + WINDOW);
    var frag = document.createDocumentFragment();
    for (; rendered < end; rendered++) {
      var r = matched[rendered];
      if (!r.e) r.e = sourceRow(r.d);
      r.e.hidden = false;
      frag.appendChild(r.e);
    }
    box.appendChild(frag);
    var left = matched.length - rendered;
    more.hidden = left === 0;
    more.textContent = fill(form.getAttribute("data-more"), { n: Math.min(left, WINDOW) });
  }

  // The rows from rows.js that are shown.
  function clearShown() {
    if (!box) return;
    Array.prototype.slice.call(box.children).forEach(function (r) {
      if (!r.hasAttribute("data-page")) box.removeChild(r);
    });
  }

  // Every row that matches, sorted, in place of the page's own; the pagers hidden.
  function showAll(announceSort) {
    if (!note) {
      var at = table ? table.parentNode : list;
      note = el("p", { "class": "list-note" });
      at.parentNode.insertBefore(note, at);
      more = el("button", { type: "button", "class": "list-more" });
      more.addEventListener("click", renderMore);
      at.parentNode.insertBefore(more, at.nextSibling);
      box = table ? table.tBodies[0] : list.appendChild(el("ul", { "class": "cards" }));
    }
    matched = all.filter(matchesRow);
    var index = -1;
    columns.forEach(function (th, i) { if (th.getAttribute("data-key") === sort.key) index = i; });
    if (index >= 0) {
      var numeric = columns[index].getAttribute("data-type") === "num";
      var field = FIELD[sort.key];
      var collator = window.Intl ? new Intl.Collator(lang, { numeric: true, sensitivity: "base" }) : null;
      var sign = sort.order === "descending" ? -1 : 1;
      var value = function (r) {
        if (r.e) return key(r.e, index);
        var v = r.d[field];
        return v === null || v === "" ? null : v;
      };
      var keyed = matched.map(function (r, i) { return { r: r, k: value(r), i: i }; });
      keyed.sort(function (a, b) {
        if (a.k === null || b.k === null) return (a.k === null) - (b.k === null) || a.i - b.i;
        var c = numeric ? Number(a.k) - Number(b.k)
          : collator ? collator.compare(String(a.k), String(b.k)) : (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
        return sign * c || a.i - b.i;
      });
      matched = keyed.map(function (x) { return x.r; });
    }
    items.forEach(function (item) { item.hidden = true; });
    groups.forEach(function (g) { g.hidden = true; });
    clearShown();
    box.hidden = false;
    rendered = 0;
    renderMore();
    pagers.forEach(function (p) { p.hidden = true; });
    note.hidden = false;
    note.textContent = form.getAttribute("data-all");
    counted(matched.length, all.length, announceSort);
  }

  // The page's own rows and pagers again.
  function showPage() {
    if (!note) return;
    clearShown();
    if (!table) box.hidden = true;
    pagers.forEach(function (p) { p.hidden = false; });
    note.hidden = true;
    more.hidden = true;
  }

  function apply(announceSort) {
    if (rowsSrc && active()) {
      if (!all) {
        if (count) count.textContent = form.getAttribute("data-loading");
        load(function () { apply(announceSort); });
        remember();
        return;
      }
      showAll(announceSort);
      if (table) table.hidden = matched.length === 0;
      if (empty) empty.hidden = matched.length !== 0;
      remember();
      return;
    }
    if (rowsSrc) showPage();
    var shown = 0;
    items.forEach(function (item) {
      var ok = matches(item);
      item.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("[data-item]:not([hidden])"); });
    if (table) table.hidden = shown === 0;
    if (empty) empty.hidden = shown !== 0;
    counted(shown, listTotal || items.length, announceSort);
    remember();
  }

  function counted(shown, total, announceSort) {
    if (count) {
      var form_ = plural ? plural.select(shown) : (shown === 1 ? "one" : "other");
      var text = fill(count.getAttribute("data-" + form_) || count.getAttribute("data-other"),
        { n: shown, total: total });
      if (announceSort && sort.key) {
        var th = columns.filter(function (c) { return c.getAttribute("data-key") === sort.key; })[0];
        text += " " + fill(count.getAttribute("data-sorted"), {
          column: th ? th.textContent.trim() : sort.key,
          order: count.getAttribute("data-" + sort.order)
        });
      }
      count.textContent = text;
    }
  }

  // Column headings become buttons; the heading carries aria-sort.
  columns.forEach(function (th) {
    var k = th.getAttribute("data-key");
    if (!k) return;
    table.classList.add("sortable");
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sort";
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener("click", function () {
      sort.order = sort.key === k && sort.order === "ascending" ? "descending" : "ascending";
      sort.key = k;
      sortRows();
      apply(true);
    });
  });

  // The address's state, where it names a choice the form has.
  var q = new URLSearchParams(location.search);
  fields.forEach(function (f) {
    var v = q.get(f.name);
    if (v === null) return;
    if (f.tagName === "SELECT") {
      if (Array.prototype.some.call(f.options, function (o) { return o.value === v; })) f.value = v;
    } else {
      f.value = v;
    }
  });
  var asked = q.get("sort");
  if (asked && columns.some(function (c) { return c.getAttribute("data-key") === asked; })) {
    sort.key = asked;
    sort.order = q.get("order") === "desc" ? "descending" : "ascending";
    sortRows();
  }

  form.addEventListener("input", function () { apply(false); });
  form.addEventListener("change", function () { apply(false); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(false); });
  form.addEventListener("reset", function () {
    sort.key = "";
    setTimeout(function () { sortRows(); apply(false); }, 0);
  });
  form.hidden = false;
  apply(false);
})();
