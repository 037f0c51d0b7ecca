// The login form comes first: the widget must never delay, block or break it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFileSync } from 'node:fs';
import { BASE, ROOT, OUTPUT, launchBrowser, openPage, holdResponses, verdict } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the login form is visible and typeable before the wasm has loaded, and submits', async () => {
  const { context, page } = await openPage(browser);
  const wasm = await holdResponses(page, '**/*.wasm');
  await page.goto(BASE + '/', { waitUntil: 'domcontentloaded' });

  await page.locator('#agent-id').fill('A123456');
  await page.locator('#password').fill('not-a-real-password');
  assert.equal(await page.locator('#agent-id').inputValue(), 'A123456');
  // The widget is still waiting for its wasm, and says so calmly.
  assert.equal(await page.locator('preflight-check').getAttribute('data-state'), 'checking');
  assert.match(await page.locator('preflight-check').innerText(), /Vérification/);

  await Promise.all([page.waitForURL('**/home.html'), page.locator('button[type=submit]').click()]);
  assert.match(await page.locator('h1').innerText(), /Bienvenue sur le portail/);
  wasm.release();
  // The home page's widget loads its (held) wasm too: let it finish before closing.
  await page.locator('preflight-check[data-state="done"]').waitFor();
  await context.close();
});

test('the widget loads after the form and gives its verdict under the form', async () => {
  const { context, page, consoleErrors } = await openPage(browser);
  await page.goto(BASE + '/');
  const seen = await verdict(page);
  assert.equal(seen.code, 'CLK-OK');
  // The check line sits after the form in the document and in the layout.
  const formBox = await page.locator('#login').boundingBox();
  const widgetBox = await page.locator('preflight-check').boundingBox();
  assert.ok(widgetBox.y > formBox.y + formBox.height, 'widget is below the form');
  assert.deepEqual(consoleErrors, []);

  await page.setViewportSize({ width: 800, height: 720 });
  await page.screenshot({ path: join(OUTPUT, 'demo-login.png'), fullPage: true });
  if (process.env.PREFLIGHT_UPDATE_DOCS) copyFileSync(join(OUTPUT, 'demo-login.png'), join(ROOT, 'docs', 'demo-login.png'));
  await context.close();
});

test('neither the checking line nor the usual verdict moves what is under the element', async () => {
  for (const path of ['/', '/en.html']) {
    const { context, page } = await openPage(browser);
    await page.addInitScript(() => {
      window.shifts = [];
      new PerformanceObserver((list) => {
        for (const shift of list.getEntries()) if (!shift.hadRecentInput) window.shifts.push(shift.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(BASE + path);
    assert.equal((await verdict(page)).code, 'CLK-OK');
    // Layout shifts are reported after the frame that made them.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    assert.deepEqual(await page.evaluate(() => window.shifts), [], `${path}: the element keeps room for its verdict`);
    await context.close();
  }
});

test('a wasm that cannot load leaves a calm line and a working form', async () => {
  const { context, page } = await openPage(browser);
  await page.route('**/*.wasm', (route) => route.abort('failed'));
  await page.goto(BASE + '/');
  const widget = page.locator('preflight-check[data-state="unavailable"]');
  await widget.waitFor({ timeout: 5_000 });
  assert.equal(await widget.locator('[role=status]').count(), 1);
  assert.match(await widget.innerText(), /pas disponible/);
  await page.locator('#agent-id').fill('A1');
  assert.equal(await page.locator('#agent-id').isEditable(), true);
  await context.close();
});
