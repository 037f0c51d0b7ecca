// When the edge is down or hangs, the agent still signs in: one calm line, no spinner, no error flood.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, holdResponses, startEdge, verdict } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function assertFormWorks(page) {
  await page.locator('#agent-id').fill('A654321');
  await page.locator('#password').fill('whatever');
  assert.equal(await page.locator('#agent-id').inputValue(), 'A654321');
  assert.equal(await page.locator('button[type=submit]').isEnabled(), true);
}

test('edge stopped after the page loaded: a calm "check unavailable" within 3 s', async () => {
  const edge = await startEdge();
  try {
    const { context, page, consoleErrors } = await openPage(browser);
    const wasm = await holdResponses(page, '**/*.wasm');
    const asked = [];
    page.on('request', (request) => { if (request.url().includes('/api/')) asked.push(new URL(request.url()).pathname); });
    // The page has loaded the widget (its JS glue and wasm) before the edge goes: a glue lost with
    // the edge is the element's own fallback, another test's case.
    const glue = page.waitForResponse((response) => response.url().endsWith('/preflight_widget.js'));
    await page.goto(edge.url + '/', { waitUntil: 'domcontentloaded' });
    await Promise.all([wasm.firstFetched, glue]);
    await edge.stop();
    wasm.release();

    const seen = await verdict(page, { timeout: 3_000 });
    assert.equal(seen.code, 'CLK-UNAVAILABLE');
    assert.equal(seen.severity, 'info');
    assert.equal(seen.role, 'status');
    assert.match(seen.text, /pas disponible/);
    assert.match(seen.text, /connecter normalement/);
    assert.equal(await page.locator('.pf-checking').count(), 0, 'no spinner left');
    await assertFormWorks(page);
    // The page's one time probe and one check request, refused, then the widget stops: no retry
    // storm. Network errors are those (and the browser's own favicon); nothing else may log an error.
    assert.ok(asked.filter((p) => p === '/api/time').length <= 1, `requests: ${asked}`);
    assert.ok(asked.filter((p) => p === '/api/check').length <= 1, `requests: ${asked}`);
    assert.deepEqual(asked.filter((p) => p !== '/api/time' && p !== '/api/check'), [], `requests: ${asked}`);
    const other = consoleErrors.filter((e) => !e.startsWith('Failed to load resource: net::ERR_'));
    assert.deepEqual(other, [], `console errors: ${consoleErrors.join(' | ')}`);
    await context.close();
  } finally {
    await edge.stop();
  }
});

test('an edge that never answers is given up on within 3 s, after two requests at most', async () => {
  const edge = await startEdge({ args: ['--inject-faults', 'check_drop_first=1000'] });
  try {
    const { context, page } = await openPage(browser);
    let checks = 0;
    page.on('request', (request) => { if (request.url().endsWith('/api/check')) checks += 1; });
    await page.goto(edge.url + '/', { waitUntil: 'domcontentloaded' });
    const started = Date.now();
    const seen = await verdict(page, { timeout: 3_000 });
    assert.equal(seen.code, 'CLK-UNAVAILABLE');
    assert.ok(Date.now() - started < 3_000, `calm line after ${Date.now() - started} ms`);
    assert.equal(checks, 2, 'the request and its one companion: no retry storm');
    await assertFormWorks(page);
    await context.close();
  } finally {
    await edge.stop();
  }
});
