/**
 * The benchmark's queries, drawn (seeded) from the corpus itself so that every query finds something:
 * 1, 2 and 3 words from one article's title, the same with filters, and a two-word phrase from a body.
 */
import type { Article } from '../src/articles/article.js';
import { isStopWord } from '../src/search/terms.js';
import { random } from './generate.js';

export type QueryClass = '1-term' | '2-term' | '3-term' | 'filtered' | 'phrase';
export const QUERY_CLASSES: readonly QueryClass[] = ['1-term', '2-term', '3-term', 'filtered', 'phrase'];

export interface BenchQuery {
  kind: QueryClass;
  /** What a user types after `/brief`. */
  text: string;
  /** The plain words, for the raw engines (they have no filters or phrases). */
  words: string;
}

/** `perClass` queries of each class, the same for a given corpus and seed. */
export function benchQueries(articles: readonly Article[], perClass: number, seed = 7): BenchQuery[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const content = (text: string) => (text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !isStopWord(w));
  const titleWords = (n: number): string[] => {
    for (;;) {
      const ws = [...new Set(content(pick(articles).title))];
      if (ws.length < n) continue;
      const start = Math.floor(rnd() * (ws.length - n + 1));
      return ws.slice(start, start + n);
    }
  };
  const out: BenchQuery[] = [];
  for (let i = 0; i < perClass; i++) {
    for (const n of [1, 2, 3]) {
      const ws = titleWords(n);
      out.push({ kind: `${n}-term` as QueryClass, text: ws.join(' '), words: ws.join(' ') });
    }
    const ws = titleWords(2);
    const source = pick(['reuters', 'bbc', 'guardian', 'jazeera', 'bloomberg', 'xinhua']);
    const since = pick(['30d', '90d', '6m']);
    out.push({ kind: 'filtered', text: `${ws.join(' ')} source:${source} since:${since}`, words: ws.join(' ') });
    for (;;) {
      const pair = /\b([a-z]{4,}) ([a-z]{4,})\b/.exec(pick(articles).lead.toLowerCase());
      if (pair && !isStopWord(pair[1]!) && !isStopWord(pair[2]!)) {
        out.push({ kind: 'phrase', text: `"${pair[1]} ${pair[2]}"`, words: `${pair[1]} ${pair[2]}` });
        break;
      }
    }
  }
  return out;
}
