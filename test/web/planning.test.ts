// The Planning page in a real Chromium against the API serving web/dist over FerretDB with a seeded
// market: the form makes a plan (chosen influencers within budget, the efficiency curve, coverage map
// and table), errors land at their field, a price CSV upload limits who is bought, the Rising list
// shows its empty state when the forecast route is absent; axe-clean; marketers only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createApiKey } from '../../src/api/auth';
import { WEB_DIST } from '../../src/api/app';
import { seedCandidates, syntheticCandidates } from '../../src/planning/synthetic';
import { markPeriod, snapshotId, writeSnapshots } from '../../src/store/influence-history';
import { refreshRising } from '../../src/analytics/rising';
import { startApi, type ApiUnderTest } from '../security/harness';
import { CHROMIUM, assertAccessible, launch, shot, signedIn } from './browser';

declare const document: any;
const skip = !CHROMIUM ? 'no Chromium (set-up installs Debian\'s chromium as root; or set CHROMIUM_PATH)' : false;
let api: ApiUnderTest;
let browser: Browser;
const keys: Record<string, string> = {};
const world = syntheticCandidates({ candidates: 80, seed: 4 });

before(async () => {
  if (skip) return;
  assert.ok(existsSync(`${WEB_DIST}/index.html`), 'web app not built: run npm run setup (scripts/setup.sh builds web/dist)');
  api = await startApi('web_planning');
  keys.marketer = await createApiKey(api.db, 'mia-web', 'marketer');
  keys.agent = await createApiKey(api.db, 'sam-web', 'agent');
  await seedCandidates(api.db, world);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.close();
});

test('marketer: plan a budget, see who, the curve, the coverage; errors at their field; price upload', { skip }, async () => {
  const page = await signedIn(browser, api.base, keys.marketer!);
  await page.click('nav a[href="#/planning"]');
  await page.waitForSelector('#p-budget');
  await page.waitForSelector('[data-panel="rising"] .empty');
  assert.match(await page.textContent('[data-panel="rising"]') ?? '', /No forecast yet/);
  await assertAccessible(page, 'planning (empty)');

  await page.fill('#p-budget', '0');
  await page.click('button[type=submit]');
  await page.waitForSelector('#p-budget-err');
  assert.match(await page.textContent('#p-budget-err') ?? '', /\w/);

  await page.fill('#p-budget', '8000');
  await page.fill('#p-max', '0.25');
  await page.click('text=Add a region share');
  await page.selectOption('#p-r0', 'EU');
  await page.fill('#p-min0', '0.2');
  await page.fill('#p-maxr0', '0.8');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-table="chosen"] tbody tr');
  const summary = await page.textContent('[data-panel="plan"] .summary') ?? '';
  const spent = Number(/Spends ([\d,]+)/.exec(summary)![1]!.replace(/,/g, ''));
  assert.ok(spent > 0 && spent <= 8000, summary);
  assert.match(summary, /90 % interval/);
  const costs = await page.$$eval('[data-table="chosen"] tbody tr td:nth-child(4)', (tds: any[]) => tds.map((t) => Number(t.textContent.replace(/,/g, ''))));
  assert.ok(costs.every((c: number) => c <= 2000), `max share: ${costs}`);
  assert.equal(await page.locator('[data-panel="curve"] table th[scope="col"]').count(), 11);
  await page.waitForSelector('[data-panel="coverage"] .chart canvas');
  assert.ok(await page.locator('[data-table="regions"] tbody tr').count() >= 1);
  const eu = await page.$$eval('[data-table="regions"] tbody tr', (trs: any[]) => trs.map((t) => [...t.querySelectorAll('td')].map((d: any) => d.textContent)));
  const euRow = eu.find((r: string[]) => r[0] === 'EU');
  assert.ok(euRow && parseFloat(euRow[3]!) >= 19.9 && parseFloat(euRow[3]!) <= 80.1, `EU spend share ${euRow}`);
  await page.waitForSelector('text=Recent plans');
  await assertAccessible(page, 'planning (plan)');
  await shot(page, 'planning', true);

  // A price list: only the listed people can be bought.
  const listed = world.filter((w) => !w.suppressed && !w.inConversation).slice(0, 2);
  const dir = mkdtempSync(join(tmpdir(), 'prices-'));
  writeFileSync(join(dir, 'prices.csv'), `username,price\n${listed.map((w) => `@${w.username},100`).join('\n')}\n`);
  await page.click('text=Remove');
  await page.setInputFiles('#p-prices', join(dir, 'prices.csv'));
  await page.waitForSelector('text=prices.csv: only people listed there');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('[data-table="chosen"] tbody tr').length === 2);
  const names = await page.$$eval('[data-table="chosen"] tbody tr td:first-child', (tds: any[]) => tds.map((t) => t.textContent));
  assert.deepEqual(names.sort(), listed.map((w) => `@${w.username}`).sort());
  writeFileSync(join(dir, 'bad.csv'), `${listed[0]!.xUserId},100\n${listed[1]!.xUserId},lots\n`);
  await page.setInputFiles('#p-prices', join(dir, 'bad.csv'));
  await page.waitForSelector('text=bad.csv: only people listed there');
  await page.click('button[type=submit]');
  await page.waitForSelector('[role="alert"]');
  assert.match(await page.textContent('[role="alert"]') ?? '', /prices row 2 price/);
  await page.context().close();
});

test('the Rising list shows the forecast once the influence history has periods', { skip }, async () => {
  const [a, b] = world;
  const snaps = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].flatMap((period, k) => [
    { who: a!, score: 0.2 + 0.1 * k }, { who: b!, score: 0.5 },
  ].map(({ who, score }) => ({
    _id: snapshotId(who.xUserId, period), userId: who.xUserId, period, periodStart: new Date(`${period}T00:00:00Z`), username: who.username, score,
    reach: score, resonance: 0, relevance: 0, depth: 0, followers: who.followers, tweets: who.tweets, retweets: 0, takenAt: new Date(),
  })));
  await writeSnapshots(api.db, snaps);
  // As the influence schedule's history step does: each period recorded, then the list stored.
  for (const period of ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']) {
    await markPeriod(api.db, { _id: period, periodStart: new Date(`${period}T00:00:00Z`), takenAt: new Date(), people: 2 });
  }
  await refreshRising(api.db, new Date());
  const page = await signedIn(browser, api.base, keys.marketer!);
  await page.goto(api.base + '/#/planning');
  await page.waitForSelector('[data-panel="rising"] tbody tr');
  const rows = await page.$$eval('[data-panel="rising"] tbody tr', (trs: any[]) => trs.map((t) => [...t.querySelectorAll('td')].map((d: any) => d.textContent.trim())));
  assert.equal(rows[0]![0], `@${a!.username}`, 'the rising person first');
  assert.match(rows[0]![4]!, /rising/);
  assert.match(await page.textContent('[data-panel="rising"]') ?? '', /the one starting 2026-11-23/);
  await assertAccessible(page, 'planning (rising)');
  await page.context().close();
});

test('agents do not see the Planning page', { skip }, async () => {
  const page = await signedIn(browser, api.base, keys.agent!);
  assert.equal(await page.locator('nav a[href="#/planning"]').count(), 0);
  await page.context().close();
});
