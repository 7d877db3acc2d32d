/**
 * Alerts posted through the real Web API client to the loopback Slack double, on a fake clock, over
 * a SQLite file and over a PostgreSQL database (so a "restart" reopens the same state): the alert
 * stores' shared contract, as the alert pass uses them.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { createChannelPacer } from '../../src/alerts/channel-pacer.js';
import { runAlerts, type AlertRunDeps } from '../../src/alerts/run-alerts.js';
import type { AlertStore } from '../../src/store/alert-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { openPostgresStore } from '../../src/store/pg-store.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import type { Stores, StoreScope } from '../../src/store/store.js';
import { messageProblems } from '../support/block-kit.js';
import { DigestSlackDouble } from '../support/digest-slack-double.js';
import { FakeClock } from '../digest/fake-clock.js';
import { captureLogger, news, tempDir } from '../digest/helpers.js';

let tmp: ReturnType<typeof tempDir>;
let slack: DigestSlackDouble;
let clock: FakeClock;
let store: Stores;
let alerts: AlertStore;
const corpus = new Map<string, Article>();
const logged = captureLogger();

let database: TestDatabase | undefined; // set for the PostgreSQL runs

/** The stores of one workspace (default: the single-workspace install's) on this run's database. */
async function openOn(scope: Partial<StoreScope> = {}): Promise<Stores> {
  if (database === undefined) return openSqliteStore(path.join(tmp.dir, 'brief.db'), scope);
  return openPostgresStore(database.url, { maxConnections: 2, ...scope });
}

async function open() {
  store = await openOn();
  alerts = store.alerts;
}

/** A new process on the same database. */
async function restart() {
  await store.close();
  await open();
}

