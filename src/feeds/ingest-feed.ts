import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Article } from '../articles/article.js';
import { parseArticleFile } from '../articles/parse-article.js';
import type { FeedState, FeedStore, NoticeStore } from '../store/store.js';
import type { ArticleLog } from '../store/pg-articles.js';
import { detectLanguages } from '../articles/detect-language.js';
import { NO_PUBLISHERS, publisherOf, withPublisher, type Publisher, type PublisherRegistry } from '../articles/publishers.js';
import type { PoliteFetcher } from '../fetch/polite-fetcher.js';
import { entryFile, type EntryFile } from './entry-file.js';
import { FeedError } from './feed-error.js';
import { fetchFeed, readFeedFile, type FetchOptions } from './fetch-feed.js';
import { fetchFullText, isTeaser } from './full-text.js';
import { parseFeedText, type FeedEntry, type ParsedFeed } from './parse-feed.js';

export interface IngestDeps {
  feeds: FeedStore;
  /** A feed that keeps failing is shown on the App Home. */
  notices: NoticeStore;
  corpusDir: string;
  now: () => Date;
  log: Logger;
  /**
   * With PostgreSQL: the articles table new items are written to instead of `<corpus>/feeds/` (every
   * replica's index follows the table).
   */
  articles?: Pick<ArticleLog, 'put'>;
  /** Adds new articles to the live index (and records their arrival); absent in a one-off CLI run. */
  apply?: (articles: Article[]) => Promise<void>;
  fetch?: FetchOptions;
  /** Fetches the article page of a teaser item (absent when FULL_TEXT=off). */
  fullText?: PoliteFetcher;
  /** The publisher registry (`sources.yml`): names and labels items by their link's host. */
  publishers?: PublisherRegistry;
}

/** What one feed gave in one pass. */
export interface IngestResult {
  source: string;
  status: 'added' | 'unchanged' | 'not-modified' | 'failed' | 'backing-off';
  added: Article[];
  /** Items in the feed. */
  items: number;
  /** Items skipped because they had no link, id or title (when the feed was read). */
  skipped?: number;
  /** The feed's own title, when it was read. */
  title?: string;
  error?: { code: string; message: string };
}

/** Longest wait between attempts at a failing feed. */
const MAX_BACKOFF_MS = 6 * 3_600_000;

/**
 * One pass over one feed URL: skipped while backing off after failures; otherwise a conditional
 * GET, parse, and every item not seen before (by GUID within the feed, or canonical link) written
 * to `<corpus>/feeds/…` as Markdown (or to the articles table, `deps.articles`) and applied to the index. Failures are logged and recorded with
 * an exponential backoff (one interval, two, four, … up to six hours); never throws.
 *
 * @example const deps = { ...stores, corpusDir: dir, now: () => clock.now(), log, fetch: { allowHosts: ['127.0.0.1'] } };
 * const polled = await pollFeed(deps, feedServer.url('/world.rss'), { intervalMinutes: 15 });
 * [polled.status, polled.added.length === polled.items] // => ['added', true]
 * (await pollFeed(deps, feedServer.url('/world.rss'), { intervalMinutes: 15 })).status // => 'not-modified'
 * (await pollFeed(deps, feedServer.url('/broken.xml'), { intervalMinutes: 15 })).status // => 'failed'
 * (await pollFeed(deps, feedServer.url('/broken.xml'), { intervalMinutes: 15 })).status // => 'backing-off'
 */
export async function pollFeed(deps: IngestDeps, url: string, options: { intervalMinutes: number; force?: boolean }): Promise<IngestResult> {
  const now = deps.now();
  const state: FeedState = (await deps.feeds.getFeedState(url)) ?? { url, failures: 0 };
  if (!options.force && state.nextAttemptAt !== undefined && state.nextAttemptAt > now) {
    return { source: url, status: 'backing-off', added: [], items: 0 };
  }
  const validators = { ...(state.etag ? { etag: state.etag } : {}), ...(state.lastModified ? { lastModified: state.lastModified } : {}) };
  try {
    const fetched = await fetchFeed(url, validators, deps.fetch);
    const next: FeedState = { ...state, failures: 0, lastPolledAt: now, lastOkAt: now };
    delete next.nextAttemptAt;
    delete next.lastError;
    if (fetched.status === 'not-modified') {
      await deps.feeds.saveFeedState(next);
      return { source: url, status: 'not-modified', added: [], items: 0 };
    }
    const result = await ingestFeedText(deps, url, fetched.body);
    if (fetched.etag) next.etag = fetched.etag;
    else delete next.etag;
    if (fetched.lastModified) next.lastModified = fetched.lastModified;
    else delete next.lastModified;
    await deps.feeds.saveFeedState(next);
    await deps.notices.clearNotice(`feed:${url}`);
    return result;
  } catch (err) {
    const error = err instanceof FeedError ? { code: err.code, message: err.message } : { code: 'FEED_FAILED', message: (err as Error).message };
    const failures = state.failures + 1;
    const wait = Math.min(MAX_BACKOFF_MS, options.intervalMinutes * 60_000 * 2 ** (failures - 1));
    await deps.feeds.saveFeedState({ ...state, failures, lastPolledAt: now, lastError: `${error.code}: ${error.message}`, nextAttemptAt: new Date(now.getTime() + wait) });
    deps.log.warn({ feed: url, ...error, failures, retryInMinutes: Math.round(wait / 60_000) }, 'feed skipped');
    if (failures >= 3) await deps.notices.setNotice({ key: `feed:${url}`, kind: 'feed', at: now, message: `The feed ${url} has failed ${failures} times in a row: ${error.message}.` });
    return { source: url, status: 'failed', added: [], items: 0, error };
  }
}

