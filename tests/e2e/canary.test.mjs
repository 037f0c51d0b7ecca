// The phishing-clone canary: the login page served from another origin (the edge under its other
// loopback name, `localhost`, standing in for a copy on a look-alike domain) warns the agent in red,
// sends its origin to the edge, and the security team's webhook (a local receiver) is called once;
// the portal team sees the copy on /stats. The portal itself (127.0.0.1, the example config's portal
// origin, compiled into the widget by `cargo xtask build`) shows the usual verdict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { launchBrowser, startEdge, exampleConfig, verdict, FRENCH } from './support.mjs';
import { axeViolations } from './a11y.mjs';

const STATS_TOKEN = 'e2e-canary-statistics-token-0001';
const WARNING = {
  fr: "Cette page n'est pas le portail de la Ville. Ne tapez pas votre mot de passe.",
  en: "This page is not the city's portal. Do not type your password.",
};

let browser;
let edge;
let receiver;
const alerts = [];

before(async () => {
  browser = await launchBrowser();
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      alerts.push({ path: request.url, type: request.headers['content-type'], body: JSON.parse(body) });
      response.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const hook = `http://127.0.0.1:${receiver.address().port}/hooks/preflight`;
  edge = await startEdge({
    configText: `${exampleConfig()}\n[alerts]\nwebhook_url = "${hook}"\nwebhook_timeout_seconds = 2\n`,
    env: { PREFLIGHT_STATS_TOKEN: STATS_TOKEN },
  });
});
after(async () => {
  await edge?.stop();
  receiver?.close();
  await browser?.close();
});

const cloneUrl = (path) => edge.url.replace('127.0.0.1', 'localhost') + path;

async function until(condition, what, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The copy's line, as the agent sees it. */
async function cloneWarning(path, lang) {
  const context = await browser.newContext(FRENCH);
  const page = await context.newPage();
  const beacon = page.waitForRequest((r) => r.url().endsWith('/api/canary') && r.method() === 'POST');
  await page.goto(cloneUrl(path));
  const widget = page.locator('preflight-check[data-state="clone"]');
  await widget.waitFor({ timeout: 10_000 });
  const line = widget.locator('p.pf-finding');
  const seen = {
    role: await line.getAttribute('role'),
    text: await line.innerText(),
    beacon: (await beacon).postData(),
    violations: await axeViolations(page, `clone warning (${lang})`),
  };
  await context.close();
  return seen;
}

test('a copy of the login page on another origin warns the agent, in French and in English, and tells the edge', async () => {
  const fr = await cloneWarning('/', 'fr');
  assert.deepEqual([fr.role, fr.text], ['alert', WARNING.fr]);
  assert.equal(fr.beacon, 'http://localhost', 'the beacon carries the page\'s origin and nothing else');
  assert.deepEqual(fr.violations, []);
  const en = await cloneWarning('/en.html', 'en');
  assert.deepEqual([en.role, en.text], ['alert', WARNING.en]);
  assert.deepEqual(en.violations, []);

  // The security team hears of it once, however often the copy is opened within the hour.
  await until(() => alerts.length >= 1, 'the webhook');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(alerts.length, 1, `one alert: ${JSON.stringify(alerts)}`);
  const [alert] = alerts;
  assert.equal(alert.path, '/hooks/preflight');
  assert.equal(alert.type, 'application/json');
  assert.equal(alert.body.event, 'phishing-clone');
  assert.equal(alert.body.origin, 'http://localhost');
  assert.equal(alert.body.portal, 'Portail des agents de la Ville');
  assert.deepEqual(Object.keys(alert.body).sort(), ['count', 'event', 'first_seen_ms', 'last_seen_ms', 'origin', 'portal', 'v']);
});

test('the portal itself shows the check, sends no beacon, and the portal team sees the copy on /stats', async () => {
  const context = await browser.newContext(FRENCH);
  const page = await context.newPage();
  const beacons = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/canary')) beacons.push(r.url()); });
  await page.goto(edge.url + '/');
  const { code } = await verdict(page);
  assert.match(code, /^CLK-/, 'the usual verdict on the portal');
  assert.equal(await page.locator('preflight-check[data-state="clone"]').count(), 0);
  assert.deepEqual(beacons, []);

  await page.goto(edge.url + '/stats');
  await page.getByLabel('Jeton des statistiques').fill(STATS_TOKEN);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(edge.url + '/stats');
  const clones = page.locator('#stats-clones');
  assert.equal(await clones.getAttribute('data-clones'), '1');
  const line = clones.locator('li[data-origin="http://localhost"]');
  assert.match(await line.innerText(), /^http:\/\/localhost — signalements : \d+ ; premier le \d{4}-\d{2}-\d{2} \d{2}:\d{2}, dernier le /);
  assert.deepEqual(await axeViolations(page, '/stats with a clone'), []);
  await context.close();
});
