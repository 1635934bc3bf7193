// A real Chromium for the web app's tests: Debian's chromium driven by playwright-core (its own
// browser download cannot work here; set-up installs the Debian package). Helpers: sign in through
// the page, axe-core accessibility check, screenshots under docs/screenshots/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../helpers/stack';

// Code passed to page.evaluate runs in the browser; these names exist there (this module only).
declare const window: any;
declare const document: unknown;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// The README's pictures are refreshed on request (UPDATE_SCREENSHOTS=1): a test run must not dirty the tree.
export const SCREENSHOTS = process.env.SCREENSHOT_DIR
  ?? (process.env.UPDATE_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'screenshots') : join(tmpdir(), 'chirpflow-screenshots'));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM!, args: ['--disable-gpu', '--disable-dev-shm-usage'] });
}

/** A fresh browser context (own cookies) signed in through the sign-in form. */
export async function signedIn(browser: Browser, base: string, key: string): Promise<Page> {
  // bypassCSP lets the test inject axe-core; the app itself runs under its CSP.
  const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => { console.error(`[page error] ${e.message}`); });
  await page.goto(base + '/');
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForSelector('header.top nav');
  return page;
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** axe-core on the current page: no serious or critical violations. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await (window as { axe: { run(c: unknown, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } })
      .axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: accessibility violations ${JSON.stringify(bad, null, 1)}`);
}
