// The web app in a real Chromium against the real stack (X emulator, FerretDB, Temporal dev server,
// a worker with the product's activities, the API serving web/dist): the agent's inbox flow end to
// end, roles, the marketer's campaign flow, the review queue, every analytics view, the status
// page; axe-core on each page; a screenshot of each page (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { createApiKey } from '../../src/api/auth';
import { WEB_DIST } from '../../src/api/app';
import { COLLECTIONS } from '../../src/store';
import { freshUserId, startStack, waitFor, type Stack } from '../campaigns/harness';
import { CHROMIUM, assertAccessible, launch, shot, signedIn } from './browser';
import { seedAnalytics } from './seed';
import { DM_POLLER_WORKFLOW_TYPE, type DmPollerWorkflow } from '../../src/workflows/dm-poller/contract';
import { addSuppression } from '../../src/store/conversations';

// Code passed to page.evaluate / waitForFunction runs in the browser, where this exists.
declare const document: any;

const skip = !CHROMIUM ? 'no Chromium (set-up installs Debian\'s chromium as root; or set CHROMIUM_PATH)' : false;
let s: Stack;
let browser: Browser;
const keys: Record<string, string> = {};

before(async () => {
  if (skip) return;
  assert.ok(existsSync(`${WEB_DIST}/index.html`), 'web app not built: run npm run setup (scripts/setup.sh builds web/dist)');
  s = await startStack('web_ui', { replyProfile: { none: 1, yes: 0, help: 0, stop: 0, free: 0 } });
  // The app reads its config per request: give the throw-away stack a Temporal UI address to link to.
  s.config.TEMPORAL_UI_URL = 'http://127.0.0.1:8233';
  keys.marketer = s.key;
  for (const role of ['agent', 'operator', 'admin'] as const) keys[role] = await createApiKey(s.db, `${role === 'agent' ? 'sam' : role}-web`, role);
  await s.client.workflow.start<DmPollerWorkflow>(DM_POLLER_WORKFLOW_TYPE, { workflowId: `dm-poller-${s.taskQueue}`, taskQueue: s.taskQueue, args: [{ taskQueue: s.taskQueue, intervalMs: 300 }] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await s?.close();
});

const author = (id: string, followers: number) => ({
  id, username: `u${id.slice(-8)}`, name: `Person ${id.slice(-4)}`, verified: false,
  public_metrics: { followers_count: followers, following_count: 10, listed_count: 1, tweet_count: 100 },
});
const tweet = (text: string, id: string, followers = 5000) => s.emuCall('POST', '/tweets', { text, author: author(id, followers), lang: 'en' });

/** Whether a rule at X tracks the keyword (campaigns share rules, so they name no campaign). */
const ruleFor = async (keyword: string) => ((await s.emuCall('GET', '/rules')).rules as { value: string }[]).some((r) => r.value.includes(keyword));

async function campaign(keyword: string, firstContact: 'auto' | 'review'): Promise<string> {
  const c = await s.call('POST', '/campaigns', {
    name: `Web ${keyword}`, brand: 'Acme', tracking: { keywords: [keyword], languages: ['en'] },
    qualification: { minFollowers: 100, minPositivity: 0.5, cooldownMs: 0 },
    conversation: { firstContact, ...(firstContact === 'auto' ? { consentBasis: 'test: synthetic audience' } : {}) },
    templates: { greeting: 'Hi {name}, Acme here. Reply YES, HELP or STOP.' }, replyTimeoutMs: 600_000, maxReminders: 0,
  });
  assert.equal(c.status, 201, c.text);
  assert.equal((await s.call('POST', `/campaigns/${c.body.id}/start`)).status, 200);
  await waitFor('rules at X', async () => ruleFor(keyword));
  await waitFor('stream connected', async () => (await s.emuCall('GET', '/stats')).streamConnections >= 1);
  return c.body.id;
}

const dmsTo = async (id: string) => ((await s.emuCall('GET', '/dms')).sent as { recipient_id: string; text: string }[]).filter((m) => m.recipient_id === id);

test('sign-in page', { skip }, async () => {
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(s.api + '/');
  await page.waitForSelector('#key');
  await assertAccessible(page, 'sign-in');
  await page.fill('#key', 'cf_wrong');
  await page.click('button[type=submit]');
  await page.waitForSelector('#key-error');
  assert.match(await page.textContent('#key-error') ?? '', /unknown or revoked/);
  await shot(page, 'sign-in');
  await page.context().close();
});

test('agent: a YES appears live, claim, reply (DM sent once), resolve; campaigns are out of reach', { skip }, async () => {
  const id = await campaign('rocketskates', 'auto');
  const fan = freshUserId();
  await tweet('I love rocketskates, they are amazing! Best thing I bought this year', fan);
  await waitFor('greeting DM', async () => (await dmsTo(fan)).length === 1, 40_000);
  await waitFor('profile stored', async () => (await s.call('GET', `/profiles/${fan}`)).status === 200);

  const page = await signedIn(browser, s.api, keys.agent!);
  assert.deepEqual(await page.$$eval('header nav a', (as) => as.map((a) => a.textContent)), ['Inbox'], 'an agent sees the inbox only');
  await page.waitForSelector('.live.on');

  // The person says YES; the escalation must show up in the open page by itself.
  await s.emuCall('POST', '/dms', { from: fan, text: 'YES' });
  // Polled every 25 ms so that "stored" is within 25 ms of the real moment.
  let esc = null;
  for (const end = Date.now() + 40_000; !esc && Date.now() < end;) {
    esc = await s.db.collection(COLLECTIONS.escalations).findOne({ campaignId: id, xUserId: fan });
    if (!esc) await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(esc, 'the YES became an escalation');
  const stored = Date.now();
  await page.waitForSelector(`li[data-id="${esc._id}"]`, { timeout: 5000 });
  const shownAfter = Date.now() - stored;
  assert.ok(shownAfter <= 2000, `the YES appeared ${shownAfter} ms after it was stored (limit 2 s)`);

  await page.keyboard.press('j');
  await page.waitForSelector('#detail-h');
  await page.waitForSelector('[data-testid=followers]');
  assert.equal(await page.textContent('[data-testid=followers]'), '5,000', 'the profile shows followers');
  assert.match(await page.textContent('[data-testid=trigger]') ?? '', /I love rocketskates/, 'the tweet that brought them in');
  assert.equal(await page.textContent('[data-testid=consent]'), 'auto policy: test: synthetic audience');
  assert.equal(await page.getAttribute('a:has-text("Workflow in Temporal UI")', 'href'), `http://127.0.0.1:8233/namespaces/default/workflows/${esc.workflowId}`);
  await page.keyboard.press('c');
  await page.waitForFunction(() => document.querySelector('[data-testid=holder]')?.textContent === 'you');
  assert.match((await s.db.collection(COLLECTIONS.escalations).findOne({ _id: esc._id }))?.claimedBy ?? '', /^sam-web#/);

  // Another agent sees who holds it and cannot claim it.
  const other = await signedIn(browser, s.api, keys.operator!);
  await other.click(`li[data-id="${esc._id}"]`);
  await other.waitForSelector('#claim:has-text("Held by sam-web")');
  assert.equal(await other.isDisabled('#claim'), true);
  assert.match(await other.textContent(`li[data-id="${esc._id}"]`) ?? '', /claimed by sam-web/);
  await other.context().close();

  await page.keyboard.press('r');
  const reply = `Hi! Sam from Acme here, ${fan.slice(-4)}.`;
  await page.keyboard.type(reply);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'reply-text');
  await page.click('form.reply button[type=submit]');
  await page.waitForSelector('[data-state=sent]', { timeout: 30_000 });
  await assertAccessible(page, 'inbox');
  await shot(page, 'inbox');
  await waitFor('the reply at X', async () => (await dmsTo(fan)).some((m) => m.text === reply));
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal((await dmsTo(fan)).filter((m) => m.text === reply).length, 1, 'the reply DM went out exactly once');

  await page.keyboard.press('Escape');
  await page.click('h2#detail-h');
  await page.keyboard.press('e');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'outcome');
  await page.selectOption('#outcome', 'converted');
  await page.click('form.resolve button[type=submit]');
  await waitFor('resolved', async () => (await s.db.collection(COLLECTIONS.escalations).findOne({ _id: esc._id }))?.status === 'resolved');
  await page.waitForSelector(`li[data-id="${esc._id}"]`, { state: 'detached', timeout: 5000 });

  // Roles: the API refuses an agent's session campaign changes, whatever the page does.
  const status = await page.evaluate(async () => {
    const { csrf } = await (await fetch('/session')).json() as { csrf: string };
    const r = await fetch('/campaigns', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: '{}' });
    return r.status;
  });
  assert.equal(status, 403);
  await page.goto(s.api + '/#/campaigns/new');
  assert.equal(await page.$('form.campaign-form'), null, 'the campaign form is not offered to agents');
  await page.context().close();
});

test('marketer: a bad field shows its error, fixed, created, started, stats move', { skip }, async () => {
  const page = await signedIn(browser, s.api, keys.marketer!);
  await page.goto(s.api + '/#/campaigns/new');
  await page.waitForSelector('form.campaign-form');
  await page.fill('#f-name', 'Jetpack fans');
  await page.fill('#f-brand', 'Acme');
  await page.fill('#f-keywords', 'jetpackz');
  await page.fill('#f-languages', 'english');
  await page.selectOption('#f-fc', 'auto');
  await page.fill('#f-consentBasis', 'test: synthetic audience');
  await page.fill('#f-minPositivity', '0.5');
  assert.match(await page.textContent('[data-testid=rule-length]') ?? '', /^\d+ \/ 512$/, 'live rule length against the basic limit');
  assert.match(await page.textContent('.preview code') ?? '', /jetpackz lang:english -is:retweet/);
  await page.fill('#f-g0', 'Hi {name}! {brand} here. Reply YES, HELP or STOP.');
  assert.match(await page.textContent('.filled') ?? '', /Hi Ada! Acme here/);
  await page.click('form.campaign-form button[type=submit]');
  await page.waitForSelector('.field-error[data-path="tracking.languages"]');
  assert.match(await page.textContent('.field-error[data-path="tracking.languages"]') ?? '', /ISO 639-1/);
  assert.equal(await page.getAttribute('#f-languages', 'aria-invalid'), 'true');
  await assertAccessible(page, 'campaign form with an error');
  await shot(page, 'campaign-form-error', true);

  await page.fill('#f-languages', 'en');
  await page.click('form.campaign-form button[type=submit]');
  await page.waitForSelector('[data-testid=status]');
  const id = page.url().split('#/campaigns/')[1]!;
  assert.equal(await page.textContent('[data-testid=status]'), 'draft');
  await page.click('button:has-text("Start")');
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'running');
  await waitFor('rules at X', async () => ruleFor('jetpackz'));
  assert.equal(await page.textContent('[data-stat=tweets]'), '0');

  const fans = [freshUserId(), freshUserId()];
  await tweet('I love jetpackz, wonderful and amazing!', fans[0]!);
  await tweet('jetpackz is great, really happy with it', fans[1]!);
  await page.waitForFunction(() => Number(document.querySelector('[data-stat=tweets]')?.textContent) >= 2, undefined, { timeout: 20_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-stat=contacted]')?.textContent) >= 1, undefined, { timeout: 30_000 });
  await page.waitForSelector('.chart canvas');
  await page.waitForTimeout(1200); // let the charts finish their entry animation
  await assertAccessible(page, 'campaign');
  await shot(page, 'campaign', true);

  // Edit: the form comes back filled in; a change is saved; pause from the page.
  await page.click('a:has-text("Edit")');
  await page.waitForFunction(() => document.querySelector('#f-name')?.value === 'Jetpack fans');
  await page.fill('#f-maxReminders', '9');
  await page.click('form.campaign-form button[type=submit]');
  await page.waitForSelector('.field-error:has-text("less than or equal to 5"), .field-error:has-text("<=5")');
  await page.fill('#f-maxReminders', '2');
  await page.click('form.campaign-form button[type=submit]');
  await page.waitForSelector('[data-testid=status]');
  assert.equal((await s.call('GET', `/campaigns/${id}`)).body.maxReminders, 2);
  await page.click('button:has-text("Pause")');
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'paused');
  await page.goto(s.api + '/#/campaigns');
  await page.waitForSelector(`a[href="#/campaigns/${id}"]`);
  await assertAccessible(page, 'campaign list');
  await shot(page, 'campaigns');
  await page.context().close();
});

