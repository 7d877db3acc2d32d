/**
 * Tuning aid for retrieval, on the DEVELOPMENT queries (1–40) only: search options and feedback
 * settings varied around the project's defaults, through the project's own search path
 * (runSearch, then feedback). Never reads queries 41–83. `npx tsx eval/tune-time.ts options|coord|lead|bm25|feedback [searchOptionsJSON] [coordination]`
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchOptions } from 'minisearch';
import type { BriefIndex } from '../src/search/build-index.js';
import { coordinate, FEEDBACK, withFeedback, type FeedbackParams } from '../src/search/expand.js';
import { runSearch } from '../src/search/fast-search.js';
import { SEARCH_OPTIONS } from '../src/search/index-options.js';
import { createMiniSearchEngine } from '../src/search/minisearch-engine.js';
import type { EngineHit } from '../src/search/search-engine.js';
import { parseQuery } from '../src/search/query.js';
import { averagePrecision, mean, ndcgAt } from './metrics.js';
import { readTimeCollection, timeArticle, timeArticleId } from './time-collection.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const collection = await readTimeCollection(path.resolve(ROOT, '../shared/datasets/time'));
const dev = collection.queries.filter((q) => q.id <= 40 && (collection.relevant.get(q.id)?.size ?? 0) > 0);
const articles = collection.documents.map(timeArticle);
const now = new Date('1964-01-01');

function indexWith(searchOptions: SearchOptions): BriefIndex {
  return { engine: createMiniSearchEngine(articles, searchOptions), articles: new Map(articles.map((a) => [a.id, a])) };
}

function run(label: string, searchOptions: SearchOptions, feedback?: FeedbackParams, coord: boolean | number = true): number {
  const index = indexWith(searchOptions);
  const aps: number[] = [];
  const ndcgs: number[] = [];
  for (const q of dev) {
    const parsed = parseQuery(q.text, now);
    const relevant = new Set([...collection.relevant.get(q.id)!].map(timeArticleId));
    let results: EngineHit[] = runSearch(index.engine, parsed.words.join(' '), () => true);
    const gamma = coord === true ? 1 : coord === false ? 0 : coord;
    if (gamma !== 1) results = coordinate(results, gamma);
    if (feedback) results = withFeedback(index, results, {}, feedback);
    const ranked = results.map((r) => r.id);
    aps.push(averagePrecision(ranked, relevant));
    ndcgs.push(ndcgAt(ranked, relevant, 10));
  }
  console.log(`${label.padEnd(60)} MAP ${mean(aps).toFixed(4)}  nDCG@10 ${mean(ndcgs).toFixed(4)}`);
  return mean(aps);
}

const arg = process.argv[2] ?? 'options';
if (arg === 'options') {
  for (const coord of [true, false]) {
    run(`defaults coord ${coord}`, {}, undefined, coord);
    for (const d of [0, 0.25]) run(`d ${d} coord ${coord}`, { bm25: { k: 1.2, b: 0.75, d } }, undefined, coord);
    for (const k of [0.9, 1.5, 2]) for (const b of [0.6, 0.75, 0.9]) run(`k ${k} b ${b} coord ${coord}`, { bm25: { k, b, d: 0.5 } }, undefined, coord);
    for (const lead of [1, 1.2, 2]) run(`lead ${lead} coord ${coord}`, { boost: { ...SEARCH_OPTIONS.boost, lead } }, undefined, coord);
  }
} else if (arg === 'feedback') {
  const opts: SearchOptions = process.argv[3] ? JSON.parse(process.argv[3]) : {};
  run('no feedback', opts);
  const coordination = Number(process.argv[4] ?? FEEDBACK.coordination);
  run('coordination only', opts, { ...FEEDBACK, coordination, weight: 0 });
  for (const docs of [3, 5, 8, 10])
    for (const terms of [10, 20, 40])
      for (const weight of [0.3, 0.6, 1]) run(`feedback docs ${docs} terms ${terms} weight ${weight} coord ${coordination}`, opts, { ...FEEDBACK, docs, terms, weight, rerankOnly: true, coordination });
}
if (arg === 'coord') {
  for (const gamma of [0, 0.25, 0.5])
    for (const lead of [0.3, 0.6])
      for (const [k, b] of [[1.2, 0.75], [1.5, 0.75], [1.2, 0.9], [2, 0.9]] as const) run(`gamma ${gamma} lead ${lead} k ${k} b ${b} d 0`, { boost: { ...SEARCH_OPTIONS.boost, lead }, bm25: { k, b, d: 0 } }, undefined, gamma);
}
if (arg === 'lead') {
  for (const coord of [true, false])
    for (const lead of [0.01, 0.3, 0.6, 1])
      for (const d of [0, 0.5]) run(`lead ${lead} d ${d} coord ${coord}`, { boost: { ...SEARCH_OPTIONS.boost, lead }, bm25: { k: 1.2, b: 0.75, d } }, undefined, coord);
}
if (arg === 'bm25') {
  for (const k of [0.9, 1.2, 1.6, 2]) for (const b of [0.6, 0.75, 0.9]) run(`default feedback, k ${k} b ${b}`, { bm25: { k, b, d: 0 } }, FEEDBACK);
  for (const title of [1, 3]) for (const lead of [0.01, 0.3, 0.6]) run(`default feedback, title ${title} lead ${lead}`, { boost: { ...SEARCH_OPTIONS.boost, title, lead } }, FEEDBACK);
}
