import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Article } from './articles/article.js';
import type { BriefService } from './brief/brief-service.js';
import type { Corpus } from './corpus/read-corpus.js';
import { watchCorpus, type CorpusWatcher } from './corpus/watch-corpus.js';
import { createFeedPoller, type FeedPoller } from './feeds/feed-poller.js';
import type { Stores } from './store/store.js';
import { systemClock, type TimerClock } from './clock.js';
import { digestCommands, type DigestCommandHandler } from './digest/digest-commands.js';
import { createDigestScheduler, type DigestScheduler } from './digest/digest-scheduler.js';
import { allTargets, type DigestSettings } from './digest/digest-targets.js';
import { corpusNotices, homeNotices } from './digest/home-notices.js';
import type { ArticleLookup } from './digest/digest.js';
import { runDigest } from './digest/run-digest.js';
import { trackArrivals } from './digest/track-arrivals.js';
import type { PublisherRegistry } from './articles/publishers.js';
import type { FetchSettings } from './config/read-fetch-settings.js';
import { feedCommands } from './feeds/feed-commands.js';
import { feedFetchOptions, fullTextFetcher } from './feeds/full-text.js';
import type { IngestDeps } from './feeds/ingest-feed.js';
import type { ArticleLog } from './store/pg-articles.js';
import type { AlertRunner } from './alerts/alert-runner.js';
import { wireAlertRunner } from './alerts/wire-alert-runner.js';
import { leaderDutiesOf } from './replicas/duties.js';
import { alertCommands } from './alerts/alert-commands.js';
import { assistantTopics } from './alerts/assistant-topics.js';
import { statsCommand } from './alerts/stats-command.js';
import { countBriefs, feedbackRecorder } from './alerts/usage.js';
import type { FeedbackPress } from './render/feedback.js';
import type { SpikeSettings } from './alerts/spikes.js';

/** The parts of the app's configuration the digest side reads (the shape of `Config`). */
export interface DigestRuntimeConfig {
  slack: { botToken: string; apiUrl?: string };
  corpusDir: string;
  digest: DigestSettings;
  feeds: { urls: readonly string[]; intervalMinutes: number };
  /** Article-page fetching for teaser items; absent or `fullText: false` turns it off. */
  fetch?: FetchSettings;
  adminUserIds: readonly string[];
  spikes: SpikeSettings;
}

export interface DigestRuntimeOptions {
  config: DigestRuntimeConfig;
  /** The publisher registry: names and labels feed items and corpus files read while running. */
  publishers?: PublisherRegistry;
  /** Finds articles by id, in step with `briefs` (`startBriefService` gives one); digests read new articles through it. */
  lookup: ArticleLookup;
  /** The articles read at start-up (the watcher learns from them which file holds which ids). */
  articles: readonly Article[];
  /** What else the start-up read found, for the watcher: shadowed duplicates, the files read, the problems already reported. */
  corpus?: Pick<Corpus, 'shadowed' | 'files' | 'problems' | 'duplicates'>;
  briefs: BriefService;
  logger: Logger;
  clock?: TimerClock;
  /** The open stores (`openStore`); the caller closes them after `stop()`. */
  stores: Omit<Stores, 'conversations' | 'close'>;
  /** The Web API client digests are posted with; default one with no retries of its own, so `postWithRetry` decides. */
  client?: WebClient;
  /**
   * With PostgreSQL, the articles table: feed items are written to it instead of to files, and no corpus
   * watcher runs here (the leader imports the folder into the table, and every replica follows it).
   */
  articleLog?: Pick<ArticleLog, 'put'>;
  /** Corpus watcher debounce (tests shorten it). */
  debounceMs?: number;
}