test('review queue: why they qualified; reject one, approve many', { skip }, async () => {
  const id = await campaign('moonshoes', 'review');
  const [a, b, c] = [freshUserId(), freshUserId(), freshUserId()];
  for (const who of [a, b, c]) await tweet('I love moonshoes, amazing and wonderful!', who!);
  await waitFor('three prospects', async () => (await s.call('GET', `/prospects?campaign=${id}`)).body.count === 3, 40_000);
  // Profiles are written a moment after their tweets (ingest batches them).
  for (const who of [a, b, c]) await waitFor(`profile of ${who}`, async () => (await s.call('GET', `/profiles/${who}`)).status === 200);

  const page = await signedIn(browser, s.api, keys.marketer!);
  await page.goto(s.api + '/#/review');
  await page.waitForSelector(`tr[data-user="${a}"] .why li`);
  // The campaign's thresholds arrive in their own request, possibly after the profile's.
  await page.waitForFunction((sel) => /5,000 followers \(needs 100\)/.test(document.querySelector(sel)?.textContent ?? ''), `tr[data-user="${a}"]`, { timeout: 15_000 })
    .catch(async () => assert.fail(`the row says: ${await page.textContent(`tr[data-user="${a}"]`)}`));
  await assertAccessible(page, 'review queue');
  await shot(page, 'review');
  await page.click(`tr[data-user="${a}"] button:has-text("Reject")`);
  await page.waitForSelector(`tr[data-user="${a}"]`, { state: 'detached' });
  await page.check(`tr[data-user="${b}"] input[type=checkbox]`);
  await page.check(`tr[data-user="${c}"] input[type=checkbox]`);
  await page.click('button:has-text("Approve selected")');
  await page.waitForSelector('.note:has-text("2 approved")');
  await waitFor('greetings to the approved', async () => (await dmsTo(b!)).length === 1 && (await dmsTo(c!)).length === 1, 30_000);
  assert.equal((await dmsTo(a!)).length, 0, 'the rejected prospect gets nothing');
  await page.context().close();
});

