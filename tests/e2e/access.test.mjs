// Access channels on the check page: where the edge sees the agent from, what to use, and the VPN
// monitor. The "trusted proxy" is the test itself: its edge believes X-Forwarded-For from loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startEdge, exampleConfig, FRENCH } from './support.mjs';

const INTERNAL = '10.10.4.2';
const VPN = '198.51.100.23';
const INTERNET = '203.0.113.9';
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
function parisWeekday() {
  const short = new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'Europe/Paris' }).format(new Date());
  return DAYS.indexOf(short.slice(0, 3).toLowerCase());
}

/**
 * The example config behind a trusted proxy (this test). The Hôtel de Ville's opening hours are
 * `hours`: always open by default, so that the tests do not depend on when they run.
 */
function behindTrustedProxy(hours = '[]') {
  const example = exampleConfig();
  for (const line of ['trusted_proxies = []', 'opening_hours = ["mon-fri 07:30-20:00", "sat 09:00-13:00"]']) {
    if (!example.includes(line)) throw new Error(`the example config no longer has ${line}: update this test`);
  }
  return example
    .replace('trusted_proxies = []', 'trusted_proxies = ["127.0.0.1/32", "::1/128"]')
    .replace('opening_hours = ["mon-fri 07:30-20:00", "sat 09:00-13:00"]', `opening_hours = ${hours}`);
}

let browser;
let edge;
before(async () => {
  browser = await launchBrowser();
  edge = await startEdge({ configText: behindTrustedProxy() });
});
after(async () => {
  await edge?.stop();
  await browser?.close();
});

async function checkPageFrom(address, { base = edge.url, userAgent } = {}) {
  const context = await browser.newContext({ ...FRENCH, extraHTTPHeaders: { 'X-Forwarded-For': address }, userAgent });
  const page = await context.newPage();
  await page.goto(base + '/check');
  await page.locator('#access-panel[data-state="done"]').waitFor();
  await page.locator('#access-panel .pf-headline').waitFor();
  return { context, page };
}

test('the login page stays quiet about access when nothing is wrong', async () => {
  const { context, page } = await checkPageFrom(INTERNET);
  await page.goto(edge.url + '/');
  await page.locator('preflight-check[data-state="done"]').waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('preflight-check .pf-notice').count(), 0);
  await context.close();
});

