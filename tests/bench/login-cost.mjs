// Login page cost, for `cargo xtask bench` (not a test: it judges nothing, it prints JSON).
//
// The demo login page is loaded BENCH_LOADS times with the widget and as many times without it
// (the same page from the same edge, with the element and its module removed), alternating, each
// load in a fresh browser context, with no input (input would end LCP and hide layout shifts).
// Everything is measured in the page, in ms from navigation start: driving the browser from here
// costs hundreds of ms of its own on a busy machine, which would drown what the widget costs.
import { launchBrowser, BASE } from '../e2e/support.mjs';

const LOADS = Number(process.env.BENCH_LOADS || 20);
const SCRIPT_TAG = /<script type="module"(?: async)? src="\/preflight-check\.js"><\/script>\n?/;
const ELEMENT = /<preflight-check[^>]*><\/preflight-check>\n?/;
// The preloads of the widget's files, with their comment.
const PRELOADS = /<!-- The widget's glue and wasm[\s\S]*?crossorigin>\n?/;

// Runs in each page before its own scripts (injected by the browser, not subject to the page's CSP).
function observe() {
  const bench = { cls: 0, shifts: 0, lcp: null, formReady: null };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) {
      if (!shift.hadRecentInput) { bench.cls += shift.value; bench.shifts += 1; }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    bench.lcp = list.getEntries().at(-1).startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  // The form is ready when the identifier field has been painted and the page's main thread is
  // free to take a keystroke: the first task after the first frame that contains the field.
  const watch = new MutationObserver(() => {
    const field = document.getElementById('agent-id');
    if (!field) return;
    watch.disconnect();
    requestAnimationFrame(() => setTimeout(() => {
      const typable = field.isConnected && !field.disabled && !field.readOnly && field.closest('[inert]') === null
        && field.getClientRects().length > 0;
      bench.formReady = typable ? performance.now() : null;
    }, 0));
  });
  watch.observe(document, { childList: true, subtree: true });
}

/** A fresh context whose login page is served as is, or without the widget. */
async function open(browser, withWidget) {
  const context = await browser.newContext();
  await context.addInitScript(observe);
  const page = await context.newPage();
  // Both variants pass the document through the same interception, so only the HTML differs. Only
  // the document is paused (a raw CDP pattern): Playwright's page.route would also hold every
  // script, wasm and time probe on its way, and slow the very figures measured here.
  const cdp = await context.newCDPSession(page);
  cdp.on('Fetch.requestPaused', async ({ requestId, responseStatusCode, responseHeaders }) => {
    const { body, base64Encoded } = await cdp.send('Fetch.getResponseBody', { requestId });
    const html = base64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    await cdp.send('Fetch.fulfillRequest', {
      requestId,
      responseCode: responseStatusCode,
      responseHeaders: responseHeaders.filter((h) => h.name.toLowerCase() !== 'content-length'),
      body: Buffer.from(withWidget ? html : withoutWidget(html)).toString('base64'),
    });
  });
  const document = { urlPattern: BASE + '/', resourceType: 'Document', requestStage: 'Response' };
  await cdp.send('Fetch.enable', { patterns: [document] });
  return { context, page };
}

function withoutWidget(html) {
  if (!SCRIPT_TAG.test(html) || !ELEMENT.test(html) || !PRELOADS.test(html)) {
    console.error('the login page no longer has the widget markup the bench removes: update tests/bench/login-cost.mjs');
    process.exit(1);
  }
  return html.replace(SCRIPT_TAG, '').replace(ELEMENT, '').replace(PRELOADS, '');
}

const twoFrames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));

async function pageLoad(browser, withWidget) {
  const { context, page } = await open(browser, withWidget);
  await page.goto(BASE + '/', { waitUntil: 'load' });
  if (withWidget) await page.locator('preflight-check[data-state="done"]').waitFor({ timeout: 10_000 });
  await page.evaluate(twoFrames);
  const result = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const verdict = performance.getEntriesByName('preflight-verdict')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      dcl: nav.domContentLoadedEventEnd,
      verdictAfterDcl: verdict ? verdict.startTime - nav.domContentLoadedEventEnd : null,
      widget: document.querySelector('preflight-check') !== null,
      code: document.querySelector('preflight-check')?.dataset.code ?? null,
      fcp: fcp ? fcp.startTime : null,
      lcp: window.__bench.lcp,
      cls: window.__bench.cls,
      shifts: window.__bench.shifts,
      formReady: window.__bench.formReady,
    };
  });
  await context.close();
  return result;
}

