// Shared set-up of the browser tests: Debian's Chromium through playwright-core, and private edges.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.PREFLIGHT_URL;
if (!BASE) throw new Error('PREFLIGHT_URL is not set: run the browser tests with `cargo xtask test`');
export const ROOT = process.env.PREFLIGHT_ROOT;
/** The helpdesk token of every edge the tests use (set by `cargo xtask test`). */
export const HELPDESK_TOKEN = process.env.PREFLIGHT_HELPDESK_TOKEN;
export const OUTPUT = join(ROOT, 'tests', 'output');
mkdirSync(OUTPUT, { recursive: true });

// This machine reaches nothing but loopback: keep Chromium from calling home.
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Debian's Chromium, headless; `args` adds flags (host mappings, trusted test certificates). */
export function launchBrowser({ args = [] } = {}) {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: [...FLAGS, ...args] });
}

/**
 * The agents' browsers speak French: the edge's pages follow `Accept-Language`, and Chromium's own
 * default is English. A test that checks English pages asks for `locale: 'en-GB'`.
 */
export const FRENCH = { locale: 'fr-FR' };

/** A fresh context and page; collects console errors so tests can check there is no flood. */
export async function openPage(browser, { skewSeconds = 0, contextOptions = {} } = {}) {
  const context = await browser.newContext({ ...FRENCH, ...contextOptions });
  if (skewSeconds !== 0) await context.clock.install({ time: Date.now() + skewSeconds * 1000 });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { context, page, consoleErrors };
}

/** Waits for the widget's verdict and returns what the agent sees. */
export async function verdict(page, { timeout = 10_000 } = {}) {
  const widget = page.locator('preflight-check[data-state="done"]');
  await widget.waitFor({ timeout });
  const line = widget.locator('.pf-finding').first();
  return {
    code: await widget.getAttribute('data-code'),
    severity: await widget.getAttribute('data-severity'),
    role: await line.getAttribute('role'),
    text: await line.innerText(),
  };
}

/** Holds every response matching `pattern` until `release()` is called; the body is fetched at once. */
export async function holdResponses(page, pattern) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let fetched;
  const firstFetched = new Promise((resolve) => { fetched = resolve; });
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    fetched();
    await released;
    await route.fulfill({ response });
  });
  return { release, firstFetched };
}

/** The example deployment config, as text, for tests that derive their own. */
export function exampleConfig() {
  return readFileSync(join(ROOT, 'config', 'city-portal.toml'), 'utf8');
}

let configCount = 0;
let edgeCount = 0;

/**
 * A private edge on a free port (or `listen`), for tests that stop it or need their own config (`configText`, or
 * `config`: a path from the repository root), its own pages (`www`), test-build flags (`args`, e.g.
 * `['--inject-faults', 'drop_every=4']`) or environment variables (`env`, e.g. the statistics token).
 */
export async function startEdge({ configText, config = 'config/city-portal.toml', www = 'www', args = [], env = {}, listen = '127.0.0.1:0' } = {}) {
  if (configText) {
    config = join(OUTPUT, `edge-config-${process.pid}-${configCount++}.toml`);
    writeFileSync(config, configText);
  }
  // Its own report store, deleted when it stops: never the user's data directory.
  const dataDir = mkdtempSync(join(tmpdir(), 'preflight-edge-'));
  // Its log, in JSON lines, joins the run's logs that `cargo xtask test` audits afterwards.
  const logDir = process.env.PREFLIGHT_EDGE_LOG_DIR;
  const log = logDir ? openSync(join(logDir, `edge-${process.pid}-${edgeCount++}.log`), 'w') : 'inherit';
  const logArgs = logDir ? ['--log-format', 'json'] : [];
  const child = spawn(process.env.PREFLIGHT_EDGE_BIN,
    ['--listen', listen, '--config', config, '--www', www, '--data-dir', dataDir, ...logArgs, ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', log], env: { ...process.env, ...(HELPDESK_TOKEN && { PREFLIGHT_HELPDESK_TOKEN: HELPDESK_TOKEN }), ...env } });
  const lines = createInterface({ input: child.stdout });
  const [first] = await once(lines, 'line');
  const url = first.trim().split(' ').pop();
  if (!url.startsWith('http://')) throw new Error(`edge did not start: ${first}`);
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
