// Paged lists in Chromium: on page 1 of a list, a text filter for a row that lives on
// a later page shows that row (loaded from the list's rows.js), with a working link;
// "Show all" brings the page's own rows and the pagers back. From file:// and over
// HTTP under a sub-path; no console errors.
//
//   node tests/browser/paging.mjs <public-dir> (<list> <field> <text of a later row>)...
//
// Prints "ok: …" per check; exits 1 on the first failure.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const [out, ...rest] = process.argv.slice(2);
const lists = [];
for (let i = 0; i + 2 < rest.length; i += 3) lists.push(rest.slice(i, i + 3));
const PREFIX = '/deep/sub/path/';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split('?')[0]);
  const file = url.startsWith(PREFIX) ? path.join(out, url.slice(PREFIX.length)) : null;
  if (!file || !file.startsWith(path.resolve(out)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}${PREFIX}`;

function fail(msg) { console.log('FAIL: ' + msg); process.exitCode = 1; throw new Error(msg); }

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [list, field, title] of lists)
  for (const [how, url] of [['file://', pathToFileURL(path.join(out, list, 'index.html')).href], ['http', base + list + '/index.html']]) {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(url, { waitUntil: 'load' });
    const rows = page.locator('#list [data-item]:visible');
    const mine = rows.filter({ hasText: title });
    if (await mine.count() !== 0) fail(`${list}, ${how}: "${title}" is already on page 1`);
    const own = await rows.count();
    await page.fill(`input[name=${field}]`, title);
    await mine.first().waitFor({ state: 'visible', timeout: 10000 }).catch(() => fail(`${list}, ${how}: "${title}" not found from page 1`));
    const href = await mine.first().locator('a').first().getAttribute('href');
    const target = new URL(href, page.url());
    if (how === 'http') {
      const r = await page.request.get(target.href);
      if (r.status() !== 200) fail(`${list}, ${how}: ${target.href} gives ${r.status()}`);
    } else if (!fs.existsSync(decodeURIComponent(target.pathname))) {
      fail(`${list}, ${how}: ${target.pathname} does not exist`);
    }
    if (await page.locator('nav.pager:visible').count() !== 0) fail(`${list}, ${how}: the pagers still show while filtering every row`);
    if (!page.url().includes(field + '=')) fail(`${list}, ${how}: the filter is not in the address`);
    const count = await page.locator('.filter-count').textContent();
    console.log(`ok: ${list}, ${how}: page 1 finds "${title}" (${count.trim()})`);
    await page.click('button[type=reset]');
    await page.waitForFunction(n => document.querySelectorAll('#list [data-item]:not([hidden])').length === n, own);
    if (await page.locator('nav.pager:visible').count() === 0) fail(`${list}, ${how}: the pagers do not come back`);
    if (await mine.count() !== 0) fail(`${list}, ${how}: "${title}" still shows after "Show all"`);
    // The count says this page's rows out of the whole list's, not out of the page's.
    const shown = (await page.locator('.filter-count').textContent()).match(/\d+/g).map(Number);
    if (!(shown[0] === own && shown[1] > own)) fail(`${list}, ${how}: the count after "Show all" reads ${shown} for ${own} rows of a longer list`);
    console.log(`ok: ${list}, ${how}: "Show all" brings page 1 and its pagers back`);
    if (errors.length) fail(`${list}, ${how}: console errors: ${errors.join('; ')}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
