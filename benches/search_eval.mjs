#!/usr/bin/env node
// Search quality and bytes per query, over a built site, outside a browser.
//
//   node benches/search_eval.mjs SITE [--per-kind 200] [--old OLD_SITE]
//
// For a sample of documents of each kind (every n-th, so the same on every run), types
// its name letter by letter into the engine of SITE/assets/search.js, as a reader would,
// and reports: how often the document is the first result for its full name (and among
// the first 12), how often the first result at least has that very title (generated
// dossiers repeat titles), the mean reciprocal rank, and the index bytes loaded by the
// time the name is typed (all shards loaded for every prefix, manifest included; the
// median and the largest), and for the whole name searched at once (pasted). For actors it also searches the surname (the last word of the
// name). With --old, the same queries through an elasticlunr site (assets/
// search-index.js, as dossier wrote it before the sharded index) for comparison.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const args = process.argv.slice(2);
const site = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const perKind = +opt('--per-kind', 200);
const old = opt('--old', null);
if (!site) {
  console.error('usage: node search_eval.mjs SITE [--per-kind N] [--old OLD_SITE]');
  process.exit(2);
}

// The sharded engine, with a loader that reads files and counts their bytes.
function engine(root) {
  const ctx = { window: {}, TextEncoder, Map, Set, Promise, Math, Object, Error, console };
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(path.join(root, 'assets/search.js'), 'utf8'), ctx);
  const loaded = new Set();
  let bytes = 0;
  const load = (src) => {
    const file = path.join(root, src);
    const text = fs.readFileSync(file, 'utf8');
    if (!loaded.has(src)) {
      loaded.add(src);
      bytes += Buffer.byteLength(text);
    }
    vm.runInContext(text, ctx);
    return Promise.resolve();
  };
  const db = ctx.dossierSearchIndex(load);
  return {
    search: (q) => db.search(q, 12),
    bytes: () => bytes,
    files: () => loaded.size,
  };
}

// The elasticlunr engine and ranking dossier used before (whole index loaded).
function elastic(root) {
  const ctx = { window: {}, console };
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(path.join(root, 'assets/elasticlunr.min.js'), 'utf8'), ctx);
  vm.runInContext(fs.readFileSync(path.join(root, 'assets/search-index.js'), 'utf8'), ctx);
  const raw = ctx.dossierSearch;
  const index = ctx.elasticlunr.Index.load(raw.index);
  const W = { actor: 1.6, commitment: 1.2, event: 1.1, source: 1.0, discrepancy: 1.0, page: 0.8 };
  return (query) => {
    const q = query.trim().toLowerCase();
    const hits = index.search(q, { fields: { title: { boost: 4 }, aliases: { boost: 4 }, body: { boost: 1 } }, bool: 'OR', expand: true });
    return hits.map((h) => {
      const d = raw.docs[+h.ref];
      const t = d.t.toLowerCase();
      let s = h.score * (W[d.k] || 1);
      if (t === q) s *= 4;
      else if (t.indexOf(q) === 0 || t.indexOf(' ' + q) >= 0) s *= 2;
      return { doc: d, score: s };
    }).sort((a, b) => b.score - a.score).slice(0, 12);
  };
}

// Every document, from the d files: [path, kind, title].
function documents(root) {
  const dir = path.join(root, 'assets/search');
  const ctx = {};
  const docs = [];
  ctx.dossierShard = (name, data) => { docs[+name.slice(1)] = data.d; };
  vm.createContext(ctx);
  for (const f of fs.readdirSync(dir)) if (/^d\d+\.js$/.test(f)) vm.runInContext(fs.readFileSync(path.join(dir, f), 'utf8'), ctx);
  return docs.flat().map((d) => ({ u: d[0], k: d[1], t: d[2] }));
}

function sample(docs) {
  const byKind = {};
  for (const d of docs) (byKind[d.k] ||= []).push(d);
  const out = [];
  for (const [k, list] of Object.entries(byKind)) {
    const step = Math.max(1, Math.floor(list.length / perKind));
    for (let i = 0; i < list.length && out.filter((d) => d.k === k).length < perKind; i += step) out.push(list[i]);
  }
  return out;
}

const docs = documents(site);
const queries = [];
for (const d of sample(docs)) {
  queries.push({ kind: d.k, q: d.t, u: d.u });
  if (d.k === 'actor' && d.t.includes(' ')) queries.push({ kind: 'actor surname', q: d.t.split(' ').pop(), u: d.u });
}
const oldSearch = old ? elastic(old) : null;

const rows = {};
for (const { kind, q, u } of queries) {
  const r = (rows[kind] ||= { n: 0, first: 0, title: 0, top12: 0, rr: 0, bytes: [], once: [], old: { first: 0, title: 0, top12: 0, rr: 0 } });
  const e = engine(site);
  let hits = [];
  for (let i = 1; i <= q.length; i++) hits = await e.search(q.slice(0, i));
  const rank = hits.findIndex((h) => h.doc.u === u);
  r.n++;
  if (rank === 0) r.first++;
  if (hits.length && hits[0].doc.t === q) r.title++;
  const once = engine(site);
  await once.search(q);
  r.once.push(once.bytes());
  if (rank >= 0) { r.top12++; r.rr += 1 / (rank + 1); }
  r.bytes.push(e.bytes());
  if (oldSearch) {
    const oh = oldSearch(q);
    const o = oh.findIndex((h) => h.doc.u === u);
    if (o === 0) r.old.first++;
    if (oh.length && oh[0].doc.t === q) r.old.title++;
    if (o >= 0) { r.old.top12++; r.old.rr += 1 / (o + 1); }
  }
}

const pct = (a, n) => `${((100 * a) / n).toFixed(1)}%`;
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.log(`${site}: ${docs.length} documents`);
console.log('kind            queries  first   title  top-12  MRR    | typed: median      max | at once: median      max' + (old ? ' | elasticlunr: first   title  top-12  MRR' : ''));
let worst = 0;
for (const [kind, r] of Object.entries(rows)) {
  const b = r.bytes.sort((x, y) => x - y);
  const o = r.once.sort((x, y) => x - y);
  worst = Math.max(worst, b[b.length - 1]);
  let line = `${kind.padEnd(15)} ${String(r.n).padStart(7)}  ${pct(r.first, r.n).padStart(6)} ${pct(r.title, r.n).padStart(7)} ${pct(r.top12, r.n).padStart(7)}  ${(r.rr / r.n).toFixed(3)}  | ${kb(b[b.length >> 1]).padStart(13)} ${kb(b[b.length - 1]).padStart(8)} | ${kb(o[o.length >> 1]).padStart(15)} ${kb(o[o.length - 1]).padStart(8)}`;
  if (old) line += ` | ${pct(r.old.first, r.n).padStart(17)} ${pct(r.old.title, r.n).padStart(7)} ${pct(r.old.top12, r.n).padStart(7)}  ${(r.old.rr / r.n).toFixed(3)}`;
  console.log(line);
}
let total = 0;
for (const f of fs.readdirSync(path.join(site, 'assets/search'))) total += fs.statSync(path.join(site, 'assets/search', f)).size;
console.log(`index total ${kb(total)}; most loaded by one typed name ${kb(worst)}`);
