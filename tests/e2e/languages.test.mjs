// English parity: every page, in each language, speaks only that language — but for passages marked
// with the other `lang`, finding codes and code samples — and links to itself in the other language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, HELPDESK_TOKEN, OUTPUT, ROOT, launchBrowser, openPage, verdict } from './support.mjs';
import { checkPageDone, sharedReportCode } from './a11y.mjs';

/** Common words of each language that the other never uses (no proper nouns, no codes). */
const MARKERS = {
  fr: /\b(le|la|les|de|des|du|un|une|et|au|vous|votre|vos|est|pour|avec|sur|pas|dans|cette|aucun)\b/gi,
  en: /\b(the|your|you|is|are|with|this|not|and|of|to|from|has|was|in|for|by)\b/gi,
};
/**
 * Proper nouns the deployment config gives in one language only: the departments' names (the
 * intent picker's options but its first, "any department").
 */
const PROPER_NOUNS = '#pf-department option:not(:first-child)';

let browser;
let reportCode;
before(async () => {
  browser = await launchBrowser();
  reportCode = await sharedReportCode(browser, BASE);
});
after(async () => { await browser?.close(); });

/**
 * The words a person may read or hear on the page in its own language: text, titles and text
 * alternatives, without passages marked with another `lang`, `<code>` and `<pre>`.
 */
async function ownWords(page) {
  return page.evaluate((properNouns) => {
    const own = document.documentElement.lang;
    const skip = (node) => {
      const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      if (element.closest('code, pre, script, style') || element.matches(properNouns)) return true;
      const marked = element.closest('[lang]');
      return marked && marked.getAttribute('lang') !== own;
    };
    const words = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!skip(node)) words.push(node.textContent);
    for (const element of document.body.querySelectorAll('[alt], [aria-label], [placeholder], [title]')) {
      if (skip(element)) continue;
      for (const name of ['alt', 'aria-label', 'placeholder', 'title']) if (element.hasAttribute(name)) words.push(element.getAttribute(name));
    }
    return words.join(' ').replace(/\s+/g, ' ');
  }, PROPER_NOUNS);
}

/** Every page, in `lang`: how to open it there, and what to wait for. */
function pages(lang) {
  const en = lang === 'en';
  return [
    [en ? '/en.html' : '/', (page) => verdict(page)],
    ['/check?ticket=INC-2026-0042', checkPageDone],
    [en ? '/home-en.html' : '/home.html', (page) => page.locator('preflight-check[data-state="done"]').waitFor()],
    ['/helpdesk', null],
    ['/helpdesk/report?code=ZZZZ-ZZZZ', null],
    ['REPORT', (page) => page.locator('.pf-findings').waitFor()],
    ['/logged-out', null],
    ['/go/urbanisme', null],
    ['/no-such-page', null],
    [en ? '/accessibility.html' : '/accessibilite.html', null],
  ];
}

for (const [lang, other, locale] of [['fr', 'en', 'fr-FR'], ['en', 'fr', 'en-GB']]) {
  test(`every page in ${lang === 'fr' ? 'French' : 'English'} has no ${other === 'fr' ? 'French' : 'English'} text outside passages marked lang="${other}"`, async () => {
    const { context, page } = await openPage(browser, { contextOptions: { locale } });
    const signIn = await page.goto(`${BASE}/helpdesk`);
    assert.equal(signIn.status(), 401);
    await page.locator('#token').fill(HELPDESK_TOKEN);
    await Promise.all([page.waitForLoadState('load'), page.locator('#token').press('Enter')]);
    const found = [];
    for (const [path, ready] of pages(lang)) {
      await page.goto(path === 'REPORT' ? `${BASE}/helpdesk/report?code=${reportCode}` : BASE + path);
      if (ready) await ready(page);
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `${path} is in ${lang}`);
      const words = await ownWords(page);
      const foreign = [...new Set(words.match(MARKERS[other]) ?? [])];
      const own = words.match(MARKERS[lang]) ?? [];
      assert.ok(own.length >= 1, `${path} reads as ${lang}: ${words.slice(0, 200)}`);
      if (foreign.length > 0) {
        const around = foreign.map((w) => words.match(new RegExp(`.{0,50}\\b${w}\\b.{0,50}`, 'i'))?.[0]);
        found.push(`${path}: ${other} words ${foreign.join(', ')} in « ${around.join(' » « ')} »`);
      }
      // A visible link to the same page in the other language, itself marked with that language.
      const switcher = page.locator(`footer a[hreflang="${other}"]`);
      assert.equal(await switcher.count(), 1, `${path} links to the ${other} page`);
      assert.equal(await switcher.getAttribute('lang'), other);
      assert.ok(await switcher.isVisible());
    }
    assert.deepEqual(found, [], found.join('\n'));
    await context.close();
  });
}

test('the language link leads to the same page in the other language', async () => {
  const { context, page } = await openPage(browser);
  for (const [path, lang] of [['/no-such-page', 'en'], ['/logged-out', 'en'], ['/check?ticket=INC-7', 'en'], ['/', 'en'], ['/accessibilite.html', 'en']]) {
    await page.goto(BASE + path);
    await Promise.all([page.waitForURL((url) => url.href !== BASE + path), page.locator(`footer a[hreflang="${lang}"]`).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), lang, `${path} → ${page.url()}`);
    if (path.startsWith('/check')) assert.match(page.url(), /ticket=INC-7/, 'the ticket is kept');
    const back = page.locator('footer a[hreflang="fr"]');
    await Promise.all([page.waitForLoadState('load'), back.click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr', `and back from ${page.url()}`);
  }
  await context.close();
});

test('the login line and /check in French and in English, as the README shows them', async () => {
  for (const [lang, locale, login] of [['fr', 'fr-FR', '/'], ['en', 'en-GB', '/en.html']]) {
    const { context, page } = await openPage(browser, { contextOptions: { locale, viewport: { width: 800, height: 720 } } });
    await page.goto(BASE + login);
    const seen = await verdict(page);
    assert.equal(seen.code, 'CLK-OK');
    assert.match(seen.text, lang === 'fr' ? /à l'heure/ : /on time/);
    // The French login page is the README's first picture, docs/demo-login.png (login.test.mjs).
    const shots = lang === 'en' ? [['login-en.png']] : [];
    if (lang === 'en') await page.screenshot({ path: join(OUTPUT, 'login-en.png'), fullPage: true });
    await page.goto(BASE + '/check');
    await checkPageDone(page);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await page.screenshot({ path: join(OUTPUT, `check-${lang}.png`), fullPage: true });
    shots.push([`check-${lang}.png`]);
    if (process.env.PREFLIGHT_UPDATE_DOCS) {
      for (const [name] of shots) copyFileSync(join(OUTPUT, name), join(ROOT, 'docs', name));
    }
    await context.close();
  }
});
