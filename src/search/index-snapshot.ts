import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { Article, CorpusProblem } from '../articles/article.js';
import { RUNTIME_INDEX_OPTIONS, type BriefIndex } from './build-index.js';
import { INDEX_OPTIONS, INDEX_VERSION } from './index-options.js';

/**
 * A saved index, written with `v8.serialize` — a binary structured clone with no JSON string ceiling
 * (`JSON.stringify` of the index fails past V8's ~512 MB string limit, near 190k articles).
 *
 * The index is saved as MiniSearch 7's own maps (its radix tree, document ids and field lengths),
 * which `v8.deserialize` rebuilds as maps directly: about four times faster to load than the
 * documented `toJSON()` form, which `loadJS` must convert term by term. When those internals are not
 * where this MiniSearch version keeps them, the `toJSON()` form is saved instead.
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
  state?: MiniSearchState;
  plain?: AsPlainObject;
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

/** Bumped when the layout of {@link IndexSnapshot} changes. */
export const SNAPSHOT_FORMAT = 'brief-snapshot-2';

/** MiniSearch 7's state, as its fields hold it. */
interface MiniSearchState {
  documentCount: number;
  nextId: number;
  documentIds: Map<number, unknown>;
  fieldIds: Record<string, number>;
  fieldLength: Map<number, number[]>;
  avgFieldLength: number[];
  storedFields: Map<number, unknown>;
  dirtCount: number;
  tree: Map<string, unknown>;
}

/** The private fields of MiniSearch 7 that {@link MiniSearchState} mirrors. */
interface MiniSearchInternals {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
  _index: { _tree: Map<string, unknown>; _size: number | undefined };
}

/** Words run through the index's term processing; a change of stemmer or stop words changes the key. */
const PROBE_WORDS =
  'The Taliban are collecting revenues but how are they spending it running runner ran nations national ' +
  "governments elections Russia's Putin China Beijing's 2022 U.S. ukraine sanctions economic economy it's a of";

/**
 * The part of the key that depends on the index options only: {@link INDEX_VERSION}, the fields, how
 * they are extracted, and the term processing (probed on fixed words, so a stemmer or stop-word
 * change gives another key even if the version was not bumped).
 *
 * @example optionsKey() // => optionsKey()
 */
export function optionsKey(): string {
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
  const state = stateOf(index.search);
  const snapshot: IndexSnapshot = {
    format: SNAPSHOT_FORMAT,
    key,
    options: optionsKey(),
    articles: index.articles.size,
    ...(state === undefined ? { plain: index.search.toJSON() } : { state }),
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
    if (snapshot?.format !== SNAPSHOT_FORMAT || typeof snapshot.key !== 'string' || (snapshot.state === undefined && snapshot.plain === undefined)) return undefined;
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
  try {
    const search = snapshot.state !== undefined ? fromState(snapshot.state) : MiniSearch.loadJS<Article>(snapshot.plain!, RUNTIME_INDEX_OPTIONS);
    if (search.documentCount !== articles.length) return undefined;
    return { search, articles: new Map(articles.map((a) => [a.id, a])) };
  } catch {
    return undefined;
  }
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

function stateOf(search: MiniSearch<Article>): MiniSearchState | undefined {
  const m = search as unknown as Partial<MiniSearchInternals>;
  if (!(m._index?._tree instanceof Map) || !(m._documentIds instanceof Map) || !(m._fieldLength instanceof Map) || !(m._storedFields instanceof Map)) return undefined;
  if (typeof m._documentCount !== 'number' || typeof m._nextId !== 'number' || !Array.isArray(m._avgFieldLength) || typeof m._fieldIds !== 'object') return undefined;
  return {
    documentCount: m._documentCount,
    nextId: m._nextId,
    documentIds: m._documentIds,
    fieldIds: m._fieldIds,
    fieldLength: m._fieldLength,
    avgFieldLength: m._avgFieldLength,
    storedFields: m._storedFields,
    dirtCount: m._dirtCount ?? 0,
    tree: m._index._tree,
  };
}

function fromState(state: MiniSearchState): MiniSearch<Article> {
  const search = new MiniSearch<Article>(RUNTIME_INDEX_OPTIONS);
  const m = search as unknown as MiniSearchInternals;
  if (!(m._index?._tree instanceof Map)) throw new Error('MiniSearch keeps its index elsewhere');
  m._documentCount = state.documentCount;
  m._nextId = state.nextId;
  m._documentIds = state.documentIds;
  m._idToShortId = new Map();
  for (const [shortId, id] of state.documentIds) m._idToShortId.set(id, shortId);
  m._fieldIds = state.fieldIds;
  m._fieldLength = state.fieldLength;
  m._avgFieldLength = state.avgFieldLength;
  m._storedFields = state.storedFields;
  m._dirtCount = state.dirtCount;
  m._index._tree = state.tree;
  m._index._size = undefined;
  return search;
}
