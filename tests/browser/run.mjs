// Browser tests of a built dossier site, in Debian's chromium driven by playwright-core.
//
//   node tests/browser/run.mjs <public-dir>
//
// Serves <public-dir> under a sub-path on 127.0.0.1 (and opens it from file://), visits
// one page of every kind, and checks: no console errors, page errors or failed requests;
// no serious or critical axe-core violation; the relationship map (a link per actor,
// each leading to its actor page); search (ranked results, Enter goes to the first, from
// file://, from a deep page, and the no-JavaScript fallback to the A–Z page); the link
// previews (popover on focus, Escape hides it); the print page as PDF (every section);
// the index pages' filters and sorting (state in the address, from file:// too) and
// the amounts chart against dossier.json.
// Prints one line per check, then every failure (page, expected, seen); exits 1 on any.
//
// Environment: CHROMIUM (default /usr/bin/chromium). Needs poppler-utils (pdftotext,
// pdfinfo) for the PDF check. Never downloads a browser.

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const PREFIX = '/deep/sub/path/';
// The most index a name typed into the search box may load (issue 22: at 100,000 sources).
const SEARCH_MAX_KB = 300;
const MAP_CAP = 150;
const started = Date.now();
const LIMIT_S = Number(process.env.DOSSIER_BROWSER_TIMEOUT || 240);
const JOBS = Math.max(1, Number(process.env.DOSSIER_BROWSER_JOBS || 2));

// ---------------------------------------------------------------- reporting

const failures = [];
let checks = 0;
const current = new AsyncLocalStorage();

/** Records a failure of the running check: where, what was expected, what was seen. */
function fail(where, expected, seen) {
  const c = current.getStore();
  failures.push({ where, expected, seen, order: c ? c.order : -1 });
  if (c) c.failed += 1;
}

/** Queues one named check; run by `runChecks`, the heaviest (`cost`) first. */
const queue = [];
function check(name, fn, cost = 1) {
  queue.push({ name, fn, cost });
}

/** Runs one check; a thrown error is a failure, never an abort of the suite. */
async function runCheck({ name, fn }, order) {
  checks += 1;
  const c = { order, failed: 0 };
  const t = Date.now();
  let note = '';
  await current.run(c, async () => {
    try {
      note = (await fn()) || '';
    } catch (e) {
      fail(name, 'the check to run to completion', String((e && e.stack) || e).split('\n').slice(0, 4).join('\n    '));
    }
  });
  const n = c.failed;
  return `${n ? 'FAIL' : 'ok  '} ${name}${note ? ': ' + note : ''}${n ? ` (${n} failure${n > 1 ? 's' : ''})` : ''} [${Date.now() - t} ms]`;
}

