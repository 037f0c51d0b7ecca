// What a screen reader hears: each live region changes once per event (the login line is busy while
// it measures, then says its verdict once), the idle countdown speaks at a few steps rather than every
// second, images and tables carry their text, and passages in another language say so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, HELPDESK_TOKEN, launchBrowser, openPage, holdResponses, verdict } from './support.mjs';
import { checkPageDone, signIn } from './a11y.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/**
 * Records, from the page's first script on, every text the element matching `selector` shows, with
 * its `aria-busy` at that moment (one entry per change of text or busy state).
 */
async function recordRegion(context, selector) {
  await context.addInitScript((selector) => {
    window.__heard = [];
    const record = () => {
      const region = document.querySelector(selector);
      if (!region) return;
      const entry = { text: region.textContent.trim(), busy: region.getAttribute('aria-busy') };
      const last = window.__heard.at(-1);
      if (!last || last.text !== entry.text || last.busy !== entry.busy) window.__heard.push(entry);
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
  }, selector);
}

test('the login line is busy while it measures, then its text changes once: the verdict', async () => {
  const { context, page } = await openPage(browser);
  await recordRegion(context, 'preflight-check[mode="inline"]');
  // The verdict waits for the check's answer (never for the time probe): held, the line is busy.
  const check = await holdResponses(page, '**/api/check');
  await page.goto(BASE + '/');
  await check.firstFetched;
  const line = page.locator('preflight-check[mode="inline"]');
  assert.equal(await line.getAttribute('aria-busy'), 'true', 'busy while the check runs');
  assert.match(await line.innerText(), /Vérification de la connexion/);
  check.release();
  const seen = await verdict(page);
  await page.locator('preflight-check[mode="inline"][data-state="done"]:not([aria-busy])').waitFor();

  // Screen readers hold back what changes under aria-busy and read the region when it clears: the
  // only text shown while not busy (but the empty element before it starts) must be the verdict.
  const heard = await page.evaluate(() => window.__heard);
  const texts = [...new Set(heard.map((h) => h.text).filter((t) => t !== ''))];
  assert.equal(texts.length, 2, `the text changes once during the check: ${JSON.stringify(heard)}`);
  assert.equal(texts[0], 'Vérification de la connexion…');
  assert.equal(texts[1].replace(/\s+/g, ''), seen.text.replace(/\s+/g, ''), 'then the verdict');
  const notBusy = heard.filter((h) => h.busy !== 'true' && h.text !== '');
  assert.deepEqual(notBusy.map((h) => h.text), [texts[1]], `only the verdict is shown while not busy: ${JSON.stringify(heard)}`);
  assert.equal(seen.code, 'CLK-OK');
  await context.close();
});

test('no element stays busy: every mode of the element clears aria-busy once it has rendered', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(BASE + '/check');
  await checkPageDone(page);
  await page.locator('#vpn-monitor[data-state="ready"]').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('preflight-check').length === 4
    && document.querySelectorAll('preflight-check[aria-busy]').length === 0, null, { timeout: 5_000 });
  await signIn(page, BASE);
  assert.equal(await page.locator('preflight-check[aria-busy]').count(), 0, 'the logout reminder is not busy');
  await context.close();
});

