import { constants as bufferConstants } from 'node:buffer';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { readRegularFile } from './open-corpus-file.js';
import path from 'node:path';
import type { Article } from '../articles/article.js';
import { engineBuilder, type BriefIndex } from '../search/build-index.js';
import { cachedCorpus, indexFromSnapshot, readSnapshot, snapshotBytes, snapshotKey, type CorpusCache, type CorpusFileStat, type IndexSnapshot } from '../search/index-snapshot.js';
import type { PublisherRegistry } from '../articles/publishers.js';
import { readCorpus, scanCorpus, type ArrivalLookup, type Corpus } from './read-corpus.js';

/**
 * Where `npm start` keeps the index snapshot: `index.bin` beside the database (so `data/index.bin`
 * with the default `DATABASE_PATH`). The one place that says so.
 *
 * @example snapshotPathBeside('data/brief.db') // => 'data/index.bin'
 */
export function snapshotPathBeside(databasePath: string): string {
  return path.join(path.dirname(databasePath), 'index.bin');
}

/** The part of a pino logger this module uses. */
export interface ProgressLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Build progress: articles indexed so far, of how many. */
export type OnProgress = (done: number, total: number) => void;

export interface LoadIndexOptions {
  /** The snapshot file ({@link snapshotPathBeside} the database for `npm start`); `false` neither reads nor writes one. */
  snapshotPath: string | false;
  log?: ProgressLog;
  /** Called as a build goes (not when the snapshot is loaded). */
  onProgress?: OnProgress;
  /** A progress bar on stderr when it is a terminal (default: true). */
  progressBar?: boolean;
  /** Recorded arrivals: of two articles with one URL or id, the one that arrived first is kept. */
  arrivals?: ArrivalLookup;
  /** The publisher registry applied to corpus files, and a fingerprint of it (a changed registry re-reads the corpus). */
  publishers?: { registry: PublisherRegistry; fingerprint: string };
  /** Saves the articles in the snapshot under this tag, so a later start takes them from it ({@link loadTaggedSnapshot}). */
  tag?: string;
}

export interface LoadedIndex {
  index: BriefIndex;
  /** `snapshot`: loaded from a saved index that matched; `built`: built afresh (and saved). */
  from: 'snapshot' | 'built';
  ms: number;
}

/**
 * The corpus and its index. On a warm start both come from the snapshot: when every corpus file has
 * the size and modification time it had when the snapshot was saved, and the index options are the
 * same, no corpus file is read. Otherwise the corpus is read, and its index loaded from the snapshot
 * if the articles match it, or built (with progress) and saved with the corpus.
 *
 * @example const snapshotPath = `${dir}/load-corpus-index.bin`;
 * (await loadCorpusIndex(corpusDir, { snapshotPath, log })).from // => 'built'
 * const { corpus, index, from } = await loadCorpusIndex(corpusDir, { snapshotPath, log });
 * [from, corpus.articles.length, index.articles.size] // => ['snapshot', 6, 6]
 */
export async function loadCorpusIndex(dir: string, options: LoadIndexOptions): Promise<LoadedIndex & { corpus: Corpus }> {
  const started = performance.now();
  const file = options.snapshotPath;
  const scan = await scanCorpus(dir);
  const files = await statFiles(dir, scan.files);
  if (options.publishers !== undefined) files.push([`\u0000publishers ${options.publishers.fingerprint}`, 0, 0]);
  const snapshot = file === false ? undefined : await readSnapshotFile(file, options.log);
  const cache = snapshot === undefined ? undefined : cachedCorpus(snapshot, files);
  if (snapshot !== undefined && cache !== undefined) {
    const index = indexFromSnapshot(snapshot, cache.articles, snapshot.key);
    if (index !== undefined) {
      const ms = Math.round(performance.now() - started);
      options.log?.info({ file, articles: cache.articles.length, ms, corpusRead: false }, 'index loaded from snapshot');
      const corpus = { dir, articles: cache.articles, problems: [...scan.skipped, ...cache.problems], duplicates: cache.duplicates, shadowed: cache.shadowed ?? [], files: scan.files };
      return { corpus, index, from: 'snapshot', ms };
    }
  }
  const corpus = await readCorpus(dir, { scan, ...(options.arrivals ? { arrivals: options.arrivals } : {}), ...(options.publishers ? { publishers: options.publishers.registry } : {}) });
  const problems = corpus.problems.filter((p) => !scan.skipped.includes(p));
  const loaded = await loadFrom(corpus.articles, snapshot, file, options, { files, problems, duplicates: corpus.duplicates, shadowed: corpus.shadowed ?? [] });
  return { corpus, ...loaded, ms: Math.round(performance.now() - started) };
}

/**
 * The index of `articles`: from the snapshot when it matches, else built and saved.
 * A snapshot that cannot be read or written is logged, never fatal.
 *
 * @example const snapshotPath = `${dir}/load-index.bin`;
 * (await loadIndex(articles, { snapshotPath })).from // => 'built'
 * (await loadIndex(articles, { snapshotPath })).from // => 'snapshot'
 * (await loadIndex(articles, { snapshotPath: false })).from // => 'built'
 */