test('analytics: empty states say what to do; with data every view renders', { skip }, async () => {
  const page = await signedIn(browser, s.api, keys.marketer!);
  await page.goto(s.api + '/#/analytics');
  await page.waitForSelector('#f-campaign');
  await page.selectOption('#f-campaign', '');
  await page.fill('#f-keyword', 'acme');
  for (const panel of ['influencers', 'map', 'wordclouds', 'trends', 'alerts', 'clusters']) {
    await page.waitForSelector(`[data-panel=${panel}] .empty`);
  }
  assert.match(await page.textContent('[data-panel=influencers] .empty') ?? '', /Start a campaign/);

  await seedAnalytics(s.db);
  await page.reload();
  await page.waitForSelector('#f-campaign');
  await page.selectOption('#f-campaign', '');
  await page.fill('#f-keyword', 'acme');
  await page.waitForSelector('[data-panel=influencers] tbody tr');
  assert.equal(await page.$$eval('[data-panel=influencers] tbody tr', (r) => r.length), 8);
  await page.click('[data-panel=influencers] th button:has-text("followers")');
  assert.equal(await page.textContent('[data-panel=influencers] tbody tr:first-child td:nth-child(3)'), '182,000');
  await page.selectOption('#f-sentiment', 'negative');
  await page.waitForFunction(() => document.querySelectorAll('[data-panel=influencers] tbody tr').length === 2);
  await page.selectOption('#f-sentiment', '');
  await page.waitForFunction(() => document.querySelectorAll('[data-panel=influencers] tbody tr').length === 8);
  for (const panel of ['map', 'trends', 'clusters']) await page.waitForSelector(`[data-panel=${panel}] .chart canvas`);
  assert.equal(await page.$$eval('[data-panel=wordclouds] .chart canvas', (c) => c.length), 3);
  assert.match(await page.getAttribute('[data-panel=map] .chart', 'aria-label') ?? '', /in London/);
  assert.match(await page.textContent('[data-panel=alerts] tbody') ?? '', /sentiment drop/);
  assert.match(await page.textContent('[data-panel=clusters] tbody tr:first-child') ?? '', /positive 62%, neutral 30%, negative 8%/);
  await page.click('[data-panel=influencers] button:has-text("@ada_rides")');
  await page.waitForSelector('[data-testid=mood-status]');
  assert.equal(await page.textContent('[data-testid=mood-status]'), 'Cheerful');
  await page.waitForTimeout(800); // let the charts finish their entry animation
  await assertAccessible(page, 'analytics');
  await shot(page, 'analytics', true);
  await page.context().close();
});

