/**
 * One benchmark configuration, run in its own process by bench/run.ts:
 * `node --import tsx --expose-gc bench/measure.ts <config> <corpusDir> <workDir> <resultFile> <queriesPerClass>`.
 * Writes its figures as JSON to `resultFile`.
 */
import { writeFile, stat, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import FlexSearch from 'flexsearch';
import pg from 'pg';
import MiniSearch from 'minisearch';
import type { Article } from '../src/articles/article.js';
import { makeBrief } from '../src/brief/make-brief.js';
import { readCorpus, readCorpusFile, scanCorpus } from '../src/corpus/read-corpus.js';
import { parseJsonLine } from '../src/articles/parse-article.js';
import { renderAnyBrief } from '../src/render/render-brief.js';
import { buildIndex, TOP_K_FROM } from '../src/search/build-index.js';
import { runSearchTop } from '../src/search/fast-search.js';
import { recencyBoost, RECENCY } from '../src/search/search.js';
import { loadTopKEngine } from '../src/search/top-k-engine.js';
import { prepareSuggestions } from '../src/search/suggest.js';
import { workerBriefService } from '../src/search-thread/worker-brief-service.js';
import { snapshotBytes, snapshotKey } from '../src/search/index-snapshot.js';
import { loadCorpusIndex, statCorpusFiles } from '../src/corpus/load-index.js';
import { postgresBriefService } from '../src/pg-search/pg-brief-service.js';
import { syncSearchIndex } from '../src/pg-search/pg-search-index.js';
import { VIEW_OPTIONS } from '../src/pg-search/pg-search-view.js';
import { pgArticleLog } from '../src/store/pg-articles.js';
import { openMigratedPool } from '../src/store/pg-migrate.js';
import { BENCH_NOW } from './generate.js';
import { httpLoad, LOADS, type LoadFigures } from './http-load.js';
import { benchQueries, QUERY_CLASSES, type BenchQuery } from './queries.js';
import { replicasLoad, type ReplicaFigures } from './replicas-load.js';
import { mb, round, since, summarizeLatencies } from './stats.js';

export type Config = 'raw-minisearch' | 'raw-flexsearch' | 'top-k' | 'top-k-exhaustive' | 'brief-cold' | 'brief-exhaustive' | 'brief-warm' | 'brief-worker' | 'http-worker' | 'http-in-process' | 'http-noop' | 'http-replicas' | 'brief-postgres';

export interface Figures {
  config: Config;
  articles: number;
  readMs?: number;
  buildMs?: number;
  heapMB?: number;
  rssMB?: number;
  maxRssMB?: number;
  snapshotMB?: number;
  saveMs?: number;
  /** Reading the vocabulary for suggestions (the search thread does it after loading). */
  prepareMs?: number;
  keyMs?: number;
  loadMs?: number;
  warmStartMs?: number;
  latency: Record<string, { p50: number; p99: number; n: number }>;
  /** HTTP mode under load. */
  load?: LoadFigures[];
  /** `npm start` replicas under load: one on SQLite, one and three on PostgreSQL behind the balancer. */
  replicas?: ReplicaFigures[];
  /** PostgreSQL engine: the database's size on disk once loaded and indexed, MB. */
  diskMB?: number;
  /** Worker/app: time until it answers (snapshot loaded). */
  readyMs?: number;
  /** Mean number of results the engine returned per query class (what a query costs follows it). */
  hits: Record<string, number>;
  /** `top-k`: the share of the exhaustive top 10 its fast path returned, over every query. */
  recallAt10?: number;
  /** Which engine the index used. */
  engine?: string;
  notes: string[];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function memory(f: Figures): void {
  gc();
  gc();
  const m = process.memoryUsage();
  f.heapMB = mb(m.heapUsed);
  f.rssMB = mb(m.rss);
  f.maxRssMB = round(process.resourceUsage().maxRSS / 1024);
}

/** Runs each query once to warm up (a tenth of them), then each once, timed. */
async function timeQueries(queries: readonly BenchQuery[], run: (q: BenchQuery) => number | Promise<number>, f: Figures): Promise<void> {
  for (const q of queries.filter((_, i) => i % 10 === 0)) await run(q);
  const byClass = new Map<string, number[]>();
  const hitsByClass = new Map<string, number[]>();
  for (const q of queries) {
    const start = performance.now();
    const hits = await run(q);
    const ms = since(start);
    byClass.set(q.kind, [...(byClass.get(q.kind) ?? []), ms]);
    hitsByClass.set(q.kind, [...(hitsByClass.get(q.kind) ?? []), hits]);
  }
  const all: number[] = [];
  for (const kind of QUERY_CLASSES) {
    const ms = byClass.get(kind) ?? [];
    all.push(...ms);
    f.latency[kind] = summarizeLatencies(ms);
    const h = hitsByClass.get(kind) ?? [];
    f.hits[kind] = Math.round(h.reduce((a, b) => a + b, 0) / Math.max(1, h.length));
  }
  f.latency.all = summarizeLatencies(all);
}

/** Requests each connection sends, one after another, in a load run. */
const LOAD_REQUESTS_PER_CONNECTION = 5;
/** How long to wait for the briefs of a load run to reach their response_urls. */
const LOAD_DRAIN_TIMEOUT_S = 60;

const DEFAULT_FIELDS = ['title', 'lead', 'body', 'tags', 'source'];
const extractField = (a: Article, field: string) => (field === 'tags' ? a.tags.join(' ') : ((a as unknown as Record<string, string>)[field] ?? ''));

export async function measure(config: Config, corpusDir: string, workDir: string, perClass: number): Promise<Figures> {
  const f: Figures = { config, articles: 0, latency: {}, hits: {}, notes: [] };
  const snapshotFile = path.join(workDir, 'index.bin');
  let start = performance.now();
  if (config === 'brief-warm') return warmStart(f, corpusDir, snapshotFile);
  if (config === 'brief-postgres') return postgresEngine(f, corpusDir, perClass);
  const corpus = await readCorpus(corpusDir);
  f.readMs = Math.round(since(start));
  const articles = corpus.articles;
  f.articles = articles.length;
  const queries = benchQueries(articles, perClass);

  switch (config) {
    case 'raw-minisearch': {
      start = performance.now();
      const ms = new MiniSearch<Article>({ fields: DEFAULT_FIELDS, extractField });
      ms.addAll(articles);
      f.buildMs = Math.round(since(start));
      memory(f);
      f.notes.push('MiniSearch 7 defaults: OR, no prefix or fuzzy, no stemming or stop words; query = the words only');
      await timeQueries(queries, (q) => ms.search(q.words).length, f);
      break;
    }
    case 'raw-flexsearch': {
      start = performance.now();
      const fx = new FlexSearch.Document({ document: { id: 'id', index: DEFAULT_FIELDS.filter((x) => x !== 'tags') } });
      for (const a of articles) fx.add({ id: a.id, title: a.title, lead: a.lead, body: a.body, source: a.source ?? '' });
      f.buildMs = Math.round(since(start));
      memory(f);
      f.notes.push('FlexSearch 0.8 Document defaults: every word must match (AND), at most 100 ids per field; query = the words only');
      await timeQueries(
        queries,
        (q) => {
          const ids = new Set<string | number>();
          for (const r of fx.search(q.words) as { result: (string | number)[] }[]) for (const id of r.result) ids.add(id);
          return ids.size;
        },
        f,
      );
      break;
    }
    case 'top-k':
    case 'top-k-exhaustive': {
      start = performance.now();
      const index = buildIndex(articles, 'top-k');
      f.buildMs = Math.round(since(start));
      f.engine = index.engine.save().engine;
      memory(f);
      const published = new Map(articles.map((a) => [a.id, a.published]));
      const ask = { top: 10, boostDocument: { factor: (id: string) => recencyBoost(published.get(id), BENCH_NOW), max: 1 + RECENCY.weight } };
      const exhaustive = loadTopKEngine(index.engine.save(), { exhaustive: true })!;
      const engine = config === 'top-k' ? index.engine : exhaustive;
      f.notes.push("Brief's top-k engine alone, the query's words only (as the yardsticks): the best 10 with the recency boost, Brief's prefix and fuzzy rules, AND first (runSearchTop); with the count of all matches");
      await timeQueries(queries, (q) => runSearchTop(engine, q.words, ask).total, f);
      if (config === 'top-k') {
        let recall = 0;
        for (const q of queries) {
          const truth = new Set(runSearchTop(exhaustive, q.words, ask).hits.map((h) => h.id));
          const got = runSearchTop(engine, q.words, ask).hits.map((h) => h.id);
          recall += truth.size === 0 ? 1 : got.filter((id) => truth.has(id)).length / truth.size;
        }
        f.recallAt10 = round(recall / queries.length, 4);
      }
      break;
    }
    case 'brief-cold':
    case 'brief-exhaustive': {
      start = performance.now();
      const index = buildIndex(articles, config === 'brief-exhaustive' ? (articles.length >= TOP_K_FROM ? 'top-k-exhaustive' : 'minisearch') : 'auto');
      f.engine = index.engine.save().engine;
      if (config === 'brief-exhaustive') f.notes.push('the index chosen for this size, scoring every match (top-k-exhaustive from TOP_K_FROM articles)');
      f.buildMs = Math.round(since(start));
      start = performance.now();
      prepareSuggestions(index);
      f.prepareMs = Math.round(since(start));
      memory(f);
      if (config === 'brief-cold') {
        start = performance.now();
        const key = snapshotKey(articles);
        f.keyMs = Math.round(since(start));
        start = performance.now();
        // Saved as load-index.ts saves it: the index and the corpus it was built from.
        const files = await statCorpusFiles(corpusDir);
        const bytes = snapshotBytes(index, key, { files, articles, problems: corpus.problems, duplicates: corpus.duplicates });
        await mkdir(workDir, { recursive: true });
        await writeFile(snapshotFile, bytes);
        f.saveMs = Math.round(since(start));
        f.snapshotMB = mb(bytes.length);
      }
      await timeQueries(
        queries,
        (q) => {
          const brief = makeBrief(index, q.text, { now: BENCH_NOW });
          renderAnyBrief(brief, { command: '/brief' });
          return brief.kind === 'results' ? brief.totalArticles : 0;
        },
        f,
      );
      break;
    }
    case 'brief-worker': {
      start = performance.now();
      const service = workerBriefService({ source: { kind: 'corpus', dir: corpusDir }, snapshotPath: snapshotFile, now: () => BENCH_NOW });
      await service.ready;
      f.readyMs = Math.round(since(start));
      f.notes.push('e2e through workerBriefService: message to the search thread, makeBrief there, structured clone back, render here');
      await timeQueries(
        queries,
        async (q) => {
          const brief = await service.brief(q.text);
          renderAnyBrief(brief, { command: '/brief' });
          return brief.kind === 'results' ? brief.totalArticles : 0;
        },
        f,
      );
      memory(f);
      await service.close();
      break;
    }
    case 'http-worker':
    case 'http-in-process':
    case 'http-noop': {
      const result = await httpLoad(config === 'http-worker' ? 'worker' : config === 'http-noop' ? 'noop' : 'in-process', corpusDir, snapshotFile, queries, LOADS, LOAD_REQUESTS_PER_CONNECTION, LOAD_DRAIN_TIMEOUT_S);
      f.readyMs = result.readyMs;
      f.load = result.loads;
      break;
    }
    case 'http-replicas': {
      f.replicas = await replicasLoad(corpusDir, snapshotFile, articles.length, queries, LOAD_REQUESTS_PER_CONNECTION, LOAD_DRAIN_TIMEOUT_S);
      f.notes.push('npm start replicas (src/main.ts) sharing the machine’s cores: no speed-up is expected from three; the rows show what PostgreSQL and the balancer cost an ack and a brief');
      break;
    }
  }
  return f;
}

/** What `npm start` does: corpus and index from the snapshot when no corpus file changed. */
async function warmStart(f: Figures, corpusDir: string, snapshotFile: string): Promise<Figures> {
  gc();
  let start = performance.now();
  const loaded = await loadCorpusIndex(corpusDir, { snapshotPath: snapshotFile, progressBar: false });
  f.warmStartMs = Math.round(since(start));
  if (loaded.from !== 'snapshot') throw new Error('the snapshot written by brief-cold did not load');
  f.articles = loaded.corpus.articles.length;
  f.snapshotMB = mb((await stat(snapshotFile)).size);
  memory(f);
  start = performance.now();
  await readCorpus(corpusDir);
  f.readMs = Math.round(since(start));
  f.notes.push(`warm start = stat the corpus files, read the snapshot, v8.deserialize it (corpus and index), check its keys; no corpus file is read (reading and parsing them took ${(f.readMs / 1000).toFixed(1)} s here)`);
  return f;
}

/**
 * `SEARCH_ENGINE=postgres` end to end: the corpus written to a database's articles table (as the
 * leader writes it), the search tables built from it (buildMs), then each query through
 * postgresBriefService (candidates from PostgreSQL, Brief's ranking, stories, summaries) and
 * rendered. The server is bench/run.ts's (BENCH_POSTGRES_URL). The database is named after the
 * corpus and kept: on a server that outlives the run (DATABASE_URL_TEST) a later run finds it
 * loaded and reports the load it recorded, so 1M articles are written and indexed once.
 */
async function postgresEngine(f: Figures, corpusDir: string, perClass: number): Promise<Figures> {
  const adminUrl = process.env.BENCH_POSTGRES_URL;
  if (adminUrl === undefined) throw new Error('brief-postgres needs BENCH_POSTGRES_URL (bench/run.ts starts a server)');
  const version = await readFile(path.join(corpusDir, '.version'), 'utf8').catch(() => 'unversioned');
  const name = `bench_${path.basename(corpusDir).replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = await openMigratedPool({ connectionString: url.toString(), max: 4 });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_loaded (corpus text PRIMARY KEY, figures jsonb NOT NULL)');
    const recorded = (await pool.query<{ figures: Partial<Figures> }>('SELECT figures FROM bench_loaded WHERE corpus = $1', [version])).rows[0]?.figures;
    // Only what the queries are drawn from is kept (title and lead), in the corpus reader's order.
    let sample: Article[] = [];
    const log = pgArticleLog(pool);
    let readMs = 0;
    let start = performance.now();
    for (const file of (await scanCorpus(corpusDir)).files) {
      const read = performance.now();
      // Loaded already: the queries need titles and leads only, parsed without the reader's language detection.
      const articles = recorded === undefined ? (await readCorpusFile(corpusDir, file)).articles : (await readFile(path.join(corpusDir, file), 'utf8')).split('\n').flatMap((line, i) => parseJsonLine(file, line, i + 1).articles);
      readMs += since(read);
      if (recorded === undefined) await log.put(articles.map((article) => ({ article, origin: `file:${file}`, arrivedAt: BENCH_NOW })));
      sample.push(...articles.map((a) => ({ ...a, body: '' })));
    }
    f.readMs = Math.round(readMs);
    f.articles = sample.length;
    if (recorded === undefined) {
      f.loadMs = Math.round(since(start) - readMs);
      start = performance.now();
      await syncSearchIndex(pool);
      f.buildMs = Math.round(since(start));
      await pool.query('VACUUM ANALYZE search_docs');
      await pool.query('ANALYZE search_terms');
      f.diskMB = mb(Number((await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes')).rows[0]!.bytes));
      await pool.query('INSERT INTO bench_loaded (corpus, figures) VALUES ($1, $2)', [version, { loadMs: f.loadMs, buildMs: f.buildMs, diskMB: f.diskMB }]);
    } else {
      Object.assign(f, recorded);
      f.notes.push('database found loaded from an earlier run: loadMs, buildMs and diskMB are that run\'s; readMs here is parsing the files for the queries only');
    }
    const queries = benchQueries(sample, perClass);
    sample = [];
    const { briefs } = postgresBriefService(pool, () => BENCH_NOW);
    await briefs.apply({ upserted: [], removed: [] });
    f.notes.push(`e2e through postgresBriefService in this process: candidates from PostgreSQL (${VIEW_OPTIONS.candidates} per query, windows ${VIEW_OPTIONS.windowDays.join('/')} days), Brief's ranking, stories and summaries, render; loadMs = writing the articles table, buildMs = the search tables from it, diskMB = the whole database`);
    await timeQueries(
      queries,
      async (q) => {
        const brief = await briefs.brief(q.text);
        renderAnyBrief(brief, { command: '/brief' });
        return brief.kind === 'results' ? brief.totalArticles : 0;
      },
      f,
    );
    memory(f);
    return f;
  } finally {
    await pool.end();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]).endsWith(path.join('bench', 'measure.ts'))) {
  const [config, corpusDir, workDir, resultFile, perClass] = process.argv.slice(2);
  measure(config as Config, corpusDir!, workDir!, Number(perClass ?? 60)).then(
    (figures) => writeFile(resultFile!, JSON.stringify(figures)),
    (err: unknown) => {
      process.stderr.write(`${config} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
