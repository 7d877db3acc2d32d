import type { Article, CorpusProblem } from './article.js';
import { canonicalUrl } from './canonical-url.js';

/**
 * Keeps one article per id and per canonical URL (the first one seen, in the given order) and
 * reports every other as a duplicate naming the one kept.
 *
 * @example dedupeArticles([a, sameUrlAsA]).articles.length // 1
 */
export function dedupeArticles(articles: readonly Article[]): { articles: Article[]; duplicates: CorpusProblem[] } {
  const byId = new Map<string, Article>();
  const byUrl = new Map<string, Article>();
  const kept: Article[] = [];
  const duplicates: CorpusProblem[] = [];
  for (const article of articles) {
    const url = article.url === undefined ? undefined : canonicalUrl(article.url);
    const twin = byId.get(article.id) ?? (url === undefined ? undefined : byUrl.get(url));
    if (twin) {
      const why = byId.get(article.id) === twin ? `the same id "${article.id}"` : 'the same URL';
      duplicates.push({ file: article.file ?? article.id, reason: `duplicate of ${twin.file ?? twin.id} (${why}); kept once` });
      continue;
    }
    byId.set(article.id, article);
    if (url !== undefined) byUrl.set(url, article);
    kept.push(article);
  }
  return { articles: kept, duplicates };
}