test('the idle countdown is announced when it starts, then at 30 and 10 s; its timer is not a live region', async () => {
  const { context, page } = await openPage(browser);
  await context.clock.install({ time: Date.now() });
  await signIn(page, BASE, { declareShared: true });
  const { idle_minutes: idleMinutes, countdown_seconds: countdownSeconds } =
    await page.evaluate(async () => (await fetch('/api/session-hints')).json());
  assert.ok(countdownSeconds > 30, 'the example config counts down from more than 30 s');
  await page.evaluate(() => {
    window.__steps = [];
    window.__alerts = [];
    const steps = document.querySelector('.pf-countdown .pf-steps');
    const alert = document.querySelector('.pf-countdown [role=alert]');
    new MutationObserver(() => { if (steps.textContent) window.__steps.push(steps.textContent); })
      .observe(steps, { childList: true, characterData: true, subtree: true });
    new MutationObserver(() => { if (alert.textContent) window.__alerts.push(alert.textContent); })
      .observe(alert, { childList: true, characterData: true, subtree: true });
  });
  const steps = page.locator('.pf-countdown .pf-steps');
  assert.equal(await steps.getAttribute('aria-live'), 'polite');

  await page.clock.runFor(idleMinutes * 60_000);
  for (let second = 0; second < countdownSeconds - 2; second += 1) await page.clock.runFor(1_000);
  assert.equal(new URL(page.url()).pathname, '/home.html', 'still before the end');
  assert.deepEqual(await page.evaluate(() => window.__steps), [
    'Plus que 30 secondes avant la déconnexion automatique.',
    'Plus que 10 secondes avant la déconnexion automatique.',
  ]);
  assert.equal((await page.evaluate(() => window.__alerts)).length, 1, 'the alert is said once, when the countdown starts');
  const timerInLiveRegion = await page.locator('.pf-countdown [role=timer]').evaluate((timer) =>
    timer.getAttribute('aria-live') ?? timer.parentElement.closest('[aria-live]:not([aria-live="off"]), [role=alert], [role=status], [role=log]')?.outerHTML ?? null);
  assert.equal(timerInLiveRegion, null, 'the seconds (role=timer) are not read out every second');
  await context.close();
});

test('the QR code has a text alternative, the helpdesk table has headers, other-language passages are marked', async () => {
  const agent = await openPage(browser);
  await agent.page.goto(BASE + '/check?ticket=INC-9');
  await checkPageDone(agent.page);
  assert.equal(await agent.page.locator('.pf-qr img').getAttribute('alt'), 'Code QR du lien de cette page');
  const english = agent.page.locator('footer a[hreflang="en"]');
  assert.equal(await english.getAttribute('lang'), 'en', 'the link to the English page is marked as English');
  assert.equal(await english.innerText(), 'English');
  await agent.page.getByRole('button', { name: "J'accepte et j'envoie" }).click();
  await agent.page.locator('#report-share[data-state="shared"]').waitFor({ timeout: 15_000 });
  const code = (await agent.page.locator('.pf-report-code').innerText()).trim();
  await agent.context.close();

  const { context, page } = await openPage(browser);
  await page.goto(BASE + '/helpdesk');
  await page.locator('#token').fill(HELPDESK_TOKEN);
  await Promise.all([page.waitForLoadState('load'), page.locator('#token').press('Enter')]);
  await page.goto(`${BASE}/helpdesk/report?code=${code}`);
  const table = page.locator('table.pf-findings');
  const columns = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('scope')));
  assert.deepEqual(columns, ['col', 'col', 'col', 'col']);
  const rows = await table.locator('tbody tr').count();
  assert.ok(rows >= 5, `${rows} findings`);
  assert.equal(await table.locator('tbody tr > th[scope="row"]').count(), rows, 'each row has its header');
  const severities = await table.locator('tbody tr > td:nth-child(2)').allInnerTexts();
  assert.ok(severities.every((s) => ['Correct', 'Information', 'Indéterminé', 'Attention', 'Erreur'].includes(s)), severities.join());
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await page.locator('#summary-en').getAttribute('lang'), 'en', 'the English summary on a French page says so');
  assert.equal(await page.locator('label[for="summary-en"] span').getAttribute('lang'), 'en');
  await context.close();
});

test('the check page says each finding\'s severity in words, not by colour alone', async () => {
  const { context, page } = await openPage(browser, { skewSeconds: 120 });
  await page.goto(BASE + '/check');
  await checkPageDone(page);
  const clock = page.locator('#browser-checks .pf-finding[data-code="CLK-TOTP"]');
  assert.equal(await clock.locator('.pf-severity').innerText(), 'ATTENTION');
  assert.equal(await clock.locator('.pf-severity').textContent(), 'Attention', 'the word itself, not only its capitals');
  const ok = page.locator('#browser-checks .pf-finding[data-code="COO-OK"] .pf-severity');
  assert.equal(await ok.textContent(), 'Correct');
  await context.close();
});
