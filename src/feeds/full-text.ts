import type { FetchSettings } from '../config/read-fetch-settings.js';
import { FetchError } from '../fetch/fetch-error.js';
import { createPoliteFetcher, type PoliteFetcher } from '../fetch/polite-fetcher.js';
import { userAgent } from '../fetch/user-agent.js';
import { extractArticle, type ExtractionFailure } from './extract-article.js';
import type { FetchOptions } from './fetch-feed.js';
import type { FeedEntry } from './parse-feed.js';

/** Below this many characters an item's text is a teaser, whatever the feed says. */
const TEASER_MAX_CHARS = 1_000;
/** A description-only item (no full content in the feed) shorter than this is a teaser too. */
const DESCRIPTION_TEASER_MAX_CHARS = 2_500;

/**
 * True when a feed item's text is only a teaser worth replacing by the article page's text: short,
 * or the feed gave only a description (no full content) that is not long.
 *
 * @example isTeaser({ text: 'One sentence.', excerpt: true }) // => true
 */
export function isTeaser(entry: Pick<FeedEntry, 'text' | 'excerpt'>): boolean {
  const length = entry.text.trim().length;
  return length < TEASER_MAX_CHARS || (entry.excerpt && length < DESCRIPTION_TEASER_MAX_CHARS);
}

/** The page's text, or why the teaser stays (a fetch error code or an extraction failure). */
export type FullText = { ok: true; text: string; lang?: string } | { ok: false; code: FetchError['code'] | ExtractionFailure; reason: string };

/**
 * Fetches an item's article page through the polite fetcher and extracts its text. Never throws:
 * every way it can fail is a reason the caller logs and labels the item with.
 *
 * @example const fetcher = createPoliteFetcher({ userAgent: userAgent(), allowHosts: ['127.0.0.1'], minGapMs: 0 });
 * (await fetchFullText(fetcher, site.url('/business/2026/03/cranes/'), 'A teaser.')).ok // => true
 * (await fetchFullText(fetcher, site.url('/members/only/'), 'A teaser.')).code // => 'FETCH_ROBOTS'
 */
export async function fetchFullText(fetcher: PoliteFetcher, link: string, teaser: string): Promise<FullText> {
  let page;
  try {
    page = await fetcher.fetchPage(link);
  } catch (err) {
    if (err instanceof FetchError) return { ok: false, code: err.code, reason: err.message };
    return { ok: false, code: 'FETCH_NETWORK', reason: (err as Error).message };
  }
  return extractArticle(page.text, page.url, teaser);
}

/**
 * The article-page fetcher the settings ask for, or undefined when FULL_TEXT is off.
 *
 * @example fullTextFetcher({ fullText: false, allowHosts: [], hostGapMs: 2000 }) // => undefined
 */
export function fullTextFetcher(settings: FetchSettings | undefined): PoliteFetcher | undefined {
  if (settings === undefined || !settings.fullText) return undefined;
  return createPoliteFetcher({ userAgent: userAgent(settings.briefUrl), allowHosts: settings.allowHosts, minGapMs: settings.hostGapMs });
}

/**
 * The feed fetcher's options from the same settings: allowed hosts and the User-Agent.
 *
 * @example feedFetchOptions({ fullText: true, allowHosts: ['127.0.0.1'], hostGapMs: 0 }) // => { allowHosts: ['127.0.0.1'], userAgent: 'Brief/0.1 (Slack news bot)' }
 */
export function feedFetchOptions(settings: FetchSettings | undefined): FetchOptions {
  return { allowHosts: settings?.allowHosts ?? [], userAgent: userAgent(settings?.briefUrl) };
}
