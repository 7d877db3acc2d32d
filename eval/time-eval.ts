/**
 * Retrieval on TIME: the project's own pipeline (buildIndex → parseQuery → searchIndex, recency off)
 * against the plain BM25 baseline, ranking articles (not stories). Also checks that every summary
 * sentence the bot would show for the top hits (per-hit summaries and the synthesis) is verbatim.
 */
import { briefFromHits } from '../src/brief/make-brief.js';
import { buildIndex, type EngineChoice } from '../src/search/build-index.js';
import { parseQuery, type Query } from '../src/search/query.js';
import { searchIndex, type Hit } from '../src/search/search.js';
import { bm25Index } from './bm25-baseline.js';
import { averagePrecision, mean, ndcgAt, precisionAt } from './metrics.js';
import { timeArticle, timeArticleId, type TimeCollection } from './time-collection.js';

/** A split's figures for one system. */
export interface RetrievalFigures {
  map: number;
  p10: number;
  ndcg10: number;
  /** Queries averaged over (those with at least one reachable relevant document). */
  queries: number;
}

export interface SplitRange {
  name: 'dev' | 'test';
  from: number;
  to: number;
}

export const TIME_SPLITS: readonly SplitRange[] = [
  { name: 'dev', from: 1, to: 40 },
  { name: 'test', from: 41, to: 83 },
];

export interface TimeResult {
  splits: Record<string, { brief: RetrievalFigures; bm25: RetrievalFigures }>;
  /** Queries left out of every average: no reachable relevant document. */
  skippedQueries: number[];
  /** Judged ids past the end of TIME.ALL, dropped, per query. */
  unreachable: Record<string, number[]>;
  summarySentences: number;
  unfaithful: string[];
  /** Per-query average precision, for the splits that were asked for (tuning looks at dev only). */
  perQuery: { id: number; brief: number; bm25: number }[];
}

/** Ranks the collection's articles for a query, recency off (`--engine postgres` gives one; the others are an index built here). */
export type TimeSearch = (query: Query, now: Date) => Hit[] | Promise<Hit[]>;

/** The fixed clock: recency is off, but the query parser still takes a `now`. */
const NOW = new Date('1964-01-01T00:00:00Z');

/**
 * Runs every query of the given splits through both systems and averages the metrics per split.
 * `engine`: the index Brief searches (`auto` picks MiniSearch for TIME's 423 articles), or a search
 * of Brief's own (the PostgreSQL engine's).
 *
 * @example (await evaluateTime(collection, TIME_SPLITS)).splits.test.brief.map
 */
export async function evaluateTime(collection: TimeCollection, splits: readonly SplitRange[], engine: EngineChoice | TimeSearch = 'auto'): Promise<TimeResult> {
  const articles = collection.documents.map(timeArticle);
  const rank: TimeSearch = typeof engine === 'function' ? engine : ((index) => (query: Query, now: Date) => searchIndex(index, query, { now, recency: false }))(buildIndex(articles, engine));
  const baseline = bm25Index(articles.map((a) => ({ id: a.id, text: a.body })), collection.stopWords);
  const result: TimeResult = { splits: {}, skippedQueries: [], unreachable: {}, summarySentences: 0, unfaithful: [], perQuery: [] };
  for (const [q, ids] of collection.unreachable) result.unreachable[String(q)] = ids;

  for (const split of splits) {
    const rows: { brief: number[]; bm25: number[] }[] = [];
    for (const query of collection.queries.filter((q) => q.id >= split.from && q.id <= split.to)) {
      const relevant = new Set([...(collection.relevant.get(query.id) ?? [])].map(timeArticleId));
      const parsed = parseQuery(query.text, NOW);
      const hits = await rank(parsed, NOW);
      checkSummaries(result, briefFromHits(hits.slice(0, 10), parsed, { pageSize: 10 }));
      if (relevant.size === 0) {
        result.skippedQueries.push(query.id);
        continue;
      }
      const mine = hits.map((h) => h.article.id);
      const theirs = baseline.search(query.text).map((h) => h.id);
      rows.push({ brief: figures(mine, relevant), bm25: figures(theirs, relevant) });
      result.perQuery.push({ id: query.id, brief: rows.at(-1)!.brief[0]!, bm25: rows.at(-1)!.bm25[0]! });
    }
    const avg = (pick: (r: (typeof rows)[number]) => number[]): RetrievalFigures => ({
      map: mean(rows.map((r) => pick(r)[0]!)),
      p10: mean(rows.map((r) => pick(r)[1]!)),
      ndcg10: mean(rows.map((r) => pick(r)[2]!)),
      queries: rows.length,
    });
    result.splits[split.name] = { brief: avg((r) => r.brief), bm25: avg((r) => r.bm25) };
  }
  return result;
}

function figures(ranked: string[], relevant: Set<string>): number[] {
  return [averagePrecision(ranked, relevant), precisionAt(ranked, relevant, 10), ndcgAt(ranked, relevant, 10)];
}

function checkSummaries(result: TimeResult, brief: ReturnType<typeof briefFromHits>): void {
  if (brief.kind !== 'results') return;
  const byNumber = new Map(brief.items.map((item) => [item.number, item.article]));
  for (const item of brief.items) {
    for (const sentence of item.summary) {
      result.summarySentences++;
      if (!item.article.body.includes(sentence)) result.unfaithful.push(`${item.article.id}: ${sentence.slice(0, 80)}`);
    }
  }
  for (const c of brief.synthesis) {
    result.summarySentences++;
    const article = byNumber.get(c.cite);
    if (article === undefined || !article.body.includes(c.text)) result.unfaithful.push(`synthesis [${c.cite}]: ${c.text.slice(0, 80)}`);
  }
}
