import type { BriefIndex } from './build-index.js';
import type { Query } from './query.js';
import { processTerm, words } from './terms.js';

/**
 * Words to try instead, for a query that found nothing: close spellings found in the corpus's titles
 * and leads (the words a reader will recognise), then its most common tags.
 *
 * @example suggestWords(index, parseQuery('talibn', now))[0] // => 'taliban'
 */
export function suggestWords(index: BriefIndex, query: Query, max = 5): string[] {
  const suggestions: string[] = [];
  const add = (w: string) => {
    if (!suggestions.includes(w) && !query.words.includes(w) && suggestions.length < max) suggestions.push(w);
  };
  const wanted = [...query.words, ...query.phrases.flatMap((p) => p.split(/\s+/))];
  const { surface, tagCounts } = vocabulary(index);
  if (wanted.length > 0) {
    for (const word of wanted) {
      for (const suggestion of index.engine.suggest(word).slice(0, 3)) {
        for (const term of suggestion) {
          const w = surface.get(term);
          if (w !== undefined) add(w);
        }
      }
    }
  }
  for (const tag of tagCounts) add(`tag:${tag}`);
  return suggestions;
}

/**
 * Reads the corpus's words for suggestions ahead of the first query that needs them.
 *
 * @example
 * prepareSuggestions(index); // later suggestWords calls are fast
 * suggestWords(index, parseQuery('talibn', now))[0] // => 'taliban'
 */
export function prepareSuggestions(index: BriefIndex): void {
  vocabulary(index);
}

interface Vocabulary {
  /** Index term → the first word seen for it in a title or lead. */
  surface: Map<string, string>;
  /** Tags, most common first. */
  tagCounts: string[];
  /** The article count it was computed for. */
  size: number;
}

/**
 * Reading every title and lead costs seconds at 100k articles, so it is done once per index and
 * again only when the article count changes (a corpus update that keeps the count may leave a new
 * word out of the suggestions until the next change of count: suggestions only).
 */
const VOCABULARIES = new WeakMap<BriefIndex, Vocabulary>();

function vocabulary(index: BriefIndex): Vocabulary {
  const known = VOCABULARIES.get(index);
  if (known !== undefined && known.size === index.articles.size) return known;
  const surface = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const article of index.articles.values()) {
    for (const w of words(`${article.title} ${article.lead}`)) {
      const t = processTerm(w);
      if (t !== null && !surface.has(t)) surface.set(t, w);
    }
    for (const tag of article.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const tagCounts = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag);
  const vocabulary = { surface, tagCounts, size: index.articles.size };
  VOCABULARIES.set(index, vocabulary);
  return vocabulary;
}
