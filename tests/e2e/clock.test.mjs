// The clock check, in a real browser whose clock Playwright moves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launchBrowser, openPage, startEdge, verdict } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/**
 * The drift the line states, in seconds: the login line's figure comes from its check request's stamp,
 * right within ±1 s (half of `core::clock::exchange::CHECK_BUDGET_MS`) — the check page, which times
 * a full sample, states it to the millisecond.
 */
function assertDrift(text, seconds, side) {
  const found = text.match(/(?:(\d+)\u00a0min ?)?(?:(\d+)\u00a0s)? (d'avance|de retard|ahead|behind)/);
  assert.ok(found, `no drift in: ${text}`);
  const stated = Number(found[1] ?? 0) * 60 + Number(found[2] ?? 0);
  assert.ok(Math.abs(stated - seconds) <= 1, `stated ${stated} s, true ${seconds} s: ${text}`);
  assert.equal(found[3], side);
}

async function checkWithSkew(skewSeconds, path = '/') {
  const { context, page } = await openPage(browser, { skewSeconds });
  await page.goto(BASE + path);
  const seen = await verdict(page);
  await context.close();
  return seen;
}

test('a clock on time gets a quiet ok line', async () => {
  const seen = await checkWithSkew(0);
  assert.equal(seen.code, 'CLK-OK');
  assert.equal(seen.severity, 'ok');
  assert.equal(seen.role, 'status');
  assert.match(seen.text, /à l'heure/);
});

test('a clock 120 s ahead warns that 2FA codes may be refused', async () => {
  const seen = await checkWithSkew(120);
  assert.equal(seen.code, 'CLK-TOTP');
  assert.equal(seen.severity, 'warning');
  assert.equal(seen.role, 'alert');
  assertDrift(seen.text, 120, "d'avance");
  assert.match(seen.text, /double authentification/);
  // Headless Chromium says Linux: the remedy names that OS's switch.
  assert.match(seen.text, /Date et heure automatiques/, 'one action is given, for this OS');
});

test('a clock one hour ahead points at the time zone', async () => {
  const seen = await checkWithSkew(3600);
  assert.equal(seen.code, 'CLK-TZ');
  assert.equal(seen.severity, 'error');
  assert.equal(seen.role, 'alert');
  assert.match(seen.text, /1\u00a0h d'avance/);
  assert.match(seen.text, /fuseau horaire/);
});

test('a clock 6 minutes ahead is an error: sign-in will fail', async () => {
  const seen = await checkWithSkew(360);
  assert.equal(seen.code, 'CLK-SKEW');
  assert.equal(seen.severity, 'error');
  assert.equal(seen.role, 'alert');
  assertDrift(seen.text, 360, "d'avance");
  assert.match(seen.text, /certificats vont échouer/);
});

test('a clock behind is said to be behind', async () => {
  const seen = await checkWithSkew(-47);
  assert.equal(seen.code, 'CLK-TOTP');
  assertDrift(seen.text, 47, 'de retard');
});

test('an English page gets English text', async () => {
  const { context, page } = await openPage(browser, { skewSeconds: 120 });
  await page.route(BASE + '/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('<html lang="fr">', '<html lang="en">');
    await route.fulfill({ response, body: html });
  });
  await page.goto(BASE + '/');
  const seen = await verdict(page);
  assert.equal(seen.code, 'CLK-TOTP');
  assert.match(seen.text, /ahead: two-factor codes may be refused/);
  assertDrift(seen.text, 120, 'ahead');
  assert.match(seen.text, /Automatic Date & Time/);
  await context.close();
});

// The login line's clock: the page's one time probe (started beside the widget's download) is sent
// with the check request; without it, the check request's own stamp (core::clock::exchange).
// `order` lists, as they happen, the check requests sent and the probe's end (answered or given up).
async function checkRequests(page) {
  const seen = { checks: [], probes: 0, order: [] };
  page.on('request', (request) => {
    if (request.url().endsWith('/api/time')) seen.probes += 1;
    if (request.url().endsWith('/api/check')) {
      seen.checks.push(JSON.parse(request.postData()));
      seen.order.push('check');
    }
  });
  const probeEnded = (request) => { if (request.url().endsWith('/api/time')) seen.order.push('probe ended'); };
  page.on('requestfinished', probeEnded);
  page.on('requestfailed', probeEnded);
  return seen;
}

/** Holds the widget's wasm until the page's time probe has come back, as on a slow link. */
async function wasmAfterProbe(page) {
  const probeBack = page.waitForEvent('requestfinished', { predicate: (r) => r.url().endsWith('/api/time') });
  await page.route('**/preflight_widget_bg.wasm', async (route) => {
    await probeBack;
    await route.continue();
  });
}

/** A full sample, in the order it was taken: the device's t0 ≤ t3 around the edge's t1 ≤ t2. */
function assertSample(sample) {
  assert.ok(sample && sample.t0 <= sample.t3 && sample.t1 <= sample.t2, JSON.stringify(sample));
}

test('the login line sends the page\'s one time probe with its one check request', async () => {
  const { context, page } = await openPage(browser, { skewSeconds: 120 });
  const seen = await checkRequests(page);
  await wasmAfterProbe(page);
  await page.goto(BASE + '/');
  assert.equal((await verdict(page)).code, 'CLK-TOTP');
  assert.equal(seen.probes, 1, 'one /api/time, beside the download');
  assert.equal(seen.checks.length, 1, 'one request: the sample decided');
  assert.equal(seen.checks[0].clock, null);
  assertSample(seen.checks[0].sample);
  assert.equal(seen.checks[0].sent.within_ms, 2000, 'core::clock::exchange::CHECK_BUDGET_MS');
  await context.close();
});

test('near a threshold the page\'s sample decides at once', async () => {
  // 29 s fast: a loopback round trip bounds the offset well inside the 30 s step.
  const { context, page } = await openPage(browser, { skewSeconds: 29 });
  const seen = await checkRequests(page);
  await wasmAfterProbe(page);
  await page.goto(BASE + '/');
  const line = await verdict(page);
  assert.equal(line.code, 'CLK-OK', line.text);
  assert.equal(seen.checks.length, 1, 'no second request');
  assertSample(seen.checks[0].sample);
  await context.close();
});

test('without the page\'s probe, the check\'s stamp is refined once by its own sample', async () => {
  // 120 s: the stamp's 2.5 s interval decides the warning, and the sample states the drift; 29 s:
  // the interval straddles the 30 s step, and the sample decides.
  for (const [skewSeconds, code] of [[120, 'CLK-TOTP'], [29, 'CLK-OK']]) {
    const { context, page } = await openPage(browser, { skewSeconds });
    await page.route('**/api/time', (route) => route.abort('failed'));
    const seen = await checkRequests(page);
    await page.goto(BASE + '/');
    const line = await verdict(page);
    assert.equal(line.code, code, line.text);
    assert.equal(seen.checks[0].sample, null, 'the first request has only its stamp');
    assert.equal(seen.checks.length, 2, `skew ${skewSeconds} s: the stamp, then the sample`);
    assertSample(seen.checks[1].sample);
    if (code === 'CLK-TOTP') assertDrift(line.text, skewSeconds, "d'avance");
    await context.close();
  }
});

test('a slow first check request (a cold connection on a slow link) still brings the right clock finding', async () => {
  const edge = await startEdge({ args: ['--inject-faults', 'check_delay_first_ms=1500'] });
  try {
    const { context, page } = await openPage(browser, { skewSeconds: 120 });
    const seen = await checkRequests(page);
    // The probe's sample rides with the first request: what is tested here is the hedge.
    await wasmAfterProbe(page);
    await page.goto(edge.url + '/');
    const line = await verdict(page, { timeout: 3_000 });
    assert.equal(line.code, 'CLK-TOTP', `the skew, not "not available": ${line.text}`);
    assert.ok(seen.checks.length <= 2, `no retry storm: ${seen.checks.length} check requests`);
    await context.close();
  } finally {
    await edge.stop();
  }
});

test('a slow time probe is not waited for: the check leaves before it ends, and its stamp brings the finding', async () => {
  const edge = await startEdge({ args: ['--inject-faults', 'delay_ms=1500'] });
  try {
    const { context, page } = await openPage(browser, { skewSeconds: 120 });
    const seen = await checkRequests(page);
    await page.goto(edge.url + '/');
    const line = await verdict(page, { timeout: 3_000 });
    assert.equal(line.code, 'CLK-TOTP', `the skew, not "not available": ${line.text}`);
    assert.equal(seen.probes, 1, 'one probe, never repeated');
    assert.equal(seen.checks[0].sample, null, 'the late probe is not waited for');
    assert.equal(seen.order[0], 'check', `the check left first: ${seen.order}`);
    await context.close();
  } finally {
    await edge.stop();
  }
});

test('a lost first check request is made up by the one sent beside it', async () => {
  const edge = await startEdge({ args: ['--inject-faults', 'check_drop_first=1'] });
  try {
    const { context, page } = await openPage(browser, { skewSeconds: -47 });
    const seen = await checkRequests(page);
    // The probe's sample rides with the first request: what is tested here is the hedge.
    await wasmAfterProbe(page);
    await page.goto(edge.url + '/');
    const line = await verdict(page, { timeout: 3_000 });
    assert.equal(line.code, 'CLK-TOTP', line.text);
    assertDrift(line.text, 47, 'de retard');
    assert.equal(seen.checks.length, 2, 'the lost one and its companion');
    assert.equal(seen.checks[1].sent.within_ms, 1000, 'the companion keeps to the budget');
    await context.close();
  } finally {
    await edge.stop();
  }
});
