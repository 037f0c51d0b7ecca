// Accessibility (RGAA 4.1 / WCAG 2.1 AA), proven in the browser: axe-core's WCAG 2.1 A and AA rules
// find nothing on any page, in any state a person can see, in French and in English, nor under forced
// colours. A failure names the rule, the elements and the page state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launchBrowser, openPage, startEdge, exampleConfig } from './support.mjs';
import { axeViolations, checkPageDone, helpdeskSignedIn, loginLine, signIn } from './a11y.mjs';

const TICKET = 'INC-2026-0042';
const LANGUAGES = [
  { lang: 'fr', locale: 'fr-FR', login: '/', home: '/home.html', share: "J'accepte et j'envoie" },
  { lang: 'en', locale: 'en-GB', login: '/en.html', home: '/home-en.html', share: 'I agree, send it' },
];

let browser;
let edge;
let repairEdge;
before(async () => {
  browser = await launchBrowser();
  // Believes X-Forwarded-For from loopback, like the helpdesk test, so the agent can come from the internet.
  edge = await startEdge({ configText: exampleConfig().replace('trusted_proxies = []', 'trusted_proxies = ["127.0.0.1/32"]') });
  // Pages with a service worker the portal did not register: the check page offers Repair.
  const www = mkdtempSync(join(tmpdir(), 'preflight-www-'));
  cpSync(join(ROOT, 'www'), www, { recursive: true });
  writeFileSync(join(www, 'extra-sw.js'), "self.addEventListener('fetch', () => {});");
  writeFileSync(join(www, 'register-extra.js'), `navigator.serviceWorker.register('/extra-sw.js')
    .then(() => navigator.serviceWorker.ready).then(() => { document.documentElement.dataset.registered = 'yes'; });`);
  writeFileSync(join(www, 'register-extra.html'), '<!doctype html><script src="/register-extra.js"></script>');
  repairEdge = await startEdge({ www });
});
after(async () => {
  await edge?.stop();
  await repairEdge?.stop();
  await browser?.close();
});

