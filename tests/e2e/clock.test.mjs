// The clock check, in a real browser whose clock Playwright moves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launchBrowser, openPage, verdict } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function checkWithSkew(skewSeconds, path = '/') {
  const { context, page } = await openPage(browser, { skewSeconds });
  await page.goto(BASE + path);
  const seen = await verdict(page);
  await context.close();
  return seen;
}

test('a clock on time gets a quiet ok line', async () => {
  const seen = await checkWithSkew(0);
  assert.equal(seen.code, 'CLK-OK');
  assert.equal(seen.severity, 'ok');
  assert.equal(seen.role, 'status');
  assert.match(seen.text, /à l'heure/);
});

test('a clock 120 s ahead warns that 2FA codes may be refused', async () => {
  const seen = await checkWithSkew(120);
  assert.equal(seen.code, 'CLK-TOTP');
  assert.equal(seen.severity, 'warning');
  assert.equal(seen.role, 'alert');
  assert.match(seen.text, /2\u00a0min d'avance/);
  assert.match(seen.text, /double authentification/);
  // Headless Chromium says Linux: the remedy names that OS's switch.
  assert.match(seen.text, /Date et heure automatiques/, 'one action is given, for this OS');
});

test('a clock one hour ahead points at the time zone', async () => {
  const seen = await checkWithSkew(3600);
  assert.equal(seen.code, 'CLK-TZ');
  assert.equal(seen.severity, 'error');
  assert.equal(seen.role, 'alert');
  assert.match(seen.text, /1\u00a0h d'avance/);
  assert.match(seen.text, /fuseau horaire/);
});

test('a clock 6 minutes ahead is an error: sign-in will fail', async () => {
  const seen = await checkWithSkew(360);
  assert.equal(seen.code, 'CLK-SKEW');
  assert.equal(seen.severity, 'error');
  assert.equal(seen.role, 'alert');
  assert.match(seen.text, /6\u00a0min d'avance/);
  assert.match(seen.text, /certificats vont échouer/);
});

test('a clock behind is said to be behind', async () => {
  const seen = await checkWithSkew(-47);
  assert.equal(seen.code, 'CLK-TOTP');
  assert.match(seen.text, /47\u00a0s de retard/);
});

test('an English page gets English text', async () => {
  const { context, page } = await openPage(browser, { skewSeconds: 120 });
  await page.route(BASE + '/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('<html lang="fr">', '<html lang="en">');
    await route.fulfill({ response, body: html });
  });
  await page.goto(BASE + '/');
  const seen = await verdict(page);
  assert.equal(seen.code, 'CLK-TOTP');
  assert.match(seen.text, /2\u00a0min ahead: two-factor codes may be refused/);
  assert.match(seen.text, /Automatic Date & Time/);
  await context.close();
});
