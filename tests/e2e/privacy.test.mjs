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
  assert.ok(urls.some((u) => u.endsWith('/api/time')), 'the time probe was seen');
  assert.ok(urls.some((u) => u.endsWith('.wasm')), 'the wasm was seen');
  for (const url of urls) assert.equal(new URL(url).origin, origin, url);
  await context.close();
});

test('the time probes send no cookies and are never cached', async () => {
  const { context, page } = await openPage(browser);
  await context.addCookies([{ name: 'portal_session', value: 'secret-session', url: BASE }]);
  const probes = [];
  page.on('request', (request) => { if (request.url().endsWith('/api/time')) probes.push(request); });
  await page.goto(BASE + '/');
  await verdict(page);
  assert.ok(probes.length >= 2, `at least 2 probes (a quick link needs no more), saw ${probes.length}`);
  for (const probe of probes) {
    const headers = await probe.allHeaders();
    assert.equal(headers.cookie, undefined);
    const response = await probe.response();
    assert.equal(response.headers()['cache-control'], 'no-store');
  }
  await context.close();
});