/** Runs the queued checks, `jobs` at a time, printing their lines in queue order. */
async function runChecks(jobs) {
  const lines = [];
  const order = queue.map((_, i) => i).sort((a, b) => queue[b].cost - queue[a].cost || a - b);
  let next = 0;
  let printed = 0;
  const worker = async () => {
    while (next < order.length) {
      const i = order[next++];
      lines[i] = await runCheck(queue[i], i);
      while (printed < queue.length && lines[printed] !== undefined) console.log(lines[printed++]);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
}

const clip = (s, n = 160) => {
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
};

// ---------------------------------------------------------------- the site on disk

const publicArg = process.argv[2];
if (!publicArg) {
  console.error('usage: node tests/browser/run.mjs <public-dir>');
  process.exit(2);
}
const ROOT = fs.realpathSync(path.resolve(publicArg));
if (!fs.existsSync(path.join(ROOT, 'index.html'))) {
  console.error(`${ROOT}: no index.html (build the site first)`);
  process.exit(2);
}
const DATA = JSON.parse(fs.readFileSync(path.join(ROOT, 'dossier.json'), 'utf8'));

/** The page of the actor called `name` (bundled: actors/jens-stoltenberg/index.html). */
function actorPage(name, fallback) {
  const a = Object.values(DATA.actors || {}).find((x) => x.name === name);
  return `actors/${a ? a.id : fallback}/index.html`;
}
const STOLTENBERG = actorPage('Jens Stoltenberg', 'jens-stoltenberg');
const ZELENSKY = actorPage('Volodymyr Zelensky', 'volodymyr-zelensky');

/** The entity directories of a kind (`actors` → ids that have an index.html). */
function entityIds(kind) {
  const dir = path.join(ROOT, kind);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

/** One entity page of a kind: the largest, so that the most markup is checked. */
function pickEntity(kind) {
  const ids = entityIds(kind);
  if (!ids.length) return null;
  const size = (id) => fs.statSync(path.join(ROOT, kind, id, 'index.html')).size;
  return ids.reduce((best, id) => (size(id) > size(best) ? id : best));
}

/** What an entity's page is called (actors/<id>/… → its name, etc.), from dossier.json. */
function entityName(rel) {
  const m = /^(actors|sources|events|commitments|discrepancies)\/([^/]+)\/index\.html$/.exec(rel);
  if (m) {
    const e = DATA[m[1]] && DATA[m[1]][m[2]];
    return e ? e.name || e.title : null;
  }
  const p = /^([^/]+)\/index\.html$/.exec(rel);
  if (p && DATA.pages && DATA.pages[p[1]]) return DATA.pages[p[1]].title;
  return null;
}

// ---------------------------------------------------------------- the sub-path server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Serves ROOT under PREFIX only; 404 for anything else, 400 for `..` in any form. */
function startServer() {
  const server = http.createServer((req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    const raw = req.url.split(/[?#]/)[0];
    if (!raw.startsWith(PREFIX)) return send(404, `not under ${PREFIX}`);
    let rel;
    try {
      rel = decodeURIComponent(raw.slice(PREFIX.length));
    } catch {
      return send(400, 'bad escape');
    }
    const parts = rel.split('/');
    if (parts.some((p) => p === '..' || p === '.') || rel.includes('\\') || rel.includes('\0')) {
      return send(400, 'refused');
    }
    if (rel === '' || rel.endsWith('/')) parts[parts.length - 1] = 'index.html';
    let file;
    try {
      file = fs.realpathSync(path.join(ROOT, ...parts));
    } catch {
      return send(404, 'no such file');
    }
    if (!file.startsWith(ROOT + path.sep)) return send(404, 'outside the site');
    const st = fs.statSync(file);
    if (!st.isFile()) return send(404, 'a folder');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- pages

/**
 * Opens `url` in a new page of `ctx` and watches it: console errors, page errors,
 * failed requests and HTTP errors are failures of `label`. Returns the page; `done()`
 * closes it and reports what was seen. `allowStatus(url)` exempts an expected error.
 */
async function open(ctx, label, url, { allowStatus = () => false, navigates = false } = {}) {
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const loc = m.location();
      const at = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      const hint = loc && /^https?:\/\/[^/]+\/favicon\.ico$/.test(loc.url || '')
        ? ' — the page declares no icon, so the browser asks the server root for /favicon.ico (outside the site when it is served under a sub-path): the page head needs a <link rel="icon" href="…">'
        : '';
      problems.push(`console error: ${clip(m.text(), 300)}${at}${hint}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${clip(e.stack || e.message, 400)}`));
  page.on('requestfailed', (r) => {
    const why = (r.failure() && r.failure().errorText) || '?';
    // A navigation (Enter in the search box) may cancel what the old page was loading.
    if (navigates && why.includes('ERR_ABORTED')) return;
    problems.push(`request failed: ${r.url()} (${why})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !allowStatus(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  page.done = async () => {
    await page.close();
    for (const p of problems) fail(label, 'no console errors, page errors or failed requests', p);
    return problems.length;
  };
  page.response = response;
  return page;
}

/**
 * Runs axe-core on the page; serious and critical violations are failures. axe is
 * evaluated through the DevTools protocol, which the pages' Content-Security-Policy
 * does not govern (a script tag would be refused, as it should be).
 */
async function axe(page, label) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  });
  const bad = results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    const nodes = v.nodes
      .slice(0, 3)
      .map((n) => `\n      at ${n.target}: ${clip(n.html, 200)}${n.summary ? `\n        ${clip(n.summary, 300)}` : ''}`)
      .join('');
    const more = v.nodes.length > 3 ? `\n      … and ${v.nodes.length - 3} more element(s)` : '';
    fail(label, 'no serious or critical axe-core violation', `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element(s))${nodes}${more}`);
  }
  const other = results.length - bad.length;
  return `axe ${bad.length} serious/critical${other ? ` (${other} minor/moderate: ${results.filter((v) => !bad.includes(v)).map((v) => v.id).join(', ')})` : ''}`;
}

// ---------------------------------------------------------------- search

const sameTarget = (href, base, rel) => {
  try {
    return new URL(href, base).pathname.endsWith('/' + rel);
  } catch {
    return false;
  }
};

/** The site path (`actors/x/index.html`) an absolute URL of the site points at. */
function sitePath(abs) {
  const u = new URL(abs);
  if (u.protocol === 'file:') {
    const p = decodeURIComponent(u.pathname);
    return p.startsWith(ROOT + '/') ? p.slice(ROOT.length + 1) : p;
  }
  return u.pathname.startsWith(PREFIX) ? u.pathname.slice(PREFIX.length) : u.pathname;
}

/** The results list as [{href (absolute), text}], [] if none. */
async function results(page) {
  return page.$$eval('#search-results a', (as) => as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
}

/**
 * Types `query` into the search box of `page` and waits (up to 5 s) until `accept`
 * holds for the results list; returns the last list seen.
 */
async function search(page, label, query, accept) {
  const form = page.locator('form[role=search]');
  if ((await form.count()) !== 1) {
    fail(label, 'one form[role=search] on the page', `${await form.count()}`);
    return null;
  }
  const input = form.locator('input#search-q');
  if ((await input.count()) !== 1) {
    fail(label, 'input#search-q inside form[role=search]', 'none');
    return null;
  }
  const type = await input.getAttribute('type');
  if (type !== 'search') fail(label, 'input#search-q of type="search"', `type=${JSON.stringify(type)}`);
  await input.fill('');
  await input.pressSequentially(query, { delay: 20 });
  let list = [];
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    list = await results(page);
    if (accept(list)) break;
    await page.waitForTimeout(100);
  }
  return list;
}

const show = (list) =>
  list.length ? list.slice(0, 5).map((r, i) => `${i + 1}. ${clip(r.text, 60)} → ${sitePath(r.href)}`).join('; ') : 'no #search-results a';

/** Every result's text starts with the name of the entity it links to. */
function checkResultNames(label, list) {
  for (const r of list) {
    const rel = sitePath(r.href);
    const name = entityName(rel);
    if (name && !r.text.startsWith(name)) {
      fail(label, `result for ${rel} to start with its name "${name}"`, `"${clip(r.text, 80)}"`);
    }
  }
}

/** Stoltenberg first, Enter goes there. */
async function stoltenbergSearch(page, label) {
  const list = await search(page, label, 'Stoltenberg', (l) => l.length && sameTarget(l[0].href, page.url(), STOLTENBERG));
  if (!list) return 'no search box';
  if (!list.length || !sameTarget(list[0].href, page.url(), STOLTENBERG)) {
    fail(label, `"Stoltenberg": first result ${STOLTENBERG}`, show(list));
    return 'no result';
  }
  checkResultNames(label, list);
  await page.locator('input#search-q').press('Enter');
  try {
    await page.waitForURL((u) => u.pathname.endsWith('/' + STOLTENBERG), { timeout: 5000 });
  } catch {
    fail(label, `Enter in the search box to go to ${STOLTENBERG}`, `stayed at ${page.url()}`);
    return `${list.length} results`;
  }
  await page.waitForLoadState('load');
  const h1 = (await page.locator('h1').first().textContent({ timeout: 3000 }).catch(() => '')) || '';
  if (!h1.includes('Jens Stoltenberg')) fail(label, 'h1 of the page Enter leads to to contain "Jens Stoltenberg"', `"${clip(h1)}"`);
  return `${list.length} results, first ${sitePath(list[0].href)}, Enter → ${sitePath(page.url())}`;
}

// ---------------------------------------------------------------- popover

/** Focus a link to `kind` inside main: #dossier-preview shows its name; Escape hides it. */
async function popover(page, label, kind) {
  const links = page.locator(`main a[href*="${kind}/"]`);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const re = new RegExp(`(^|/)${kind}/([^/#?]+)/index\\.html$`);
  const i = hrefs.findIndex((h) => re.test(h));
  if (i < 0) {
    fail(label, `a link to a ${kind} page inside main`, 'none');
    return;
  }
  const link = links.nth(i);
  const rel = sitePath(new URL(hrefs[i], page.url()).href);
  const name = entityName(rel);
  await link.focus();
  const preview = page.locator('#dossier-preview');
  try {
    await preview.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    fail(label, `focusing the link to ${rel} to show a visible #dossier-preview`, (await preview.count()) ? 'present but hidden' : 'no #dossier-preview');
    return `${kind}: no preview`;
  }
  const role = await preview.getAttribute('role');
  if (role !== 'tooltip') fail(label, '#dossier-preview role="tooltip"', `role=${JSON.stringify(role)}`);
  const text = (await preview.textContent()) || '';
  if (name && !text.includes(name)) fail(label, `#dossier-preview for ${rel} to contain "${name}"`, `"${clip(text)}"`);
  const described = await link.getAttribute('aria-describedby');
  if (!(described || '').split(/\s+/).includes('dossier-preview')) {
    fail(label, `the focused link to ${rel} to have aria-describedby="dossier-preview"`, `${JSON.stringify(described)}`);
  }
  await page.keyboard.press('Escape');
  try {
    await preview.waitFor({ state: 'hidden', timeout: 2000 });
  } catch {
    fail(label, 'Escape to hide #dossier-preview', 'still visible');
  }
  return `${kind} ${name || rel}`;
}

// ---------------------------------------------------------------- the run

async function main() {
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const base = origin + PREFIX;
  const fileBase = pathToFileURL(ROOT + '/').href;
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-browser-'));
  console.log(`site ${ROOT}, served at ${base}; browser ${executablePath}`);

  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ctx.setDefaultTimeout(20000);

    check('server: only the sub-path is served', async () => {
      const probes = [
        [origin + '/index.html', 404],
        [base + '..%2findex.html', 400],
        [base + 'index.html', 200],
      ];
      for (const [u, want] of probes) {
        const r = await fetch(u);
        if (r.status !== want) fail('server', `${u} → ${want}`, `${r.status}`);
      }
    }, 100);

    // One page of every kind.
    const kinds = [
      ['overview', 'index.html'],
      ['actors index', 'actors/index.html'],
      ['actor', 'actors', true],
      ['sources index', 'sources/index.html'],
      ['source', 'sources', true],
      ['event', 'events', true],
      ['timeline', 'timeline/index.html'],
      ['commitments index', 'commitments/index.html'],
      ['commitment', 'commitments', true],
      ...Object.values(DATA.commitments || {}).filter((c) => (c.history || []).length).slice(0, 1)
        .map((c) => ['commitment with history and amounts', `commitments/${c.id}/index.html`]),
      ['discrepancies index', 'discrepancies/index.html'],
      ['discrepancy', 'discrepancies', true],
      ...Object.keys(DATA.pages || {}).map((slug) => [`page ${slug}`, `${slug}/index.html`]),
      ['coverage', 'coverage/index.html'],
      ['map', 'map/index.html'],
      ['corrections', 'corrections/index.html'],
      ['print', 'print/index.html'],
      ['A–Z', 'az/index.html'],
      ['404', '404.html'],
    ];
    const picked = {};
    for (const [kind, where, entity] of kinds) {
      let rel = where;
      if (entity) {
        const id = pickEntity(where);
        if (!id) {
          check(`page ${kind}`, async () => fail(kind, `at least one ${where}/<id>/index.html`, 'none'));
          continue;
        }
        picked[where] = id;
        rel = `${where}/${id}/index.html`;
      }
      const label = `${kind} (${rel})`;
      check(`page ${label}`, async () => {
        if (!fs.existsSync(path.join(ROOT, rel))) {
          fail(label, `${rel} in the built site`, 'no such file');
          return 'missing';
        }
        const page = await open(ctx, label, base + rel);
        const status = page.response ? page.response.status() : 0;
        if (status !== 200) fail(label, 'HTTP 200', `${status}`);
        const note = await axe(page, label);
        const n = await page.done();
        return `${n} console/network errors, ${note}`;
      }, fs.existsSync(path.join(ROOT, rel)) ? 1 + fs.statSync(path.join(ROOT, rel)).size / 20000 : 0);
    }

    // The relationship map.
    check('map: one link per actor, each to its actor page', async () => {
      const label = 'map (map/index.html)';
      const actors = entityIds('actors');
      const want = Math.min(actors.length, MAP_CAP);
      const page = await open(ctx, label, base + 'map/index.html');
      const svg = await page.$$eval('main svg', (svgs) =>
        svgs.map((s) => ({
          title: !!s.querySelector(':scope > title') && s.querySelector(':scope > title').textContent.trim(),
          label: s.getAttribute('aria-label') || s.getAttribute('aria-labelledby'),
          links: [...s.querySelectorAll('a')].map((a) => ({
            href: a.getAttribute('href') || a.getAttribute('xlink:href'),
            text: a.textContent.trim(),
          })),
        })),
      );
      const pageUrl = page.url();
      await page.done();
      if (!svg.length) {
        fail(label, 'an svg in main', 'none');
        return;
      }
      const map = svg.reduce((a, b) => (b.links.length > a.links.length ? b : a));
      if (!map.title && !map.label) fail(label, 'the map svg to have a <title> or aria-label', 'neither');
      const links = map.links.filter((l) => l.href);
      if (links.length !== want) fail(label, `${want} linked nodes (min(${actors.length} actors, ${MAP_CAP}))`, `${links.length}`);
      const seen = new Set();
      let ok = 0;
      for (const l of links) {
        const rel = sitePath(new URL(l.href, pageUrl).href);
        const m = /^actors\/([^/]+)\/index\.html$/.exec(rel);
        if (!m) {
          fail(label, 'every node link to lead to actors/<id>/index.html', `${l.href} (${clip(l.text, 40)})`);
          continue;
        }
        if (seen.has(m[1])) fail(label, 'one node per actor', `${m[1]} twice`);
        seen.add(m[1]);
        const r = await fetch(new URL(l.href, pageUrl));
        const body = await r.text();
        const name = entityName(rel);
        if (r.status !== 200) fail(label, `${l.href} → 200`, `${r.status}`);
        else if (!name || !/<h1[^>]*>/.test(body) || !body.includes(name.replace(/&/g, '&amp;'))) {
          fail(label, `${l.href} to be the actor page of ${m[1]}`, name ? `no h1 naming ${name}` : `no actor ${m[1]} in dossier.json`);
        } else ok += 1;
      }
      return `${links.length} nodes (${actors.length} actors), ${ok} links lead to their actor pages, svg ${map.title ? `<title> "${clip(map.title, 40)}"` : 'aria-label'}`;
    });

    // The map's names, measured with their real boxes: none overlaps another, none
    // sits on another actor's node, all inside the picture.
    check('map: every name readable (no overlaps, inside the picture)', async () => {
      const label = 'map labels (map/index.html)';
      const page = await open(ctx, label, base + 'map/index.html');
      const m = await page.$eval('main svg.map', (svg) => {
        const frame = svg.getBoundingClientRect();
        const nodes = [...svg.querySelectorAll('a.node')].map((a) => {
          const c = a.querySelector('circle').getBoundingClientRect();
          const t = a.querySelector('text');
          const r = t && t.getBoundingClientRect();
          return {
            name: a.querySelector('title').textContent,
            circle: [c.left, c.top, c.right, c.bottom],
            text: r && [r.left, r.top, r.right, r.bottom],
          };
        });
        return { frame: [frame.left, frame.top, frame.right, frame.bottom], nodes };
      });
      await page.done();
      const over = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
      const problems = [];
      const labelled = m.nodes.filter((n) => n.text);
      for (const [i, a] of labelled.entries()) {
        for (const b of labelled.slice(i + 1)) if (over(a.text, b.text)) problems.push(`"${a.name}" overlaps "${b.name}"`);
        for (const b of m.nodes) if (b !== a && over(a.text, b.circle)) problems.push(`"${a.name}" sits on the node of "${b.name}"`);
        const f = m.frame;
        if (a.text[0] < f[0] || a.text[1] < f[1] || a.text[2] > f[2] || a.text[3] > f[3]) problems.push(`"${a.name}" is outside the picture`);
      }
      for (const p of problems) fail(label, 'no name overlapping another name or node, every name inside the picture', p);
      return `${labelled.length} names on ${m.nodes.length} nodes, ${problems.length} overlaps`;
    });

    // The index pages' filters and sorting (assets/filter.js), the address keeping them.
    const commitmentList = Object.values(DATA.commitments || {});
    const idOf = (href) => (/([^/]+)\/index\.html$/.exec(href) || [])[1];
    const shownIds = (page, selector) =>
      page.$$eval(selector, (els) => els.filter((e) => !e.hidden && e.offsetParent !== null).map((e) => e.querySelector('a').getAttribute('href')))
        .then((hrefs) => hrefs.map(idOf).sort());
    const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    const ready = (page) => page.waitForSelector('form.filters:not([hidden])', { state: 'visible' });
    // The actor who made the most commitments, but not all of them.
    const byCounts = {};
    for (const c of commitmentList) for (const a of c.by || []) byCounts[a] = (byCounts[a] || 0) + 1;
    const filterActor = Object.keys(byCounts).filter((a) => byCounts[a] < commitmentList.length).sort((a, b) => byCounts[b] - byCounts[a] || (a < b ? -1 : 1))[0];

    check('filters: commitments by actor; the address keeps the choice (sub-path server)', async () => {
      const label = 'filters by actor (http sub-path)';
      if (!filterActor) return fail(label, 'an actor who made some commitments but not all', 'none');
      // It reloads the page: the reload may cancel what the page was still loading (its icon).
      const page = await open(ctx, label, base + 'commitments/index.html', { navigates: true });
      await ready(page);
      await page.selectOption('select[name="by"]', filterActor);
      const want = commitmentList.filter((c) => (c.by || []).includes(filterActor)).map((c) => c.id).sort();
      const seen = await shownIds(page, '#list tbody tr');
      if (!sameList(seen, want)) fail(label, `the ${want.length} commitments by ${filterActor}: ${want.join(', ')}`, seen.join(', '));
      const url = new URL(page.url());
      if (url.searchParams.get('by') !== filterActor) fail(label, `?by=${filterActor} in the address`, page.url());
      const count = await page.textContent('.filter-count');
      if (!count.includes(`${want.length} of ${commitmentList.length}`)) fail(label, `the live count "${want.length} of ${commitmentList.length}"`, count);
      await page.reload({ waitUntil: 'load' });
      await ready(page);
      const kept = await page.inputValue('select[name="by"]');
      const again = await shownIds(page, '#list tbody tr');
      if (kept !== filterActor || !sameList(again, want)) fail(label, 'the reloaded address restores the filter', `select ${kept}, ${again.length} rows`);
      const n = await page.done();
      return `${want.length} of ${commitmentList.length} by ${filterActor}, ${n} errors`;
    });

    check('filters: commitments by status and sorted by date, from file://', async () => {
      const label = 'filters by status (file://)';
      const statuses = [...new Set(commitmentList.map((c) => c.status).filter(Boolean))].sort();
      if (statuses.length < 2) return fail(label, 'two statuses among the commitments', statuses.join(', '));
      const [first, second] = statuses;
      // It reloads the page: the reload may cancel what the page was still loading (its icon).
      const page = await open(ctx, label, fileBase + `commitments/index.html?status=${first}`, { navigates: true });
      await ready(page);
      for (const st of [first, second]) {
        if (st === second) await page.selectOption('select[name="status"]', st);
        const want = commitmentList.filter((c) => c.status === st).map((c) => c.id).sort();
        const seen = await shownIds(page, '#list tbody tr');
        if (!sameList(seen, want)) fail(label, `the ${want.length} commitments ${st}`, seen.join(', '));
        if (new URL(page.url()).searchParams.get('status') !== st) fail(label, `?status=${st} in the file:// address`, page.url());
      }
      // Sorting by keyboard: Enter on the Date heading, twice.
      await page.click('button[type="reset"]');
      await page.waitForFunction(() => !location.search);
      const dates = () => page.$$eval('#list tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => r.cells[3].getAttribute('data-sort')));
      const button = page.locator('th[data-key="date"] button');
      for (const order of ['ascending', 'descending']) {
        await button.focus();
        await page.keyboard.press('Enter');
        const aria = await page.getAttribute('th[data-key="date"]', 'aria-sort');
        const got = await dates();
        const dated = got.filter((d) => d);
        const sorted = [...dated].sort();
        if (order === 'descending') sorted.reverse();
        if (aria !== order || !sameList(dated, sorted) || got.length !== commitmentList.length || (got.indexOf('') >= 0 && got.slice(got.indexOf('')).some((d) => d)))
          fail(label, `rows by date, ${order}, undated last; aria-sort=${order}`, `aria-sort=${aria}; ${got.join(' ')}`);
      }
      const url = new URL(page.url());
      if (url.searchParams.get('sort') !== 'date' || url.searchParams.get('order') !== 'desc') fail(label, '?sort=date&order=desc', page.url());
      const status = await page.textContent('.filter-count');
      if (!/date/i.test(status)) fail(label, 'the live status to say how the table is sorted', status);
      await page.reload({ waitUntil: 'load' });
      await ready(page);
      const aria = await page.getAttribute('th[data-key="date"]', 'aria-sort');
      if (aria !== 'descending') fail(label, 'the reloaded address restores the sort', `aria-sort=${aria}`);
      const n = await page.done();
      return `${first} then ${second}, sorted both ways, ${n} errors`;
    });

    check('filters: actors by name (an alias, without accents) and kind; sources by title', async () => {
      const label = 'filters actors and sources (http sub-path)';
      const page = await open(ctx, label, base + 'actors/index.html?name=Zelensk%C3%AD', { navigates: true });
      await ready(page);
      const seen = await shownIds(page, '#list [data-item]');
      const zelensky = idOf(ZELENSKY);
      if (!seen.includes(zelensky)) fail(label, `"Zelenskí" (?name=Zelensk%C3%AD) shows ${zelensky}`, seen.join(', '));
      const texts = await page.$$eval('#list [data-item]:not([hidden])', (els) => els.map((e) => e.getAttribute('data-text')));
      for (const t of texts) if (!t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().includes('zelenski')) fail(label, 'only actors called so', t);
      const emptyGroups = await page.$$eval('#list [data-group]', (gs) => gs.filter((g) => !g.hidden && !g.querySelector('[data-item]:not([hidden])')).length);
      if (emptyGroups) fail(label, 'kinds without a match hidden', `${emptyGroups} shown empty`);
      await page.fill('input[name="name"]', '');
      await page.selectOption('select[name="kind"]', 'country');
      const kinds = await page.$$eval('#list [data-item]:not([hidden])', (els) => [...new Set(els.map((e) => e.getAttribute('data-kind')))]);
      const countries = Object.values(DATA.actors || {}).filter((a) => a.kind === 'country').length;
      const shown = await page.$$eval('#list [data-item]:not([hidden])', (els) => els.length);
      if (kinds.join() !== '|country|' || shown !== countries) fail(label, `the ${countries} countries only`, `${shown}: ${kinds.join(' ')}`);
      if (new URL(page.url()).searchParams.get('kind') !== 'country') fail(label, '?kind=country', page.url());
      await page.goto(base + 'sources/index.html', { waitUntil: 'load' });
      await ready(page);
      const sources = Object.values(DATA.sources || {});
      const target = sources[sources.length - 1];
      const word = target.title.split(/\s+/).sort((a, b) => b.length - a.length)[0];
      await page.fill('input[name="title"]', word.toUpperCase());
      const rows = await shownIds(page, '#list tbody tr');
      const want = sources.filter((x) => x.title.toLowerCase().includes(word.toLowerCase())).map((x) => x.id).sort();
      if (!sameList(rows, want)) fail(label, `"${word}" in capitals finds ${want.join(', ')}`, rows.join(', '));
      const n = await page.done();
      return `${seen.length} for "zelenski", ${shown} countries, ${rows.length} sources for "${word}", ${n} errors`;
    });

    check('on a phone: the sort headings show as buttons, the map\'s names stay readable', async () => {
      const label = 'filters phone (file://)';
      const phone = await browser.newContext({ viewport: { width: 390, height: 800 } });
      const page = await phone.newPage();
      await page.goto(fileBase + 'commitments/index.html', { waitUntil: 'load' });
      await ready(page);
      const box = await page.locator('th[data-key="date"] button').boundingBox();
      if (!box || box.width < 20 || box.height < 10) fail(label, 'a visible Date button above the cards', JSON.stringify(box));
      // The map keeps its names readable and scrolls sideways instead of shrinking.
      await page.goto(fileBase + 'map/index.html', { waitUntil: 'load' });
      const names = await page.$$eval('svg.map .node text', (ts) => ts.map((t) => t.getBoundingClientRect().height));
      const smallest = names.length ? Math.min(...names) : 0;
      if (smallest < 10) fail(label, "the map's names at least 10 px tall on a 390 px screen", `${smallest.toFixed(1)} px`);
      const pans = await page.$eval('.map-pan', (p) => p.scrollWidth > p.clientWidth);
      if (!pans) fail(label, 'the map scrolls sideways on a phone', 'it fits the screen (names shrunk)');
      await phone.close();
      return `${box ? `${Math.round(box.width)}×${Math.round(box.height)} px button` : 'no button'}, map names ≥ ${smallest.toFixed(1)} px`;
    });

    check("chart: the amounts' tables and bars say what dossier.json says", async () => {
      const label = 'amounts chart (http sub-path)';
      const sums = {};
      for (const c of commitmentList) for (const a of c.amounts || []) for (const by of c.by || []) {
        const k = `${a.currency} ${by}`;
        sums[k] = sums[k] || [0, 0];
        sums[k][a.kind === 'delivered' ? 1 : 0] += a.value;
      }
      const keys = Object.keys(sums);
      if (!keys.length) return fail(label, 'a commitment with amounts in the site', 'none');
      const page = await open(ctx, label, base + 'commitments/index.html');
      const tables = await page.$$eval('#amounts h3', (hs) => hs.map((h) => {
        const currency = h.textContent.trim();
        let el = h.nextElementSibling;
        while (el && !el.querySelector('table')) el = el.nextElementSibling;
        const rows = [...el.querySelectorAll('tbody tr')].map((r) => ({
          href: r.querySelector('th a') && r.querySelector('th a').getAttribute('href'),
          nums: [...r.querySelectorAll('td')].map((td) => Number(td.textContent.replace(/[^\d.]/g, ''))),
        }));
        const bars = [...h.parentElement.querySelectorAll(`#amounts-${currency} + figure svg text.value`)].map((t) => t.textContent);
        return { currency, rows, bars };
      }));
      let rowsSeen = 0;
      for (const k of keys) {
        const [currency, by] = k.split(' ');
        const t = tables.find((x) => x.currency === currency);
        const row = t && t.rows.find((r) => idOf(r.href || '') === by);
        rowsSeen += row ? 1 : 0;
        if (!row || row.nums[0] !== sums[k][0] || row.nums[1] !== sums[k][1]) fail(label, `${by} in ${currency}: pledged ${sums[k][0]}, delivered ${sums[k][1]}`, row ? row.nums.join(' / ') : 'no row');
      }
      for (const t of tables) if (t.bars.length !== t.rows.length) fail(label, `one bar label per table row in ${t.currency}`, `${t.bars.length} bars, ${t.rows.length} rows`);
      const n = await page.done();
      return `${tables.length} currencies, ${rowsSeen} actor rows match, ${n} errors`;
    });

    // Search, over the sub-path server, from a deep page, from file://.
    // "Stoltenberg" typed into the box on the page at `url`: his page first, Enter opens it.
    const stoltenbergFrom = (title, label, url) =>
      check(title, async () => {
        const page = await open(ctx, label, url, { navigates: true });
        const note = await stoltenbergSearch(page, label);
        await page.done();
        return note;
      });
    stoltenbergFrom('search: "Stoltenberg" on the overview (sub-path server)', 'search overview (http sub-path)', base + 'index.html');
    check('search: "Zelenski" (an alias) finds Zelensky', async () => {
      const label = 'search Zelenski (http sub-path)';
      const page = await open(ctx, label, base + 'index.html');
      const list = await search(page, label, 'Zelenski', (l) => l.some((r) => sameTarget(r.href, page.url(), ZELENSKY)));
      let note = 'no search box';
      if (list) {
        const at = list.findIndex((r) => sameTarget(r.href, page.url(), ZELENSKY));
        if (at < 0) fail(label, `"Zelenski": a result ${ZELENSKY}`, show(list));
        else if (at > 0) fail(label, `"Zelenski": ${ZELENSKY} first`, show(list));
        checkResultNames(label, list);
        note = `${list.length} results, Zelensky at ${at < 0 ? 'none' : at + 1}`;
        // The page with results open is checked by axe too.
        if (list.length) note += ', ' + (await axe(page, label + ' with results open'));
      }
      await page.done();
      return note;
    });
    check('search by keyboard: arrows walk the results, Escape closes them', async () => {
      const label = 'search keyboard (http sub-path)';
      const page = await open(ctx, label, base + 'index.html', { navigates: true });
      const list = await search(page, label, 'Stoltenberg', (l) => l.length >= 2);
      if (!list || list.length < 2) {
        fail(label, 'at least two results for "Stoltenberg"', list ? show(list) : 'no search box');
        await page.done();
        return;
      }
      const focused = () => page.evaluate(() => document.activeElement.id || document.activeElement.href || '');
      const input = page.locator('input#search-q');
      await input.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      if ((await focused()) !== list[1].href) fail(label, 'Down, Down to focus the second result', await focused());
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      if ((await focused()) !== 'search-q') fail(label, 'Up, Up back to the search box', await focused());
      await input.press('Escape');
      if (!(await page.locator('#search-results').isHidden())) fail(label, 'Escape to close the results', 'still shown');
      await input.pressSequentially('Stoltenberg', { delay: 10 });
      await page.locator('#search-results a').nth(1).waitFor();
      await input.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const second = list[1].href;
      try {
        await Promise.all([page.waitForURL((u) => u.href === second, { timeout: 5000 }), page.keyboard.press('Enter')]);
      } catch {
        fail(label, `Enter on the focused second result to open ${sitePath(second)}`, page.url());
      }
      await page.done();
      return `Down/Up/Escape work, Enter on result 2 → ${sitePath(page.url())}`;
    });
    check('search on the A–Z page runs its ?q=', async () => {
      const label = 'A–Z ?q= (http sub-path)';
      const page = await open(ctx, label, base + 'az/index.html?q=Stoltenberg');
      let list = [];
      const until = Date.now() + 5000;
      while (Date.now() < until && !list.length) {
        list = await results(page);
        if (!list.length) await page.waitForTimeout(100);
      }
      if (!list.length || !sameTarget(list[0].href, page.url(), STOLTENBERG)) fail(label, `results for ?q=Stoltenberg, first ${STOLTENBERG}`, show(list));
      const value = await page.locator('input#search-q').inputValue();
      if (value !== 'Stoltenberg') fail(label, 'the box to show the query', JSON.stringify(value));
      await page.done();
      return `${list.length} results, first ${list.length ? sitePath(list[0].href) : 'none'}`;
    });
    const deep = picked.actors ? `actors/${picked.actors}/index.html` : 'actors/index.html';
    stoltenbergFrom(`search: "Stoltenberg" from a deep page (${deep})`, `search ${deep} (http sub-path)`, base + deep);
    stoltenbergFrom('search: "Stoltenberg" with the site opened from file://', 'search overview (file://)', fileBase + 'index.html');
    // Search at scale: a name typed letter by letter from file:// loads only the shards
    // of the index it needs (assets/search/), here and on a larger generated site.
    const searchSites = [[ROOT, 'Jens Stoltenberg', STOLTENBERG]];
    if (process.env.DOSSIER_SEARCH_SITE) {
      const root = fs.realpathSync(process.env.DOSSIER_SEARCH_SITE);
      const actors = Object.values(JSON.parse(fs.readFileSync(path.join(root, 'dossier.json'), 'utf8')).actors || {});
      const a = actors[actors.length >> 1];
      if (a) searchSites.push([root, a.name, `actors/${a.id}/index.html`]);
      else fail('search at scale', `actors in ${root}/dossier.json`, 'none');
    }
    for (const [root, name, target] of searchSites) {
      check(`search: "${name}" typed from file:// loads at most ${SEARCH_MAX_KB} KB of index`, async () => {
        const label = `search bytes (${root === ROOT ? 'bundled' : 'generated'}, file://)`;
        const page = await open(ctx, label, pathToFileURL(root + '/').href + 'index.html');
        const requested = [];
        page.on('requestfinished', (r) => requested.push(r.url()));
        const list = await search(page, label, name, (l) => l.length && sameTarget(l[0].href, page.url(), target));
        if (!list || !list.length || !sameTarget(list[0].href, page.url(), target)) {
          fail(label, `"${name}": first result ${target}`, list ? show(list) : 'no search box');
        }
        const ofIndex = (urls) => [...new Set(urls.filter((u) => u.includes('/assets/search/')))].sort();
        // The last letter typed may add a shard after the result already shows, and
        // a shard may be added while another loads: compare only once the scripts
        // added and the requests finished have agreed and stayed the same for 0.5 s.
        const added = async () => ofIndex(await page.$$eval('script[src]', (s) => s.map((e) => e.src)));
        let scripts = await added();
        let loaded = ofIndex(requested);
        for (let still = 0, until = Date.now() + 5000; still < 5 && Date.now() < until; ) {
          await page.waitForTimeout(100);
          const [now, got] = [await added(), ofIndex(requested)];
          const settled = now.join() === scripts.join() && got.join() === loaded.join() && now.join() === got.join();
          still = settled ? still + 1 : 0;
          [scripts, loaded] = [now, got];
        }
        await page.done();
        if (loaded.join() !== scripts.join()) {
          const only = (a, b) => a.filter((u) => !b.includes(u)).map((u) => u.split('/assets/search/')[1]);
          fail(label, 'a finished request for every index script added to the page, and no other',
            `${loaded.length} requested, ${scripts.length} added; added, not loaded: [${only(scripts, loaded)}]; loaded, not added: [${only(loaded, scripts)}]`);
        }
        const size = (f) => fs.statSync(f).size;
        const bytes = loaded.reduce((sum, u) => sum + size(fileURLToPath(u)), 0);
        const dir = path.join(root, 'assets/search');
        const total = fs.readdirSync(dir).reduce((sum, f) => sum + size(path.join(dir, f)), 0);
        const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
        if (bytes > SEARCH_MAX_KB * 1024) fail(label, `at most ${SEARCH_MAX_KB} KB of index loaded for "${name}"`, `${kb(bytes)} in ${loaded.length} files`);
        if (root !== ROOT && bytes * 4 > total) fail(label, 'a quarter of the index or less loaded', `${kb(bytes)} of ${kb(total)}`);
        return `${loaded.length} index files, ${kb(bytes)} of ${kb(total)} loaded`;
      });
    }
    check('search without JavaScript: the form leads to the A–Z page', async () => {
      const label = 'search overview (JavaScript off)';
      const noJs = await browser.newContext({ javaScriptEnabled: false });
      noJs.setDefaultTimeout(20000);
      try {
        const page = await open(noJs, label, base + 'index.html', { navigates: true });
        const form = page.locator('form[role=search]');
        if ((await form.count()) !== 1) {
          fail(label, 'one form[role=search]', `${await form.count()}`);
          await page.done();
          return;
        }
        const action = await form.evaluate((f) => f.action);
        if (!sameTarget(action, page.url(), 'az/index.html')) fail(label, 'form action → az/index.html', action || '(none)');
        await page.locator('input#search-q').fill('Stoltenberg');
        try {
          await Promise.all([page.waitForNavigation({ timeout: 5000 }), page.locator('input#search-q').press('Enter')]);
        } catch {
          fail(label, 'Enter in the search box to submit the form', `stayed at ${page.url()}`);
          await page.done();
          return;
        }
        const at = sitePath(page.url().split(/[?#]/)[0]);
        if (at !== 'az/index.html') fail(label, 'submitting the form to load az/index.html', page.url());
        const hrefs = await page.$$eval('main a', (as) => as.filter((a) => a.textContent.includes('Jens Stoltenberg')).map((a) => a.href));
        if (!hrefs.some((h) => sameTarget(h, page.url(), STOLTENBERG))) {
          fail(label, `the A–Z page to list Jens Stoltenberg as a link to ${STOLTENBERG}`, hrefs.length ? hrefs.join(', ') : 'no such link');
        }
        await page.done();
        return `action ${sitePath(action || base)}, submitted → ${at}`;
      } finally {
        await noJs.close();
      }
    });

    // Link previews.
    check('popover: focusing an actor link and a commitment link on the overview', async () => {
      const label = 'popover overview';
      const page = await open(ctx, label, base + 'index.html');
      const notes = [];
      for (const kind of ['actors', 'commitments']) {
        const n = await popover(page, label, kind);
        if (n) notes.push(n);
      }
      await page.done();
      return notes.join('; ');
    });

    // The print page as PDF.
    check('print: PDF has every section', async () => {
      const label = 'print (print/index.html)';
      const page = await open(ctx, label, base + 'print/index.html');
      const headings = await page.$$eval('main h2', (hs) =>
        hs.map((h) => ({ text: h.textContent.replace(/\s+/g, ' ').trim(), section: !h.closest('.editors') })),
      );
      const pdf = path.join(tmp, 'print.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      await page.done();
      const norm = (s) => s.normalize('NFKC').replace(/[\u00ad]/g, '').replace(/\s+/g, ' ').toLowerCase();
      let text, info;
      try {
        text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
        info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      } catch (e) {
        fail(label, 'pdftotext and pdfinfo (apt-get install poppler-utils)', String(e.message || e));
        return;
      }
      const pages = Number((/^Pages:\s+(\d+)/m.exec(info) || [])[1] || 0);
      const flat = norm(text);
      const missing = headings.filter((h) => !flat.includes(norm(h.text)));
      for (const h of missing) fail(label, `the PDF text to contain the heading "${h.text}"`, 'not found');
      if (!headings.length) fail(label, 'h2 headings on the print page', 'none');
      const sections = headings.filter((h) => h.section);
      const line = `print PDF: ${pages} pages, ${sections.length - missing.filter((h) => h.section).length} of ${sections.length} sections found (${headings.length - missing.length} of ${headings.length} h2 headings)`;
      return line;
    }, 15);

    // "Copy as evidence", in `dossier serve` only (tests/it/browser.rs starts it and
    // pastes the copied item into a commitment, which must build).
    const serveUrl = process.env.DOSSIER_SERVE_URL;
    if (serveUrl) {
      check('copy as evidence: a quotation selected in serve, copied with its speaker', async () => {
        const label = 'copy as evidence';
        const served = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await served.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serveUrl).origin });
        const page = await served.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        try {
          await page.goto(serveUrl + 'sources/g7-leaders-sign-statement/index.html');
          await page.waitForSelector('#dossier-evidence', { state: 'attached' });
          // Select the words of Kishida's quotation in paragraph 4, across the mention marks.
          const selected = await page.evaluate(() => {
            const p = document.querySelector('.seed-text .text p#p4');
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const want = 'Our solidarity will never waver';
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const i = n.nodeValue.indexOf(want);
              if (i >= 0) {
                const r = document.createRange();
                r.setStart(n, i);
                r.setEnd(n, i + want.length);
                const sel = getSelection();
                sel.removeAllRanges();
                sel.addRange(r);
                return sel.toString();
              }
            }
            return null;
          });
          if (!selected) return fail(label, 'the quotation in paragraph 4', 'not found');
          await page.waitForSelector('#dossier-evidence:not([hidden])', { timeout: 5000 });
          // Keyboard: Tab-free, the key "e" copies; the button is a real, labelled button.
          const role = await page.getAttribute('#dossier-evidence button', 'aria-keyshortcuts');
          if (role !== 'e') fail(label, 'the button to announce its key (aria-keyshortcuts="e")', String(role));
          await page.keyboard.press('e');
          await page.waitForFunction(() => document.documentElement.hasAttribute('data-evidence-copied'), null, { timeout: 5000 });
          const copied = await page.evaluate(() => navigator.clipboard.readText());
          const want = "- source: g7-leaders-sign-statement\n  quote: 'Our solidarity will never waver'\n  speaker: fumio-kishida\n";
          if (copied !== want) fail(label, JSON.stringify(want), JSON.stringify(copied));
          // A whole paragraph, with its number and citation marks, copies the text only.
          await page.evaluate(() => {
            const p = document.querySelector('.seed-text .text p#p1');
            const r = document.createRange();
            r.setStart(p, 0);
            r.setEnd(p, p.childNodes.length);
            const sel = getSelection();
            sel.removeAllRanges();
            sel.addRange(r);
          });
          await page.waitForTimeout(200);
          await page.click('#dossier-evidence button');
          await page.waitForFunction(
            (prev) => document.documentElement.getAttribute('data-evidence-copied') !== prev,
            copied,
            { timeout: 5000 },
          );
          const second = await page.evaluate(() => navigator.clipboard.readText());
          if (!second.startsWith("- source: g7-leaders-sign-statement\n  quote: 'The leaders of the G7") || second.includes('[')) {
            fail(label, 'paragraph 1 without its number or citation marks', JSON.stringify(second));
          }
          if (process.env.DOSSIER_EVIDENCE_OUT) fs.writeFileSync(process.env.DOSSIER_EVIDENCE_OUT, copied + second);
          for (const e of errors) fail(label, 'no page errors', e);
          return clip(copied.replace(/\n/g, ' | '), 120);
        } finally {
          await served.close();
        }
      }, 5);
    }

    await runChecks(JOBS);
    await ctx.close();
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// A hung browser must not hang CI.
setTimeout(() => {
  fail('run', `the browser tests to finish within ${LIMIT_S} s`, 'timed out');
  report();
  process.exit(1);
}, LIMIT_S * 1000).unref();

function report() {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`\n${failures.length} failure(s) in ${checks} checks (${secs} s):`);
    failures.sort((a, b) => a.order - b.order);
    for (const f of failures) console.log(`\n  ${f.where}\n    expected: ${f.expected}\n    seen:     ${f.seen}`);
    process.exitCode = 1;
  } else {
    console.log(`\nall ${checks} checks passed (${secs} s)`);
  }
}

main()
  .catch((e) => fail('run', 'the browser tests to run', String((e && e.stack) || e)))
  .finally(report);
