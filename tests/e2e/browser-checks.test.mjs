// Browser checks beyond the clock, in real Chromium: the full list on the check page, cookies
// blocked by an enterprise policy, oversized cookies, plain http, a stale service worker and
// Repair, and the probe hosts' certificates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { once } from 'node:events';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { BASE, ROOT, exampleConfig, launchBrowser, openPage, startEdge, verdict } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The full check page's findings, by code, once its check is done. */
async function fullCheck(page) {
  await page.locator('preflight-check[mode="full-check"][data-state="done"]').waitFor({ timeout: 15_000 });
  return page.locator('.pf-checks .pf-finding').evaluateAll((lines) => lines.map((l) => l.dataset.code));
}

test('the full check page lists every check with its title, code and the measured clock', async () => {
  const { context, page } = await openPage(browser, { skewSeconds: 47 });
  await page.goto(BASE + '/check');
  assert.deepEqual(await fullCheck(page), ['CLK-TOTP', 'SEC-OK', 'COO-OK', 'STO-OK', 'CAC-OK']);
  const clock = page.locator('.pf-checks li').first();
  assert.equal(await clock.locator('.pf-title').innerText(), 'Horloge décalée : codes 2FA en danger');
  assert.match(await clock.locator('.pf-detail').innerText(), /^Horloge mesurée : 47\u00a0s d'avance, ±\d+\u00a0ms\.$/);
  assert.equal(await clock.locator('.pf-code').innerText(), 'CLK-TOTP');
  assert.equal(await page.locator('button.pf-repair').count(), 0, 'nothing to repair');
  await context.close();
});

test('without the edge, the full page decides what it can and says what it could not check', async () => {
  const { context, page } = await openPage(browser);
  await page.route('**/api/**', (route) => route.abort());
  await page.goto(BASE + '/check');
  assert.deepEqual(await fullCheck(page), ['CLK-UNAVAILABLE', 'SEC-OK', 'COO-OK', 'STO-OK']);
  assert.match(await page.locator('.pf-not-checked').innerText(), /n'a pas pu être vérifié : l'heure/);
  await context.close();
});

const POLICY_DIR = '/etc/chromium/policies/managed';

test('cookies blocked by an enterprise policy are found before the agent signs in', async (t) => {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
  } catch (error) {
    t.skip(`SKIPPED: cannot write Chromium's managed policies (${error.code}); run the browser tests as root, as CI does`);
    return;
  }
  // As enterprises deploy it: a policy file, read by Chromium at start-up.
  const file = join(POLICY_DIR, 'preflight-test-cookies.json');
  writeFileSync(file, JSON.stringify({ DefaultCookiesSetting: 2 }));
  let policyBrowser;
  try {
    policyBrowser = await launchBrowser();
    const { page } = await openPage(policyBrowser);
    await page.goto(BASE + '/');
    const seen = await verdict(page);
    assert.equal(seen.code, 'COO-BLOCKED');
    assert.equal(seen.role, 'alert');
    assert.match(seen.text, /bloque les cookies du portail/);
    await page.fill('#agent-id', 'a.martin');
    assert.equal(await page.inputValue('#agent-id'), 'a.martin', 'the form stays usable');
  } finally {
    rmSync(file, { force: true });
    await policyBrowser?.close();
  }
});

test('7 KB of cookies warn of the "400 Bad Request" to come', async () => {
  const { context, page } = await openPage(browser);
  const domain = new URL(BASE).hostname;
  await context.addCookies(
    Array.from({ length: 7 }, (_, i) => ({ name: `portal_big${i}`, value: 'x'.repeat(1010), domain, path: '/' })),
  );
  await page.goto(BASE + '/');
  const seen = await verdict(page);
  assert.equal(seen.code, 'COO-LARGE');
  assert.equal(seen.severity, 'warning');
  assert.match(seen.text, /pèsent 7,0\u00a0Ko/);
  await context.close();
});

test('a login page over plain http from a real name is an error', async () => {
  const port = new URL(BASE).port;
  const named = await launchBrowser({ args: ['--host-resolver-rules=MAP portal.test 127.0.0.1'] });
  try {
    const { page } = await openPage(named);
    await page.goto(`http://portal.test:${port}/`);
    const seen = await verdict(page);
    assert.equal(seen.code, 'SEC-INSECURE');
    assert.equal(seen.severity, 'error');
    assert.match(seen.text, /ne saisissez pas votre mot de passe/);
  } finally {
    await named.close();
  }
});

// An "older portal version"'s service worker: it kept the login page of 2025.9.0 and serves it.
const STALE_SW = `
self.addEventListener('install', (event) => event.waitUntil((async () => {
  const fresh = await (await fetch('/', { cache: 'no-store' })).text();
  const old = fresh.replace('name="portal-version" content="2026.11.1"', 'name="portal-version" content="2025.9.0"');
  const cache = await caches.open('portal-2025.9.0');
  await cache.put('/', new Response(old, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
  await self.skipWaiting();
})()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (event.request.mode === 'navigate' && new URL(event.request.url).pathname === '/') {
    event.respondWith(caches.match('/').then((cached) => cached ?? fetch(event.request)));
  }
});
`;
const REGISTER = `navigator.serviceWorker.register('/stale-sw.js')
  .then(() => navigator.serviceWorker.ready)
  .then(() => { document.documentElement.dataset.registered = 'yes'; });`;