export async function loadIndex(articles: readonly Article[], options: LoadIndexOptions): Promise<LoadedIndex> {
  const file = options.snapshotPath;
  const snapshot = file === false ? undefined : await readSnapshotFile(file, options.log);
  return loadFrom(articles, snapshot, file, options);
}

/** The corpus files with their sizes and modification times, in the order the corpus reader reads them. */
export async function statCorpusFiles(dir: string): Promise<CorpusFileStat[]> {
  return statFiles(dir, (await scanCorpus(dir)).files);
}

async function statFiles(dir: string, files: readonly string[]): Promise<CorpusFileStat[]> {
  const out: CorpusFileStat[] = [];
  for (let i = 0; i < files.length; i += 256) {
    const batch = files.slice(i, i + 256);
    const stats = await Promise.all(batch.map((f) => stat(path.join(dir, f))));
    stats.forEach((st, j) => out.push([batch[j]!, st.size, st.mtimeMs]));
  }
  return out;
}

/** Corpora bigger than this (characters of body text) are not saved in the snapshot (buffers stop at 4 GB). */
const MAX_CACHED_TEXT = 1_200_000_000;

async function loadFrom(
  articles: readonly Article[],
  snapshot: IndexSnapshot | undefined,
  file: string | false,
  options: LoadIndexOptions,
  corpus?: Omit<CorpusCache, 'articles'>,
): Promise<LoadedIndex> {
  const started = performance.now();
  const key = snapshotKey(articles);
  if (snapshot !== undefined) {
    const index = indexFromSnapshot(snapshot, articles, key);
    if (index !== undefined) {
      const ms = Math.round(performance.now() - started);
      options.log?.info({ file, articles: articles.length, ms, corpusRead: true }, 'index loaded from snapshot');
      return { index, from: 'snapshot', ms };
    }
    options.log?.info({ file }, 'index snapshot is stale (corpus or index options changed); building');
  }
  const index = await buildIndexWithProgress(articles, options);
  if (file !== false) {
    let text = 0;
    for (const a of articles) text += a.body.length;
    const saved = corpus ?? (options.tag === undefined ? undefined : { files: [[`${TAG}${options.tag}`, 0, 0] as CorpusFileStat], problems: [], duplicates: [] });
    const cache = saved !== undefined && text < MAX_CACHED_TEXT ? { ...saved, articles: [...articles] } : undefined;
    await saveSnapshot(file, snapshotBytes(index, key, cache), options.log);
  }
  const ms = Math.round(performance.now() - started);
  options.log?.info({ articles: articles.length, ms }, 'index built');
  return { index, from: 'built', ms };
}

/** What marks a snapshot's articles as saved under a tag rather than read from corpus files (no file name starts with U+0000). */
const TAG = '\u0000tag ';

/**
 * The index and articles of a snapshot saved with {@link LoadIndexOptions.tag}, and that tag; undefined
 * when there is no such snapshot (none, unreadable, saved from corpus files, or for other index options).
 *
 * @example await loadTaggedSnapshot(`${dir}/never-saved.bin`, log) // => undefined
 */
export async function loadTaggedSnapshot(file: string, log?: ProgressLog): Promise<{ tag: string; articles: Article[]; index: BriefIndex } | undefined> {
  const snapshot = await readSnapshotFile(file, log);
  const name = snapshot?.corpus?.files[0]?.[0];
  if (snapshot === undefined || name === undefined || !name.startsWith(TAG)) return undefined;
  const cache = cachedCorpus(snapshot, [[name, 0, 0]]); // undefined when the index options changed since
  const index = cache === undefined ? undefined : indexFromSnapshot(snapshot, cache.articles, snapshot.key);
  return index === undefined ? undefined : { tag: name.slice(TAG.length), articles: cache!.articles, index };
}

async function readSnapshotFile(file: string, log: ProgressLog | undefined): Promise<IndexSnapshot | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, bufferConstants.MAX_LENGTH);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log?.warn({ err, file }, 'index snapshot unreadable; building');
    return undefined;
  }
  const snapshot = readSnapshot(bytes);
  if (snapshot === undefined) log?.warn({ file }, 'not an index snapshot of this version; building');
  return snapshot;
}

/** Articles indexed between two progress reports (and between two turns of the event loop). */
const CHUNK = 2000;

/**
 * Builds the index in chunks, reporting progress: a bar on a terminal, a log line every 10%, and
 * `onProgress`. Gives the event loop a turn between chunks.
 */
async function buildIndexWithProgress(articles: readonly Article[], options: Pick<LoadIndexOptions, 'log' | 'onProgress' | 'progressBar'> = {}): Promise<BriefIndex> {
  const total = articles.length;
  const bar = options.progressBar !== false && process.stderr.isTTY && total > CHUNK ? await progressBar(total) : undefined;
  const engine = engineBuilder(total);
  let nextLog = 0.1;
  try {
    for (let done = 0; done < total; ) {
      const chunk = articles.slice(done, done + CHUNK);
      for (const article of chunk) engine.add(article);
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
  return { engine: engine.finish(), articles: new Map(articles.map((a) => [a.id, a])) };
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
