/**
 * The top-k engine against the MiniSearch engine on a generated corpus, in one process:
 * `tsx bench/top-k-check.ts [articles=10000] [queries per class=40]`. Prints build times, per-class
 * latency (top 10, recency boost, no fuzzy: the engine call only, not a whole brief), the fast path's
 * recall@10 against its exhaustive mode, and agreement of its top 10 with MiniSearch's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readCorpus } from '../src/corpus/read-corpus.js';
import { recencyBoost, RECENCY } from '../src/search/search.js';
import { createMiniSearchEngine } from '../src/search/minisearch-engine.js';
import type { EngineSearchOptions, SearchEngine } from '../src/search/search-engine.js';
import { createTopKEngine } from '../src/search/top-k-engine.js';
import { BENCH_NOW, writeCorpus } from './generate.js';
import { benchQueries, QUERY_CLASSES } from './queries.js';
import { percentile } from './stats.js';

const size = Number(process.argv[2] ?? 10_000);
const perClass = Number(process.argv[3] ?? 40);
const dir = await mkdtemp(path.join(os.tmpdir(), 'brief-top-k-'));
try {
  await writeCorpus(dir, size);
  const articles = (await readCorpus(dir)).articles;
  const published = new Map(articles.map((a) => [a.id, a.published]));
  const timed = <T>(make: () => T): [T, number] => {
    const start = performance.now();
    return [make(), performance.now() - start];
  };
  const [mini, miniMs] = timed(() => createMiniSearchEngine(articles));
  const [fast, fastMs] = timed(() => createTopKEngine(articles));
  const exhaustive = createTopKEngine(articles, { exhaustive: true });
  console.log(`${articles.length} articles; build: MiniSearch ${Math.round(miniMs)} ms, top-k postings ${Math.round(fastMs)} ms`);
  const ask: EngineSearchOptions = { top: 10, fuzzy: false, boostDocument: { factor: (id) => recencyBoost(published.get(id), BENCH_NOW), max: 1 + RECENCY.weight } };
  const queries = benchQueries(articles, perClass);
  let recall = 0;
  let agree = 0;
  for (const q of queries) {
    const truth = new Set(exhaustive.search(q.words, ask).map((h) => h.id));
    const got = fast.search(q.words, ask).map((h) => h.id);
    recall += truth.size === 0 ? 1 : got.filter((id) => truth.has(id)).length / truth.size;
    const theirs = new Set(mini.search(q.words, ask).map((h) => h.id));
    agree += theirs.size === 0 ? 1 : got.filter((id) => theirs.has(id)).length / theirs.size;
  }
  console.log(`recall@10 fast vs exhaustive ${(recall / queries.length).toFixed(4)}; top-10 overlap with MiniSearch ${(agree / queries.length).toFixed(4)} (${queries.length} queries)`);
  const engines: [string, SearchEngine][] = [['minisearch', mini], ['top-k exhaustive', exhaustive], ['top-k fast', fast]];
  console.log('| engine | class | p50 ms | p99 ms |\n|---|---|---|---|');
  for (const [name, engine] of engines) {
    for (const kind of QUERY_CLASSES) {
      const ms = queries.filter((q) => q.kind === kind).map((q) => timed(() => engine.search(q.words, ask))[1]);
      console.log(`| ${name} | ${kind} | ${percentile(ms, 50).toFixed(2)} | ${percentile(ms, 99).toFixed(2)} |`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
