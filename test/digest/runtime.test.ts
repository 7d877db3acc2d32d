import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessBriefService } from '../../src/brief/brief-service.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { indexLookup } from '../../src/digest/pick-digest.js';
import { createDigestRuntime, type DigestRuntime } from '../../src/runtime.js';
import { openStore } from '../../src/store/open-store.js';
import type { Stores } from '../../src/store/store.js';
import { buildIndex } from '../../src/search/build-index.js';
import { CORPUS } from '../support/paths.js';
import { DigestSlackDouble } from '../support/digest-slack-double.js';
import { FeedServer } from '../feeds/feed-server.js';
import { FakeClock } from './fake-clock.js';
import { captureLogger, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let feeds: FeedServer;
let slack: DigestSlackDouble;
let runtime: DigestRuntime | undefined;
let stores: Stores | undefined;

beforeEach(async () => {
  tmp = tempDir('brief-runtime-');
  feeds = await new FeedServer().start();
  slack = await new DigestSlackDouble().start();
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  await stores?.close();
  stores = undefined;
  await feeds.close();
  await slack.close();
  tmp.remove();
});

describe('the digest runtime as main.ts starts it', () => {
  it('records start-up arrivals, takes in feeds, and posts the next digest with the new items only', async () => {
    const corpusDir = path.join(tmp.dir, 'corpus');
    cpSync(CORPUS, corpusDir, { recursive: true });
    const corpus = await readCorpus(corpusDir);
    const index = buildIndex(corpus.articles);
    const clock = new FakeClock('2026-03-29T20:00:00Z');
    slack.now = () => clock.now();
    const { log } = captureLogger();
    const config = {
      slack: { botToken: 'xoxb-test', apiUrl: slack.url },
      corpusDir,
      databasePath: path.join(tmp.dir, 'db', 'brief.db'),
      digest: { channels: ['C0NEWS'], time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6], postWhenEmpty: false, catchupHours: 12 },
      feeds: { urls: [feeds.url('/world.rss'), feeds.url('/missing.rss')], intervalMinutes: 15 },
      fetch: { fullText: false, allowHosts: ['127.0.0.1'], hostGapMs: 0 },
      adminUserIds: [],
      spikes: { factor: 3, min: 5, cooldownHours: 6 },
    };
    stores = await openStore(config, { clock });
    runtime = createDigestRuntime({ config, stores, lookup: indexLookup(index), articles: corpus.articles, briefs: inProcessBriefService(index, () => clock.now()), logger: log, clock, client: slack.client(), debounceMs: 50 });
    expect(Object.keys(runtime.commands).sort()).toEqual(['alert', 'alerts', 'digest', 'feeds', 'stats', 'subscribe', 'subscriptions', 'unsubscribe']);
    await runtime.start();
    // The agent pane's suggestions: the day's top stories, until the channel watches a query.
    const top = await runtime.assistantTopics('C0NEWS');
    expect(top.queries).toEqual([]);
    expect(top.topStories.length).toBeGreaterThan(0);
    expect(top.topStories.length).toBeLessThanOrEqual(4);
    expect((await runtime.commands.alert!({ args: 'glacier lake', userId: 'U0ANY', channelId: 'C0NEWS', now: clock.now() })).text).toContain('Alert 1 set');
    expect(await runtime.assistantTopics('C0NEWS')).toEqual({ queries: ['glacier lake'], topStories: [] });
    await runtime.feeds.pollNow();
    expect(runtime.briefs.stats().articles).toBe(9);
    const brief = await runtime.briefs.brief('ferry strike');
    expect(brief.kind === 'results' && brief.items[0]!.article.title).toMatch(/^Ferry operators/);

    // The seed corpus arrived at start-up (the first digest's window is the day before), feeds after.
    await clock.advanceTo('2026-03-30T07:30:00Z', () => runtime!.scheduler.idle());
    expect(slack.messages.filter((m) => m.thread_ts === undefined)).toHaveLength(1);
    const posted = JSON.stringify(slack.messages);
    expect(posted).toContain('Glacier lake');
    expect(posted).toContain('Taliban');

    // The next day: only what arrived since.
    await clock.advanceTo('2026-03-30T09:00:00Z');
    await runtime.feeds.pollNow(); // nothing new (304)
    await clock.advanceTo('2026-03-31T07:30:00Z', () => runtime!.scheduler.idle());
    expect(slack.messages.filter((m) => m.thread_ts === undefined)).toHaveLength(1);
  });

  it('a follower runs no feed poll, digest or alert pass until it leads, and none after it follows again', async () => {
    const corpusDir = path.join(tmp.dir, 'corpus');
    cpSync(CORPUS, corpusDir, { recursive: true });
    const corpus = await readCorpus(corpusDir);
    const index = buildIndex(corpus.articles);
    const clock = new FakeClock('2026-03-30T06:50:00Z');
    slack.now = () => clock.now();
    const { log } = captureLogger();
    stores = await openStore({ databasePath: path.join(tmp.dir, 'db', 'brief.db') }, { clock });
    const alertStore = stores.alerts;
    let alertPasses = 0; // a pass starts by listing every alert (src/alerts/run-alerts.ts)
    const alerts = { ...alertStore, listAlerts: (channel?: string) => ((alertPasses += channel === undefined ? 1 : 0), alertStore.listAlerts(channel)) };
    const config = {
      slack: { botToken: 'xoxb-test', apiUrl: slack.url },
      corpusDir,
      databasePath: path.join(tmp.dir, 'db', 'brief.db'),
      digest: { channels: ['C0NEWS'], time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6], postWhenEmpty: false, catchupHours: 12 },
      feeds: { urls: [feeds.url('/world.rss')], intervalMinutes: 15 },
      fetch: { fullText: false, allowHosts: ['127.0.0.1'], hostGapMs: 0 },
      adminUserIds: [],
      spikes: { factor: 3, min: 5, cooldownHours: 6 },
    };
    runtime = createDigestRuntime({ config, lookup: indexLookup(index), articles: corpus.articles, briefs: inProcessBriefService(index, () => clock.now()), logger: log, clock, client: slack.client(), debounceMs: 50, stores: { ...stores, alerts } });
    await runtime.start({ leaderDuties: false });
    expect((await runtime.commands.alert!({ args: 'glacier lake', userId: 'U0ANY', channelId: 'C0NEWS', now: clock.now() })).text).toContain('Alert 1 set');
    await clock.advanceTo('2026-03-30T07:30:00Z', () => runtime!.scheduler.idle());
    expect(slack.messages).toHaveLength(0);
    expect(feeds.requests).toHaveLength(0);
    expect(alertPasses).toBe(0);

    await runtime.lead();
    await clock.advanceTo('2026-03-30T07:31:00Z', async () => {
      await runtime!.scheduler.idle();
      await runtime!.alertRunner.idle();
    });
    expect(slack.messages.filter((m) => m.thread_ts === undefined)).toHaveLength(1); // the digest, caught up
    expect(alertPasses).toBeGreaterThan(0);

    await runtime.follow();
    const [passes, requests] = [alertPasses, feeds.requests.length];
    await clock.advanceTo('2026-03-30T09:00:00Z');
    expect(alertPasses).toBe(passes);
    expect(feeds.requests).toHaveLength(requests);
  });
});
