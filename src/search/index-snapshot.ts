import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { Article } from '../articles/article.js';
import { RUNTIME_INDEX_OPTIONS, type BriefIndex } from './build-index.js';
import { INDEX_OPTIONS, INDEX_VERSION } from './index-options.js';

/**
 * A saved index: MiniSearch's plain-object form (`toJSON()`), written with `v8.serialize` — a binary
 * structured clone with no JSON string ceiling (`JSON.stringify` of the index fails past V8's ~512 MB
 * string limit, near 190k articles). The articles are not in it: they are read from the corpus, and
 * the snapshot is only used when its fingerprint matches them.
 */
export interface IndexSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** {@link snapshotKey} of the articles and index options that built it. */
  key: string;
  articles: number;
  index: AsPlainObject;
}

/** Bumped when the layout of {@link IndexSnapshot} changes. */
export const SNAPSHOT_FORMAT = 'brief-snapshot-1';

/** Words run through the index's term processing; a change of stemmer or stop words changes the key. */
const PROBE_WORDS =
  'The Taliban are collecting revenues but how are they spending it running runner ran nations national ' +
  "governments elections Russia's Putin China Beijing's 2022 U.S. ukraine sanctions economic economy it's a of";

/**
 * The key a snapshot is saved under: {@link INDEX_VERSION}, the index's fields and term processing
 * (probed), and a SHA-1 of every indexed field of every article, in order. Any change to the corpus or
 * to the index options gives another key, so a stale snapshot is never loaded.
 *
 * @example snapshotKey(articles) === snapshotKey([...articles]) // true
 */
export function snapshotKey(articles: readonly Article[]): string {
  const hash = createHash('sha1');
  hash.update(`${SNAPSHOT_FORMAT}\u0000${INDEX_VERSION}\u0000${JSON.stringify(INDEX_OPTIONS.fields)}\u0000${String(INDEX_OPTIONS.extractField)}\u0000`);
  hash.update(PROBE_WORDS.split(' ').map((w) => INDEX_OPTIONS.processTerm(w) ?? '-').join(' '));
  for (const a of articles) {
    hash.update(`\u0001${a.id}\u0000${a.title}\u0000${a.lead}\u0000${a.body}\u0000${a.tags.join('\u0002')}\u0000${a.source ?? ''}`);
  }
  return hash.digest('hex');
}

/**
 * The bytes of a snapshot of `index`, saved under `key` (from {@link snapshotKey}).
 *
 * @example indexFromSnapshot(snapshotBytes(index, key), articles, key)?.articles.size === index.articles.size
 */
export function snapshotBytes(index: BriefIndex, key: string): Buffer {
  const snapshot: IndexSnapshot = { format: SNAPSHOT_FORMAT, key, articles: index.articles.size, index: index.search.toJSON() };
  return serialize(snapshot);
}

/**
 * The index saved in `bytes`, over `articles`, when the snapshot was saved under `key`; otherwise
 * (another key, another format, unreadable bytes) `undefined`, and the caller builds afresh.
 *
 * @example indexFromSnapshot(bytes, articles, snapshotKey(articles)) // a BriefIndex, or undefined when stale
 */
export function indexFromSnapshot(bytes: Uint8Array, articles: readonly Article[], key: string): BriefIndex | undefined {
  let snapshot: Partial<IndexSnapshot>;
  try {
    snapshot = deserialize(bytes) as Partial<IndexSnapshot>;
  } catch {
    return undefined;
  }
  if (snapshot?.format !== SNAPSHOT_FORMAT || snapshot.key !== key || snapshot.articles !== articles.length || snapshot.index === undefined) return undefined;
  try {
    const search = MiniSearch.loadJS<Article>(snapshot.index, RUNTIME_INDEX_OPTIONS);
    return { search, articles: new Map(articles.map((a) => [a.id, a])) };
  } catch {
    return undefined;
  }
}
