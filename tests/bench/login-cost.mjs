// Login page cost, for `cargo xtask bench` (not a test: it judges nothing, it prints JSON).
//
// The demo login page is loaded BENCH_LOADS times with the widget and as many times without it
// (the same page from the same edge, with the element and its module removed), alternating, each
// load in a fresh browser context. Two passes, because typing into the form ends LCP and hides
// later layout shifts:
// - "page": no input; first verdict, CLS and LCP, read after the verdict (or the load) has settled;
// - "form": the form is typed into as soon as Playwright can; the first `input` event's time.
// Times are ms from navigation start (performance.now()), as the page saw them.
import { launchBrowser, BASE } from '../e2e/support.mjs';

const LOADS = Number(process.env.BENCH_LOADS || 20);
const SCRIPT_TAG = /<script type="module" src="\/preflight-check\.js"><\/script>\n?/;
const ELEMENT = /<preflight-check[^>]*><\/preflight-check>\n?/;

// Runs in each page before its own scripts (injected by the browser, not subject to the page's CSP).
function observe() {
  const bench = { cls: 0, shifts: 0, lcp: null, typedAt: null };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) {
      if (!shift.hadRecentInput) { bench.cls += shift.value; bench.shifts += 1; }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    bench.lcp = list.getEntries().at(-1).startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  document.addEventListener('input', (event) => {
    if (event.target.id === 'agent-id' && bench.typedAt === null) bench.typedAt = performance.now();
  }, true);
}

/** A fresh context whose login page is served as is, or without the widget. */
async function open(browser, withWidget) {
  const context = await browser.newContext();
  await context.addInitScript(observe);
  const page = await context.newPage();
  // Both variants go through the same interception, so only the HTML differs.
  await page.route(BASE + '/', async (route) => {
    const response = await route.fetch();
    let body = await response.text();
    if (!withWidget) {
      if (!SCRIPT_TAG.test(body) || !ELEMENT.test(body)) throw new Error('the login page no longer has the widget markup the bench removes');
      body = body.replace(SCRIPT_TAG, '').replace(ELEMENT, '');
    }
    await route.fulfill({ response, body });
  });
  return { context, page };
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
      code: document.querySelector('preflight-check')?.dataset.code ?? null,
      fcp: fcp ? fcp.startTime : null,
      lcp: window.__bench.lcp,
      cls: window.__bench.cls,
      shifts: window.__bench.shifts,
    };
  });
  await context.close();
  return result;
}

async function formLoad(browser, withWidget) {
  const { context, page } = await open(browser, withWidget);
  await page.goto(BASE + '/', { waitUntil: 'commit' });
  await page.locator('#agent-id').pressSequentially('A', { timeout: 10_000 });
  const typedAt = await page.waitForFunction(() => window.__bench.typedAt).then((h) => h.jsonValue());
  await context.close();
  return typedAt;
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
  // One unrecorded load of each kind: the edge's file cache and Chromium's first-run work.
  await pageLoad(browser, true);
  await formLoad(browser, false);
  const page = await alternate(browser, pageLoad);
  const form = await alternate(browser, formLoad);
  process.stdout.write(JSON.stringify({ loads: LOADS, page, form }) + '\n');
} finally {
  await browser.close();
}