describe.each(['SQLite', 'PostgreSQL'] as const)('with the %s stores', (backend) => {
  beforeEach(async () => {
    tmp = tempDir('brief-alerts-');
    slack = await new DigestSlackDouble().start();
    clock = new FakeClock('2026-03-30T09:00:00Z');
    slack.now = () => clock.now();
    corpus.clear();
    database = backend === 'PostgreSQL' ? await createTestDatabase() : undefined;
    await open();
  });
  afterEach(async () => {
    await store.close();
    await database?.drop();
    await slack.close();
    tmp.remove();
  });

  function deps(extra: Partial<AlertRunDeps> = {}): AlertRunDeps {
    const now = () => clock.now();
    const sleep = (ms: number) => clock.sleep(ms);
    return {
      subscriptions: store.subscriptions,
      arrivals: store.arrivals,
      alerts,
      articles: (ids) => ids.flatMap((id) => (corpus.has(id) ? [corpus.get(id)!] : [])),
      client: slack.client(),
      now,
      sleep,
      pacer: createChannelPacer({ now, sleep }),
      log: logged.log,
      timeZone: 'UTC',
      spikes: { factor: 3, min: 5, cooldownHours: 6 },
      retry: { baseDelayMs: 10 },
      demoted: (channel) => alerts.demotedArticles(channel),
      ...extra,
    };
  }

  /** Articles arrive now (as the corpus watcher or a feed would record them). */
  async function arrive(...articles: Article[]) {
    for (const a of articles) corpus.set(a.id, a);
    await store.arrivals.recordArrivals(articles.map((a) => a.id), clock.now());
  }

  async function at(time: string, extra: Partial<AlertRunDeps> = {}) {
    await clock.advanceTo(`2026-03-30T${time}:00Z`);
    await runAlerts(deps(extra));
  }

  const channelPosts = () => slack.messages.filter((m) => m.channel === 'C0OPS' && m.thread_ts === undefined);
  const report = (id: string, title: string, source: string) => news(id, title, { source, url: `https://${source.toLowerCase()}.example/${id}` });

  describe('an alert on "pipeline"', () => {
    beforeEach(async () => {
      await alerts.addAlert({ channel: 'C0OPS', query: 'pipeline', everyMinutes: 10, quiet: { start: '22:00', end: '07:00' }, createdBy: 'U0ADMIN', createdAt: clock.now() });
    });

    it('three articles within a minute give one post; a fourth within the interval waits; a later outlet is a thread reply', async () => {
      await clock.advanceTo('2026-03-30T09:01:00Z');
      await arrive(report('r1', 'Pipeline blast shuts the northern valley line', 'Reuters'), news('w1', 'Storm warning for the coast'));
      await clock.advanceTo('2026-03-30T09:01:20Z');
      await arrive(report('b1', 'Regulator delays the coastal pipeline permit', 'BBC'));
      await runAlerts(deps()); // 09:01:20: the burst is still gathering
      expect(slack.messages).toHaveLength(0);
      await clock.advanceTo('2026-03-30T09:01:50Z');
      await arrive(report('n1', 'Pipeline workers strike over pay at the port', 'NHK'));
      await at('09:02'); // the burst's first article is 60 s old: all three go together
      expect(channelPosts()).toHaveLength(1);
      const first = channelPosts()[0]!;
      expect(messageProblems(first)).toEqual([]);
      const firstText = JSON.stringify(first.blocks);
      for (const title of ['Pipeline blast', 'coastal pipeline permit', 'workers strike']) expect(firstText).toContain(title);
      expect(firstText).not.toContain('Storm warning');

      await at('09:04');
      await arrive(report('a4', 'Pipeline sabotage suspected by investigators', 'AP'));
      await at('09:06');
      await at('09:11');
      expect(channelPosts()).toHaveLength(1); // the interval runs until 09:12
      await arrive(report('ap1', 'Pipeline blast shuts the northern valley line', 'AP'), report('r2', 'Pipeline blast shuts the northern valley line', 'Reuters'));
      await at('09:12');
      expect(channelPosts()).toHaveLength(2);
      expect(JSON.stringify(channelPosts()[1]!.blocks)).toContain('sabotage');
      expect(JSON.stringify(channelPosts()[1]!.blocks)).not.toContain('northern valley');
      await at('09:13');
      const replies = slack.messages.filter((m) => m.thread_ts === first.ts);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.text).toBe('Also reported by AP');
      expect(messageProblems(replies[0]!)).toEqual([]);
      await at('09:30');
      expect(slack.messages).toHaveLength(3);
    });

    it('quiet hours hold posts and release one combined post when they end', async () => {
      await at('22:10');
      await arrive(report('q1', 'Pipeline leak reported near the river', 'Reuters'));
      await at('22:30');
      await arrive(report('q2', 'Pipeline operator fined for late inspections', 'BBC'));
      await at('23:59');
      await clock.advanceTo('2026-03-31T06:59:00Z');
      await runAlerts(deps());
      expect(channelPosts()).toHaveLength(0);
      await clock.advanceTo('2026-03-31T07:00:00Z');
      await runAlerts(deps());
      expect(channelPosts()).toHaveLength(1);
      const text = JSON.stringify(channelPosts()[0]!.blocks);
      expect(text).toContain('leak reported');
      expect(text).toContain('fined for late inspections');
      expect(text).toContain('2 new stories');
    });

    it('a 500 after Slack took the post, and a restart mid-post, still give exactly one post per story', async () => {
      await clock.advanceTo('2026-03-30T09:00:30Z');
      await arrive(report('x1', 'Pipeline pressure test fails at the border', 'Reuters'));
      slack.script('chat.postMessage', { status: 500, body: { ok: false }, keep: true });
      await at('09:02');
      expect(channelPosts()).toHaveLength(1); // found in the history before retrying
      expect(slack.count('chat.postMessage')).toBe(1);

      // Slack keeps failing through one pass: the post stays recorded as unsent.
      await arrive(report('x2', 'Pipeline consortium names a new chief', 'BBC'));
      slack.script('chat.postMessage', { status: 500, body: { ok: false }, keep: true });
      await at('09:13', { retry: { maxAttempts: 1 } });
      expect(channelPosts()).toHaveLength(2);
      // A restart: a new process on the same database finds the unsent post, sees it landed, posts nothing.
      await restart();
      await at('09:14');
      await at('09:30');
      expect(channelPosts()).toHaveLength(2);
      expect(slack.count('chat.postMessage')).toBe(2);
      expect((await alerts.unfinishedPosts())).toEqual([]);

      // A crash before Slack took it: after the restart it is posted, once.
      await arrive(report('x3', 'Pipeline route moved away from wetlands', 'NHK'));
      slack.script('chat.postMessage', { status: 503, body: { ok: false } });
      await at('09:32', { retry: { maxAttempts: 1 } });
      expect(channelPosts()).toHaveLength(2);
      await restart();
      await at('09:33');
      expect(channelPosts()).toHaveLength(3);
      await at('09:50');
      expect(channelPosts()).toHaveLength(3);
      for (const m of slack.messages) expect(messageProblems(m)).toEqual([]);
    });

    it('honours a 429 and spaces posts to one channel a second apart', async () => {
      await alerts.addAlert({ channel: 'C0OPS', query: 'harbour', everyMinutes: 10, createdBy: 'U0ADMIN', createdAt: clock.now() });
      await clock.advanceTo('2026-03-30T09:00:30Z');
      await arrive(report('h1', 'Harbour cranes idle as pipeline talks stall', 'Reuters'), report('p9', 'Pipeline maker wins contract', 'AP'));
      slack.script('chat.postMessage', { status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } });
      const before = clock.now().getTime();
      await at('09:02');
      expect(channelPosts()).toHaveLength(2);
      const [a, b] = channelPosts().map((m) => Number(m.ts.split('.')[0]));
      expect(b! - a!).toBeGreaterThanOrEqual(1);
      expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(60_000 + 3000);
    });
  });

  describe('an alert Slack refuses', () => {
    it('channel_not_found gives the post up at once, says so, and is not retried', async () => {
      slack.missingChannels.add('C0GONE');
      await alerts.addAlert({ channel: 'C0GONE', query: 'pipeline', everyMinutes: 10, createdBy: 'U0ADMIN', createdAt: clock.now() });
      const givenUp: string[] = [];
      await clock.advanceTo('2026-03-30T09:00:30Z');
      await arrive(report('g1', 'Pipeline talks collapse', 'AP'));
      await at('09:02', { onGivenUp: async (post, error) => void givenUp.push(`${post.channel} ${error}`) });
      await at('09:03');
      expect(givenUp).toEqual(['C0GONE channel_not_found']);
      expect(slack.count('chat.postMessage')).toBe(1);
      expect(await alerts.unfinishedPosts()).toEqual([]);
    });
  });

  describe('feedback in alert posts', () => {
    it('a story this channel marked unhelpful goes last in the next alert post; every item has feedback buttons', async () => {
      await alerts.addAlert({ channel: 'C0OPS', query: 'pipeline', everyMinutes: 10, createdBy: 'U0ADMIN', createdAt: clock.now() });
      // Earlier, in a brief in this channel, two people marked a Reuters report of the blast not useful.
      const earlier = report('old-blast', 'Pipeline blast shuts northern valley pipeline', 'Reuters');
      corpus.set(earlier.id, earlier);
      for (const userId of ['U0A', 'U0B']) await alerts.recordFeedback({ userId, channel: 'C0OPS', articleId: earlier.id, source: 'Reuters', origin: 'brief:pipeline', helpful: false, at: clock.now() });
      await clock.advanceTo('2026-03-30T09:00:30Z');
      // Unmarked, the blast would come first: "pipeline" twice in a short title.
      await arrive(report('ap-blast', 'Pipeline blast shuts northern valley pipeline', 'AP'), report('permit', 'Regulator delays the permit for a disputed coastal gas pipeline route', 'BBC'));
      await at('09:02');
      const post = channelPosts()[0]!;
      const sections = (post.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').map((b) => b.text!.text);
      expect(sections.findIndex((t) => t.includes('disputed coastal'))).toBeLessThan(sections.findIndex((t) => t.includes('northern valley')));
      const feedback = post.blocks!.filter((b) => b.type === 'context_actions');
      expect(feedback).toHaveLength(2);
      expect(JSON.stringify(feedback)).toContain('alert:1');
    });
  });

  describe('surge notices', () => {
    it('a subscription topic that surges across outlets gets one notice, then quiet for the cooldown', async () => {
      await store.subscriptions.addSubscription({ channel: 'C0NEWS', query: 'pipeline', time: '08:00', createdBy: 'U0ADMIN', createdAt: clock.now() });
      await at('09:01'); // the topic is watched from here
      await clock.advanceTo('2026-03-30T11:00:00Z');
      const outlets = ['Reuters', 'AP', 'BBC'];
      await arrive(...Array.from({ length: 6 }, (_, i) => report(`s${i}`, i < 3 ? 'Pipeline fire spreads along the valley' : `Pipeline update number ${i}`, outlets[i % 3]!)));
      await at('11:01');
      const notices = slack.messages.filter((m) => m.channel === 'C0NEWS');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.text).toContain('is surging: 6 articles in the last hour from 3 outlets');
      expect(JSON.stringify(notices[0]!.blocks)).toContain('Pipeline fire spreads');
      expect(messageProblems(notices[0]!)).toEqual([]);
      await arrive(...Array.from({ length: 6 }, (_, i) => report(`t${i}`, `Pipeline follow-up ${i}`, outlets[i % 3]!)));
      await at('11:10');
      await at('16:59');
      expect(slack.messages.filter((m) => m.channel === 'C0NEWS')).toHaveLength(1);
    });
  });
  describe('the alert store itself', () => {
    it('keeps alerts per channel, one feedback per user and item, briefs asked, and counts them; a restart keeps it all', async () => {
      const a1 = await alerts.addAlert({ channel: 'C1', query: 'pipeline', everyMinutes: 10, quiet: { start: '22:00', end: '07:00' }, createdBy: 'U1', createdAt: clock.now() });
      const a2 = await alerts.addAlert({ channel: 'C2', query: 'harbour', everyMinutes: 5, createdBy: 'U1', createdAt: clock.now() });
      expect(a2.id).toBeGreaterThan(a1.id);
      expect(await alerts.removeAlert(a1.id, 'C2')).toBe(false); // another channel's alert
      const press = { channel: 'C1', articleId: 'x1', source: 'Reuters', origin: 'brief:pipeline', at: clock.now() };
      await alerts.recordFeedback({ ...press, userId: 'U1', helpful: true });
      await alerts.recordFeedback({ ...press, userId: 'U1', helpful: false }); // a second press changes the first
      await alerts.recordFeedback({ ...press, userId: 'U2', helpful: false });
      await alerts.recordFeedback({ ...press, articleId: 'x2', source: 'BBC', userId: 'U1', helpful: true });
      for (const q of ['Pipeline', 'pipeline', 'harbour', 'nul\u0000query']) await alerts.recordBriefAsked(q, clock.now());
      await restart();
      expect((await alerts.listAlerts('C1')).map((a) => [a.id, a.query, a.quiet])).toEqual([[a1.id, 'pipeline', { start: '22:00', end: '07:00' }]]);
      expect((await alerts.listAlerts()).map((a) => a.id)).toEqual([a1.id, a2.id]);
      expect(await alerts.removeAlert(a1.id, 'C1')).toBe(true);
      expect(await alerts.listAlerts()).toEqual([a2]);
      expect(await alerts.demotedArticles('C1')).toEqual(['x1']);
      const stats = await alerts.usageStats(2);
      expect(stats.briefsAsked).toBe(4);
      expect(stats.topQueries).toEqual([{ query: 'pipeline', count: 2 }, { query: 'harbour', count: 1 }]);
      expect(stats.bySource).toEqual([{ key: 'Reuters', helpful: 0, unhelpful: 2 }, { key: 'BBC', helpful: 1, unhelpful: 0 }]);
      expect(stats.byOrigin).toEqual([{ key: 'brief:pipeline', helpful: 1, unhelpful: 2 }]);
      expect(await alerts.lastPostAt('alert:1', 'post')).toBeUndefined();
    });

    it("keeps each workspace's alerts, topics, posts, feedback and usage its own", async () => {
      const other = await openOn({ teamId: 'T0002' });
      try {
        const theirs = other.alerts;
        const mine = await alerts.addAlert({ channel: 'C1', query: 'pipeline', everyMinutes: 10, createdBy: 'U1', createdAt: clock.now() });
        expect(await theirs.listAlerts()).toEqual([]);
        expect(await theirs.removeAlert(mine.id, 'C1')).toBe(false);
        // The same topic key and post key in both workspaces: two cursors, two posts, two sets of items.
        const since = new Date('2026-03-30T08:00:00Z');
        expect((await alerts.topicCursor('alert:1', since)).since).toEqual(since);
        expect((await theirs.topicCursor('alert:1', clock.now())).since).toEqual(clock.now());
        await alerts.addMatches('alert:1', [{ articleId: 'a', arrivedAt: since }], clock.now());
        expect(await theirs.matchesBetween('alert:1', new Date(0), clock.now())).toEqual([]);
        expect(await theirs.pendingMatches('alert:1')).toEqual([]);
        const post = { key: 'alert:1@1', topic: 'alert:1', channel: 'C1', kind: 'post' as const, message: { text: 'x', blocks: [] }, startedAt: clock.now() };
        await alerts.claimPost(post, [{ articleId: 'a', storyKey: 'a' }]);
        await theirs.claimPost(post, [{ articleId: 'a', storyKey: 'a' }]);
        await theirs.finishPost(post.key, { status: 'failed', error: 'not_in_channel', at: clock.now() });
        expect((await alerts.unfinishedPosts()).map((p) => p.key)).toEqual(['alert:1@1']);
        expect(await theirs.unfinishedPosts()).toEqual([]);
        expect(await alerts.alertedStories('alert:1', since)).toEqual([{ storyKey: 'a', postKey: 'alert:1@1', articleIds: ['a'] }]);
        const press = { userId: 'U1', channel: 'C1', articleId: 'x1', source: 'Reuters', origin: 'brief:pipeline', at: clock.now() };
        await alerts.recordFeedback({ ...press, helpful: false });
        await theirs.recordFeedback({ ...press, helpful: true }); // the same user and item elsewhere: its own press
        expect(await alerts.demotedArticles('C1')).toEqual(['x1']);
        expect(await theirs.demotedArticles('C1')).toEqual([]);
        await theirs.recordBriefAsked('harbour', clock.now());
        expect((await alerts.usageStats(5)).briefsAsked).toBe(0);
        expect(await theirs.usageStats(5)).toMatchObject({ briefsAsked: 1, bySource: [{ key: 'Reuters', helpful: 1, unhelpful: 0 }] });
      } finally {
        await other.close();
      }
    });
  });
});