/** Everything the digest side adds to the app, built and not yet started. */
export interface DigestRuntime {
  /** The BriefService to give the Slack app: its `apply` also records arrivals. */
  briefs: BriefService;
  /** `/brief digest|subscribe|unsubscribe|subscriptions|alert|alerts|stats`. */
  commands: Record<string, DigestCommandHandler>;
  homeNotices: () => Promise<string[]>;
  /** Records a feedback press (for the Slack app). */
  feedback: (press: FeedbackPress & { userId: string; channel: string }) => Promise<void>;
  /** The agent pane's suggestions for a channel (its watched queries, else the day's top stories). */
  assistantTopics: (channelId: string) => Promise<{ queries: string[]; topStories: Article[] }>;
  scheduler: DigestScheduler;
  feeds: FeedPoller;
  alertRunner: AlertRunner;
  /**
   * Records the start-up corpus's arrivals and starts the corpus watcher (not with `articleLog`: the
   * leader's import watches the folder then), then the leader's duties
   * (feed poller, scheduler with catch-up, alert runner) unless `leaderDuties` is false: a replica
   * among several runs those only while it leads ({@link DigestRuntime.lead}).
   */
  start(options?: { leaderDuties?: boolean }): Promise<void>;
  /** Starts the feed poller, the scheduler (with catch-up) and the alert runner: this replica became the leader. */
  lead(): Promise<void>;
  /** Stops them and waits for a digest or alert pass in flight: this replica is no longer the leader. */
  follow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the digest side of Brief — arrival tracking, corpus watcher, feed poller, digest
 * scheduler, subcommands — from the configuration and the open stores. `main.ts` passes `briefs` and `commands` to the
 * Slack app, then calls `start()` once the app is up.
 *
 * @example const digests = createDigestRuntime({ config, stores, lookup, articles, briefs, logger, clock, client });
 * await digests.start(); // arrivals recorded, corpus watched, scheduler, feed poller and alert runner on `clock`
 * Object.keys(digests.commands).sort() // => ['alert', 'alerts', 'digest', 'feeds', 'stats', 'subscribe', 'subscriptions', 'unsubscribe']
 * (await stores.arrivals.arrivalOf(articles[0].id))?.getTime() // => now.getTime()
 * await digests.stop();
 * clock.pending // => 0
 */
export function createDigestRuntime(options: DigestRuntimeOptions): DigestRuntime {
  const { config, logger } = options;
  const articles = options.lookup;
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const log = logger.child({ part: 'digest' });
  const { stores } = options;
  const { alerts, notices } = stores;
  const briefs = countBriefs(trackArrivals(options.briefs, stores.arrivals, now), alerts, now);
  const client =
    options.client ??
    new WebClient(config.slack.botToken, {
      ...(config.slack.apiUrl === undefined ? {} : { slackApiUrl: config.slack.apiUrl }),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  const scheduler = createDigestScheduler({
    clock,
    targets: () => allTargets(config.digest, stores.subscriptions),
    run: (target, at) => runDigest({ ...stores, articles, client, now, sleep: (ms) => clock.sleep(ms), log, postWhenEmpty: config.digest.postWhenEmpty, demoted: (channel) => alerts.demotedArticles(channel) }, target, at),
    catchupHours: config.digest.catchupHours,
    // Subscriptions made on another replica reach the leader's schedule within a minute.
    refreshEveryMs: 60_000,
    log,
  });
  const fullText = fullTextFetcher(config.fetch);
  const ingest: IngestDeps = {
    feeds: stores.feeds,
    notices,
    corpusDir: config.corpusDir,
    now,
    log: logger.child({ part: 'feeds' }),
    ...(options.articleLog === undefined ? { apply: (articles: Article[]) => briefs.apply({ upserted: articles, removed: [] }) } : { articles: options.articleLog }),
    fetch: feedFetchOptions(config.fetch),
    ...(fullText === undefined ? {} : { fullText }),
    ...(options.publishers === undefined ? {} : { publishers: options.publishers }),
  };
  const feeds = createFeedPoller(ingest, async () => (await stores.feeds.listFeeds()).map((f) => f.url), { intervalMinutes: config.feeds.intervalMinutes, clock });
  const commands = {
    ...digestCommands({ ...stores, articles, settings: config.digest, adminUserIds: config.adminUserIds, onSubscriptionsChanged: () => scheduler.refresh() }),
    ...feedCommands({ ingest, intervalMinutes: config.feeds.intervalMinutes, adminUserIds: config.adminUserIds }),
    ...alertCommands({ alerts, timeZone: config.digest.timeZone, adminUserIds: config.adminUserIds }),
    stats: statsCommand({ alerts, adminUserIds: config.adminUserIds }),
  };
  const alertRunner = wireAlertRunner({ ...stores, articles, client, clock, logger, timeZone: config.digest.timeZone, spikes: config.spikes });
  let watcher: CorpusWatcher | undefined;
  const { lead, follow } = leaderDutiesOf({ scheduler, alertRunner, feeds });

  return {
    briefs,
    commands,
    homeNotices: homeNotices(notices),
    assistantTopics: assistantTopics({ ...stores, articles, now }),
    feedback: feedbackRecorder({ alerts, articles, now }),
    scheduler,
    feeds,
    alertRunner,
    async start(startOptions = {}) {
      const fresh = await stores.arrivals.recordArrivals(options.articles.map((a) => a.id), now());
      // FEEDS seeds the feed list (a feed removed from Slack but still in FEEDS comes back here).
      for (const url of config.feeds.urls) await stores.feeds.addFeed({ url, addedBy: 'FEEDS', addedAt: now() });
      log.info({ articles: options.articles.length, firstSeen: fresh }, 'corpus arrivals recorded');
      if (options.articleLog === undefined) await startWatcher();
      if (startOptions.leaderDuties === false) return void log.info('digests, feeds, alerts and the corpus import wait for leadership');
      await lead();
      log.info({ channels: config.digest.channels.length, feeds: (await stores.feeds.listFeeds()).length }, 'digests, feeds and corpus watcher started');
    },
    lead,
    follow,
    async stop() {
      await follow();
      await watcher?.close();
    },
  };

  async function startWatcher(): Promise<void> {
    watcher = watchCorpus({
      dir: config.corpusDir,
      initial: options.articles,
      ...(options.corpus === undefined ? {} : { shadowed: options.corpus.shadowed ?? [], initialProblems: [...options.corpus.problems, ...options.corpus.duplicates] }),
      ...(options.corpus?.files === undefined ? {} : { initialFiles: options.corpus.files }),
      apply: (change) => briefs.apply(change),
      log: logger.child({ part: 'corpus' }),
      ...(options.publishers === undefined ? {} : { publishers: options.publishers }),
      ...corpusNotices(notices, now),
      ...(options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs }),
    });
    await watcher.ready;
  }
}
