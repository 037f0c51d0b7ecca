// The helpdesk link, end to end: the agent opens it, agrees to share, reads out a short code; the
// helpdesk signs in, types the code and sees the report. And the report keeps nothing personal.
// This test's edge believes X-Forwarded-For from loopback, so the agent can come "from the internet".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HELPDESK_TOKEN, launchBrowser, openPage, startEdge, exampleConfig, FRENCH } from './support.mjs';

const AGENT_ADDRESS = '203.0.113.9';
const SESSION_COOKIE = 'portal-session-value-do-not-store';
const TICKET = 'INC-2026-0042';
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

let browser;
let edge;
before(async () => {
  if (!HELPDESK_TOKEN) throw new Error('PREFLIGHT_HELPDESK_TOKEN is not set: run with `cargo xtask test`');
  browser = await launchBrowser();
  const config = exampleConfig();
  if (!config.includes('trusted_proxies = []')) throw new Error('update this test: the example config changed');
  // Reports kept 3 days here: the consent sentence must say so.
  const kept = config.replace('report_ttl_days = 7', 'report_ttl_days = 3');
  edge = await startEdge({ configText: kept.replace('trusted_proxies = []', 'trusted_proxies = ["127.0.0.1/32", "::1/128"]') });
});
after(async () => {
  await edge?.stop();
  await browser?.close();
});

/** The agent's side: open the link, run the check, agree, and read the code. Returns the code. */
async function agentShares({ skewSeconds = 0, agentId } = {}) {
  const { context, page, consoleErrors } = await openPage(browser, {
    skewSeconds,
    contextOptions: { extraHTTPHeaders: { 'X-Forwarded-For': AGENT_ADDRESS } },
  });
  await context.addCookies([{ name: 'portal_session', value: SESSION_COOKIE, url: edge.url }]);
  await page.goto(`${edge.url}/check?ticket=${TICKET}`);
  assert.equal(await page.locator('.pf-ticket').innerText(), TICKET);
  const qr = page.locator('.pf-qr img');
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is shown');

  const share = page.locator('#report-share[data-state="ready"]');
  await share.waitFor({ timeout: 15_000 });
  const consent = await share.locator('.pf-consent').innerText();
  assert.match(consent, /Ni votre adresse IP, ni le contenu de vos cookies/);
  assert.match(consent, /supprimé automatiquement après 3 jours\./);
  if (agentId) await page.getByLabel('Votre identifiant agent (facultatif)').fill(agentId);
  await page.getByRole('button', { name: "J'accepte et j'envoie" }).click();
  await page.locator('#report-share[data-state="shared"]').waitFor({ timeout: 15_000 });
  const code = (await page.locator('#report-share .pf-report-code').innerText()).trim();
  assert.match(code, CODE);
  assert.equal(await page.locator('#report-share .pf-share-result').getAttribute('aria-live'), 'polite');
  assert.deepEqual(consoleErrors, []);
  await context.close();
  return code;
}

test('the agent opens the link, agrees to share and gets a code to read out', async () => {
  const code = await agentShares();
  assert.match(code, CODE);
});

test('the helpdesk signs in, types the code as heard and sees the most likely cause first', async () => {
  const code = await agentShares({ skewSeconds: 10 * 60 });
  const context = await browser.newContext(FRENCH);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: edge.url });
  const page = await context.newPage();
  const refused = await page.goto(`${edge.url}/helpdesk/report?code=${code}`);
  assert.equal(refused.status(), 401, 'no session: the sign-in page, whatever the code');
  await page.getByLabel('Jeton de l\'assistance').fill(HELPDESK_TOKEN);
  await page.getByRole('button', { name: /Se connecter/ }).click();
  // As read out on the phone: lower case, a space instead of the dash.
  await page.getByLabel(/Code lu par l'agent/).fill(code.toLowerCase().replace('-', ' '));
  await page.getByRole('button', { name: /Voir le rapport/ }).click();

  await page.locator('h1').filter({ hasText: code }).waitFor();
  assert.equal(await page.locator('.pf-cause .pf-finding').getAttribute('data-code'), 'CLK-SKEW');
  const rows = await page.locator('.pf-findings tbody tr th').allInnerTexts();
  assert.ok(rows.includes('CLK-SKEW') && rows.includes('COO-OK'), rows.join(', '));
  assert.match(await page.locator('.pf-ticket, .lead').first().innerText(), new RegExp(TICKET));
  assert.match(await page.locator('dl').innerText(), /internet/);

  await page.getByRole('button', { name: /Copier.*Français/ }).click();
  await page.locator('#copy-status').filter({ hasText: /Copié|Ctrl\+C/ }).waitFor();
  const summary = await page.locator('#summary-fr').inputValue();
  assert.match(summary, new RegExp(`Rapport Preflight ${code} — ticket ${TICKET}`));
  assert.match(summary, /Cause la plus probable : CLK-SKEW/);
  await context.close();
});

test('an English browser gets the edge\'s pages in English, a French one in French', async () => {
  for (const [locale, lang, signIn, check] of [
    ['en-GB', 'en', 'Helpdesk sign-in', 'Full check'],
    ['fr-FR', 'fr', 'Connexion de l\'assistance', 'Vérification complète'],
  ]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${edge.url}/helpdesk`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.locator('h1').innerText(), signIn);
    await page.goto(`${edge.url}/check?ticket=${TICKET}`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang, 'the widget reads the same language');
    assert.equal(await page.locator('h1').innerText(), check);
    await context.close();
  }
});

test('the stored report holds no IP address, cookie value or user agent string', async () => {
  const code = await agentShares({ agentId: 'A12345' });
  const response = await fetch(`${edge.url}/api/reports/${code}`, { headers: { Authorization: `Bearer ${HELPDESK_TOKEN}` } });
  assert.equal(response.status, 200);
  const stored = await response.text();
  for (const secret of [AGENT_ADDRESS, '127.0.0.1', SESSION_COOKIE, 'Mozilla', 'HeadlessChrome/']) {
    assert.ok(!stored.includes(secret), `${secret} is in the stored report`);
  }
  const { report } = JSON.parse(stored);
  assert.equal(report.access, 'internet', 'the class of the address is kept, not the address');
  assert.equal(report.agent_id, 'A12345', 'the agent ID only because the agent typed it');
  assert.equal(report.ticket, TICKET);

  const anonymous = await fetch(`${edge.url}/api/reports/${code}`);
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.headers.get('content-type'), /application\/problem\+json/);
});
