import type { Article } from '../articles/article.js';
import { documentTerms, fieldImpact, publishedTime, type CorpusStatistics } from './impact-postings.js';
import { INDEX_OPTIONS } from './index-options.js';
import type { ScoredDoc } from './max-score.js';

const FIELDS = INDEX_OPTIONS.fields.length;

/**
 * The articles added since the impact postings were built: a small inverted index, scored in full at
 * query time (it holds a few percent of the corpus at most). Plain arrays and maps, so it is saved in
 * the snapshot as is. A removed article stays as a dead entry until the next merge.
 */
export interface DeltaSegment {
  ids: string[];
  published: number[];
  /** Field lengths (distinct words), document after document: document d's field f at d × fields + f. */
  lengths: number[];
  /** 1: the document was removed. */
  dead: number[];
  /** Term → [document, field, count, …]. */
  postings: Map<string, number[]>;
  /** How many documents are not dead. */
  live: number;
}

/**
 * An empty delta.
 *
 * @example emptyDelta().live // => 0
 */
export function emptyDelta(): DeltaSegment {
  return { ids: [], published: [], lengths: [], dead: [], postings: new Map(), live: 0 };
}

/** Adds an article to the delta (its id must not be live in it). */
export function addToDelta(delta: DeltaSegment, article: Article, processTerm: (term: string) => string | null): void {
  const doc = delta.ids.length;
  const { lengths, fields } = documentTerms(article, processTerm);
  delta.ids.push(article.id);
  delta.published.push(publishedTime(article));
  delta.lengths.push(...lengths);
  delta.dead.push(0);
  delta.live++;
  fields.forEach((counts, f) => {
    for (const [term, count] of counts) {
      const list = delta.postings.get(term);
      if (list === undefined) delta.postings.set(term, [doc, f, count]);
      else list.push(doc, f, count);
    }
  });
}

/** Marks the live document of this id dead; false when there is none. */
export function removeFromDelta(delta: DeltaSegment, id: string): boolean {
  const doc = liveDoc(delta, id);
  if (doc === -1) return false;
  delta.dead[doc] = 1;
  delta.live--;
  return true;
}

/** The live document number of an id in the delta, or -1. */
export function liveDoc(delta: DeltaSegment, id: string): number {
  for (let d = delta.ids.length - 1; d >= 0; d--) if (delta.ids[d] === id && delta.dead[d] === 0) return d;
  return -1;
}

/**
 * How many live delta documents hold a term.
 *
 * @example deltaFrequency(emptyDelta(), 'wheat') // => 0
 */
export function deltaFrequency(delta: DeltaSegment, term: string): number {
  const list = delta.postings.get(term);
  if (list === undefined) return 0;
  const docs = new Set<number>();
  for (let i = 0; i < list.length; i += 3) if (delta.dead[list[i]!] === 0) docs.add(list[i]!);
  return docs.size;
}

/** One weighed term of a query, as the delta reads it. */
export interface DeltaList {
  term: string;
  weight: number;
  source: number;
}

/**
 * Every live delta document matching the lists, scored as the postings score theirs (summed
 * weighted impacts × query terms matched × boost), with BM25 statistics of the corpus as a whole:
 * the postings' `stats` (`mainDf` of a term) plus the delta's own. Also counts the documents that
 * matched before the filter, and those it kept.
 */
export function scoreDelta(
  delta: DeltaSegment,
  lists: readonly DeltaList[],
  stats: { main: CorpusStatistics; mainDf: (term: string, field: number) => number },
  options: { sources: number; all: boolean; published?: { since?: number; until?: number }; filter?: (doc: number, sources: readonly number[]) => boolean; boost?: (doc: number) => number },
): { scored: ScoredDoc[]; matched: number } {
  if (delta.live === 0) return { scored: [], matched: 0 };
  const n = stats.main.documents + delta.live;
  const avg = averageLengths(delta, stats.main);
  const sums = new Map<number, { sum: number; mask: number; sources: number[] }>();
  const { since = -Infinity, until = Infinity } = options.published ?? {};
  for (const l of lists) {
    const list = delta.postings.get(l.term);
    if (list === undefined) continue;
    const df = new Array<number>(FIELDS).fill(0);
    for (let i = 0; i < list.length; i += 3) if (delta.dead[list[i]!] === 0) df[list[i + 1]!]!++;
    for (let f = 0; f < FIELDS; f++) df[f]! += stats.mainDf(l.term, f);
    for (let i = 0; i < list.length; i += 3) {
      const [doc, f, tf] = [list[i]!, list[i + 1]!, list[i + 2]!];
      if (delta.dead[doc] === 1 || !(delta.published[doc]! >= since && delta.published[doc]! <= until)) continue;
      const entry = sums.get(doc) ?? { sum: 0, mask: 0, sources: [] };
      sums.set(doc, entry);
      entry.sum += l.weight * Math.fround(fieldImpact(f, tf, delta.lengths[doc * FIELDS + f]!, avg[f]!, df[f]!, n));
      entry.mask |= 1 << f;
      if (!entry.sources.includes(l.source)) entry.sources.push(l.source);
    }
  }
  const scored: ScoredDoc[] = [];
  let matched = 0;
  for (const [doc, { sum, mask, sources }] of sums) {
    if (options.all && sources.length < options.sources) continue;
    matched++;
    if (options.filter !== undefined && !options.filter(doc, sources)) continue;
    scored.push({ doc, score: sum * sources.length * (options.boost?.(doc) ?? 1), sources, mask });
  }
  return { scored, matched };
}

/** Each field's mean length over the postings' documents and the live delta documents. */
function averageLengths(delta: DeltaSegment, main: CorpusStatistics): number[] {
  return Array.from({ length: FIELDS }, (_, f) => {
    let sum = main.avgLength[f]! * main.documents;
    for (let d = 0; d < delta.ids.length; d++) if (delta.dead[d] === 0) sum += delta.lengths[d * FIELDS + f]!;
    return sum / Math.max(1, main.documents + delta.live);
  });
}
