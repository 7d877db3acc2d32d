/**
 * The digest subcommands through the Slack app's real Bolt HTTP receiver and Web API client,
 * against the loopback Slack double of the app's tests.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestCommands, MAX_SUBSCRIPTIONS_PER_CHANNEL } from '../../src/digest/digest-commands.js';
import { indexLookup } from '../../src/digest/pick-digest.js';
import type { DigestSettings } from '../../src/digest/digest-targets.js';
import { homeNotices } from '../../src/digest/home-notices.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { postSigned } from '../support/sign.js';
import { SlackDouble, TEAM_ID } from '../support/slack-double.js';
import { seedIndex, slashCommand, startApp, TEST_SECRETS, type RunningApp } from '../support/slack-app.js';
import { tempDir } from './helpers.js';

const settings: DigestSettings = { channels: ['C0NEWS'], time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], postWhenEmpty: false, catchupHours: 12 };
const ADMIN = 'U0ADMIN';
let double: SlackDouble;
let tmp: ReturnType<typeof tempDir>;
let store: Stores;
let app: RunningApp | undefined;
let seq = 0;
let changes = 0;

beforeAll(async () => {
  double = await SlackDouble.start();
  tmp = tempDir('brief-commands-');
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await store?.close();
  expect(double.problems).toEqual([]);
});
afterAll(async () => {
  await double.close();
  tmp.remove();
});

/** Starts "a process": the app with digest commands over the SQLite file. */
async function boot(adminUserIds: string[] = [ADMIN]) {
  store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
  const index = await seedIndex();
  const commands = digestCommands({ ...store, articles: indexLookup(index), settings, adminUserIds, onSubscriptionsChanged: async () => void changes++ });
  app = await startApp(double, { mode: 'http', commands, homeNotices: homeNotices(store.notices) });
}

async function slash(text: string, user: string, channel = 'C0NEWS') {
  seq += 1;
  const reply = await slashCommand(double, app!, { id: `dig-${seq}`, text, user, channel });
  return { text: String(reply.text), blocks: JSON.stringify(reply.blocks), ephemeral: reply.response_type === 'ephemeral' };
}

describe('/brief subscribe, subscriptions, unsubscribe, digest', () => {
  it('subscriptions survive a restart; another user is refused with ADMIN_USER_IDS set', async () => {
    await boot();
    const added = await slash('subscribe china russia at 7:30', ADMIN);
    expect(added.text).toContain('07:30');
    expect(added.ephemeral).toBe(true);
    const refused = await slash('subscribe taliban', 'U0MALLORY');
    expect(refused.text).toContain('Only Brief’s admins can change subscriptions');
    expect((await slash('unsubscribe 1', 'U0MALLORY')).text).toContain('Only Brief’s admins');
    expect(changes).toBe(1);
    await app!.stop();
    app = undefined;
    await store.close();

    await boot(); // restart: a new process on the same database file
    const list = await slash('subscriptions', 'U0MALLORY');
    expect(list.text).toBe('This channel has 1 subscription.');
    expect(list.blocks).toContain('china russia');
    expect(list.blocks).toContain('07:30');
    expect((await store.subscriptions.listSubscriptions()).map((s) => [s.channel, s.query, s.time, s.createdBy])).toEqual([['C0NEWS', 'china russia', '07:30', ADMIN]]);
    expect((await slash('subscriptions', ADMIN, 'C0OTHER')).text).toBe('This channel has no subscriptions.');

    expect((await slash('unsubscribe 1', ADMIN, 'C0OTHER')).text).toContain('no subscription 1');
    expect((await slash('unsubscribe 1', ADMIN)).text).toContain('Subscription 1 ended');
    expect(await store.subscriptions.listSubscriptions()).toEqual([]);
    expect((await slash('subscribe', ADMIN)).text).toContain('Say what to follow');
  });

  it('without ADMIN_USER_IDS anyone may subscribe, up to the per-channel limit', async () => {
    await boot([]);
    expect((await slash('subscribe harbour strike', 'U0ANYONE', 'C0BUSY')).text).toContain('Subscribed');
    for (let i = 1; i < MAX_SUBSCRIPTIONS_PER_CHANNEL; i++) await store.subscriptions.addSubscription({ channel: 'C0BUSY', query: `topic ${i}`, time: '08:00', createdBy: 'U0ANYONE', createdAt: new Date() });
    expect((await slash('subscribe one too many', 'U0ANYONE', 'C0BUSY')).text).toContain('already has 20 subscriptions');
    expect(await store.subscriptions.listSubscriptions('C0BUSY')).toHaveLength(MAX_SUBSCRIPTIONS_PER_CHANNEL);
  });

  it('/brief digest previews the channel’s next digest privately, posting nothing', async () => {
    await boot();
    const ids = [...(await seedIndex()).articles.keys()];
    await store.arrivals.recordArrivals(ids, new Date(Date.now() - 3_600_000));
    const posts = double.calls.filter((c) => c.method === 'chat.postMessage').length;
    const preview = await slash('digest', 'U0ANYONE');
    expect(preview.ephemeral).toBe(true);
    expect(preview.blocks).toContain('Preview');
    expect(preview.blocks).toContain('Daily brief');
    expect(preview.blocks).toContain('Taliban');
    expect(double.calls.filter((c) => c.method === 'chat.postMessage').length).toBe(posts);
    const elsewhere = await slash('digest', 'U0ANYONE', 'C0QUIET');
    expect(elsewhere.blocks).toContain('not in DIGEST_CHANNELS');
  });

  it('digest delivery problems are listed on the App Home', async () => {
    await boot();
    await store.notices.setNotice({ key: 'digest:C0GONE', kind: 'digest', at: new Date(), message: 'The daily digest could not be posted to channel C0GONE: channel_not_found.' });
    expect(await homeNotices(store.notices)()).toEqual(['The daily digest could not be posted to channel C0GONE: channel_not_found.']);
    const body = JSON.stringify({
      token: 'x',
      team_id: TEAM_ID,
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: 'Ev0HOME1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home', event_ts: `${Date.now() / 1000}` },
      authorizations: [{ team_id: TEAM_ID, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    });
    expect((await postSigned(`${app!.url}/slack/events`, body, { secret: TEST_SECRETS.SLACK_SIGNING_SECRET })).status).toBe(200);
    const publish = await double.waitFor(() => double.callsTo('views.publish')[0], 'views.publish');
    expect(JSON.stringify(publish.args.view)).toContain('channel C0GONE: channel_not_found');
  });
});