test('a stale service worker is found, Repair removes it, and the fresh login page works', async () => {
  const www = mkdtempSync(join(tmpdir(), 'preflight-www-'));
  cpSync(join(ROOT, 'www'), www, { recursive: true });
  writeFileSync(join(www, 'stale-sw.js'), STALE_SW);
  writeFileSync(join(www, 'register-stale.js'), REGISTER);
  writeFileSync(join(www, 'register-stale.html'), '<!doctype html><script src="/register-stale.js"></script>');
  const edge = await startEdge({ www });
  const { context, page } = await openPage(browser);
  try {
    await page.goto(edge.url + '/register-stale.html');
    await page.locator('html[data-registered="yes"]').waitFor();

    await page.goto(edge.url + '/');
    assert.equal(await page.getAttribute('meta[name=portal-version]', 'content'), '2025.9.0', 'the old page is served');
    const stale = await verdict(page);
    assert.equal(stale.code, 'CAC-STALE');
    assert.match(stale.text, /ancienne version du portail \(2025\.9\.0 au lieu de 2026\.11\.1\)/);

    // The login line leads to the check page, whose Repair does the work.
    await page.click('.pf-repair-link');
    await page.waitForURL(/\/check#repair$/);
    assert.ok((await fullCheck(page)).includes('CAC-WORKER'));
    await page.click('button.pf-repair');
    await page.waitForURL(/\/check\?preflight-repaired=\d+#repair$/);
    const repaired = page.locator('preflight-check[mode="full-check"] .pf-repaired');
    await repaired.waitFor({ timeout: 15_000 });
    const said = await repaired.innerText();
    assert.match(said, /1 service worker désinscrit \([^)]*\/stale-sw\.js\)/);
    assert.match(said, /1 cache supprimé \(portal-2025\.9\.0\)/);
    assert.match(said, /cache HTTP du portail vidé/);
    assert.ok((await fullCheck(page)).includes('CAC-OK'));
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    assert.deepEqual(await page.evaluate(() => caches.keys()), []);

    await page.goto(edge.url + '/');
    assert.equal(await page.getAttribute('meta[name=portal-version]', 'content'), '2026.11.1');
    assert.equal((await verdict(page)).code, 'CLK-OK');
    await page.fill('#agent-id', 'a.martin');
    await page.fill('#password', 'correct horse');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/home\.html$/);
  } finally {
    await context.close();
    await edge.stop();
    rmSync(www, { recursive: true, force: true });
  }
});

/** A certificate for probe.test, made here: valid now, or expired a month ago. */
function certificate({ expired }) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = `0${Date.now().toString(16)}`;
  const day = 86_400_000;
  cert.validity.notBefore = new Date(Date.now() - (expired ? 60 : 1) * day);
  cert.validity.notAfter = new Date(Date.now() + (expired ? -30 : 30) * day);
  const name = [{ name: 'commonName', value: 'probe.test' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'probe.test' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const spki = createHash('sha256').update(createPublicKey(publicPem).export({ type: 'spki', format: 'der' })).digest('base64');
  return { key: keyPem, cert: forge.pki.certificateToPem(cert), spki };
}

async function httpsProbeHost(certificate) {
  const server = createServer(certificate, (request, response) => { response.writeHead(204); response.end(); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `https://probe.test:${server.address().port}/` };
}

test('probe hosts: an expired certificate is found, a valid one is not, and a wrong clock is blamed', async () => {
  const valid = certificate({ expired: false });
  const expired = certificate({ expired: true });
  const good = await httpsProbeHost(valid);
  const bad = await httpsProbeHost(expired);
  const probes = [['Service de connexion', 'Sign-in service', good.url], ['Messagerie', 'Webmail', bad.url]]
    .map(([fr, en, url]) => `\n[[probe_hosts]]\nname = { fr = "${fr}", en = "${en}" }\nurl = "${url}"\n`);
  const edge = await startEdge({ configText: exampleConfig() + probes.join('') });
  // Only the valid certificate is trusted by this browser profile.
  const probing = await launchBrowser({
    args: ['--host-resolver-rules=MAP probe.test 127.0.0.1', `--ignore-certificate-errors-spki-list=${valid.spki}`],
  });
  try {
    const onTime = await openPage(probing);
    await onTime.page.goto(edge.url + '/check');
    const codes = await fullCheck(onTime.page);
    assert.deepEqual(codes.filter((c) => c.startsWith('CRT-')), ['CRT-FILTER'], 'one finding, for the expired host');
    const line = onTime.page.locator('.pf-finding[data-code="CRT-FILTER"]');
    assert.match(await line.innerText(), /^[\s\S]*Messagerie est injoignable en connexion sécurisée/);
    await onTime.context.close();

    const skewed = await openPage(probing, { skewSeconds: 3600 });
    await skewed.page.goto(edge.url + '/check');
    const blamed = await fullCheck(skewed.page);
    assert.deepEqual(blamed.filter((c) => c.startsWith('CRT-')), ['CRT-CLOCK']);
    assert.match(await skewed.page.locator('.pf-finding[data-code="CRT-CLOCK"]').innerText(), /à cause de l'horloge/);
    await skewed.context.close();
  } finally {
    await probing.close();
    await edge.stop();
    good.server.close();
    bad.server.close();
  }
});
