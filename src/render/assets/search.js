// dossier's search engine: reads the index under assets/search/ (written by
// src/render/search/shards.rs, which documents its format), loading only the shards
// a query needs. Each shard is a script that calls dossierShard(name, data), so
// the index loads from file:// and under any sub-path, as the rest of the site does.
// dossier.js loads this file on first use and calls dossierSearchIndex(load).
(function () {
  "use strict";
  var shards = {};
  window.dossierShard = function (name, data) { shards[name] = data; };

  // As shards.rs: words too common to find anything by.
  var STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had",
    "has", "have", "he", "her", "his", "in", "is", "it", "its", "not", "of", "on", "or",
    "s", "she", "that", "the", "their", "they", "this", "to", "was", "we", "were", "which",
    "will", "with", "would"]);

  // As shards.rs tokens(): accents dropped, lower case, runs of letters and digits.
  function tokens(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .match(/[\p{Alphabetic}\p{N}]+/gu) || [];
  }

  // A term found by a query word it starts with weighs less the longer it is.
  function expansion(term, len) {
    var extra = term.length - len;
    return extra === 0 ? 1 : 1 / Math.log(Math.max(3, extra));
  }

  // [doc-delta, weight, title-length]… → fn(doc, weight, title-length).
  function decode(flat, fn) {
    for (var i = 0, doc = 0; i < flat.length; i += 3) {
      doc += flat[i];
      fn(doc, flat[i + 1], flat[i + 2]);
    }
  }

  // FNV-1a of the path's UTF-8 bytes: which p file holds its preview.
  function fnv(s) {
    var b = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h;
  }

  window.dossierSearchIndex = function (load) {
    var files = {}, shown = new Map(), index = null;

    function file(name) {
      if (!files[name]) {
        files[name] = load("assets/search/" + name + ".js").then(function () {
          var data = shards[name];
          delete shards[name];
          if (!data) throw new Error("no data in " + name);
          return data;
        });
        files[name].catch(function () { delete files[name]; });
      }
      return files[name];
    }

    function manifest() {
      if (!index) {
        index = file("index").then(function (m) {
          var byKey = new Map();
          m.k.forEach(function (k, i) { byKey.set(k, m.f[i]); });
          return { files: byKey, perFile: m.c, previews: m.p };
        });
        index.catch(function () { index = null; });
      }
      return index;
    }

    function doc(a) { return { u: a[0], k: a[1], t: a[2], m: a[3] }; }

    // What a result shows of document n.
    function result(n) {
      if (shown.has(n)) return Promise.resolve(shown.get(n));
      return manifest().then(function (ix) {
        return file("d" + Math.floor(n / ix.perFile)).then(function (data) {
          var d = doc(data.d[n % ix.perFile]);
          shown.set(n, d);
          return d;
        });
      });
    }

    // The documents one query word finds: doc → {s: score, tl: title length if a
    // title word}. The longest shard prefix of the word says where to look: a leaf
    // holds every term that starts with it; a prefix too common for one shard
    // holds its best documents instead.
    function word(w) {
      return manifest().then(function (ix) {
        var key = w;
        while (!ix.files.has(key)) key = key.slice(0, -1);
        return file("t" + ix.files.get(key)).then(function (data) {
          var found = new Map();
          function add(n, s, tl) {
            var e = found.get(n);
            if (!e) found.set(n, { s: s, tl: tl });
            else { e.s = Math.max(e.s, s); e.tl = Math.max(e.tl, tl); }
          }
          var top = data.i && data.i[key];
          if (top) {
            if (key !== w) return found;
            decode(top, add);
            if (data.t[w]) decode(data.t[w], add);
            Object.keys(data.d || {}).forEach(function (n) {
              if (!shown.has(+n)) shown.set(+n, doc(data.d[n]));
            });
          } else {
            Object.keys(data.t).forEach(function (term) {
              if (term.lastIndexOf(w, 0) !== 0) return;
              var x = expansion(term, w.length);
              decode(data.t[term], function (n, s, tl) { add(n, s * x, tl); });
            });
          }
          return found;
        });
      });
    }

    function bonus(inTitle, onlyTitle) { return inTitle ? (onlyTitle ? 4 : 2) : 1; }
    function order(a, b) { return b.score - a.score || a.n - b.n; }

    // The best `max` documents for `query`, best first: [{doc, score}]. Every word
    // counts as the start of one; a document with all words scores more; one whose
    // title has them all twice that, and four times if it is only them.
    function search(query, max) {
      var all = tokens(query), words = [];
      var done = /[^\p{Alphabetic}\p{N}]$/u.test(query);
      all.forEach(function (w, i) {
        var last = i === all.length - 1 && !done;
        if ((last || !STOP.has(w)) && words.indexOf(w) < 0) words.push(w);
      });
      if (!words.length) return Promise.resolve([]);
      return Promise.all(words.map(word)).then(function (founds) {
        var byDoc = new Map();
        founds.forEach(function (found) {
          found.forEach(function (e, n) {
            var r = byDoc.get(n);
            if (!r) byDoc.set(n, r = { s: 0, words: 0, title: 0, tl: 0 });
            r.s += e.s;
            r.words++;
            if (e.tl) { r.title++; r.tl = e.tl; }
          });
        });
        var hits = [];
        byDoc.forEach(function (r, n) {
          var s = r.s * r.words / words.length;
          hits.push({ n: n, base: s, score: s * bonus(r.title === words.length, r.tl === words.length) });
        });
        hits.sort(order);
        // The bonus again from the titles themselves: a word in thousands of titles
        // ("council") keeps only its best postings, so the postings may miss it; a
        // long title typed whole has more such words, and twice the candidates.
        hits = hits.slice(0, words.length >= 3 ? 2 * max : max);
        return Promise.all(hits.map(function (h) { return result(h.n); })).then(function (docs) {
          hits.forEach(function (h, i) {
            var title = tokens(docs[i].t).filter(function (w) { return !STOP.has(w); });
            var all = words.every(function (w) { return title.some(function (t) { return t.lastIndexOf(w, 0) === 0; }); });
            h.doc = docs[i];
            h.score = Math.max(h.score, h.base * bonus(all, all && title.length === words.length));
          });
          return hits.sort(order).slice(0, max).map(function (h) { return { doc: h.doc, score: h.score }; });
        });
      });
    }

    // What a link's preview shows of the page at site path `path`, or null.
    function preview(path) {
      return manifest().then(function (ix) {
        return file("p" + fnv(path) % ix.previews).then(function (data) {
          var p = data.p[path];
          return p ? { u: path, k: p[0], t: p[1], m: p[2], s: p[3], c: p[4] } : null;
        });
      });
    }

    return { search: search, preview: preview, tokens: tokens };
  };
})();
