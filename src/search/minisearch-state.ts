import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { Article } from '../articles/article.js';

/**
 * MiniSearch saved as its own maps (its radix tree, document ids and field lengths), which
 * `v8.deserialize` rebuilds as maps directly: about four times faster to load than the documented
 * `toJSON()` form, which `loadJS` must convert term by term. When those internals are not where this
 * MiniSearch version keeps them, the `toJSON()` form is saved instead.
 */
export type SavedMiniSearch = { state: MiniSearchState } | { plain: AsPlainObject };

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

/**
 * The private fields of MiniSearch 7 that {@link MiniSearchState} mirrors: each of its fields with a
 * leading underscore, the tree inside `_index`, and the reverse id map (rebuilt on load).
 */
type MiniSearchInternals = { [K in Exclude<keyof MiniSearchState, 'tree'> as `_${K}`]: MiniSearchState[K] } & {
  _idToShortId: Map<unknown, number>;
  _index: { _tree: Map<string, unknown>; _size: number | undefined };
};

/**
 * The state of a MiniSearch index, its internal maps when they are where MiniSearch 7 keeps them.
 *
 * @example 'state' in (createMiniSearchEngine(articles).save().data as object) // => true
 */
export function saveMiniSearch(search: MiniSearch<Article>): SavedMiniSearch {
  const m = search as unknown as Partial<MiniSearchInternals>;
  const known = m._index?._tree instanceof Map && m._documentIds instanceof Map && m._fieldLength instanceof Map && m._storedFields instanceof Map
    && typeof m._documentCount === 'number' && typeof m._nextId === 'number' && Array.isArray(m._avgFieldLength) && typeof m._fieldIds === 'object';
  if (!known) return { plain: search.toJSON() };
  return {
    state: {
      documentCount: m._documentCount!,
      nextId: m._nextId!,
      documentIds: m._documentIds!,
      fieldIds: m._fieldIds!,
      fieldLength: m._fieldLength!,
      avgFieldLength: m._avgFieldLength!,
      storedFields: m._storedFields!,
      dirtCount: m._dirtCount ?? 0,
      tree: m._index!._tree,
    },
  };
}

/**
 * The MiniSearch index saved by {@link saveMiniSearch}, with the options that built it. Throws when
 * the saved value is neither form.
 *
 * @example loadMiniSearch(createMiniSearchEngine(articles).save().data as SavedMiniSearch, INDEX_OPTIONS).documentCount // => articles.length
 */
export function loadMiniSearch(saved: SavedMiniSearch, options: Options<Article>): MiniSearch<Article> {
  if ('plain' in saved) return MiniSearch.loadJS<Article>(saved.plain, options);
  const state = saved.state;
  if (!(state?.tree instanceof Map) || !(state.documentIds instanceof Map)) throw new Error('not a saved MiniSearch state');
  const search = new MiniSearch<Article>(options);
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
