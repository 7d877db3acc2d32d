import pg from 'pg';
import type { Logger } from 'pino';
import type { CorpusChange } from '../articles/corpus-change.js';
import { ARTICLES_CHANNEL, type ArticleLog } from '../store/pg-articles.js';

export interface ArticleFollowerOptions {
  /** `postgres://…`: the follower LISTENs on a connection of its own. */
  url: string;
  replica: string;
  /** The change number the caller's index is current as of (from {@link ArticleLog.load}). */
  from: number;
  /** Applies one change to the index, whole (`BriefService.apply`): queries see before or after, never between. */
  apply: (change: CorpusChange) => Promise<void>;
  log: Pick<Logger, 'info' | 'warn'>;
  /** How often it reads changes even without a notification, and retries a lost connection. Default 5 s. */
  catchUpMs?: number;
}

/** A running follower: the change number its index is current as of, and `stop()`. */
export interface ArticleFollower {
  /** Settles once the first attempt to listen and catch up is over (caught up, or failed and to be retried). */
  ready: Promise<void>;
  /** Reads and applies every change committed so far, now (a failure is logged and retried later, as usual). */
  caughtUp(): Promise<void>;
  seq(): number;
  stop(): Promise<void>;
}

/**
 * Keeps a replica's index in step with the articles table: every notification on
 * {@link ARTICLES_CHANNEL}, every reconnect and every `catchUpMs` it reads all changes past the last
 * change number it applied and applies them as one change, so a missed notification or a dropped
 * connection loses nothing and a reader never sees part of a change. Catch-ups run one at a time.
 *
 * @example const table = pgArticleLog(pool);
 * const changes: string[][] = [];
 * const follower = followArticles(table, { url: databaseUrl, replica: 'a', from: (await table.head()).seq, apply: async (c) => void changes.push(c.upserted.map((a) => a.id)), log });
 * await follower.ready;
 * await table.put([{ article: { ...articleB, id: 'followed-1' }, origin: 'feed:https://x.org/rss', arrivedAt: now }]);
 * await until(() => changes.length === 1); // told by NOTIFY, or the next catch-up
 * changes // => [['followed-1']]
 * await follower.stop();
 */
export function followArticles(articles: ArticleLog, options: ArticleFollowerOptions): ArticleFollower {
  const catchUpMs = options.catchUpMs ?? 5000;
  let seq = options.from;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;

  const catchUp = (): Promise<void> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const next = await articles.changesSince(seq);
        if (next.change.upserted.length > 0 || next.change.removed.length > 0) await options.apply(next.change);
        seq = next.seq;
      } while (again && !stopped);
    })()
      .catch((err: Error) => options.log.warn({ err, replica: options.replica }, 'article catch-up failed; retried'))
      .finally(() => (running = undefined));
    return running;
  };
  const lost = (listener: pg.Client, err: Error) => {
    if (client !== listener) return;
    client = undefined;
    listener.end().catch(() => undefined);
    if (stopped) return;
    options.log.warn({ err, replica: options.replica }, 'article notifications lost; reconnecting');
    setTimeout(() => void (stopped || client !== undefined || listen()), Math.min(1000, catchUpMs)); // then every catchUpMs while it fails
  };
  const listen = (): Promise<void> => {
    connecting ??= (async () => {
      const listener = new pg.Client({ connectionString: options.url, application_name: `brief-follow-${options.replica}`, keepAlive: true, connectionTimeoutMillis: catchUpMs });
      listener.on('notification', () => void catchUp());
      listener.on('error', (err) => lost(listener, err));
      listener.on('end', () => lost(listener, new Error('connection ended')));
      try {
        await listener.connect();
        await listener.query(`LISTEN ${ARTICLES_CHANNEL}`);
      } catch (err) {
        listener.end().catch(() => undefined);
        throw err;
      }
      if (stopped) return void (await listener.end());
      client = listener;
      await catchUp(); // what was committed while nobody listened
    })()
      .catch((err: Error) => options.log.warn({ err, replica: options.replica }, 'could not listen for article changes; retried'))
      .finally(() => (connecting = undefined));
    return connecting;
  };
  const timer = setInterval(() => void (client === undefined ? listen() : catchUp()), catchUpMs);
  const ready = listen();

  return {
    ready,
    caughtUp: () => catchUp(),
    seq: () => seq,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await connecting;
      await running;
      const last = client;
      client = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}
