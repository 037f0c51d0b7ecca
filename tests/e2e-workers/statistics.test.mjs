// The friction statistics on Workers: agents check in from several places (CF-Connecting-IP, which
// wrangler dev passes on as Cloudflare would set it), their cells are counted into the local D1, and
// the portal team reads /stats and its CSV with its own token. Each agent counts once an hour, cells
// under 5 are absent, the totals add up, and nothing personal is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, HELPDESK_TOKEN } from '../e2e/support.mjs';

const STATS_TOKEN = process.env.PREFLIGHT_STATS_TOKEN;
const INSIDE = ['10.10.4.11', '10.10.4.12', '10.10.4.13', '10.10.4.14', '10.10.4.15', '10.10.4.16'];
const HOME = ['203.0.113.21', '203.0.113.22', '203.0.113.23'];
// A browser family and OS no other Workers test uses, so that these agents' cells are theirs alone.
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const OBSERVATIONS = JSON.stringify({
  v: 1, clock: { offset_ms: 15.0, error_bound_ms: 4.0 }, cookies_enabled: true, cookie_write_read: true,
  cookie_probe: false, local_storage: true, session_storage: true, secure_context: true, loopback_host: true,
  loaded_version: '2026.11.1', service_workers: [], storage_usage: 1000, storage_quota: 100000000, probes: [],
});

/** One check by the agent at `address`; returns the finding its login line shows. */
async function agentChecks(address) {
  const response = await fetch(BASE + '/api/check', {
    method: 'POST', body: OBSERVATIONS,
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': address, 'user-agent': FIREFOX_ON_LINUX },
  });
  assert.equal(response.status, 200);
  const { findings, top } = await response.json();
  return findings[top].code;
}

const asTeam = { headers: { authorization: `Bearer ${STATS_TOKEN}` } };

/** The CSV's rows, once the counts written after each answer (ctx.waitUntil) show `expected` checks. */
async function csvRowsOnce(expected) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(BASE + '/stats/cells.csv', asTeam);
    assert.equal(response.status, 200, await response.clone().text());
    assert.match(response.headers.get('content-type'), /^text\/csv/);
    const rows = (await response.text()).trim().split('\r\n');
    const total = rows.slice(1).reduce((sum, row) => sum + Number(row.split(',').at(-1)), 0);
    if (total === expected || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('checks on the worker are counted into D1 and read back at /stats: once per agent, no cell under 5', async () => {
  const codes = new Set();
  for (const address of INSIDE) {
    codes.add(await agentChecks(address));
    codes.add(await agentChecks(address)); // twice in the hour: counted once
  }
  for (const address of HOME) codes.add(await agentChecks(address));
  assert.equal(codes.size, 1, `every simulated agent got the same verdict: ${[...codes]}`);
  const [code] = codes;

  const rows = await csvRowsOnce(6);
  assert.equal(rows[0], 'hour_utc,code,access,site,browser,os,count');
  // The other Workers tests' checks come from one address each: cells under 5, absent too.
  assert.equal(rows.length, 2, `one shown cell: ${rows.join(' | ')}`);
  const [hour, ...cell] = rows[1].split(',');
  assert.match(hour, /^\d{4}-\d{2}-\d{2} \d{2}:00$/);
  assert.deepEqual(cell, [code, 'internal', 'hotel-de-ville', 'firefox', 'linux', '6']);
  const all = rows.join('\n');
  for (const address of [...INSIDE, ...HOME]) assert.ok(!all.includes(address), 'no address');
  assert.ok(!/Mozilla|Firefox\//.test(all), 'no user agent');

  const page = await fetch(BASE + '/stats', asTeam);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<p [^>]*id="stats-headline"[^>]*data-checks="6"/, 'six agents inside, the three at home not shown');
  assert.match(html, /<svg [^>]*class="pf-stats-chart"/, 'charts drawn by the worker');
});

test('/stats on the worker needs its own token: not the helpdesk\'s, and a session ends at sign-out', async () => {
  const anonymous = await fetch(BASE + '/stats');
  assert.equal(anonymous.status, 401);
  assert.match(await anonymous.text(), /name="token"/, 'the sign-in form');
  const helpdesk = await fetch(BASE + '/stats/cells.csv', { headers: { authorization: `Bearer ${HELPDESK_TOKEN}` } });
  assert.equal(helpdesk.status, 401);

  const signIn = await fetch(BASE + '/stats/sign-in', {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(STATS_TOKEN)}`,
  });
  assert.equal(signIn.status, 303);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  assert.equal((await fetch(BASE + '/stats/cells.csv', { headers: { cookie } })).status, 200);
  const signOut = await fetch(BASE + '/stats/sign-out', { method: 'POST', redirect: 'manual', headers: { cookie } });
  assert.equal(signOut.status, 303);
  assert.equal((await fetch(BASE + '/stats/cells.csv', { headers: { cookie } })).status, 401, 'the signed-out cookie is dead');
});
