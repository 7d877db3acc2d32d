import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { canonicalUrl } from '../articles/canonical-url.js';
import type { Publisher } from '../articles/publishers.js';
import type { FeedItemKeys } from '../store/store.js';
import type { FeedEntry, ParsedFeed } from './parse-feed.js';

/** A feed entry as a corpus file: where it goes, what it says, and the keys that make it a duplicate. */
export interface EntryFile {
  id: string;
  /** Relative to the corpus folder, `feeds/<host>/<date>-<slug>-<hash>.md`. */
  file: string;
  markdown: string;
  keys: FeedItemKeys;
}

/**
 * The dedupe keys of an entry: its GUID within its feed, and its canonical link across feeds.
 */
function entryKeys(entry: Pick<FeedEntry, 'guid' | 'link'>, feedUrl: string): FeedItemKeys {
  const keys: FeedItemKeys = {};
  if (entry.guid) keys.guidKey = `${feedUrl} ${entry.guid}`;
  const link = entry.link === undefined ? undefined : canonicalUrl(entry.link);
  if (link) keys.linkKey = link;
  return keys;
}

/**
 * Turns a feed entry into a Markdown corpus file with YAML front matter (title, url, source,
 * published, author, tags, lang when the feed or page says, excerpt, and `text: full` or `text: teaser` when the article page
 * was tried). The registry's publisher, when given, names the source (in place of the feed's title)
 * and adds its `source_label` and `country`. Pure; `seenAt` only names the folder date when the entry has no date of its own.
 * Returns undefined for an entry with no text and no title, or no key.
 *
 * @example const entry = { link: 'https://example.com/news/harbour-reopens', title: 'Harbour reopens', published: '2026-03-30T06:00:00Z', categories: [], text: 'The harbour reopened on Monday after repairs.', excerpt: false };
 * const made = entryFile(entry, { title: 'Example News' }, 'https://example.com/rss', now);
 * /^feeds\/example\.com\/2026-03-30-harbour-reopens-[0-9a-f]{8}\.md$/.test(made?.file ?? '') // => true
 * entryFile({ ...entry, link: undefined }, { title: 'Example News' }, 'https://example.com/rss', now) // => undefined
 */
export function entryFile(entry: FeedEntry, feed: Pick<ParsedFeed, 'title' | 'home' | 'language'>, feedUrl: string, seenAt: Date, extra: { text?: 'full' | 'teaser'; publisher?: Publisher } = {}): EntryFile | undefined {
  const { text, publisher } = extra;
  const keys = entryKeys(entry, feedUrl);
  const identity = keys.linkKey ?? keys.guidKey;
  if (identity === undefined) return undefined;
  const title = entry.title ?? firstWords(entry.text);
  if (title === undefined) return undefined;
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  const id = `feed-${hash}`;
  const host = pathSegment(hostOf(entry.link ?? feed.home ?? feedUrl));
  const day = pathSegment((entry.published ?? seenAt.toISOString()).slice(0, 10));
  const file = `feeds/${host}/${day}-${slug(title)}-${hash.slice(0, 8)}.md`;
  const front: Record<string, unknown> = { id, title };
  if (entry.link) front.url = entry.link;
  front.source = publisher?.name ?? feed.title ?? host;
  if (publisher?.label !== undefined) front.source_label = publisher.label;
  if (publisher?.country !== undefined) front.country = publisher.country;
  if (entry.author) front.author = entry.author;
  if (entry.published) front.published = entry.published;
  if (entry.categories.length > 0) front.tags = entry.categories;
  if (feed.language !== undefined) front.lang = feed.language; // else the page's, or detected when the file is read
  front.excerpt = entry.excerpt;
  if (text !== undefined) front.text = text;
  front.feed = feedUrl;
  const body = entry.text.trim() === '' ? title : entry.text;
  return { id, file, keys, markdown: `---\n${stringify(front, { lineWidth: 0 }).trimEnd()}\n---\n\n${escapeMarkdownLines(body)}\n` };
}

/** Keeps a plain-text line from being dropped as a Markdown heading, rule or code fence (a zero-width space in front). */
function escapeMarkdownLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\s*)(#{1,6}(\s|$)|([-*_]\s*){3,}$|```)/, '$1\u200B$2'))
    .join('\n');
}

function firstWords(text: string): string | undefined {
  const words = text.split(/\s+/).filter(Boolean).slice(0, 12);
  return words.length === 0 ? undefined : `${words.join(' ')}…`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return 'unknown';
  }
}

/**
 * One path segment made from feed data: lower-case letters, digits, dots and hyphens, never
 * starting with a dot or hyphen and never `.`/`..`, so it cannot leave (or hide in) its folder.
 */
function pathSegment(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9.-]/g, '').replace(/\.{2,}/g, '.').replace(/^[.-]+/, '').slice(0, 100);
  return s === '' ? 'unknown' : s;
}

/** A file-name slug: lower-case ASCII words joined by hyphens, at most 60 characters. */
function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s === '' ? 'item' : s;
}
