// The portal team's statistics: agents check in from several places (the edge believes this test's
// X-Forwarded-For, as it would a reverse proxy's), then the team reads /stats and its CSV. Each agent
// counts once an hour, cells under 5 are absent, the totals add up, and nothing personal is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startEdge, exampleConfig, verdict, FRENCH } from './support.mjs';

const STATS_TOKEN = 'e2e-statistics-token-not-a-secret';
const INSIDE = ['10.10.4.11', '10.10.4.12', '10.10.4.13', '10.10.4.14', '10.10.4.15', '10.10.4.16'];
const HOME = ['203.0.113.21', '203.0.113.22', '203.0.113.23'];

let browser;
let edge;
before(async () => {
  browser = await launchBrowser();
  const config = exampleConfig();
  if (!config.includes('trusted_proxies = []')) throw new Error('update this test: the example config changed');
  edge = await startEdge({
    configText: config.replace('trusted_proxies = []', 'trusted_proxies = ["127.0.0.1/32", "::1/128"]'),
    env: { PREFLIGHT_STATS_TOKEN: STATS_TOKEN },
  });
});
after(async () => {
  await edge?.stop();
  await browser?.close();
});

/** One agent at `address` opens the login page `times` times and gets the verdict each time. */
async function agentSignsIn(address, times = 1) {
  const context = await browser.newContext({ ...FRENCH, extraHTTPHeaders: { 'X-Forwarded-For': address } });
  const page = await context.newPage();
  let code;
  for (let i = 0; i < times; i++) {
    await page.goto(edge.url + '/');
    ({ code } = await verdict(page));
  }
  await context.close();
  return code;
}

test('the portal team sees each agent once, totals from shown cells only, and the same cells in the CSV', async () => {
  const codes = new Set();
  for (const address of INSIDE) codes.add(await agentSignsIn(address, 2)); // twice each: counted once
  for (const address of HOME) codes.add(await agentSignsIn(address));
  assert.equal(codes.size, 1, `every simulated agent got the same verdict: ${[...codes]}`);
  const [code] = codes;

  const context = await browser.newContext(FRENCH);
  const page = await context.newPage();
  const refused = await page.goto(edge.url + '/stats');
  assert.equal(refused.status(), 401, 'behind its own token');
  await page.getByLabel('Jeton des statistiques').fill(process.env.PREFLIGHT_HELPDESK_TOKEN ?? 'not-the-token-0123456789');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  assert.match(await page.locator('[role="alert"]').innerText(), /Ce jeton n'est pas le bon/, "the helpdesk's token opens nothing here");
  await page.getByLabel('Jeton des statistiques').fill(STATS_TOKEN);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(edge.url + '/stats');

  const headline = page.locator('#stats-headline');
  // Six agents inside the Hôtel de Ville, each counted once; the three at home (a cell of 3) are not shown.
  assert.equal(await headline.getAttribute('data-checks'), '6');
  assert.match(await headline.innerText(), /Sur les 30 derniers jours, \d+ vérifications sur 6/);
  assert.equal(await page.locator('svg.pf-stats-chart').count(), 2, 'two charts, drawn by the edge');
  assert.equal(await page.locator('svg#checks polyline[data-access="internal"]').count(), 1);
  assert.equal(await page.locator('svg.pf-stats-chart polyline[data-access="internet"]').count(), 0, 'a cell under 5 draws nothing');
  assert.equal(await page.locator('#share-table tr[data-access="internal"] td').first().innerText(), '6');
  assert.equal(await page.locator('script').count(), 0, 'no script at all, none from a third party');

  const csv = await page.request.get(edge.url + '/stats/cells.csv');
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  const rows = (await csv.text()).trim().split('\r\n');
  assert.equal(rows[0], 'hour_utc,code,access,site,browser,os,count');
  assert.equal(rows.length, 2, `one shown cell: ${rows.join(' | ')}`);
  const [hour, rowCode, access, site, , , count] = rows[1].split(',');
  assert.match(hour, /^\d{4}-\d{2}-\d{2} \d{2}:00$/);
  assert.deepEqual([rowCode, access, site, count], [code, 'internal', 'hotel-de-ville', '6']);
  const all = rows.join('\n');
  for (const address of [...INSIDE, ...HOME]) assert.ok(!all.includes(address), 'no address');
  assert.ok(!/Mozilla|Chrome\//.test(all), 'no user agent');

  // Signed out, the CSV is closed again.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  assert.equal((await page.request.get(edge.url + '/stats/cells.csv')).status(), 401);
  await context.close();
});