test('the edge sees an internal workstation, a VPN laptop and a home browser for what they are', async () => {
  for (const [address, klass, headline, channels] of [
    [INTERNAL, 'internal', /réseau interne \(Hôtel de Ville\)/, /réseau interne, portail web/],
    [VPN, 'vpn', /connecté par le VPN/, /VPN, portail web/],
    [INTERNET, 'internet', /sur Internet, hors VPN/, /Utilisable d'ici maintenant : portail web$/],
  ]) {
    const { context, page } = await checkPageFrom(address);
    const summary = page.locator('#access-panel .pf-access-summary');
    assert.equal(await summary.getAttribute('data-class'), klass, address);
    assert.match(await summary.locator('.pf-headline').innerText(), headline);
    assert.match(await summary.locator('.pf-channels').innerText(), channels);
    await context.close();
  }
});

test('a spoofed X-Forwarded-For is ignored when the edge trusts no proxy', async () => {
  const plain = await startEdge();
  try {
    const { context, page } = await checkPageFrom(INTERNAL, { base: plain.url });
    assert.equal(await page.locator('.pf-access-summary').getAttribute('data-class'), 'unknown');
    await context.close();
  } finally {
    await plain.stop();
  }
});

test('outside opening hours an internal workstation is told to use the web portal', async () => {
  const otherDay = DAYS[(parisWeekday() + 3) % 7];
  const closed = await startEdge({ configText: behindTrustedProxy(`["${otherDay} 07:30-20:00"]`) });
  try {
    const { context, page } = await checkPageFrom(INTERNAL, { base: closed.url });
    assert.match(await page.locator('.pf-headline').innerText(), /l'accès interne est fermé en ce moment/);
    assert.match(await page.locator('.pf-site').innerText(), /Accès interne fermé \(Hôtel de Ville\)/);
    assert.match(await page.locator('.pf-channels').innerText(), /: portail web$/);
    // The login page says it too, in one line under the clock verdict.
    await page.goto(closed.url + '/');
    const notice = page.locator('preflight-check .pf-notice');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('role'), 'status');
    assert.match(await notice.innerText(), /L'accès interne est fermé en ce moment \(Hôtel de Ville\) : connectez-vous par le portail web/);
    await context.close();
  } finally {
    await closed.stop();
  }
});

test('the intent picker, used with the keyboard, says which channel to use for each app', async () => {
  const { context, page } = await checkPageFrom(INTERNET);
  await page.locator('#pf-intent').focus();
  await page.locator('#pf-intent').selectOption('etat-civil');
  await page.keyboard.press('Tab'); // department
  await page.keyboard.press('Tab'); // button
  await page.keyboard.press('Enter');
  const route = page.locator('.pf-route');
  await route.locator('.pf-advice').first().waitFor();
  assert.equal(await route.getAttribute('data-channel'), 'vpn');
  assert.match(await route.innerText(), /n'est pas disponible depuis le portail web : utilisez le VPN depuis un ordinateur professionnel/);
  assert.equal(await route.locator('a').count(), 0, 'no link to an app that will not work from here');

  await page.locator('#pf-intent').selectOption('fiche-de-paie');
  await page.locator('.pf-intent-form button').click();
  await route.locator('a.pf-route-link').waitFor();
  assert.equal(await route.locator('a.pf-route-link').getAttribute('href'), '/go/fiche-de-paie');
  assert.match(await route.innerText(), /double authentification/);

  await page.locator('#pf-intent').selectOption('reset-password');
  await page.locator('#pf-department').selectOption('dases');
  await page.locator('.pf-intent-form button').click();
  await route.getByText(/service informatique DASES/).waitFor();
  await context.close();
});

test('the security and 2FA intents: never type the password, whom to tell, what to forward; 2FA from the department', async () => {
  const { context, page } = await checkPageFrom(INTERNET);
  const offered = await page.locator('#pf-intent option').evaluateAll((options) => options.map((o) => o.value));
  assert.ok(offered.includes('suspicious-message') && offered.includes('2fa-activation'), offered.join(' '));
  assert.match(
    await page.locator('#pf-intent option[value="suspicious-message"]').innerText(),
    /J'ai reçu un message suspect ou une réinitialisation de mot de passe que je n'ai pas demandée/,
  );
  const route = page.locator('.pf-route');
  await page.locator('#pf-intent').selectOption('suspicious-message');
  await page.locator('.pf-intent-form button').click();
  await route.getByText(/sécurité informatique de la Ville, 01 00 00 00 99/).waitFor();
  const advice = await route.locator('.pf-advice').allInnerTexts();
  assert.match(advice[0], /^Ne tapez jamais votre mot de passe/, 'the first thing said');
  assert.ok(advice.some((a) => /en pièce jointe à signalement-securite@example\.fr/.test(a)), advice.join(' | '));
  assert.equal(await route.locator('a').count(), 0, 'no link to follow');

  await page.locator('#pf-intent').selectOption('2fa-activation');
  await page.locator('#pf-department').selectOption('dfa');
  await page.locator('.pf-intent-form button').click();
  await route.getByText(/La double authentification s'active auprès du service informatique de votre direction \(Direction des finances et des achats\) : service informatique DFA/).waitFor();

  // The same answers from the API, in both languages.
  const api = await page.request.get(edge.url + '/api/route?intent=suspicious-message');
  assert.equal(api.status(), 200);
  const body = await api.json();
  assert.equal(body.channel, null);
  assert.match(body.advice[0].en, /^Never type your password/);
  assert.ok(body.advice.some((t) => /Report it to IT security: /.test(t.en)), JSON.stringify(body));
  const activation = await (await page.request.get(edge.url + '/api/route?intent=2fa-activation&department=dases')).json();
  assert.match(activation.advice[0].en, /activated by your department's IT service \(Direction de l'action sociale\)/);
  await context.close();
});

test('/go/ to an app blocked from this channel explains instead of redirecting', async () => {
  const { context, page } = await checkPageFrom(INTERNET);
  const response = await page.goto(edge.url + '/go/urbanisme');
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).origin, new URL(edge.url).origin, 'no redirect');
  assert.match(await page.locator('#go-explanation').innerText(), /utilisez un poste du réseau interne/);
  const allowed = await page.request.get(edge.url + '/go/messagerie', { maxRedirects: 0 });
  assert.equal(allowed.status(), 303);
  assert.equal(allowed.headers()['location'], 'https://webmail.example.fr/');
  await context.close();
});

test('a known issue is shown for an old VPN client on Windows', async () => {
  const { context, page } = await checkPageFrom(VPN, { userAgent: WINDOWS_CHROME });
  assert.equal(await page.locator('.pf-known-issues').count(), 0);
  await page.locator('#pf-vpn-client').fill('7.1.4');
  await page.locator('#pf-vpn-client').press('Enter');
  const issues = page.locator('.pf-known-issues');
  await issues.waitFor();
  assert.equal(await issues.getAttribute('role'), 'alert');
  assert.match(await issues.innerText(), /client VPN est trop ancien/);
  await context.close();
});

test('the VPN monitor shows loss and jitter live, says "unstable", and stops when the page is hidden', async () => {
  const faulty = await startEdge({ args: ['--inject-faults', 'drop_every=4,delay_ms=10,jitter_ms=180'] });
  try {
    const context = await browser.newContext(FRENCH);
    const page = await context.newPage();
    await page.goto(faulty.url + '/check');
    const monitor = page.locator('#vpn-monitor[data-state="ready"]');
    await monitor.waitFor();
    await page.locator('#pf-monitor-minutes').selectOption('1');
    await page.locator('.pf-start').click();
    await page.waitForFunction(() => Number(document.querySelector('#vpn-monitor').dataset.samples) >= 8, null, { timeout: 20_000 });

    const loss = await page.locator('[data-stat="loss"]').innerText();
    assert.notEqual(loss, '0\u00a0%');
    assert.match(await page.locator('[data-stat="jitter"]').innerText(), /\d+\u00a0ms/);
    const verdict = page.locator('.pf-verdict');
    assert.match(await verdict.innerText(), /Connexion instable : \d+\u00a0% de pertes, gigue \d+\u00a0ms — les visioconférences/);
    assert.equal(await verdict.getAttribute('role'), 'status');
    assert.ok(await page.locator('.pf-chart circle.pf-lost').count() >= 1, 'losses are drawn');
    assert.ok((await page.locator('.pf-chart polyline').getAttribute('points')).split(' ').length >= 4);

    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.locator('#vpn-monitor[data-state="stopped"]').waitFor();
    assert.equal(await page.locator('#vpn-monitor').getAttribute('data-stop-reason'), 'stopped-hidden');
    const samples = await page.locator('#vpn-monitor').getAttribute('data-samples');
    await page.waitForTimeout(2_500);
    assert.equal(await page.locator('#vpn-monitor').getAttribute('data-samples'), samples, 'no ping after stopping');
    assert.match(await verdict.innerText(), /la page a été masquée/);
    await context.close();
  } finally {
    await faulty.stop();
  }
});
