import type { Article, CorpusProblem } from './article.js';
import { canonicalUrl } from './canonical-url.js';

/**
 * When an article arrived, as a number that orders arrivals (ms since the epoch), or undefined when
 * no arrival is recorded for it.
 */
export type ArrivalRank = (article: Article) => number | undefined;

/**
 * The one duplicate rule, used at start-up and live: of the articles sharing an id or a canonical
 * URL, the one that arrived first (by `rank`) is kept; articles with no recorded arrival come after
 * every recorded one, and the given order (path order) breaks ties. Every other is reported as a
 * duplicate naming the one kept, and returned in `shadowed`.
 *
 * @example dedupeArticles([articleA, { ...articleA, id: 'copy' }]).articles.length // => 1
 * @example dedupeArticles([{ ...articleA, id: 'spoof' }, articleA], (x) => (x === articleA ? 1 : undefined)).articles[0] === articleA // => true
 */
export function dedupeArticles(articles: readonly Article[], rank: ArrivalRank = () => undefined): { articles: Article[]; duplicates: CorpusProblem[]; shadowed: Article[] } {
  const order = articles.map((article, i) => ({ article, i, at: rank(article) ?? Infinity }));
  order.sort((x, y) => (x.at !== y.at ? (x.at < y.at ? -1 : 1) : x.i - y.i));
  const byId = new Map<string, Article>();
  const byUrl = new Map<string, Article>();
  const kept = new Set<Article>();
  const duplicates: CorpusProblem[] = [];
  const shadowed: Article[] = [];
  for (const { article } of order) {
    const url = urlOf(article);
    const twin = byId.get(article.id) ?? (url === undefined ? undefined : byUrl.get(url));
    if (twin) {
      const why = byId.get(article.id) === twin ? `the same id "${article.id}"` : 'the same URL';
      duplicates.push({ file: article.file ?? article.id, reason: `duplicate of ${twin.file ?? twin.id} (${why}); kept once` });
      shadowed.push(article);
      continue;
    }
    byId.set(article.id, article);
    if (url !== undefined) byUrl.set(url, article);
    kept.add(article);
  }
  return { articles: articles.filter((a) => kept.has(a)), duplicates, shadowed };
}

/**
 * The ids of articles that share an id or a canonical URL with another: the only ones whose
 * arrival decides anything in {@link dedupeArticles}.
 *
 * @example contestedIds([articleA, { ...articleA, id: 'copy' }, articleB]) // => [articleA.id, 'copy']
 */
export function contestedIds(articles: readonly Article[]): string[] {
  const groups = new Map<string, string[]>();
  for (const article of articles) {
    for (const key of [`id ${article.id}`, ...(urlOf(article) === undefined ? [] : [`url ${urlOf(article)}`])]) {
      const ids = groups.get(key);
      if (ids) ids.push(article.id);
      else groups.set(key, [article.id]);
    }
  }
  const out = new Set<string>();
  for (const ids of groups.values()) if (ids.length > 1) ids.forEach((id) => out.add(id));
  return [...out];
}

/** Canonical URLs by article, so that re-deciding a large live corpus parses each URL once. */
const urls = new WeakMap<Article, string | null>();

function urlOf(article: Article): string | undefined {
  let url = urls.get(article);
  if (url === undefined) {
    url = article.url === undefined ? null : (canonicalUrl(article.url) ?? null);
    urls.set(article, url);
  }
  return url ?? undefined;
}