test('operator: status page with health, schedules, DM budget and ingest', { skip }, async () => {
  const page = await signedIn(browser, s.api, keys.operator!);
  assert.deepEqual(await page.$$eval('header nav a', (as) => as.map((a) => a.textContent)), ['Inbox', 'Review queue', 'Analytics', 'Status', 'Suppressions']);
  await page.goto(s.api + '/#/status');
  await page.waitForSelector('[data-check=mongo] .pill.ok');
  await page.waitForSelector('[data-check=temporal] .pill.ok');
  assert.match(await page.textContent('main') ?? '', /per app, day/);
  assert.ok(await page.$('a[href$="/metrics"]'));
  await assertAccessible(page, 'status');
  await shot(page, 'status', true);
  await page.click('button:has-text("Sign out")');
  await page.waitForSelector('#key');
  await page.context().close();
});

test('suppressions: an opt-out said in a public tweet shows with its tweet; an operator cannot lift it, an admin can (with a reason, audited)', { skip }, async () => {
  const [publicOne, dmOne] = ['4100000000000000001', '4100000000000000002'];
  // The real ingest step suppresses the author of a public opt-out (the tweet arrives by the brand-mentions rule).
  const brand = (await s.emuCall('GET', '/stats')).brand as { username: string };
  await waitFor('the brand-mentions rule at X', async () => ((await s.emuCall('GET', '/rules')).rules as { tag: string }[]).some((r) => r.tag === 'chirpflow:brand-mentions') || undefined, 60_000);
  const said = await tweet(`@${brand.username} please stop sending me DMs`, publicOne);
  await addSuppression(s.db, { _id: dmOne, reason: 'person replied STOP', source: 'dm-poller' });
  await waitFor('the public opt-out recorded', async () => s.db.collection(COLLECTIONS.suppressions).findOne({ _id: publicOne as never }), 30_000);

  const op = await signedIn(browser, s.api, keys.operator!);
  await op.goto(s.api + '/#/suppressions');
  await op.waitForSelector(`tr[data-user="${publicOne}"]`);
  const row = await op.textContent(`tr[data-user="${publicOne}"]`) ?? '';
  assert.match(row, /public tweet/);
  assert.equal(await op.getAttribute(`tr[data-user="${publicOne}"] a`, 'href'), `https://x.com/i/web/status/${said.id}`);
  assert.match(await op.textContent(`tr[data-user="${dmOne}"]`) ?? '', /DM/);
  assert.equal(await op.$('button:has-text("Lift")'), null, 'an operator cannot lift');
  await assertAccessible(op, 'suppressions');
  await shot(op, 'suppressions');
  await op.context().close();

  const admin = await signedIn(browser, s.api, keys.admin!);
  await admin.goto(s.api + '/#/suppressions');
  await admin.click(`tr[data-user="${publicOne}"] button:has-text("Lift")`);
  await admin.fill(`#why-${publicOne}`, 'the tweet quoted an ad; not an opt-out');
  await admin.click(`tr[data-user="${publicOne}"] button[type=submit]`);
  await admin.waitForFunction((sel) => !document.querySelector(sel), `tr[data-user="${publicOne}"]`, { timeout: 15_000 });
  assert.ok(await admin.$(`tr[data-user="${dmOne}"]`), 'the other entry stays');
  assert.equal(await s.db.collection(COLLECTIONS.suppressions).countDocuments({ _id: publicOne as never }), 0);
  const audit = await s.db.collection(COLLECTIONS.audit).findOne({ action: 'suppression.remove', xUserId: publicOne });
  assert.equal(audit?.reason, 'the tweet quoted an ad; not an opt-out');
  await admin.context().close();
});

