import type { TimerClock } from '../clock.js';
import { pollFeed, type IngestDeps, type IngestResult } from './ingest-feed.js';

/** Feeds fetched at the same time. */
const FEED_CONCURRENCY = 4;

/**
 * One pass over every feed, a few at a time. A broken feed is logged and skipped; the rest go on.
 */
async function pollFeeds(deps: IngestDeps, urls: readonly string[], options: { intervalMinutes: number }): Promise<IngestResult[]> {
  const results: IngestResult[] = new Array(urls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await pollFeed(deps, urls[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(FEED_CONCURRENCY, urls.length) }, worker));
  return results;
}

export interface FeedPoller {
  /** Polls now, then every interval. */
  start(): Promise<void>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
  /** One pass now (also what the timer runs); passes never overlap. */
  pollNow(): Promise<IngestResult[]>;
}

/**
 * Polls the feeds every `intervalMinutes` on the injected clock. The list is asked for at each pass
 * (the store's feed list, changed from Slack), or fixed.
 *
 * @example await stores.feeds.addFeed({ url: feedServer.url('/world.rss'), addedBy: 'U1', addedAt: now });
 * const deps = { ...stores, corpusDir: dir, now: () => clock.now(), log, fetch: { allowHosts: ['127.0.0.1'] } };
 * const poller = createFeedPoller(deps, async () => (await stores.feeds.listFeeds()).map((f) => f.url), { intervalMinutes: 15, clock });
 * await poller.start(); // polls now, then every 15 minutes of `clock`
 * (await stores.feeds.listFeeds())[0].items > 0 // => true
 * clock.pending // => 1
 * await poller.stop();
 * clock.pending // => 0
 */
export function createFeedPoller(deps: IngestDeps, feeds: readonly string[] | (() => Promise<readonly string[]>), options: { intervalMinutes: number; clock: TimerClock }): FeedPoller {
  const urls = typeof feeds === 'function' ? feeds : async () => feeds;
  let cancel: (() => void) | undefined;
  let running: Promise<IngestResult[]> | undefined;
  let stopped = false;
  const pollNow = (): Promise<IngestResult[]> => {
    running ??= urls().then((list) => pollFeeds(deps, list, options)).finally(() => {
      running = undefined;
    });
    return running;
  };
  const schedule = (): void => {
    if (stopped) return;
    cancel = options.clock.setTimer(options.intervalMinutes * 60_000, () => {
      void pollNow()
        .catch((err: unknown) => deps.log.error({ err }, 'feed poll failed'))
        .finally(schedule);
    });
  };
  return {
    async start() {
      stopped = false;
      await pollNow().catch((err: unknown) => deps.log.error({ err }, 'feed poll failed'));
      schedule();
    },
    async stop() {
      stopped = true;
      cancel?.();
      await running?.catch(() => undefined);
    },
    pollNow,
  };
}
