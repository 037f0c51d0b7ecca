// Accessibility helpers of the browser tests: axe-core (WCAG 2.1 A and AA rules) run inside the page,
// and the page states a person can see, reached the way the other tests reach them.
//
// axe is injected with `page.evaluate(source)`, not `page.addScriptTag`: the pages' CSP forbids inline
// scripts, and a script tag added by the test is one (Chromium refuses it), while an evaluation through
// the DevTools protocol is not subject to the page's CSP. The context keeps its CSP (no `bypassCSP`),
// so axe audits the page exactly as an agent gets it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, HELPDESK_TOKEN, openPage, verdict } from './support.mjs';

const AXE_SOURCE = readFileSync(join(ROOT, 'tests', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
/** The RGAA 4.1 follows WCAG 2.1 AA: every rule tagged for levels A and AA of WCAG 2.0 and 2.1. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe in the page and returns its violations, each as one readable line (rule, impact, the
 * elements, the page state); an empty list when the page passes.
 */
export async function axeViolations(page, state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, WCAG_21_AA);
  return violations.map((v) => `[${state}] ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`);
}

/** The login page with its line's verdict (after `prepare`, which may route requests). */
export async function loginLine(browser, base, { skewSeconds = 0, contextOptions = {}, prepare } = {}) {
  const opened = await openPage(browser, { skewSeconds, contextOptions });
  if (prepare) await prepare(opened.page);
  await opened.page.goto(base + '/');
  const seen = await verdict(opened.page);
  return { ...opened, seen };
}

/** Signs in to the demo portal from the login page (ticking "shared computer" when asked). */
export async function signIn(page, base, { declareShared = false } = {}) {
  await page.goto(base + '/');
  await page.locator('#agent-id').fill('A123456');
  await page.locator('#password').fill('not-a-real-password');
  if (declareShared) await page.locator('#preflight-shared').check();
  await Promise.all([page.waitForURL('**/home.html'), page.locator('button[type=submit]').click()]);
  await page.locator('preflight-check[mode="logout-reminder"][data-state="done"]').waitFor();
}

/** The full check's verdicts listed on `/check` (or the page open in `page`). */
export async function checkPageDone(page) {
  await page.locator('#browser-checks[data-state="done"]').waitFor({ timeout: 15_000 });
  await page.locator('#access-panel[data-state="done"], #access-panel[data-state="ready"]').first().waitFor({ timeout: 15_000 });
  await page.locator('#report-share[data-state="ready"]').waitFor({ timeout: 15_000 });
}

/** The code of a report shared from `/check` (in French) in a fresh context, for the helpdesk's report page. */
export async function sharedReportCode(browser, base) {
  const { context, page } = await openPage(browser);
  await page.goto(base + '/check?ticket=INC-2026-0042');
  await checkPageDone(page);
  await page.getByRole('button', { name: "J'accepte et j'envoie" }).click();
  await page.locator('#report-share[data-state="shared"]').waitFor({ timeout: 15_000 });
  const code = (await page.locator('.pf-report-code').innerText()).trim();
  await context.close();
  return code;
}

/** The helpdesk signed in (token typed in the sign-in form) in a fresh context of `browser`. */
export async function helpdeskSignedIn(browser, base, contextOptions = {}) {
  const { context, page } = await openPage(browser, { contextOptions });
  await page.goto(`${base}/helpdesk`);
  await page.locator('input[name="token"]').fill(HELPDESK_TOKEN);
  await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"]').first().click()]);
  return { context, page };
}
