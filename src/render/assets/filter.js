// The filters and sorting of the index pages (commitments, actors, sources). An extra:
// without it the page is the full list. The form's state lives in the address
// (?by=germany&status=announced&sort=date&order=desc), so a filtered view can be
// shared, bookmarked and reopened, from file:// too. Every word comes from the page.
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

  function apply(announceSort) {
    var shown = 0;
    items.forEach(function (item) {
      var ok = matches(item);
      item.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("[data-item]:not([hidden])"); });
    if (table) table.hidden = shown === 0;
    if (empty) empty.hidden = shown !== 0;
    if (count) {
      var form_ = plural ? plural.select(shown) : (shown === 1 ? "one" : "other");
      var text = fill(count.getAttribute("data-" + form_) || count.getAttribute("data-other"),
        { n: shown, total: items.length });
      if (announceSort && sort.key) {
        var th = columns.filter(function (c) { return c.getAttribute("data-key") === sort.key; })[0];
        text += " " + fill(count.getAttribute("data-sorted"), {
          column: th ? th.textContent.trim() : sort.key,
          order: count.getAttribute("data-" + sort.order)
        });
      }
      count.textContent = text;
    }
    remember();
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
