import { stat } from 'node:fs/promises';
import { readRegularFile, SkippedEntry } from '../corpus/open-corpus-file.js';
import { decodeText } from '../fetch/decode-text.js';
import { FetchError } from '../fetch/fetch-error.js';
import { getOnce, type HopOptions } from '../fetch/get-once.js';
import { userAgent } from '../fetch/user-agent.js';
import { FeedError } from './feed-error.js';

/** Limits of one feed request. */
export interface FetchOptions {
  /** Whole request, body included. Default 15 s. */
  timeoutMs?: number;
  /** Largest body read. Default 5 MB. */
  maxBytes?: number;
  /** Host names that may be at loopback or private addresses (FETCH_ALLOW_HOSTS). */
  allowHosts?: readonly string[];
  /** Default {@link userAgent}(). */
  userAgent?: string;
}

const FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024 } as const;
const MAX_REDIRECTS = 5;
const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/** What a conditional GET gave: a new body with its validators, or "not modified". */
export type FetchResult = { status: 'not-modified' } | { status: 'ok'; body: string; etag?: string; lastModified?: string };

/**
 * Fetches a feed with a conditional request (`If-None-Match` / `If-Modified-Since` from the last
 * answer), a timeout and a body cap on each request, at most five redirects, and the same address
 * checks as article pages (a feed URL may come from a Slack user). Throws {@link FeedError}.
 *
 * @example const options = { allowHosts: ['127.0.0.1'] }; // loopback is refused unless allowed
 * const first = await fetchFeed(feedServer.url('/world.rss'), {}, options);
 * first.status // => 'ok'
 * await fetchFeed(feedServer.url('/world.rss'), { etag: first.etag }, options) // => { status: 'not-modified' }
 */
export async function fetchFeed(url: string, validators: { etag?: string; lastModified?: string } = {}, options: FetchOptions = {}): Promise<FetchResult> {
  const allowed = new Set((options.allowHosts ?? []).map((h) => h.toLowerCase()));
  const headers: Record<string, string> = {};
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const hop: HopOptions = {
    userAgent: options.userAgent ?? userAgent(),
    accept: ACCEPT,
    headers,
    timeoutMs: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    maxBytes: options.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    allowHost: (h) => allowed.has(h.toLowerCase()),
  };
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new FeedError('FEED_REFUSED', `not a URL: "${url.slice(0, 200)}"`);
  }
  for (let redirects = 0; ; redirects++) {
    let res;
    try {
      res = await getOnce(current, hop);
    } catch (err) {
      throw asFeedError(err);
    }
    if (res.status === 304) return { status: 'not-modified' };
    if (res.status >= 300 && res.status < 400 && res.headers.location !== undefined) {
      if (redirects >= MAX_REDIRECTS) throw new FeedError('FEED_REFUSED', `more than ${MAX_REDIRECTS} redirects`);
      try {
        current = new URL(res.headers.location, current);
      } catch {
        throw new FeedError('FEED_HTTP', `a redirect to "${res.headers.location.slice(0, 200)}", which is not a URL`);
      }
      continue;
    }
    if (res.status < 200 || res.status >= 300) throw new FeedError('FEED_HTTP', `HTTP ${res.status}`);
    const result: FetchResult = { status: 'ok', body: decodeText(res.body, String(res.headers['content-type'] ?? '')) };
    const etag = res.headers.etag;
    const lastModified = res.headers['last-modified'];
    if (etag) result.etag = etag;
    if (lastModified) result.lastModified = lastModified;
    return result;
  }
}

const FEED_CODES = new Map<FetchError['code'], FeedError['code']>([
  ['FETCH_TIMEOUT', 'FEED_TIMEOUT'],
  ['FETCH_TOO_LARGE', 'FEED_TOO_LARGE'],
  ['FETCH_NETWORK', 'FEED_NETWORK'],
  ['FETCH_HTTP', 'FEED_HTTP'],
]);

function asFeedError(err: unknown): FeedError {
  if (!(err instanceof FetchError)) return new FeedError('FEED_NETWORK', (err as Error).message);
  return new FeedError(FEED_CODES.get(err.code) ?? 'FEED_REFUSED', err.message);
}

/**
 * Reads a feed saved as a file (`npm run ingest -- feed.xml`), with the same size cap.
 *
 * @example (await readFeedFile(`${fixtureDir}/feeds/world.rss`)).includes('<rss') // => true
 * await readFeedFile(`${fixtureDir}/feeds/world.rss`, 10).catch((err) => err.code) // => 'FEED_TOO_LARGE'
 */
export async function readFeedFile(file: string, maxBytes: number = FETCH_DEFAULTS.maxBytes): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new FeedError('FEED_UNREADABLE', `no such file "${file}"`);
  }
  if (size > maxBytes) throw new FeedError('FEED_TOO_LARGE', `file of ${size} bytes is over the ${maxBytes}-byte cap`);
  try {
    return (await readRegularFile(file, maxBytes)).toString('utf8');
  } catch (err) {
    if (err instanceof SkippedEntry) throw new FeedError(/larger than/.test(err.message) ? 'FEED_TOO_LARGE' : 'FEED_UNREADABLE', `"${file}" is ${err.message}`);
    throw new FeedError('FEED_UNREADABLE', `"${file}" could not be read: ${(err as Error).message}`);
  }
}