/** Collects the violations of each state; the test fails once, listing every one. */
function audit() {
  const found = [];
  return {
    async scan(page, state) { found.push(...await axeViolations(page, state)); },
    assertNone() { assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`); },
  };
}

/** The "share with the helpdesk" step done on an open `/check`; returns the code shown. */
async function share(page, words) {
  await page.getByRole('button', { name: words.share }).click();
  await page.locator('#report-share[data-state="shared"]').waitFor({ timeout: 15_000 });
  return (await page.locator('#report-share .pf-report-code').innerText()).trim();
}

for (const words of LANGUAGES) {
  const contextOptions = { locale: words.locale };

  test(`axe (${words.lang}): the login line ok, warning, error, unavailable, and with "shared computer" ticked`, async () => {
    const found = audit();
    for (const [state, options] of [
      ['ok', {}],
      ['warning', { skewSeconds: 120 }],
      ['error', { skewSeconds: 600 }],
      // The page's time probe and the check request both fail: the edge is out of reach.
      ['unavailable', { prepare: (page) => page.route(/\/api\/(time|check)$/, (route) => route.abort('failed')) }],
    ]) {
      const { context, page, seen } = await loginLine(browser, edge.url + words.login.replace(/\/$/, ''), { ...options, contextOptions });
      const expected = { ok: 'ok', warning: 'warning', error: 'error', unavailable: 'info' }[state];
      assert.equal(seen.severity, expected, `the login line is in its ${state} state`);
      await found.scan(page, `${words.login} login line ${state}`);
      if (state === 'ok') {
        await page.locator('#preflight-shared').check();
        await page.locator('.pf-shared-reminder').waitFor();
        await found.scan(page, `${words.login} "shared computer" ticked`);
      }
      await context.close();
    }
    found.assertNone();
  });

  test(`axe (${words.lang}): /check after the check, with the VPN monitor running, and after sharing`, async () => {
    const found = audit();
    const { context, page } = await openPage(browser, { contextOptions: { ...contextOptions, extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.9' } } });
    await page.goto(`${edge.url}/check?ticket=${TICKET}`);
    await checkPageDone(page);
    await found.scan(page, '/check after the check');
    await page.locator('.pf-start').click();
    await page.waitForFunction(() => Number(document.querySelector('#vpn-monitor').dataset.samples) >= 2, null, { timeout: 15_000 });
    await found.scan(page, '/check with the VPN monitor running');
    await page.locator('.pf-stop').click();
    await share(page, words);
    await found.scan(page, '/check after sharing (code shown)');
    await context.close();
    found.assertNone();
  });

  test(`axe (${words.lang}): /check with Repair offered, and after Repair`, async () => {
    const found = audit();
    const { context, page } = await openPage(browser, { contextOptions });
    await page.goto(repairEdge.url + '/register-extra.html');
    await page.locator('html[data-registered="yes"]').waitFor();
    await page.goto(repairEdge.url + '/check');
    await page.locator('button.pf-repair').waitFor({ timeout: 15_000 });
    await checkPageDone(page);
    await found.scan(page, '/check with Repair offered');
    await page.locator('button.pf-repair').click();
    await page.locator('.pf-repaired').waitFor({ timeout: 15_000 });
    await checkPageDone(page);
    await found.scan(page, '/check after Repair');
    await context.close();
    found.assertNone();
  });

  test(`axe (${words.lang}): the helpdesk's sign-in, a report, an unknown code`, async () => {
    const found = audit();
    const agent = await openPage(browser, { contextOptions });
    await agent.page.goto(`${edge.url}/check?ticket=${TICKET}`);
    await checkPageDone(agent.page);
    const code = await share(agent.page, words);
    await agent.context.close();

    const { context, page } = await openPage(browser, { contextOptions });
    await page.goto(`${edge.url}/helpdesk`);
    await found.scan(page, '/helpdesk sign-in');
    await page.locator('#token').fill('not-the-token');
    await page.locator('form button[type="submit"]').first().click();
    await page.locator('#sign-in-error').waitFor();
    await found.scan(page, '/helpdesk sign-in refused');
    await context.close();

    const helpdesk = await helpdeskSignedIn(browser, edge.url, contextOptions);
    await found.scan(helpdesk.page, '/helpdesk signed in');
    await helpdesk.page.goto(`${edge.url}/helpdesk/report?code=${code}`);
    await helpdesk.page.locator('.pf-findings').waitFor();
    await found.scan(helpdesk.page, '/helpdesk report');
    await helpdesk.page.goto(`${edge.url}/helpdesk/report?code=ZZZZ-ZZZZ`);
    await found.scan(helpdesk.page, '/helpdesk unknown code');
    await helpdesk.context.close();
    found.assertNone();
  });

  test(`axe (${words.lang}): home with the reminder and the idle countdown, logged out, /go/, 404, the statement`, async () => {
    const found = audit();
    const { context, page } = await openPage(browser, { contextOptions });
    await context.clock.install({ time: Date.now() });
    await page.goto(edge.url + words.login);
    await page.locator('#agent-id').fill('A123456');
    await page.locator('#password').fill('not-a-real-password');
    await page.locator('#preflight-shared').check();
    await Promise.all([page.waitForURL(`**${words.home}`), page.locator('button[type=submit]').click()]);
    await page.locator('preflight-check[data-code="SHR-DEVICE"]').waitFor();
    await found.scan(page, `${words.home} with the shared-computer reminder`);
    const { idle_minutes: idleMinutes } = await page.evaluate(async () => (await fetch('/api/session-hints')).json());
    await page.clock.runFor(idleMinutes * 60_000 + 1_000);
    await page.locator('.pf-countdown:not([hidden])').waitFor();
    await found.scan(page, `${words.home} with the idle countdown`);
    await context.close();

    const other = await openPage(browser, { contextOptions });
    for (const path of ['/logged-out', '/go/urbanisme', '/no-such-page', '/accessibilite.html', '/accessibility.html']) {
      await other.page.goto(edge.url + path);
      await found.scan(other.page, path);
    }
    await other.context.close();
    found.assertNone();
  });
}

test('forced colours: axe finds nothing, and warnings, errors and focus keep a visible border or outline', async () => {
  const found = audit();
  const { context, page, seen } = await loginLine(browser, edge.url, {
    skewSeconds: 600,
    prepare: (p) => p.emulateMedia({ forcedColors: 'active' }),
  });
  assert.equal(seen.severity, 'error');
  assert.ok(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), 'forced colours are on');
  await found.scan(page, 'login line error, forced colours');
  const border = await page.locator('preflight-check .pf-finding').evaluate((line) => {
    const style = getComputedStyle(line);
    return { width: parseFloat(style.borderTopWidth), style: style.borderTopStyle, color: style.borderTopColor };
  });
  assert.ok(border.width >= 1 && border.style === 'solid', `the error line keeps a border: ${JSON.stringify(border)}`);
  assert.notEqual(border.color, 'rgba(0, 0, 0, 0)', 'the border is drawn in a system colour');
  await page.locator('#agent-id').focus();
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'focus still shows');

  await page.goto(`${edge.url}/check`);
  await checkPageDone(page);
  await found.scan(page, '/check, forced colours');
  const helpdesk = await helpdeskSignedIn(browser, edge.url);
  await helpdesk.page.emulateMedia({ forcedColors: 'active' });
  await found.scan(helpdesk.page, '/helpdesk, forced colours');
  await helpdesk.context.close();
  await context.close();
  found.assertNone();
});
