import { parseFeed } from '@rowanmanning/feed-parser';
import { convert } from 'html-to-text';
import { withoutTracking } from '../articles/canonical-url.js';
import { FeedError } from './feed-error.js';

/** One feed item, reduced to what Brief keeps; text already stripped of HTML. */
export interface FeedEntry {
  guid?: string;
  /** Absolute URL of the article. */
  link?: string;
  title?: string;
  /** ISO 8601 instant, when the feed gives a date. */
  published?: string;
  author?: string;
  categories: string[];
  /** Plain-text paragraphs, separated by blank lines. */
  text: string;
  /** True when the text is only the item's description (a summary), not its full content. */
  excerpt: boolean;
}

export interface ParsedFeed {
  title?: string;
  /** The site the feed is for. */
  home?: string;
  language?: string;
  entries: FeedEntry[];
}

const HTML_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'figure', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable' },
  ],
};

/**
 * Parses RSS 2.0, RSS 1.0 (RDF) or Atom text (with @rowanmanning/feed-parser, which is lenient with
 * real-world feeds) into entries. Links are made absolute against the feed's site, else against
 * `feedUrl`. HTML (CDATA, escaped or Atom xhtml) becomes plain-text paragraphs. Throws
 * {@link FeedError} `FEED_INVALID` when the text is not a feed.
 *
 * @example const xml = '<rss version="2.0"><channel><title>Example</title><item><title>Harbour reopens</title><link>https://example.com/news/1</link><description>Repairs done.</description></item></channel></rss>';
 * parseFeedText(xml, 'https://example.com/rss').entries[0].link // => 'https://example.com/news/1'
 * parseFeedText(xml, 'https://example.com/rss').title // => 'Example'
 */
export function parseFeedText(xml: string, feedUrl: string): ParsedFeed {
  let feed;
  try {
    feed = parseFeed(xml);
  } catch (err) {
    throw new FeedError('FEED_INVALID', `not an RSS, RDF or Atom feed: ${(err as Error).message.split('\n')[0]}`);
  }
  const home = absolute(feed.url ?? undefined, feedUrl);
  const entries = feed.items.map((item): FeedEntry => {
    const content = item.content ?? undefined;
    const description = item.description ?? undefined;
    const html = content ?? description ?? '';
    const text = htmlToParagraphs(html);
    const entry: FeedEntry = {
      categories: [...new Set(item.categories.map((c) => (c.label ?? c.term ?? '').trim().toLowerCase()).filter((c) => c !== '' && c.length <= 40))].slice(0, 10),
      text,
      excerpt: content === undefined || content.trim() === '' || content === description,
    };
    if (item.id) entry.guid = item.id.trim();
    const link = absolute(item.url ?? undefined, home ?? feedUrl) ?? absolute(item.url ?? undefined, feedUrl);
    if (link) entry.link = withoutTracking(link);
    const title = item.title ? htmlToParagraphs(item.title).replace(/\s+/g, ' ').trim() : '';
    if (title) entry.title = title;
    const date = item.published ?? item.updated;
    if (date && !Number.isNaN(date.getTime())) entry.published = date.toISOString();
    const author = item.authors.map((a) => a.name).find((n) => n && n.trim() !== '');
    if (author) entry.author = author.trim();
    return entry;
  });
  const parsed: ParsedFeed = { entries };
  if (feed.title) parsed.title = htmlToParagraphs(feed.title).replace(/\s+/g, ' ').trim();
  if (home) parsed.home = home;
  if (feed.language) parsed.language = feed.language.toLowerCase().split(/[-_]/)[0]!;
  return parsed;
}

/**
 * HTML → plain-text paragraphs separated by blank lines (html-to-text; links keep their text,
 * images and scripts go).
 *
 * @example htmlToParagraphs('<p>One <b>two</b></p><p>Three</p>') // => 'One two\n\nThree'
 */
export function htmlToParagraphs(html: string): string {
  const text = convert(html, HTML_OPTIONS);
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

function absolute(link: string | undefined, base: string | undefined): string | undefined {
  if (link === undefined || link.trim() === '') return undefined;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
