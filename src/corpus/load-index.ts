import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import type { Article } from '../articles/article.js';
import { RUNTIME_INDEX_OPTIONS, type BriefIndex } from '../search/build-index.js';
import { indexFromSnapshot, snapshotBytes, snapshotKey } from '../search/index-snapshot.js';
import { readCorpus, type Corpus } from './read-corpus.js';

/** Where the index snapshot is saved by default: beside the bot's other data. */
export const DEFAULT_SNAPSHOT_PATH = 'data/index.bin';

/** The part of a pino logger this module uses. */
export interface ProgressLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Build progress: articles indexed so far, of how many. */
export type OnProgress = (done: number, total: number) => void;

export interface LoadIndexOptions {
  /** The snapshot file (default {@link DEFAULT_SNAPSHOT_PATH}); `false` neither reads nor writes one. */
  snapshotPath?: string | false;
  log?: ProgressLog;
  /** Called as a build goes (not when the snapshot is loaded). */
  onProgress?: OnProgress;
  /** A progress bar on stderr when it is a terminal (default: true). */
  progressBar?: boolean;
}

export interface LoadedIndex {
  index: BriefIndex;
  /** `snapshot`: loaded from a saved index that matched; `built`: built afresh (and saved). */
  from: 'snapshot' | 'built';
  ms: number;
}

/**
 * Reads the corpus, then loads its index from the snapshot when the snapshot matches the corpus and
 * the index options, or else builds it (with progress) and saves a new snapshot.
 *
 * @example const { index, from } = await loadCorpusIndex('corpus', { log })
 */
export async function loadCorpusIndex(dir: string, options: LoadIndexOptions = {}): Promise<LoadedIndex & { corpus: Corpus }> {
  const corpus = await readCorpus(dir);
  return { corpus, ...(await loadIndex(corpus.articles, options)) };
}

/**
 * The index of `articles`: from the snapshot when it matches, else built and saved.
 * A snapshot that cannot be read or written is logged, never fatal.
 *
 * @example (await loadIndex(articles, { snapshotPath: 'data/index.bin' })).from // 'snapshot' on a warm start
 */
export async function loadIndex(articles: readonly Article[], options: LoadIndexOptions = {}): Promise<LoadedIndex> {
  const started = performance.now();
  const file = options.snapshotPath === undefined ? DEFAULT_SNAPSHOT_PATH : options.snapshotPath;
  const key = snapshotKey(articles);
  if (file !== false) {
    let bytes: Buffer | undefined;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') options.log?.warn({ err, file }, 'index snapshot unreadable; building');
    }
    if (bytes !== undefined) {
      const index = indexFromSnapshot(bytes, articles, key);
      const ms = Math.round(performance.now() - started);
      if (index !== undefined) {
        options.log?.info({ file, articles: articles.length, ms }, 'index loaded from snapshot');
        return { index, from: 'snapshot', ms };
      }
      options.log?.info({ file }, 'index snapshot is stale (corpus or index options changed); building');
    }
  }
  const index = await buildIndexWithProgress(articles, options);
  if (file !== false) await saveSnapshot(file, snapshotBytes(index, key), options.log);
  const ms = Math.round(performance.now() - started);
  options.log?.info({ articles: articles.length, ms }, 'index built');
  return { index, from: 'built', ms };
}

/** Articles indexed between two progress reports (and between two turns of the event loop). */
const CHUNK = 2000;

/**
 * Builds the index in chunks, reporting progress: a bar on a terminal, a log line every 10%, and
 * `onProgress`. Gives the event loop a turn between chunks.
 *
 * @example await buildIndexWithProgress(articles, { onProgress: (done, total) => {} })
 */
export async function buildIndexWithProgress(articles: readonly Article[], options: Pick<LoadIndexOptions, 'log' | 'onProgress' | 'progressBar'> = {}): Promise<BriefIndex> {
  const total = articles.length;
  const bar = options.progressBar !== false && process.stderr.isTTY && total > CHUNK ? await progressBar(total) : undefined;
  const search = new MiniSearch<Article>(RUNTIME_INDEX_OPTIONS);
  let nextLog = 0.1;
  try {
    for (let done = 0; done < total; ) {
      const chunk = articles.slice(done, done + CHUNK);
      search.addAll(chunk);
      done += chunk.length;
      bar?.update(done);
      options.onProgress?.(done, total);
      if (done / total >= nextLog && done < total) {
        options.log?.info({ done, total, percent: Math.floor((done / total) * 100) }, 'building index');
        nextLog = Math.floor((done / total) * 10) / 10 + 0.1;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    bar?.stop();
  }
  return { search, articles: new Map(articles.map((a) => [a.id, a])) };
}

async function progressBar(total: number): Promise<{ update(n: number): void; stop(): void }> {
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar(
    { format: 'Indexing [{bar}] {percentage}% | {value}/{total} articles | {eta_formatted} left', stream: process.stderr, hideCursor: true },
    progress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

/** Writes the snapshot beside the data, atomically (a temporary file, then a rename). */
async function saveSnapshot(file: string, bytes: Buffer, log: ProgressLog | undefined): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, file);
    log?.info({ file, bytes: bytes.length }, 'index snapshot saved');
  } catch (err) {
    log?.warn({ err, file }, 'index snapshot not saved');
  }
}