test('suppressions: "is @someone on the list, and why?" found by handle or id; Load more pages through everyone', { skip }, async () => {
  const quiet = '4100000000000000003';
  // The person's handle is on their profile (as ingest keeps it); the list stores their id.
  await s.db.collection(COLLECTIONS.profiles).insertOne({ _id: quiet as never, username: 'Quiet_Reader', name: 'Quiet Reader', followers: 40, following: 12 });
  await addSuppression(s.db, { _id: quiet, reason: 'asked by email to be left alone', source: 'api', by: 'root#k1' });
  // More than a page: a hundred older entries.
  for (let i = 0; i < 100; i++) {
    await addSuppression(s.db, { _id: String(4200000000000000000n + BigInt(i)), reason: 'person replied STOP', source: 'dm-poller', at: new Date(Date.now() - 86_400_000 - i * 1000) });
  }
  const total = await s.db.collection(COLLECTIONS.suppressions).countDocuments();
  assert.ok(total > 100);

  const op = await signedIn(browser, s.api, keys.operator!);
  await op.goto(s.api + '/#/suppressions');
  await op.waitForSelector(`tr[data-user="${quiet}"]`);
  assert.equal(await op.locator('tbody tr').count(), 100, 'the first page');
  await op.click('button:has-text("Load more")');
  await op.waitForFunction((n) => document.querySelectorAll('tbody tr').length === n, total, { timeout: 15_000 });
  const users = await op.$$eval('tbody tr', (rows) => rows.map((r) => r.getAttribute('data-user')));
  assert.equal(new Set(users).size, total, 'everyone, once');
  assert.equal(await op.$('button:has-text("Load more")'), null, 'nothing more to load');

  const searchFor = async (text: string) => {
    await op.fill('#sup-q', text);
    await op.click('form[role=search] button[type=submit]');
  };
  await searchFor('@quiet');
  await op.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1, undefined, { timeout: 15_000 });
  const row = await op.textContent(`tr[data-user="${quiet}"]`) ?? '';
  assert.match(row, /@Quiet_Reader/);
  assert.match(row, /asked by email to be left alone/);
  assert.match(await op.textContent('[role=status]') ?? '', /1 entry matches/);
  await assertAccessible(op, 'suppressions, a search');
  await op.check('#sup-exact');
  await searchFor('@quiet');
  await op.waitForFunction(() => !document.querySelector('tbody tr'), undefined, { timeout: 15_000 });
  await searchFor('QUIET_READER');
  await op.waitForSelector(`tr[data-user="${quiet}"]`);
  assert.equal(await op.locator('tbody tr').count(), 1, 'the whole handle, any case');
  await op.uncheck('#sup-exact');

  await searchFor('4200000000000000007');
  await op.waitForSelector('tr[data-user="4200000000000000007"]');
  assert.equal(await op.locator('tbody tr').count(), 1, 'by X id');
  await searchFor('@nobody_here');
  await op.waitForFunction(() => !document.querySelector('tbody tr'), undefined, { timeout: 15_000 });
  assert.match(await op.textContent('[role=status]') ?? '', /Nobody matching “@nobody_here” is on the list/);
  await searchFor('not a handle!');
  await op.waitForSelector('#sup-q-error');
  assert.equal(await op.getAttribute('#sup-q', 'aria-invalid'), 'true');
  await assertAccessible(op, 'suppressions, a bad search');
  await op.click('button:has-text("Show everyone")');
  await op.waitForFunction(() => document.querySelectorAll('tbody tr').length === 100, undefined, { timeout: 15_000 });
  await op.context().close();
});
