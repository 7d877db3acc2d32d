import type { Article } from '../articles/article.js';
import { canonicalUrl } from '../articles/canonical-url.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A published date as a reader reads it, from the ISO value's own calendar date (no time-zone shift).
 *
 * @example formatDate('2022-02-04') // => '4 Feb 2022'
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** The host of a URL without `www.`, for "found at …" labels. */
export function hostOf(url: string): string {
  return canonicalUrl(url)?.split('/')[2] ?? url;
}

/** "Publisher (label)", or the host the text came from, or "Unknown publisher". */
export function publisherLine(article: Article): string {
  const name = article.source ?? (article.url ? hostOf(article.url) : 'Unknown publisher');
  return article.sourceLabel ? `${name} (${article.sourceLabel})` : name;
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * An article's language as a reader names it, for any language but English (which most of the
 * corpus is in, so it goes unsaid); undefined for English or an unknown code.
 *
 * @example languageName('ru') // => 'Russian'
 * @example languageName('en') // => undefined
 */
export function languageName(code: string): string | undefined {
  if (code === 'en' || code === 'und' || !/^[a-z]{2,3}$/.test(code)) return undefined;
  try {
    return LANGUAGE_NAMES.of(code) ?? undefined;
  } catch {
    return undefined;
  }
}
