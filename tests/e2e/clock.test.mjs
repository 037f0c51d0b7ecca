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

// core::clock::enough_samples: two probes when a round trip is quiet (≤ 50 ms), five on a slow link.
async function probesSent(delayMs) {
  const { context, page } = await openPage(browser, { skewSeconds: 120 });
  const probes = [];
  page.on('request', (request) => { if (request.url().endsWith('/api/time')) probes.push(request.url()); });
  if (delayMs > 0) {
    await page.route('**/api/time', async (route) => {
      await new Promise((done) => setTimeout(done, delayMs));
      await route.continue();
    });
  }
  await page.goto(BASE + '/');
  const seen = await verdict(page);
  await context.close();
  return { count: probes.length, code: seen.code };
}

test('a quick link stops probing early, a slow one probes five times and still finds the skew', async () => {
  const quick = await probesSent(0);
  assert.equal(quick.code, 'CLK-TOTP');
  assert.ok(quick.count >= 2 && quick.count < 5, `a quick link: 2 probes, at most 4 on a busy machine; saw ${quick.count}`);
  const slow = await probesSent(80);
  assert.equal(slow.count, 5);
  assert.equal(slow.code, 'CLK-TOTP');
});
