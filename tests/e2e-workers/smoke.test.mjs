// The Workers smoke subset: the same Router, served by `wrangler dev` (workerd, fully local) from the
// worker that `wrangler deploy` would upload. `cargo xtask test` sets PREFLIGHT_URL to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, HELPDESK_TOKEN, launchBrowser, openPage, verdict } from '../e2e/support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function loginVerdict(skewSeconds) {
  const { context, page, consoleErrors } = await openPage(browser, { skewSeconds });
  const response = await page.goto(BASE + '/');
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/,
    'pages from the [assets] binding carry the Router\'s security headers');
  const seen = await verdict(page);
  await context.close();
  return { seen, consoleErrors };
}

test('the login page\'s clock check is quiet for a clock on time', async () => {
  const { seen, consoleErrors } = await loginVerdict(0);
  assert.equal(seen.code, 'CLK-OK');
  assert.deepEqual(consoleErrors, []);
});

test('a browser clock 120 s ahead is detected although Date.now() stands still in the worker', async () => {
  const { seen } = await loginVerdict(120);
  assert.equal(seen.code, 'CLK-TOTP');
  assert.match(seen.text, /2\u00a0min d'avance/);
});

test('/api/time: one frozen timestamp (t1 = t2), close to real time, never cached', async () => {
  const before = Date.now();
  const response = await fetch(BASE + '/api/time');
  const after = Date.now();
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const { v, t1, t2 } = await response.json();
  assert.equal(v, 1);
  assert.equal(t1, t2, 'Workers freeze Date.now() during a request');
  assert.ok(t1 >= before - 1000 && t1 <= after + 1000, `t1 ${t1} within [${before}, ${after}]`);
});

test('POST /api/check answers findings; bad input is a problem+json', async () => {
  const observations = {
    v: 1, clock: { offset_ms: 15.0, error_bound_ms: 4.0 }, cookies_enabled: true, cookie_write_read: true,
    cookie_probe: false, local_storage: true, session_storage: true, secure_context: true, loopback_host: true,
    loaded_version: '2026.11.1', service_workers: [], storage_usage: 1000, storage_quota: 100000000, probes: [],
  };
  const response = await fetch(BASE + '/api/check', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(observations),
  });
  assert.equal(response.status, 200);
  const codes = (await response.json()).findings.map((f) => f.code);
  assert.deepEqual(codes, ['CLK-OK', 'SEC-OK', 'COO-OK', 'STO-OK', 'CAC-OK']);
  const bad = await fetch(BASE + '/api/check', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"v":9}',
  });
  assert.equal(bad.headers.get('content-type'), 'application/problem+json');
  assert.ok(bad.status >= 400 && bad.status < 500);
});

test('GET /api/openapi.json: the committed OpenAPI document from the asset store, as JSON', async () => {
  const response = await fetch(BASE + '/api/openapi.json');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.equal((await response.json()).openapi, '3.1.0');
});

test('/go/{app} redirects to the configured URL only, or explains', async () => {
  const allowed = await fetch(BASE + '/go/messagerie', { redirect: 'manual' });
  assert.equal(allowed.status, 303);
  assert.equal(allowed.headers.get('location'), 'https://webmail.example.fr/');
  const internalOnly = await fetch(BASE + '/go/urbanisme', { redirect: 'manual' });
  assert.equal(internalOnly.status, 200);
  assert.match(await internalOnly.text(), /go-explanation/);
});

