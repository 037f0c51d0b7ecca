// Shared-workstation mode: the reminder, the idle countdown and "log out and wipe" that really
// clears the portal's cookies, storage, service workers and caches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, OUTPUT, launchBrowser, openPage, startEdge } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Signs in to the demo (ticking "shared or public computer" if asked) and waits for the home page. */
async function signIn(page, base, { declareShared = false } = {}) {
  await page.goto(base + '/');
  await page.locator('#agent-id').fill('A123456');
  await page.locator('#password').fill('not-a-real-password');
  if (declareShared) await page.locator('#preflight-shared').check();
  await Promise.all([page.waitForURL('**/home.html'), page.locator('button[type=submit]').click()]);
  await page.locator('preflight-check[mode="logout-reminder"][data-state]').waitFor();
  await page.locator('preflight-check button.pf-wipe').waitFor();
}

/** What the portal's origin still holds, seen from a fresh page of that origin (the edge's 404 page: no script). */
async function portalData(context, base) {
  const page = await context.newPage();
  await page.goto(base + '/storage-probe');
  const inPage = await page.evaluate(async () => ({
    localStorage: localStorage.length,
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: (await caches.keys()).length,
  }));
  await page.close();
  return { cookies: (await context.cookies(base)).length, ...inPage };
}

async function sessionHints(page) {
  return page.evaluate(async () => (await fetch('/api/session-hints')).json());
}

async function countdownShown(page) {
  return page.locator('preflight-check .pf-countdown').isVisible();
}

