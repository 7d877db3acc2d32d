import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { Article, CorpusProblem } from '../articles/article.js';
import type { BriefIndex } from './build-index.js';
import { INDEX_OPTIONS, INDEX_VERSION } from './index-options.js';
import { loadEngine } from './load-engine.js';
import type { SavedEngine } from './search-engine.js';

/**
 * A saved index, written with `v8.serialize` — a binary structured clone with no JSON string ceiling
 * (`JSON.stringify` of the index fails past V8's ~512 MB string limit, near 190k articles).
 *
 * The index is saved as its engine saves itself (`SearchEngine.save`; MiniSearch's own maps, see
 * minisearch-state.ts), which `v8.deserialize` rebuilds directly.
 *
 * It may also carry the corpus it was built from ({@link CorpusCache}), so that a warm start need not
 * read and parse every corpus file: only check that none changed.
 */
export interface IndexSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** {@link snapshotKey} of the articles and index options that built it. */
  key: string;
  /** {@link optionsKey} of the index options that built it. */
  options: string;
  articles: number;
  engine: SavedEngine;
  corpus?: CorpusCache;
}

/** The corpus an index was built from, and the files (with size and modification time) it was read from. */
export interface CorpusCache {
  files: CorpusFileStat[];
  articles: Article[];
  problems: CorpusProblem[];
  duplicates: CorpusProblem[];
  /** Articles read but shadowed as duplicates (the live corpus brings one back when its original goes). */
  shadowed?: Article[];
}

/** A corpus file as `stat` saw it: relative path, size in bytes, modification time in ms. */
export type CorpusFileStat = [file: string, size: number, mtimeMs: number];

/** Bumped when the layout of {@link IndexSnapshot} changes (3: the engine's own saved state; 4: the top-k engine's postings by date, with a delta). */
const SNAPSHOT_FORMAT = 'brief-snapshot-4';

/** Words run through the index's term processing; a change of stemmer or stop words changes the key. */
const PROBE_WORDS =
  'The Taliban are collecting revenues but how are they spending it running runner ran nations national ' +
  "governments elections Russia's Putin China Beijing's 2022 U.S. ukraine sanctions economic economy it's a of";

/**
 * The part of the key that depends on the index options only: {@link INDEX_VERSION}, the fields, how
 * they are extracted, and the term processing (probed on fixed words, so a stemmer or stop-word
 * change gives another key even if the version was not bumped).
 */
function optionsKey(): string {
  const hash = createHash('sha1');
  hash.update(`${SNAPSHOT_FORMAT}\u0000${INDEX_VERSION}\u0000${JSON.stringify(INDEX_OPTIONS.fields)}\u0000${String(INDEX_OPTIONS.extractField)}\u0000`);
  hash.update(PROBE_WORDS.split(' ').map((w) => INDEX_OPTIONS.processTerm(w) ?? '-').join(' '));
  return hash.digest('hex');
}

/**
 * The key a snapshot is saved under: {@link optionsKey} and a SHA-1 of every indexed field of every
 * article, in order. Any change to the corpus or to the index options gives another key, so a stale
 * snapshot is never loaded.
 *
 * @example snapshotKey(articles) === snapshotKey(articles.slice(1)) // => false
 */
export function snapshotKey(articles: readonly Article[]): string {
  const hash = createHash('sha1');
  hash.update(optionsKey());
  for (const a of articles) {
    hash.update(`\u0001${a.id}\u0000${a.title}\u0000${a.lead}\u0000${a.body}\u0000${a.tags.join('\u0002')}\u0000${a.source ?? ''}`);
  }
  return hash.digest('hex');
}

/**
 * The bytes of a snapshot of `index`, saved under `key` (from {@link snapshotKey}), with the corpus
 * it was built from when given.
 *
 * @example indexFromSnapshot(snapshotBytes(index, snapshotKey(articles)), articles, snapshotKey(articles))?.articles.size // => articles.length
 */
export function snapshotBytes(index: BriefIndex, key: string, corpus?: CorpusCache): Buffer {
  const snapshot: IndexSnapshot = {
    format: SNAPSHOT_FORMAT,
    key,
    options: optionsKey(),
    articles: index.articles.size,
    engine: index.engine.save(),
    ...(corpus === undefined ? {} : { corpus }),
  };
  return serialize(snapshot);
}

/**
 * The snapshot in `bytes`, or `undefined` when they are not a snapshot of this format.
 *
 * @example readSnapshot(Buffer.from('junk')) // => undefined
 */
export function readSnapshot(bytes: Uint8Array): IndexSnapshot | undefined {
  try {
    const snapshot = deserialize(bytes) as Partial<IndexSnapshot> | undefined;
    if (snapshot?.format !== SNAPSHOT_FORMAT || typeof snapshot.key !== 'string' || typeof snapshot.engine?.engine !== 'string') return undefined;
    return snapshot as IndexSnapshot;
  } catch {
    return undefined;
  }
}

/**
 * The index saved in `bytes`, over `articles`, when the snapshot was saved under `key`; otherwise
 * (another key, another format, unreadable bytes) `undefined`, and the caller builds afresh.
 *
 * @example indexFromSnapshot(snapshotBytes(index, 'an old key'), articles, snapshotKey(articles)) // => undefined
 */
export function indexFromSnapshot(bytes: Uint8Array | IndexSnapshot, articles: readonly Article[], key: string): BriefIndex | undefined {
  const snapshot = bytes instanceof Uint8Array ? readSnapshot(bytes) : bytes;
  if (snapshot === undefined || snapshot.key !== key || snapshot.articles !== articles.length) return undefined;
  const engine = loadEngine(snapshot.engine, articles);
  if (engine === undefined || engine.documentCount !== articles.length) return undefined;
  return { engine, articles: new Map(articles.map((a) => [a.id, a])) };
}

/**
 * The corpus saved with a snapshot, when the snapshot was built with the current index options and
 * the corpus files are exactly those it was read from (same paths, sizes and modification times).
 *
 * @example cachedCorpus(readSnapshot(snapshotBytes(index, snapshotKey(articles)))!, []) // => undefined
 */
export function cachedCorpus(snapshot: IndexSnapshot, files: readonly CorpusFileStat[]): CorpusCache | undefined {
  const cache = snapshot.corpus;
  if (cache === undefined || snapshot.options !== optionsKey() || cache.files.length !== files.length) return undefined;
  for (let i = 0; i < files.length; i++) {
    const [a, b] = [cache.files[i]!, files[i]!];
    if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2]) return undefined;
  }
  return cache;
}
