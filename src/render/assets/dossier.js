// dossier's reader script: the search box and link previews. Everything here is an
// extra: without it the site works, and the search form opens the A–Z index.
// The engine (assets/search.js) and the shards of the index it needs (assets/search/)
// load as scripts, on first use, so that search works from file:// and under any
// sub-path.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = new URL(me.getAttribute("data-root") || "./", location.href);
  var loading = null;

  function load(src) {
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = new URL(src, base).href;
      s.onload = ok;
      s.onerror = function () { fail(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  // The engine, loaded once; it loads the shards of the index it needs.
  function data() {
    if (!loading) {
      loading = load("assets/search.js").then(function () { return window.dossierSearchIndex(load); });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // The site path of a URL inside this site ("actors/x/index.html"), or null.
  function sitePath(url) {
    var u = new URL(url, location.href);
    if (u.protocol !== base.protocol || u.host !== base.host) return null;
    var path = decodeURIComponent(u.pathname), root = decodeURIComponent(base.pathname);
    if (path.indexOf(root) !== 0) return null;
    path = path.slice(root.length);
    if (path === "" || path.slice(-1) === "/") path += "index.html";
    return path;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // ---- Search ---------------------------------------------------------------

  var MAX_RESULTS = 12;

  function setupSearch(form) {
    var input = form.querySelector("#search-q");
    // The results box and the live status exist only where this script runs (an
    // older copied template may still carry them).
    function part(tag, cls, id) {
      var e = form.querySelector("#" + id);
      if (!e) {
        e = form.appendChild(el(tag, cls));
        e.id = id;
      }
      return e;
    }
    var box = part("div", "search-results", "search-results");
    box.hidden = true;
    // How the box behaves with this script, read out with it (without the script
    // the form is plain: its button opens the A–Z index).
    var hint = part("span", "visually-hidden", "search-hint");
    hint.textContent = "Results appear below as you type; press Enter for the first, or the down arrow to move through them.";
    input.setAttribute("aria-describedby", "search-hint");
    var status = part("p", "visually-hidden", "search-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var results = [];
    var seq = 0;

    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }

    function close() {
      box.hidden = true;
      box.textContent = "";
      results = [];
    }

    function show(query, hits) {
      box.textContent = "";
      results = hits;
      if (!query.trim()) { close(); status.textContent = ""; return; }
      if (!hits.length) {
        box.appendChild(el("p", "search-none", "Nothing found. The A–Z index lists every name."));
        var az = el("a", null, "Open the A–Z index");
        az.href = new URL("az/index.html", base).href;
        box.appendChild(az);
      } else {
        var list = el("ol");
        hits.forEach(function (h) {
          var d = h.doc, li = el("li"), a = el("a");
          a.href = new URL(d.u, base).href;
          a.className = "result kind-" + d.k;
          a.appendChild(el("span", "result-title", d.t));
          a.appendChild(el("span", "result-kind", d.k));
          if (d.m) a.appendChild(el("span", "result-meta", d.m));
          li.appendChild(a);
          list.appendChild(li);
        });
        box.appendChild(list);
      }
      box.hidden = false;
      status.textContent = hits.length ? hits.length + (hits.length === 1 ? " result" : " results") : "No results";
    }

    function run() {
      var query = input.value, mine = ++seq;
      data().then(function (db) { return db.search(query, MAX_RESULTS); }).then(function (hits) {
        if (mine === seq) show(query, hits);
      }, function () {
        if (mine === seq) status.textContent = "Search is unavailable; the A–Z index lists every name.";
      });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () { data().catch(function () {}); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
      else if (e.key === "Escape") { input.value = ""; close(); status.textContent = ""; }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var query = input.value, mine = ++seq;
      data().then(function (db) { return db.search(query, MAX_RESULTS); }).then(function (hits) {
        if (mine !== seq) return;
        if (hits.length) location.href = new URL(hits[0].doc.u, base).href;
        else show(query, hits);
      }, function () { form.submit(); });
    });
    box.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown") { e.preventDefault(); (all[i + 1] || all[i]).focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i ? all[i - 1] : input).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); close(); input.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) close();
    });

    // The A–Z page, reached by the form without JavaScript, searches for ?q= with it.
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  // ---- Link previews -------------------------------------------------------

  var tip = null, owner = null, hideTimer = null;

  function tipElement() {
    if (!tip) {
      tip = el("div", "preview");
      tip.id = "dossier-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("mouseleave", function () { hideSoon(); });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function previewable(a) {
    if (!a || !a.getAttribute("href") || a.closest(".search-results, .site-header, .preview")) return null;
    var path = sitePath(a.href);
    if (!path || path === sitePath(location.href)) return null;
    var kind = path.split("/")[0];
    return /^(actors|sources|commitments|events|discrepancies)$/.test(kind) ? path : null;
  }

  function preview(a, path) {
    data().then(function (db) { return db.preview(path); }).then(function (d) {
      if (!d || document.activeElement !== a && !a.matches(":hover")) return;
      var t = tipElement();
      t.textContent = "";
      t.appendChild(el("span", "preview-kind", d.k));
      t.appendChild(el("strong", "preview-title", d.t));
      if (d.m) t.appendChild(el("span", "preview-meta", d.m));
      if (d.s) t.appendChild(el("span", "preview-summary", d.s));
      if (d.c) t.appendChild(el("span", "preview-counts", d.c));
      if (owner && owner !== a) owner.removeAttribute("aria-describedby");
      owner = a;
      a.setAttribute("aria-describedby", t.id);
      t.hidden = false;
      place(t, a);
    }, function () {});
  }

  function place(t, a) {
    var r = a.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    t.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    t.style.left = left + window.scrollX + "px";
    var below = r.bottom + 6;
    var h = t.offsetHeight;
    var top = below + h > window.innerHeight && r.top - h - 6 > 0 ? r.top - h - 6 : below;
    t.style.top = top + window.scrollY + "px";
  }

  function setupPreviews() {
    document.addEventListener("focusin", function (e) {
      var a = e.target.closest && e.target.closest("a");
      var path = previewable(a);
      if (path) preview(a, path); else if (!(tip && tip.contains(e.target))) hide();
    });
    document.addEventListener("focusout", function (e) {
      if (e.target === owner) hideSoon();
    });
    document.addEventListener("mouseover", function (e) {
      var a = e.target.closest && e.target.closest("a");
      var path = previewable(a);
      if (!path) return;
      clearTimeout(hideTimer);
      if (a !== owner) setTimeout(function () { if (a.matches(":hover")) preview(a, path); }, 200);
    });
    document.addEventListener("mouseout", function (e) {
      if (owner && e.target.closest && e.target.closest("a") === owner) hideSoon();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && tip && !tip.hidden) hide();
    });
    window.addEventListener("scroll", function () { if (owner && document.activeElement !== owner) hide(); }, { passive: true });
  }

  function start() {
    var form = document.querySelector("form.search");
    if (form && form.querySelector("#search-q")) setupSearch(form);
    setupPreviews();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
