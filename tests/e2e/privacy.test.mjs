// The widget makes no third-party request: everything it loads or calls is on the page's own origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launchBrowser, openPage, verdict } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('no request from the page leaves its own origin', async () => {
  const { context, page } = await openPage(browser);
  const urls = [];
  page.on('request', (request) => urls.push(request.url()));
  await page.goto(BASE + '/');
  await verdict(page);
  await page.waitForLoadState('networkidle');

  const origin = new URL(BASE).origin;
  assert.ok(urls.some((u) => u.endsWith('/api/check')), 'the check request was seen');
  assert.ok(urls.some((u) => u.endsWith('.wasm')), 'the wasm was seen');
  for (const url of urls) assert.equal(new URL(url).origin, origin, url);
  await context.close();
});

test('the check request, which times the clock, is never cached and carries no clock of its own', async () => {
  const { context, page } = await openPage(browser);
  const checks = [];
  page.on('request', (request) => { if (request.url().endsWith('/api/check')) checks.push(request); });
  await page.goto(BASE + '/');
  await verdict(page);
  assert.equal(checks.length, 1);
  const response = await checks[0].response();
  // A cached answer would carry old stamps, which would read as a skewed clock.
  assert.equal(response.headers()['cache-control'], 'no-store');
  const body = JSON.parse(checks[0].postData());
  assert.equal(body.clock, null, 'the login line measures nothing itself: the edge times the stamp');
  assert.equal(Object.keys(body.sent).sort().join(), 't0,within_ms', 'only when it left and how long it may take');
  await context.close();
});