test('/logout wipes the origin with Clear-Site-Data and leaves for the configured URL', async () => {
  // As the portal's own page asks for it (a browser sets this header itself).
  const response = await fetch(BASE + '/logout?next=https://evil.example', {
    redirect: 'manual', headers: { 'sec-fetch-site': 'same-origin' },
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('clear-site-data'), '"cache", "cookies", "storage"');
  assert.equal(response.headers.get('location'), '/logged-out');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  // Another site's request wipes nothing: it gets the page that asks first.
  const crossSite = await fetch(BASE + '/logout', { redirect: 'manual', headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(crossSite.status, 200);
  assert.equal(crossSite.headers.get('clear-site-data'), null);
  assert.match(await crossSite.text(), /id="confirm-logout"/);
});

test('the client address comes from CF-Connecting-IP', async () => {
  // Cloudflare sets this header itself in production; wrangler dev passes on the test's value.
  const access = async (address) => (await (await fetch(BASE + '/api/access', {
    headers: { 'cf-connecting-ip': address },
  })).json()).access;
  assert.equal((await access('10.10.4.2')).class, 'internal');
  assert.equal((await access('10.10.4.2')).site, 'hotel-de-ville');
  assert.equal((await access('203.0.113.9')).class, 'internet');
});

test('static files keep their content types; unknown paths get the 404 page or a problem', async () => {
  const wasm = await fetch(BASE + '/pkg/preflight_widget_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const page = await fetch(BASE + '/does/not/exist.html');
  assert.equal(page.status, 404);
  assert.match(await page.text(), /Page introuvable/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  const api = await fetch(BASE + '/api/nope');
  assert.equal(api.status, 404);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
  const check = await fetch(BASE + '/check');
  assert.equal(check.status, 200);
  assert.match(check.headers.get('content-type'), /text\/html/);
});

test('a deployed build has no demo sign-in: POST /demo/login sets no session', async () => {
  const demo = await fetch(BASE + '/demo/login', {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'agent_id=A1&password=x',
  });
  assert.ok([404, 405].includes(demo.status), `status ${demo.status}`);
  assert.equal(demo.headers.get('set-cookie'), null);
});

const REPORT = JSON.stringify({
  v: 1, ticket: 'INC-2026-0042',
  observations: {
    v: 1, clock: { offset_ms: -400000.0, error_bound_ms: 15.0 }, cookies_enabled: true, cookie_write_read: true,
    local_storage: true, session_storage: true, secure_context: true, loopback_host: true,
    loaded_version: null, storage_usage: null, storage_quota: null,
  },
});

// Every test here comes from one address (loopback), whose budget the limit test below spends.
const uploadReport = () =>
  fetch(BASE + '/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: REPORT });

test('a report uploaded to the worker is kept in KV and found by the helpdesk with the token', async () => {
  const upload = await uploadReport();
  assert.equal(upload.status, 201);
  const { code } = await upload.json();
  const lookup = await fetch(`${BASE}/api/reports/${code}`, { headers: { Authorization: `Bearer ${HELPDESK_TOKEN}` } });
  assert.equal(lookup.status, 200);
  const { report } = await lookup.json();
  assert.equal(report.ticket, 'INC-2026-0042');
  assert.ok(report.findings.some((f) => f.code.startsWith('CLK-')));
  const anonymous = await fetch(`${BASE}/api/reports/${code}`);
  assert.equal(anonymous.status, 401);
});

test('the helpdesk signs in on the worker with a session signed by the server secret, and signs out for good', async () => {
  const signIn = await fetch(BASE + '/helpdesk/sign-in', {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(HELPDESK_TOKEN)}`,
  });
  assert.equal(signIn.status, 303);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  assert.equal((await fetch(BASE + '/helpdesk', { headers: { cookie } })).status, 200);
  const signOut = await fetch(BASE + '/helpdesk/sign-out', { method: 'POST', redirect: 'manual', headers: { cookie } });
  assert.equal(signOut.status, 303);
  assert.equal((await fetch(BASE + '/helpdesk', { headers: { cookie } })).status, 401, 'the signed-out cookie is dead');
});

test('uploads are limited by the Rate Limiting binding, with the headers an API answer carries', async () => {
  const statuses = [];
  for (let i = 0; i < 40; i++) statuses.push((await uploadReport()).status);
  assert.ok(statuses.includes(429), `no 429 in ${statuses}`);
  assert.ok(statuses.filter((s) => s === 201).length <= 30, `${statuses}`);
  const refused = await uploadReport();
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '6');
  assert.equal(refused.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(refused.headers.get('content-security-policy'), "frame-ancestors 'none'");
  assert.equal(refused.headers.get('cross-origin-resource-policy'), 'same-origin');
  assert.equal(refused.headers.get('cross-origin-opener-policy'), null, 'a document header on an API answer');
});
