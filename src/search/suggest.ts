import type { BriefIndex } from './build-index.js';
import type { Query } from './query.js';
import { processTerm, words } from './terms.js';

/**
 * Words to try instead, for a query that found nothing: close spellings found in the corpus's titles
 * and leads (the words a reader will recognise), then its most common tags.
 *
 * @example suggestWords(index, parseQuery('talibn', now)) // ['taliban']
 */
export function suggestWords(index: BriefIndex, query: Query, max = 5): string[] {
  const suggestions: string[] = [];
  const add = (w: string) => {
    if (!suggestions.includes(w) && !query.words.includes(w) && suggestions.length < max) suggestions.push(w);
  };
  const wanted = [...query.words, ...query.phrases.flatMap((p) => p.split(/\s+/))];
  if (wanted.length > 0) {
    const surface = new Map<string, string>();
    for (const article of index.articles.values()) {
      for (const w of words(`${article.title} ${article.lead}`)) {
        const t = processTerm(w);
        if (t !== null && !surface.has(t)) surface.set(t, w);
      }
    }
    for (const word of wanted) {
      for (const s of index.search.autoSuggest(word, { fuzzy: 0.34, prefix: true, combineWith: 'OR' }).slice(0, 3)) {
        for (const term of s.terms) {
          const w = surface.get(term);
          if (w !== undefined) add(w);
        }
      }
    }
  }
  const tagCounts = new Map<string, number>();
  for (const article of index.articles.values()) for (const tag of article.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  for (const [tag] of [...tagCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) add(`tag:${tag}`);
  return suggestions;
}