test('log out and wipe leaves no cookie, storage, service worker or cache on the portal origin', async () => {
  const { context, page, consoleErrors } = await openPage(browser);
  await signIn(page, BASE);
  await page.locator('html[data-demo-stored="yes"]').waitFor();
  await context.addCookies([{ name: 'portal_prefs', value: 'fr', url: BASE }]);
  const before = await portalData(context, BASE);
  assert.ok(before.cookies >= 2 && before.localStorage >= 1 && before.serviceWorkers >= 1 && before.caches >= 2,
    JSON.stringify(before));

  await Promise.all([page.waitForURL('**/logged-out'), page.locator('button.pf-wipe').click()]);
  assert.deepEqual(await portalData(context, BASE), { cookies: 0, localStorage: 0, serviceWorkers: 0, caches: 0 });

  // The confirmation lists what was wiped, says to close the browser, and how to remove a saved
  // password in this browser (Chromium: the Chrome steps).
  assert.equal(await page.locator('#cleared li').count(), 4);
  assert.match(await page.locator('#close-browser').innerText(), /Fermez .* toutes les fenêtres|Fermez maintenant/);
  assert.match(await page.locator('#saved-password-advice').innerText(), /Dans Chrome/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('/logout never leaves for a target taken from the request', async () => {
  const { context, page } = await openPage(browser);
  const payloads = [
    '/logout?next=https://evil.example', '/logout?next=//evil.example', '/logout?next=%2F%2Fevil.example',
    '/logout?next=/%5Cevil.example', '/logout?next=https:evil.example', '/logout?next=%68ttps://evil.example',
    '/logout?redirect_uri=https://evil.example&post_logout_redirect_uri=//evil.example',
    '/logout?next=javascript:alert(1)', '/logout//evil.example', '/logout?next=http://127.0.0.1.evil.example/',
  ];
  for (const payload of payloads) {
    const response = await context.request.get(BASE + payload, { maxRedirects: 0 });
    if (response.status() === 303) assert.equal(response.headers().location, '/logged-out', payload);
    else assert.equal(response.headers().location, undefined, payload);
    await page.goto(BASE + payload);
    assert.equal(new URL(page.url()).origin, new URL(BASE).origin, payload);
    assert.ok(['/logged-out', '/logout//evil.example'].includes(new URL(page.url()).pathname), `${payload} -> ${page.url()}`);
  }
  await context.close();
});

test('the idle countdown wipes at the configured time and not before', async () => {
  const { context, page } = await openPage(browser);
  await context.clock.install({ time: Date.now() });
  await signIn(page, BASE, { declareShared: true });
  assert.equal(await page.locator('preflight-check').getAttribute('data-code'), 'SHR-DEVICE');
  const { idle_minutes: idleMinutes, countdown_seconds: countdownSeconds } = await sessionHints(page);
  assert.ok(idleMinutes >= 1 && countdownSeconds >= 10);

  await page.clock.runFor(idleMinutes * 60_000 - 2_000);
  assert.equal(await countdownShown(page), false, 'no countdown before the idle time');
  await page.clock.runFor(3_000);
  assert.equal(await countdownShown(page), true, 'the countdown appears after the idle time');
  const alert = page.locator('preflight-check .pf-countdown [role=alert]');
  assert.match(await alert.innerText(), /déconnexion et effacement automatiques/);
  assert.equal(await page.locator('preflight-check [role=timer]').count(), 1);

  await page.clock.runFor(countdownSeconds * 1_000 - 2_000);
  assert.equal(new URL(page.url()).pathname, '/home.html', 'not wiped before the countdown ends');
  await Promise.all([page.waitForURL('**/logged-out'), page.clock.runFor(3_000)]);
  assert.deepEqual(await portalData(context, BASE), { cookies: 0, localStorage: 0, serviceWorkers: 0, caches: 0 });
  await context.close();
});

test('the idle countdown pauses while the page is hidden and resumes from real elapsed time', async () => {
  const { context, page } = await openPage(browser);
  await context.clock.install({ time: Date.now() });
  await signIn(page, BASE, { declareShared: true });
  const { idle_minutes: idleMinutes } = await sessionHints(page);
  const setHidden = (hidden) => page.evaluate((hidden) => {
    for (const [name, value] of [['hidden', hidden], ['visibilityState', hidden ? 'hidden' : 'visible']]) {
      Object.defineProperty(document, name, { configurable: true, get: () => value });
    }
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, hidden);

  await page.clock.runFor(idleMinutes * 60_000 - 10_000);
  await setHidden(true);
  await page.clock.runFor(3 * 60 * 60_000);
  assert.equal(new URL(page.url()).pathname, '/home.html', 'three hidden hours wipe nothing');
  assert.equal(await countdownShown(page), false);
  await setHidden(false);
  await page.clock.runFor(8_000);
  assert.equal(await countdownShown(page), false, 'the 10 s left before hiding are still ahead');
  await page.clock.runFor(3_000);
  assert.equal(await countdownShown(page), true);
  await context.close();
});

test('keyboard only: declare a shared computer, dismiss the countdown with Escape, log out and wipe', async () => {
  const { context, page } = await openPage(browser);
  await context.clock.install({ time: Date.now() });
  await page.goto(BASE + '/');
  await page.locator('preflight-check[data-state="done"]').waitFor();
  await page.locator('#agent-id').focus();
  await page.keyboard.type('A123456');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-a-real-password');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'preflight-shared');
  await page.keyboard.press('Space');
  const reminder = page.locator('.pf-shared-reminder');
  await reminder.waitFor();
  assert.match(await reminder.innerText(), /Ordinateur partagé/);
  assert.equal(await page.locator('#password').getAttribute('autocomplete'), 'off');
  assert.equal(await page.locator('#login').getAttribute('autocomplete'), 'off');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#password').getAttribute('autocomplete'), 'current-password');
  assert.equal(await reminder.isVisible(), false);
  await page.keyboard.press('Space');
  await Promise.all([page.waitForURL('**/home.html'), page.keyboard.press('Enter')]);
  await page.locator('preflight-check button.pf-wipe').waitFor();
  const { idle_minutes: idleMinutes, countdown_seconds: countdownSeconds } = await sessionHints(page);

  await page.clock.runFor(idleMinutes * 60_000 + 1_000);
  assert.equal(await countdownShown(page), true);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'pf-stay', 'the countdown takes focus');
  await page.keyboard.press('Escape');
  assert.equal(await countdownShown(page), false, 'Escape dismisses the countdown');
  await page.clock.runFor(countdownSeconds * 1_000 + 1_000);
  assert.equal(new URL(page.url()).pathname, '/home.html', 'dismissing started the idle time over');

  let focused = '';
  for (let i = 0; i < 10 && focused !== 'pf-wipe'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement.className);
  }
  assert.equal(focused, 'pf-wipe', 'the wipe button is reachable with Tab');
  await Promise.all([page.waitForURL('**/logged-out'), page.keyboard.press('Enter')]);
  await context.close();
});

/** A private edge whose config knows 127.0.0.1 as a shared workstation, or as public Wi-Fi. */
async function edgeWith(name, section) {
  const file = join(OUTPUT, `${name}.toml`);
  writeFileSync(file, `[portal]\nname = "Portail"\nversion = "2026.11.1"\n\n[shared_workstation]\n${section}`);
  return startEdge({ config: file });
}

test('a workstation known as shared by the config is in shared mode without the agent saying so', async () => {
  const edge = await edgeWith('shared-kiosk', 'networks = ["127.0.0.1/32"]\nidle_minutes = 1\ncountdown_seconds = 10\n');
  const { context, page } = await openPage(browser);
  try {
    await page.goto(edge.url + '/');
    await page.locator('#preflight-shared:checked').waitFor();
    assert.equal(await page.locator('#password').getAttribute('autocomplete'), 'off');
    await page.goto(edge.url + '/home.html');
    await page.locator('preflight-check[data-state="done"]').waitFor();
    assert.equal(await page.locator('preflight-check').getAttribute('data-code'), 'SHR-DEVICE');
    assert.equal(await page.locator('preflight-check .pf-countdown').count(), 1, 'the countdown is armed');
  } finally {
    await context.close();
    await edge.stop();
  }
});

test('public Wi-Fi alone gets its reminder and no countdown; a known network gets neither', async () => {
  const edge = await edgeWith('public-wifi', 'public_wifi_networks = ["127.0.0.0/8"]\n');
  const { context, page } = await openPage(browser);
  try {
    await page.goto(edge.url + '/home.html');
    await page.locator('preflight-check[data-state="done"]').waitFor();
    assert.equal(await page.locator('preflight-check').getAttribute('data-code'), 'SHR-PUBLIC');
    assert.match(await page.locator('preflight-check [role=status]').innerText(), /sans le VPN/);
    assert.equal(await page.locator('preflight-check .pf-countdown').count(), 0);

    await page.goto(BASE + '/home.html');
    await page.locator('preflight-check button.pf-wipe').waitFor();
    assert.equal(await page.locator('preflight-check').getAttribute('data-code'), null);
    assert.equal(await page.locator('preflight-check .pf-finding').count(), 0);
  } finally {
    await context.close();
    await edge.stop();
  }
});