// Emulated networks: DevTools adds `latency` ms to every request and caps the link at 1.6 Mbit/s down,
// 750 kbit/s up (a 4G link in a lift, hotel Wi-Fi). Each load is cold (a fresh context).
const LATENCIES_MS = [0, 50, 150, 300];
const NET_LOADS = Number(process.env.BENCH_NET_LOADS || 5);
const LINK = { downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

/** In the page: the requests made up to the verdict, and how many round trips deep their chain goes. */
function requestChain() {
  const nav = performance.getEntriesByType('navigation')[0];
  const verdict = performance.getEntriesByName('preflight-verdict')[0];
  const until = verdict ? verdict.startTime : Infinity;
  const entries = [nav, ...performance.getEntriesByType('resource')].filter((e) => e.startTime <= until);
  // A request's depth: one more than the deepest request that had ended before it started.
  const depth = new Map();
  const sorted = [...entries].sort((a, b) => a.startTime - b.startTime);
  for (const entry of sorted) {
    const before = sorted.filter((other) => other !== entry && other.responseEnd > 0 && other.responseEnd <= entry.startTime);
    depth.set(entry, 1 + Math.max(0, ...before.map((other) => depth.get(other) ?? 0)));
  }
  // When a file had fully arrived, after DCL: the earliest of its entries (a preload and its use).
  const arrivedAfterDcl = (suffix) => {
    const ends = entries.filter((e) => new URL(e.name).pathname.endsWith(suffix) && e.responseEnd > 0);
    return ends.length ? Math.min(...ends.map((e) => e.responseEnd)) - nav.domContentLoadedEventEnd : null;
  };
  // When the first of the widget's files (glue or wasm) was requested.
  const widgetRequested = Math.min(...entries.filter((e) => /\/preflight_widget(_bg\.wasm|\.js)$/.test(e.name)).map((e) => e.startTime));
  return {
    dcl: nav.domContentLoadedEventEnd,
    // From the widget's first request (its preload, as early as the page lets it), every byte the
    // link carried up to the verdict, headers included: the floor the link sets.
    widgetRequested,
    bytesFromWidget: entries.filter((e) => e.startTime >= widgetRequested).reduce((sum, e) => sum + (e.transferSize || 0), 0),
    wasmAfterDcl: arrivedAfterDcl('_bg.wasm'),
    checkAfterDcl: arrivedAfterDcl('/api/check'),
    verdictAfterDcl: verdict ? verdict.startTime - nav.domContentLoadedEventEnd : null,
    requests: entries.length,
    roundTrips: Math.max(...entries.map((e) => depth.get(e))),
    names: sorted.map((e) => new URL(e.name).pathname),
    code: document.querySelector('preflight-check')?.dataset.code ?? null,
  };
}

async function emulatedLoad(browser, latency) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, ...LINK });
  await page.goto(BASE + '/', { waitUntil: 'load' });
  await page.locator('preflight-check[data-state="done"]').waitFor({ timeout: 20_000 });
  const result = await page.evaluate(requestChain);
  await context.close();
  return { latency, ...result };
}

async function emulated(browser) {
  const runs = [];
  for (const latency of LATENCIES_MS) {
    const loads = [];
    for (let i = 0; i < NET_LOADS; i++) loads.push(await emulatedLoad(browser, latency));
    runs.push({ latency, loads });
  }
  return runs;
}

/** Alternates the variants so that drift of the machine hits both alike. */
async function alternate(browser, load) {
  const runs = { with: [], without: [] };
  for (let i = 0; i < LOADS; i++) {
    for (const withWidget of i % 2 ? [false, true] : [true, false]) {
      runs[withWidget ? 'with' : 'without'].push(await load(browser, withWidget));
    }
  }
  return runs;
}

const browser = await launchBrowser();
try {
  // Unrecorded loads first: the edge's file cache and Chromium's first-run work.
  await pageLoad(browser, true);
  await pageLoad(browser, false);
  const page = await alternate(browser, pageLoad);
  const network = await emulated(browser);
  process.stdout.write(JSON.stringify({ loads: LOADS, page, network }) + '\n');
} finally {
  await browser.close();
}
