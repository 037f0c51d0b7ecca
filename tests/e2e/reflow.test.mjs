// Reflow and preferences: at 320 CSS px wide and at 200 % zoom (640 px at device scale 2) no page
// scrolls sideways and nothing is cut off; with reduced motion nothing animates or transitions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, HELPDESK_TOKEN, launchBrowser, openPage, verdict } from './support.mjs';
import { checkPageDone, sharedReportCode } from './a11y.mjs';

let browser;
let reportCode;
before(async () => {
  browser = await launchBrowser();
  reportCode = await sharedReportCode(browser, BASE);
});
after(async () => { await browser?.close(); });

/** Every page, each waited for until it shows what a person sees there. */
const PAGES = [
  ['/', (page) => verdict(page)],
  ['/en.html', (page) => verdict(page)],
  ['/check?ticket=INC-2026-0042', checkPageDone],
  ['/home.html', (page) => page.locator('preflight-check[data-state="done"]').waitFor()],
  ['/logged-out', null],
  ['/go/urbanisme', null],
  ['/no-such-page', null],
  ['/accessibilite.html', null],
  ['/accessibility.html', null],
  ['/helpdesk', null],
  ['HELPDESK_REPORT', (page) => page.locator('.pf-findings').waitFor()],
];

/** What overflows: the page's scroll width, and any visible element whose box leaves the viewport. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const cut = [];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      const hidden = box.width <= 1 || style.visibility === 'hidden' || element.closest('[hidden], .pf-sr-only');
      if (!hidden && (box.right > width + 0.5 || box.left < -0.5)) {
        cut.push(`${element.tagName.toLowerCase()}.${element.className} (${Math.round(box.left)}–${Math.round(box.right)})`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, cut: cut.slice(0, 5) };
  });
}

for (const [name, viewport] of [
  ['320 CSS px', { viewport: { width: 320, height: 640 } }],
  ['200 % zoom (1280 px at scale 2)', { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 }],
]) {
  test(`reflow at ${name}: no horizontal scrolling and nothing cut off, on every page`, async () => {
    const { context, page } = await openPage(browser, { contextOptions: viewport });
    await page.goto(`${BASE}/helpdesk`);
    await page.locator('#token').fill(HELPDESK_TOKEN);
    await Promise.all([page.waitForLoadState('load'), page.locator('#token').press('Enter')]);
    const found = [];
    for (const [path, ready] of PAGES) {
      const url = path === 'HELPDESK_REPORT' ? `${BASE}/helpdesk/report?code=${reportCode}` : BASE + path;
      await page.goto(url);
      if (ready) await ready(page);
      const seen = await overflow(page);
      if (seen.scrollWidth > seen.innerWidth || seen.cut.length > 0) found.push(`${path}: ${JSON.stringify(seen)}`);
    }
    assert.deepEqual(found, [], found.join('\n'));
    await context.close();
  });
}

test('reduced motion: no animation or transition on any element', async () => {
  const { context, page } = await openPage(browser);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  for (const [path, ready] of PAGES.filter(([path]) => path !== 'HELPDESK_REPORT')) {
    await page.goto(BASE + path);
    if (ready) await ready(page);
    assert.ok(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches));
    const moving = await page.evaluate(() => [...document.querySelectorAll('*')].flatMap((element) =>
      [getComputedStyle(element), getComputedStyle(element, '::before'), getComputedStyle(element, '::after')]
        .filter((style) => style.animationName !== 'none' && style.animationDuration.split(',').some((d) => parseFloat(d) > 0)
          || style.transitionDuration.split(',').some((d) => parseFloat(d) > 0))
        .map(() => element.tagName.toLowerCase() + '.' + element.className)));
    assert.deepEqual(moving, [], `${path}: ${moving.join(', ')}`);
  }
  await context.close();
});
