/**
 * `npm run bench [-- --quick] [-- --json] [-- --sizes 10000,100000] [-- --per-class 60] [-- --no-http] [-- --postgres]`
 *
 * Generates the benchmark corpora (bench/out/, gitignored) and measures each configuration in its own
 * process (bench/measure.ts): raw MiniSearch and raw FlexSearch as yardsticks, Brief's index built
 * cold (and saved), started warm from the snapshot, searched through the worker thread, the Slack
 * app in HTTP mode under load, and `npm start` replicas (one on SQLite; one and three on PostgreSQL
 * behind a balancer) under load. Prints Markdown tables (or, with --json, the figures as JSON).
 * `--postgres` adds `brief-postgres` (SEARCH_ENGINE=postgres end to end) on a PostgreSQL server
 * started for the run (a throwaway cluster, as the tests start theirs) or at DATABASE_URL_TEST;
 * `--configs brief-postgres --sizes 1000000` runs it alone.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startTestCluster } from '../test/support/postgres-cluster.js';
import { writeCorpus } from './generate.js';
import type { Config, Figures } from './measure.js';
import { QUERY_CLASSES } from './queries.js';
import { round } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, 'out');
/** Bumped when the generator changes, so old corpora are made again. */
const CORPUS_VERSION = 'bench-corpus-2';

export interface Row extends Figures {
  /** Wall time of the whole child process, s. */
  processS: number;
  /** 1-minute load average before and after: other work on the machine skews the figures. */
  loadAvg: [number, number];
}

