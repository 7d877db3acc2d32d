/**
 * `npm run eval -- [--json] [--split dev|test|all] [--only time|bbc] [--per-query] [--datasets DIR] [--engine auto|minisearch|top-k|top-k-exhaustive|postgres] [--candidates N]`:
 * retrieval on TIME (MAP, P@10, nDCG@10 per split, against plain BM25) and summaries on BBC News
 * Summary (ROUGE-1/2/L F1 against Lead-3 and TextRank), with the faithfulness count. Tune with
 * `--split dev` only: the test split (queries 41–83) is for the final figures. `--engine postgres` ranks
 * TIME through the PostgreSQL engine (eval/postgres-time.ts), `--candidates` its candidates per query.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EngineChoice } from '../src/search/build-index.js';
import { INDEX_VERSION } from '../src/search/index-options.js';
import { readBbcCollection } from './bbc-collection.js';
import { evaluateBbc, type BbcResult } from './bbc-eval.js';
import { VIEW_OPTIONS } from '../src/pg-search/pg-search-view.js';
import { withPostgresSearch } from './postgres-time.js';
import { readTimeCollection, timeArticle } from './time-collection.js';
import { evaluateTime, TIME_SPLITS, type TimeResult } from './time-eval.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'Usage: npm run eval -- [--json] [--split dev|test|all] [--only time|bbc] [--per-query] [--datasets DIR] [--engine auto|minisearch|top-k|top-k-exhaustive|postgres] [--candidates N]';
const ENGINES: readonly (EngineChoice | 'postgres')[] = ['auto', 'minisearch', 'top-k', 'top-k-exhaustive', 'postgres'];

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      split: { type: 'string', default: 'all' },
      only: { type: 'string' },
      'per-query': { type: 'boolean', default: false },
      datasets: { type: 'string', default: path.resolve(ROOT, '../shared/datasets') },
      engine: { type: 'string', default: 'auto' },
      candidates: { type: 'string', default: String(VIEW_OPTIONS.candidates) },
    },
  });
  const engine = ENGINES.find((e) => e === values.engine);
  const splits = TIME_SPLITS.filter((s) => values.split === 'all' || s.name === values.split);
  const candidates = Number(values.candidates);
  if (splits.length === 0 || engine === undefined || !(Number.isInteger(candidates) && candidates > 0) || (values.only !== undefined && !['time', 'bbc'].includes(values.only))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  let time: TimeResult | undefined;
  let bbc: (BbcResult & { legacyDecoded: string[] }) | undefined;
  if (values.only !== 'bbc') {
    const collection = await readTimeCollection(path.join(values.datasets, 'time'));
    const view = { ...VIEW_OPTIONS, candidates, scan: Math.max(VIEW_OPTIONS.scan, candidates) };
    time = engine === 'postgres' ? await withPostgresSearch(collection.documents.map(timeArticle), view, (search) => evaluateTime(collection, splits, search)) : await evaluateTime(collection, splits, engine);
  }
  if (values.only !== 'time') {
    const collection = await readBbcCollection(path.join(values.datasets, 'bbc-news-summary'));
    bbc = { ...evaluateBbc(collection.articles), legacyDecoded: collection.legacyDecoded };
  }
  const unfaithful = (time?.unfaithful.length ?? 0) + (bbc?.unfaithful.length ?? 0);
  const meta = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, indexVersion: INDEX_VERSION, engine, ...(engine === 'postgres' ? { candidates } : {}), seconds: (Date.now() - started) / 1000 };

  if (values.json) {
    const { perQuery, ...timeFigures } = time ?? { perQuery: [] };
    const out = { meta, time: time ? { ...timeFigures, ...(values['per-query'] ? { perQuery } : {}) } : undefined, bbc, unfaithful };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`${table(time, bbc, unfaithful, values['per-query'])}\n`);
    process.stdout.write(`\n${meta.date} · node ${meta.node} · ${meta.cpus} CPUs · ${meta.indexVersion} · engine ${meta.engine}${engine === 'postgres' ? ` (${candidates} candidates)` : ''} · ${meta.seconds.toFixed(1)} s\n`);
  }
  return unfaithful === 0 ? 0 : 1;
}

const f3 = (x: number) => x.toFixed(4);
const ratio = (a: number, b: number) => (b === 0 ? '—' : `${(a / b).toFixed(3)}×`);

function table(time: TimeResult | undefined, bbc: BbcResult | undefined, unfaithful: number, perQuery: boolean): string {
  const lines: string[] = [];
  if (time) {
    lines.push('TIME retrieval (Brief pipeline vs plain BM25 k1 1.2 b 0.75, TIME.STP)');
    lines.push('split  queries  system  MAP     P@10    nDCG@10   MAP ratio');
    for (const [name, s] of Object.entries(time.splits)) {
      lines.push(`${name.padEnd(6)} ${String(s.brief.queries).padEnd(8)} brief   ${f3(s.brief.map)}  ${f3(s.brief.p10)}  ${f3(s.brief.ndcg10)}    ${ratio(s.brief.map, s.bm25.map)}`);
      lines.push(`${''.padEnd(6)} ${''.padEnd(8)} bm25    ${f3(s.bm25.map)}  ${f3(s.bm25.p10)}  ${f3(s.bm25.ndcg10)}`);
    }
    lines.push(`skipped (no reachable relevant document): ${time.skippedQueries.join(', ') || 'none'}`);
    lines.push(`judged ids past the end, dropped: ${Object.entries(time.unreachable).map(([q, ids]) => `q${q}: ${ids.join(' ')}`).join('; ') || 'none'}`);
    lines.push(`summary sentences checked: ${time.summarySentences}, unfaithful: ${time.unfaithful.length}`);
    if (perQuery) for (const q of time.perQuery) lines.push(`  q${q.id}  AP brief ${f3(q.brief)}  bm25 ${f3(q.bm25)}`);
    lines.push('');
  }
  if (bbc) {
    lines.push(`BBC News Summary (${bbc.articles} articles, 3 sentences, ROUGE F1, lower-cased + Porter-stemmed)`);
    lines.push('system     ROUGE-1  ROUGE-2  ROUGE-L  tokens  R-2 vs Lead-3');
    for (const [name, s] of Object.entries(bbc.systems)) {
      lines.push(`${name.padEnd(10)} ${f3(s.rouge1)}   ${f3(s.rouge2)}   ${f3(s.rougeL)}   ${s.tokens.toFixed(1).padStart(5)}   ${ratio(s.rouge2, bbc.systems.lead3.rouge2)}`);
    }
    for (const [budget, systems] of Object.entries(bbc.fixedLength)) {
      lines.push(`at equal length (${budget === 'reference' ? "the reference's length" : `${budget} words`}; each system fills the budget best sentence first, cut to it)`);
      for (const [name, s] of Object.entries(systems)) {
        lines.push(`${name.padEnd(10)} ${f3(s.rouge1)}   ${f3(s.rouge2)}   ${f3(s.rougeL)}   ${s.tokens.toFixed(1).padStart(5)}   ${ratio(s.rouge2, systems.lead3.rouge2)}  vs TextRank ${ratio(s.rouge2, systems.textrank.rouge2)}`);
      }
    }
    lines.push(`summary sentences checked: ${bbc.summarySentences}, unfaithful: ${bbc.unfaithful.length}`);
    lines.push('');
  }
  lines.push(`unfaithful summary sentences in total: ${unfaithful}`);
  for (const u of [...(time?.unfaithful ?? []), ...(bbc?.unfaithful ?? [])].slice(0, 10)) lines.push(`  ${u}`);
  return lines.join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`eval failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
