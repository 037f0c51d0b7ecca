// "Why did my sign-in fail?": each identity-provider error with the fault that explains it injected
// into the browser — the page's clock, third-party cookies blocked, pop-ups blocked, a virtual
// authenticator — gets the right one-sentence explanation; an unknown error gets the plain "no check
// explains it"; the report the agent shares carries the provider's code and correlation ID.
//
// Faults are per launch, never machine-wide: each browser gets its own profile whose preferences
// are what the managed policies set (`BlockThirdPartyCookies` → `profile.block_third_party_cookies`
// and `profile.cookie_controls_mode` = 1; `DefaultPopupsSetting` = 2 → `profile.
// default_content_setting_values.popups` = 2), so no file under /etc/chromium/policies is written
// and other tests are unaffected. Chromium lets a pop-up opened in a trusted click through whatever
// that setting says (components/blocked_content/popup_blocker.cc), so the blocked pop-up test clicks
// without a user gesture, which is what the setting blocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, HELPDESK_TOKEN, exampleConfig, launchBrowser, openPage, startEdge } from './support.mjs';

const CORRELATION_ID = '6f1c2b1e-0d4a-4c1b-9d3e-2a7f5b8c9d01';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser with its own profile, whose preferences inject the fault; `popupBlocking` keeps Chromium's blocker on. */
async function launchProfile(preferences, { popupBlocking = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-profile-'));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(preferences));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: FLAGS,
    locale: 'fr-FR',
    ...(popupBlocking && { ignoreDefaultArgs: ['--disable-popup-blocking'] }),
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page, async close() { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const THIRD_PARTY_ALLOWED = { profile: { cookie_controls_mode: 0, block_third_party_cookies: false } };
const THIRD_PARTY_BLOCKED = { profile: { cookie_controls_mode: 1, block_third_party_cookies: true } };
const POPUPS_BLOCKED = { profile: { ...THIRD_PARTY_ALLOWED.profile, default_content_setting_values: { popups: 2 } } };

/** The sign-in error section once it has answered (`explained`, `pending` or `unexplained`). */
async function explanation(page, state) {
  const section = page.locator(`#sign-in-error[data-explanation="${state}"]`);
  await section.waitFor({ timeout: 20_000 });
  return {
    by: await section.getAttribute('data-explained-by-check'),
    code: await section.getAttribute('data-code'),
    text: await section.locator('.pf-explanation').innerText(),
    fields: await section.locator('dl').innerText(),
  };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let browser;
let ssoEdge;
let ssoBase;
before(async () => {
  browser = await launchBrowser();
  // The check page on http://localhost:PORT frames the probe page of http://127.0.0.1:PORT: the same
  // edge, another site.
  const port = await freePort();
  const configText = exampleConfig()
    .replace('passkeys = false', `probe_origin = "http://127.0.0.1:${port}"\npasskeys = true`);
  ssoEdge = await startEdge({ configText, listen: `127.0.0.1:${port}` });
  ssoBase = `http://localhost:${port}`;
});
after(async () => {
  await browser?.close();
  await ssoEdge?.stop();
});

test('a clock 6 minutes fast explains Entra AADSTS500133, handed over by the login page\'s explain()', async () => {
  const { context, page } = await openPage(browser, { skewSeconds: 360 });
  await page.goto(BASE + '/');
  await page.locator('preflight-check[data-state="done"]').waitFor({ timeout: 10_000 });
  await Promise.all([
    page.waitForURL(/\/check\?/),
    page.evaluate((id) => document.querySelector('preflight-check').explain({
      idp: 'entra', code: 'AADSTS500133', message: 'AADSTS500133: Assertion is not within its valid time range.',
      correlation_id: id, time: '2026-12-01T02:41:07Z', unset: undefined,
    }), CORRELATION_ID),
  ]);
  assert.match(page.url(), /idp=entra&code=AADSTS500133&message=/);
  assert.doesNotMatch(page.url(), /unset/, 'empty fields are left out');
  const answer = await explanation(page, 'explained');
  assert.equal(answer.by, 'clock');
  assert.equal(answer.code, 'CLK-SKEW');
  assert.match(answer.text, /^Votre connexion a été refusée parce que l'horloge de votre ordinateur a 6\u00a0min d'avance\u00a0: /);
  assert.match(answer.fields, /Microsoft Entra ID/);
  assert.match(answer.fields, new RegExp(CORRELATION_ID));
  await context.close();
});

test('the demo login page\'s control simulates a SAML NotBefore error, explained by the clock', async () => {
  const { context, page } = await openPage(browser, { skewSeconds: -420 });
  await page.goto(BASE + '/');
  await page.locator('.demo-idp-error summary').click();
  await page.getByLabel("Erreur renvoyée par le fournisseur d'identité").selectOption('saml');
  await Promise.all([page.waitForURL(/\/check\?/), page.getByRole('button', { name: "Simuler l'erreur" }).click()]);
  const answer = await explanation(page, 'explained');
  assert.equal(answer.by, 'clock');
  assert.match(answer.text, /7\u00a0min de retard/);
  await context.close();
});

test('an unknown error says plainly that no check explains it, and the report carries the code and correlation ID', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(`${BASE}/check?ticket=INC-2026-0099&idp=entra&error=AADSTS99999&correlation_id=${CORRELATION_ID}&time=2026-12-01T02%3A41%3A07Z`);
  const answer = await explanation(page, 'unexplained');
  assert.equal(answer.by, null);
  assert.match(answer.text, /^Preflight ne connaît pas l'erreur « AADSTS99999 », et aucune vérification ne l'explique/);
  assert.match(answer.text, /partagez le résultat avec l'assistance/);
  await page.getByRole('button', { name: "J'accepte et j'envoie" }).click();
  await page.locator('#report-share[data-state="shared"]').waitFor({ timeout: 15_000 });
  const code = (await page.locator('.pf-report-code').innerText()).trim();
  const lookup = await fetch(`${BASE}/api/reports/${code}`, { headers: { authorization: `Bearer ${HELPDESK_TOKEN}` } });
  assert.equal(lookup.status, 200);
  const report = await lookup.json();
  assert.deepEqual(report.report.sign_in_error,
    { idp: 'entra', code: 'AADSTS99999', correlation_id: CORRELATION_ID, time: '2026-12-01T02:41:07Z' });
  assert.match(report.summary.fr, new RegExp(`Erreur de connexion : Microsoft Entra ID AADSTS99999 — corrélation ${CORRELATION_ID} — à 2026-12-01T02:41:07Z`));
  await context.close();
});

test('switching the check page to English keeps the failed sign-in it explains, and the ticket', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(`${BASE}/check?ticket=INC-2026-0099&idp=entra&error=AADSTS99999&error_description=Refus%C3%A9+%26+%C3%A9chou%C3%A9&correlation_id=${CORRELATION_ID}`);
  await explanation(page, 'unexplained');
  await Promise.all([page.waitForURL(/lang=en/), page.locator('footer a[hreflang="en"]').click()]);
  const answer = await explanation(page, 'unexplained');
  assert.match(answer.text, /AADSTS99999/);
  assert.doesNotMatch(answer.text, /Preflight ne connaît pas/, 'in English now');
  assert.match(answer.fields, new RegExp(CORRELATION_ID));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('ticket'), 'INC-2026-0099');
  assert.equal(url.searchParams.get('error_description'), 'Refusé & échoué');
  await context.close();
});

test('a known error whose checks find nothing says so, with what it means', async () => {
  const { context, page } = await openPage(browser, { contextOptions: { locale: 'en-GB' } });
  await page.goto(`${BASE}/check?idp=entra&error=AADSTS50133&lang=en`);
  const answer = await explanation(page, 'unexplained');
  assert.match(answer.text, /^Microsoft Entra ID refused your sign-in \(AADSTS50133: the session is no longer valid.*: this is not a problem of this computer/);
  await context.close();
});

test('blocked third-party cookies explain AADSTS50058, with the remedy for the agent\'s browser', async () => {
  const blocked = await launchProfile(THIRD_PARTY_BLOCKED);
  await blocked.page.goto(`${ssoBase}/check?idp=entra&code=login_required&message=AADSTS50058%3A%20no%20user%20is%20signed%20in`);
  const answer = await explanation(blocked.page, 'explained');
  assert.equal(answer.by, 'third_party_cookies');
  assert.equal(answer.code, 'SSO-3PC');
  assert.match(answer.text, /cookies tiers dont la connexion unique a besoin\u00a0: Dans Chrome : Paramètres > Confidentialité et sécurité > Cookies tiers/);
  const finding = blocked.page.locator('#browser-checks [data-code="SSO-3PC"]');
  assert.match(await finding.innerText(), /cookies et le stockage/);
  await blocked.close();

  const allowed = await launchProfile(THIRD_PARTY_ALLOWED);
  await allowed.page.goto(`${ssoBase}/check?idp=entra&error=AADSTS50058`);
  await explanation(allowed.page, 'unexplained');
  await allowed.page.locator('#browser-checks [data-code="SSO-OK"]').filter({ hasText: 'cookies et son stockage' }).waitFor();
  await allowed.close();
});

test('a blocked pop-up explains MSAL\'s popup_window_error once the agent tests pop-ups', async () => {
  const blocked = await launchProfile(POPUPS_BLOCKED, { popupBlocking: true });
  const { page } = blocked;
  await page.goto(`${ssoBase}/check?idp=entra&error=popup_window_error`);
  // A click without a user gesture: what DefaultPopupsSetting = 2 blocks. Until then nothing but
  // DevTools without a gesture touches the page: Playwright's own calls would give it a user activation.
  const cdp = await page.context().newCDPSession(page);
  const evaluate = async (expression) =>
    (await cdp.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false })).result.value;
  const pendingText = "document.querySelector('#sign-in-error[data-explanation=\"pending\"] .pf-explanation')?.textContent";
  let pending;
  for (let i = 0; i < 150 && !pending; i++) {
    pending = await evaluate(pendingText);
    if (!pending) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(pending, /cliquez sur « Tester les fenêtres pop-up »/);
  await evaluate("document.querySelector('.pf-popup-button').click()");
  const answer = await explanation(page, 'explained');
  assert.equal(answer.by, 'popups');
  assert.equal(answer.code, 'SSO-POPUP');
  assert.match(answer.text, /parce que votre navigateur bloque la fenêtre pop-up de connexion\u00a0: Cliquez sur l'icône/);
  await blocked.close();

  const allowed = await launchProfile(THIRD_PARTY_ALLOWED, { popupBlocking: true });
  await allowed.page.goto(`${ssoBase}/check?idp=entra&error=popup_window_error`);
  await explanation(allowed.page, 'pending');
  await allowed.page.getByRole('button', { name: 'Tester les fenêtres pop-up' }).click();
  await explanation(allowed.page, 'unexplained');
  await allowed.page.locator('#browser-checks [data-popup-test] [data-code="SSO-OK"]').filter({ hasText: 'refermée seule' }).waitFor();
  await allowed.close();
});

test('passkey readiness: a virtual platform authenticator is ready, without one the security key is advised', async () => {
  const ready = await launchProfile(THIRD_PARTY_ALLOWED);
  const cdp = await ready.context.newCDPSession(ready.page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  await ready.page.goto(`${ssoBase}/check`);
  const passkey = ready.page.locator('#browser-checks [data-code="SSO-PASSKEY"]');
  await passkey.waitFor({ timeout: 20_000 });
  assert.match(await passkey.innerText(), /WebAuthn disponible, authentificateur de l'appareil prêt/);
  await ready.close();

  const none = await launchProfile(THIRD_PARTY_ALLOWED);
  await none.page.goto(`${ssoBase}/check`);
  const without = none.page.locator('#browser-checks [data-code="SSO-PASSKEY"]');
  await without.waitFor({ timeout: 20_000 });
  assert.match(await without.innerText(), /pas d'authentificateur de l'appareil[\s\S]*clé de sécurité USB/);
  await none.close();
});
