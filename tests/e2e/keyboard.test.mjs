// Keyboard only (keyboard.press and type, never a click): signing in, the check page's Repair and
// share steps, the helpdesk's lookup, the idle countdown. At every stop the focus is visible, and
// after each action it lands where a person expects it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELPDESK_TOKEN, ROOT, launchBrowser, openPage, startEdge, verdict } from './support.mjs';

let browser;
let edge;
before(async () => {
  browser = await launchBrowser();
  // A service worker the portal did not register, so that the check page offers Repair.
  const www = mkdtempSync(join(tmpdir(), 'preflight-www-'));
  cpSync(join(ROOT, 'www'), www, { recursive: true });
  writeFileSync(join(www, 'extra-sw.js'), "self.addEventListener('fetch', () => {});");
  writeFileSync(join(www, 'register-extra.js'), `navigator.serviceWorker.register('/extra-sw.js')
    .then(() => navigator.serviceWorker.ready).then(() => { document.documentElement.dataset.registered = 'yes'; });`);
  writeFileSync(join(www, 'register-extra.html'), '<!doctype html><script src="/register-extra.js"></script>');
  edge = await startEdge({ www });
});
after(async () => {
  await edge?.stop();
  await browser?.close();
});

/** The focused element, and whether its focus ring shows (an outline of 2 px or more, or a box shadow). */
async function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      className: typeof element.className === 'string' ? element.className : '',
      text: (element.value || element.textContent || '').trim().slice(0, 60),
      visible: ring,
    };
  });
}

/** Presses Tab until `wanted(focus)` (at most `max` times); every stop on the way must show its focus. */
async function tabTo(page, wanted, { max = 40, key = 'Tab' } = {}) {
  const stops = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const focus = await focused(page);
    stops.push(focus);
    assert.ok(focus.visible || focus.tag === 'body', `focus is not visible on ${JSON.stringify(focus)}`);
    if (wanted(focus)) return focus;
  }
  throw new Error(`not reached with ${max} × ${key}; stops: ${stops.map((s) => s.id || s.className || s.tag).join(', ')}`);
}

test('keyboard only: sign in, with the focus visible on every field and button', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(edge.url + '/');
  await verdict(page);
  await tabTo(page, (f) => f.id === 'agent-id');
  await page.keyboard.type('A123456');
  await tabTo(page, (f) => f.id === 'password', { max: 1 });
  await page.keyboard.type('not-a-real-password');
  await tabTo(page, (f) => f.id === 'preflight-shared', { max: 1 });
  const submit = await tabTo(page, (f) => f.tag === 'button', { max: 1 });
  assert.match(submit.text, /Se connecter/);
  await Promise.all([page.waitForURL('**/home.html'), page.keyboard.press('Enter')]);
  await page.locator('preflight-check button.pf-wipe').waitFor();
  await tabTo(page, (f) => f.className === 'pf-wipe');
  await context.close();
});

test('keyboard only: /check, Repair, then share the report, focus on the code, copy it', async () => {
  const { context, page } = await openPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: edge.url });
  await page.goto(edge.url + '/register-extra.html');
  await page.locator('html[data-registered="yes"]').waitFor();
  await page.goto(edge.url + '/check');
  await page.locator('button.pf-repair').waitFor({ timeout: 15_000 });
  await page.locator('#report-share[data-state="ready"]').waitFor({ timeout: 15_000 });

  await tabTo(page, (f) => f.className.includes('pf-repair'));
  await Promise.all([page.waitForURL(/preflight-repaired=/), page.keyboard.press('Enter')]);
  await page.locator('.pf-repaired').waitFor({ timeout: 15_000 });
  const afterRepair = await focused(page);
  assert.match(afterRepair.className, /pf-repaired/, 'focus lands on what Repair removed');
  assert.match(afterRepair.text, /service worker/);

  await page.locator('#report-share[data-state="ready"]').waitFor({ timeout: 15_000 });
  await tabTo(page, (f) => f.text === "J'accepte et j'envoie", { max: 60 });
  await page.keyboard.press('Enter');
  await page.locator('#report-share[data-state="shared"]').waitFor({ timeout: 15_000 });
  const code = await focused(page);
  assert.match(code.className, /pf-report-code/, 'focus lands on the code once shown');
  assert.match(code.text, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.ok(code.visible, 'the focused code shows its focus');
  await tabTo(page, (f) => f.className === 'pf-copy', { max: 1 });
  await page.keyboard.press('Enter');
  await page.locator('#report-share .pf-share-result').filter({ hasText: 'Code copié.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code.text);
  await context.close();
});

test('keyboard only: the helpdesk signs in, looks a code up and copies a summary', async () => {
  const agent = await openPage(browser);
  await agent.page.goto(edge.url + '/check?ticket=INC-7');
  await agent.page.locator('#report-share[data-state="ready"]').waitFor({ timeout: 15_000 });
  await agent.page.getByRole('button', { name: "J'accepte et j'envoie" }).press('Enter');
  await agent.page.locator('#report-share[data-state="shared"]').waitFor({ timeout: 15_000 });
  const code = (await agent.page.locator('.pf-report-code').innerText()).trim();
  await agent.context.close();

  const { context, page } = await openPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: edge.url });
  await page.goto(edge.url + '/helpdesk');
  assert.equal((await focused(page)).id, 'token', 'the token field has the focus');
  await page.keyboard.type(HELPDESK_TOKEN);
  await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
  await page.locator('#code').waitFor();
  assert.equal((await focused(page)).id, 'code', 'signed in, the code field has the focus');
  await page.keyboard.type(code.toLowerCase().replace('-', ' '));
  await Promise.all([page.waitForURL(/\/helpdesk\/report\?code=/), page.keyboard.press('Enter')]);
  await page.locator('.pf-findings').waitFor();
  await tabTo(page, (f) => f.tag === 'button' && /Français/.test(f.text), { max: 60 });
  await page.keyboard.press('Enter');
  await page.locator('#copy-status').filter({ hasText: 'Copié.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.locator('#summary-fr').inputValue());
  await context.close();
});

test('keyboard only: the idle countdown takes the focus; Enter on "Rester connecté" and Escape both dismiss it', async () => {
  const { context, page } = await openPage(browser);
  await context.clock.install({ time: Date.now() });
  await page.goto(edge.url + '/');
  await verdict(page);
  await tabTo(page, (f) => f.id === 'agent-id');
  await page.keyboard.type('A1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('password');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await Promise.all([page.waitForURL('**/home.html'), page.keyboard.press('Enter')]);
  await page.locator('preflight-check[data-code="SHR-DEVICE"]').waitFor();
  const { idle_minutes: idleMinutes } = await page.evaluate(async () => (await fetch('/api/session-hints')).json());
  const countdown = page.locator('.pf-countdown');

  await page.clock.runFor(idleMinutes * 60_000 + 1_000);
  assert.equal(await countdown.isVisible(), true);
  const stay = await focused(page);
  assert.equal(stay.className, 'pf-stay');
  assert.match(stay.text, /^Rester connecté/);
  assert.ok(stay.visible, 'the focused button shows its focus');
  await page.keyboard.press('Enter');
  assert.equal(await countdown.isVisible(), false, 'Enter on "Rester connecté" dismisses it');

  await page.clock.runFor(idleMinutes * 60_000 + 1_000);
  assert.equal(await countdown.isVisible(), true);
  await page.keyboard.press('Escape');
  assert.equal(await countdown.isVisible(), false, 'Escape dismisses it');
  assert.equal(new URL(page.url()).pathname, '/home.html');
  await context.close();
});