/**
 * Takes in a feed saved as a file, or fetched by hand (`npm run ingest`), with no conditional
 * request and no backoff. Throws {@link FeedError} for an unreadable or invalid feed.
 *
 * @example const deps = { ...stores, corpusDir: dir, now: () => clock.now(), log };
 * const first = await ingestFeedSource(deps, `${fixtureDir}/feeds/world.rss`);
 * first.status // => 'added'
 * (await ingestFeedSource(deps, `${fixtureDir}/feeds/world.rss`)).status // => 'unchanged'
 */
export async function ingestFeedSource(deps: IngestDeps, source: string): Promise<IngestResult> {
  if (/^https?:\/\//i.test(source)) {
    const fetched = await fetchFeed(source, {}, deps.fetch);
    return fetched.status === 'ok' ? ingestFeedText(deps, source, fetched.body) : { source, status: 'not-modified', added: [], items: 0 };
  }
  const xml = await readFeedFile(source, deps.fetch?.maxBytes);
  return ingestFeedText(deps, `file://${path.resolve(source)}`, xml);
}

/**
 * Parses feed text and writes the items not seen before. Throws {@link FeedError} `FEED_INVALID`.
 */
async function ingestFeedText(deps: IngestDeps, feedUrl: string, xml: string): Promise<IngestResult> {
  const feed = parseFeedText(xml, feedUrl);
  const now = deps.now();
  const added: Article[] = [];
  const seenNow = new Set<string>();
  const feedsDir = path.resolve(deps.corpusDir, 'feeds');
  let skipped = 0;
  for (const entry of feed.entries) {
    const registry = deps.publishers ?? NO_PUBLISHERS;
    const publisher = publisherOf(entry.link, registry);
    let made = entryFile(entry, feed, feedUrl, now, publisher === undefined ? {} : { publisher });
    if (made === undefined || !path.resolve(deps.corpusDir, made.file).startsWith(`${feedsDir}${path.sep}`)) {
      skipped += 1;
      continue;
    }
    const keys = [made.keys.guidKey, made.keys.linkKey].filter((k): k is string => k !== undefined);
    if (keys.some((k) => seenNow.has(k))) continue;
    keys.forEach((k) => seenNow.add(k));
    // One atomic claim, so of two pollers (replicas) only one fetches the page and writes the item;
    // the full text changes the file's text, not its name or id.
    if (!(await deps.feeds.claimFeedItem({ feedUrl, ...made.keys, articleId: made.id, file: made.file, seenAt: now }))) continue;
    made = (await releasedOnError(deps, made.keys, () => withFullText(deps, entry, feed, feedUrl, now, publisher))) ?? made;
    const parsed = parseArticleFile(made.file, made.markdown);
    if (parsed.articles.length === 0) {
      await deps.feeds.releaseFeedItem(made.keys);
      deps.log.warn({ feed: feedUrl, file: made.file, problems: parsed.problems }, 'feed item could not be made an article');
      continue;
    }
    const file = made;
    const articles = (await detectLanguages(parsed.articles)).map((a) => withPublisher(a, registry));
    const table = deps.articles;
    await releasedOnError(deps, made.keys, async () => {
      if (table === undefined) await writeAtomically(path.join(deps.corpusDir, file.file), file.markdown);
      else await table.put(articles.map((article) => ({ article, origin: `feed:${feedUrl}`, arrivedAt: now })));
    });
    added.push(...articles);
  }
  if (skipped > 0) deps.log.warn({ feed: feedUrl, skipped, items: feed.entries.length }, 'feed items with no link, id or title skipped');
  if (added.length > 0) {
    await deps.apply?.(added);
    deps.log.info({ feed: feedUrl, added: added.length, items: feed.entries.length }, 'feed items added');
  }
  return { source: feedUrl, status: added.length > 0 ? 'added' : 'unchanged', added, items: feed.entries.length, skipped, ...(feed.title === undefined ? {} : { title: feed.title }) };
}

/** Runs `step`; when it throws, the item's claim is released (taken again by the next poll) and the error goes on. */
async function releasedOnError<T>(deps: IngestDeps, keys: EntryFile['keys'], step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    await deps.feeds.releaseFeedItem(keys);
    throw err;
  }
}

/**
 * The item's file again with the article page's text when its own text is a teaser and full text is
 * on; labelled `text: teaser` (and logged once, with the reason) when the page gave none.
 */
async function withFullText(deps: IngestDeps, entry: FeedEntry, feed: ParsedFeed, feedUrl: string, now: Date, publisher: Publisher | undefined) {
  if (deps.fullText === undefined || entry.link === undefined || !isTeaser(entry)) return undefined;
  const full = await fetchFullText(deps.fullText, entry.link, entry.text);
  const extra = publisher === undefined ? {} : { publisher };
  if (full.ok) return entryFile({ ...entry, text: full.text, excerpt: false }, { ...feed, ...(feed.language ?? full.lang ? { language: feed.language ?? full.lang } : {}) }, feedUrl, now, { ...extra, text: 'full' });
  deps.log.warn({ feed: feedUrl, url: entry.link, code: full.code, reason: full.reason }, 'full text not taken; teaser kept');
  return entryFile(entry, feed, feedUrl, now, { ...extra, text: 'teaser' });
}

/** Writes through a dot-file and a rename, so the corpus watcher never reads half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, text, 'utf8');
  await rename(temp, file);
}
