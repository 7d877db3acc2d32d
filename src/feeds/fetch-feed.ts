import { stat } from 'node:fs/promises';
import { readRegularFile, SkippedEntry } from '../corpus/open-corpus-file.js';
import { decodeText } from '../fetch/decode-text.js';
import { FeedError } from './feed-error.js';

/** Limits of one feed request. */
export interface FetchOptions {
  /** Whole request, body included. Default 15 s. */
  timeoutMs?: number;
  /** Largest body read. Default 5 MB. */
  maxBytes?: number;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
}

export const FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024 } as const;
const USER_AGENT = 'Brief/0.1 (Slack news digest; +https://github.com/)';

/** What a conditional GET gave: a new body with its validators, or "not modified". */
export type FetchResult = { status: 'not-modified' } | { status: 'ok'; body: string; etag?: string; lastModified?: string };

/**
 * Fetches a feed with a conditional request (`If-None-Match` / `If-Modified-Since` from the last
 * answer), a timeout over the whole request and a cap on the body. Throws {@link FeedError}.
 *
 * @example await fetchFeed('https://example.com/rss', { etag: '"abc"' }) // { status: 'not-modified' }
 */
export async function fetchFeed(url: string, validators: { etag?: string; lastModified?: string } = {}, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      if (controller.signal.aborted) throw new FeedError('FEED_TIMEOUT', `no answer within ${timeoutMs} ms`);
      throw new FeedError('FEED_NETWORK', `could not connect: ${causeOf(err)}`);
    }
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: 'not-modified' };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new FeedError('FEED_HTTP', `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw new FeedError('FEED_TOO_LARGE', `body of ${declared} bytes is over the ${maxBytes}-byte cap`);
    }
    const body = await readCapped(res, maxBytes, controller, timeoutMs);
    const result: FetchResult = { status: 'ok', body };
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified');
    if (etag) result.etag = etag;
    if (lastModified) result.lastModified = lastModified;
    return result;
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, maxBytes: number, controller: AbortController, timeoutMs: number): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new FeedError('FEED_TOO_LARGE', `body is over the ${maxBytes}-byte cap`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof FeedError) throw err;
    if (controller.signal.aborted) throw new FeedError('FEED_TIMEOUT', `body not complete within ${timeoutMs} ms`);
    throw new FeedError('FEED_NETWORK', `body could not be read: ${causeOf(err)}`);
  }
  return decodeText(Buffer.concat(chunks), res.headers.get('content-type'));
}

/**
 * Reads a feed saved as a file (`npm run ingest -- feed.xml`), with the same size cap.
 *
 * @example await readFeedFile('test/fixtures/feeds/world.rss')
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

function causeOf(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}