async function ensureCorpus(count: number): Promise<string> {
  const dir = path.join(OUT, `corpus-${count}`);
  const marker = path.join(dir, '.version');
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === `${CORPUS_VERSION} ${count}`) return dir;
  const started = performance.now();
  const { files, bytes } = await writeCorpus(dir, count);
  await writeFile(marker, `${CORPUS_VERSION} ${count}`);
  process.stderr.write(`corpus: ${count} articles, ${files} files, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return dir;
}

function measure(config: Config, corpusDir: string, workDir: string, perClass: number): Promise<Row> {
  const resultFile = path.join(workDir, `${config}.json`);
  const load0 = os.loadavg()[0]!;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', path.join(HERE, 'measure.ts'), config, corpusDir, workDir, resultFile, String(perClass)], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...postgresEnv } });
    child.once('exit', async (code) => {
      if (code !== 0) return reject(new Error(`${config} exited with code ${code}`));
      const figures = JSON.parse(await readFile(resultFile, 'utf8')) as Figures;
      resolve({ ...figures, processS: round((performance.now() - started) / 1000), loadAvg: [round(load0, 2), round(os.loadavg()[0]!, 2)] });
    });
  });
}

/** The PostgreSQL server's admin URL for brief-postgres, once started. */
const postgresEnv: Record<string, string> = {};

const fmt = (x: number | undefined, digits = 1) => (x === undefined ? '–' : String(round(x, digits)));
const s = (ms: number | undefined) => (ms === undefined ? '–' : fmt(ms / 1000));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? '–' : `${fmt(a / b)}×`);

/** The Markdown tables of one corpus size. */
export function tables(size: number, rows: readonly Row[]): string {
  const by = (c: Config) => rows.find((r) => r.config === c);
  const flex = by('raw-flexsearch');
  const mini = by('raw-minisearch');
  const cold = by('brief-cold');
  const warm = by('brief-warm');
  const worker = by('brief-worker');
  const lines: string[] = [];
  lines.push(`### ${size.toLocaleString('en')} articles`, '');
  lines.push('| configuration | engine | read corpus s | build s | heap MB | RSS MB | peak RSS MB | snapshot MB | save s | warm start s | process s | load avg |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows.filter((r) => !r.config.startsWith('http'))) {
    lines.push(`| ${r.config} | ${r.engine ?? '–'} | ${s(r.readMs)} | ${s(r.buildMs)} | ${fmt(r.heapMB, 0)} | ${fmt(r.rssMB, 0)} | ${fmt(r.maxRssMB, 0)} | ${fmt(r.snapshotMB)} | ${s(r.saveMs)} | ${s(r.warmStartMs ?? r.readyMs)} | ${fmt(r.processS, 0)} | ${r.loadAvg[0]}→${r.loadAvg[1]} |`);
  }
  lines.push('', 'Query latency, ms, p50 / p99 (mean results per query in brackets; for top-k and brief rows, the count of all matches):', '');
  lines.push(`| configuration | ${QUERY_CLASSES.join(' | ')} | all |`);
  lines.push(`|---|${QUERY_CLASSES.map(() => '---').join('|')}|---|`);
  for (const r of rows.filter((r) => Object.keys(r.latency).length > 0)) {
    const cells = QUERY_CLASSES.map((k) => `${fmt(r.latency[k]?.p50)} / ${fmt(r.latency[k]?.p99)} (${r.hits[k] ?? '–'})`);
    lines.push(`| ${r.config} | ${cells.join(' | ')} | ${fmt(r.latency.all?.p50)} / ${fmt(r.latency.all?.p99)} |`);
  }
  lines.push('', 'Brief end to end against the yardsticks (same corpus, same queries, same run):', '');
  lines.push('| measure | brief (in-process) | via worker | ÷ FlexSearch raw | ÷ MiniSearch raw |', '|---|---|---|---|---|');
  for (const k of [...QUERY_CLASSES, 'all']) {
    lines.push(`| p99 ${k} | ${fmt(cold?.latency[k]?.p99)} ms | ${fmt(worker?.latency[k]?.p99)} ms | ${ratio(worker?.latency[k]?.p99 ?? cold?.latency[k]?.p99, flex?.latency[k]?.p99)} | ${ratio(worker?.latency[k]?.p99 ?? cold?.latency[k]?.p99, mini?.latency[k]?.p99)} |`);
  }
  lines.push(`| build | ${s(cold?.buildMs)} s | | ${ratio(cold?.buildMs, flex?.buildMs)} | ${ratio(cold?.buildMs, mini?.buildMs)} |`);
  lines.push(`| heap | ${fmt(cold?.heapMB, 0)} MB | | ${ratio(cold?.heapMB, flex?.heapMB)} | ${ratio(cold?.heapMB, mini?.heapMB)} |`);
  const http = rows.filter((r) => r.config.startsWith('http'));
  if (http.length > 0) {
    lines.push('', 'HTTP mode under load (signed `/brief` slash commands, autocannon; closed loop = 5 requests per connection, each sent when the last was acked; paced = 100 requests/s over 200 connections for 10 s):', '');
    lines.push('| search runs | connections | requests | ack p50 ms | ack p99 ms | ack max ms | acks/s | errors | briefs delivered | Block Kit problems | drain s | app ready s |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of http) for (const l of r.load ?? []) lines.push(`| ${l.service} | ${l.connections}${l.rate === undefined ? '' : ` @ ${l.rate}/s`} | ${l.requests} | ${l.ackP50} | ${l.ackP99} | ${l.ackMax} | ${l.throughput} | ${l.errors} | ${l.delivered} | ${l.problems} | ${l.drainS} | ${s(r.readyMs)} |`);
  }
  const replicas = rows.flatMap((r) => r.replicas ?? []);
  if (replicas.length > 0) {
    lines.push('', 'Replicas (`npm start` in HTTP mode, signed `/brief` from autocannon; closed loop = 5 requests per connection, each sent when the last was acked; paced = the rate shown for 10 s). Brief = from sending the command to its brief at the response_url:', '');
    lines.push('| setup | connections | requests | ack p50 ms | ack p99 ms | ack max ms | brief p50 ms | brief p99 ms | errors | briefs delivered | drain s | ready s |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const l of replicas) lines.push(`| ${l.setup} | ${l.connections}${l.rate === undefined ? '' : ` @ ${l.rate}/s`} | ${l.requests} | ${l.ackP50} | ${l.ackP99} | ${l.ackMax} | ${fmt(l.briefP50)} | ${fmt(l.briefP99)} | ${l.errors} | ${l.delivered} | ${l.drainS} | ${l.readyS} |`);
  }
  lines.push('', goals(rows));
  const notes = [...new Set(rows.flatMap((r) => r.notes.map((n) => `${r.config}: ${n}`)))];
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

/** The issue's goals against this size's figures. */
export function goals(rows: readonly Row[]): string {
  const by = (c: Config) => rows.find((r) => r.config === c);
  const flex = by('raw-flexsearch')?.latency.all?.p99;
  const e2eRow = by('brief-worker') ?? by('brief-cold');
  const e2e = e2eRow?.latency.all?.p99;
  const oneTerm = e2eRow?.latency['1-term']?.p99;
  const cold = by('brief-cold');
  const warm = by('brief-warm');
  const recall = by('top-k')?.recallAt10;
  const worker = by('http-worker')?.load?.find((l) => l.connections === 200 && l.rate === undefined);
  const mark = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? 'met' : 'not met');
  const out = ['| goal (issue 14) | measured | met? |', '|---|---|---|'];
  out.push(`| /brief e2e p99 ≤ 100 ms | ${fmt(e2e)} ms (${e2eRow?.config ?? '–'}) | ${mark(e2e === undefined ? undefined : e2e <= 100)} |`);
  out.push(`| /brief e2e p99 ≤ 2 × FlexSearch raw p99 (${fmt(flex === undefined ? undefined : 2 * flex)} ms) | ${fmt(e2e)} ms (${ratio(e2e, flex)}) | ${mark(e2e === undefined || flex === undefined ? undefined : e2e <= 2 * flex)} |`);
  out.push(`| 1-term queries p99 ≤ 50 ms | ${fmt(oneTerm)} ms | ${mark(oneTerm === undefined ? undefined : oneTerm <= 50)} |`);
  out.push(`| heap ≤ 800 MB | ${fmt(cold?.heapMB, 0)} MB after the build (warm: ${fmt(warm?.heapMB, 0)} MB) | ${mark(cold?.heapMB === undefined ? undefined : cold.heapMB <= 800)} |`);
  out.push(`| cold build ≤ 60 s | ${s(cold?.buildMs)} s (+ ${s(cold?.readMs)} s reading the corpus) | ${mark(cold?.buildMs === undefined ? undefined : cold.buildMs <= 60_000)} |`);
  out.push(`| warm start ≤ 3 s | ${s(warm?.warmStartMs)} s | ${mark(warm?.warmStartMs === undefined ? undefined : warm.warmStartMs <= 3_000)} |`);
  out.push(`| recall@10 of the fast path vs exhaustive ≥ 0.99 | ${recall ?? '–'} | ${mark(recall === undefined ? undefined : recall >= 0.99)} |`);
  if (worker !== undefined) out.push(`| (issue 6) ack p99 at 200 connections, closed loop | ${worker.ackP99} ms, ${worker.errors} errors | |`);
  const pgRow = by('brief-postgres');
  if (pgRow !== undefined) {
    const p99 = pgRow.latency.all?.p99;
    out.push(`| postgres: /brief e2e p99 ≤ 300 ms (the goal is at 1M) | ${fmt(p99)} ms (1-term ${fmt(pgRow.latency['1-term']?.p99)} ms); database ${fmt(pgRow.diskMB, 0)} MB, written in ${s(pgRow.loadMs)} s + indexed in ${s(pgRow.buildMs)} s | ${mark(p99 === undefined ? undefined : p99 <= 300)} |`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      'per-class': { type: 'string', default: '60' },
      'no-http': { type: 'boolean', default: false },
      configs: { type: 'string' },
      report: { type: 'string' },
      postgres: { type: 'boolean', default: false },
    },
  });
  if (values.report !== undefined) {
    // Prints the tables of a saved results.json again (after a change to the tables).
    // Several files (comma-separated) are merged size by size: a later run's configurations are added.
    const runs = await Promise.all(values.report.split(',').map(async (f) => JSON.parse(await readFile(f, 'utf8')) as { started: string; machine: string; results: { size: number; rows: Row[] }[] }));
    const merged = new Map<number, Row[]>();
    for (const run of runs) for (const r of run.results) merged.set(r.size, [...(merged.get(r.size) ?? []), ...r.rows]);
    const header = runs.map((r) => `Run ${r.started} on ${r.machine}.`).join('\n');
    process.stdout.write(`${header}\n\n${[...merged].map(([size, rows]) => tables(size, rows)).join('\n\n')}\n`);
    return;
  }
  const sizes = values.sizes !== undefined ? values.sizes.split(',').map(Number) : values.quick ? [10_000] : [10_000, 100_000];
  const perClass = Number(values['per-class']);
  const all: Config[] = ['raw-flexsearch', 'raw-minisearch', 'top-k', 'top-k-exhaustive', 'brief-cold', 'brief-exhaustive', 'brief-warm', 'brief-worker', 'http-worker', 'http-in-process', 'http-noop', 'http-replicas'];
  const configs = values.configs !== undefined ? (values.configs.split(',') as Config[]) : [...all.filter((c) => !(values['no-http'] && c.startsWith('http'))), ...(values.postgres ? (['brief-postgres'] as const) : [])];
  const given = process.env.DATABASE_URL_TEST;
  const server = !configs.includes('brief-postgres') ? undefined : given !== undefined && given !== '' ? { adminUrl: given, stop: () => undefined } : await startTestCluster();
  if (server !== undefined) postgresEnv.BENCH_POSTGRES_URL = server.adminUrl;
  const started = new Date();
  const results: { size: number; rows: Row[] }[] = [];
  try {
    for (const size of sizes) {
      const corpus = await ensureCorpus(size);
      const work = path.join(OUT, `work-${size}`);
      await mkdir(work, { recursive: true });
      const rows: Row[] = [];
      for (const config of configs) {
        process.stderr.write(`${size}: ${config}…\n`);
        rows.push(await measure(config, corpus, work, perClass));
      }
      results.push({ size, rows });
    }
  } finally {
    server?.stop();
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const header = `Run ${started.toISOString()} – ${new Date().toISOString()} on ${machine}.\nCommand: npm run bench -- ${process.argv.slice(2).join(' ')}`;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ started: started.toISOString(), machine, results }, null, 2)}\n`);
  } else {
    const md = `${header}\n\n${results.map((r) => tables(r.size, r.rows)).join('\n\n')}\n`;
    process.stdout.write(md);
    await writeFile(path.join(OUT, 'results.md'), md);
  }
  await writeFile(path.join(OUT, 'results.json'), JSON.stringify({ started: started.toISOString(), machine, results }, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
