import type { Article } from '../articles/article.js';
import { addToDelta, deltaFrequency, emptyDelta, liveDoc, removeFromDelta, scoreDelta, type DeltaList, type DeltaSegment } from './delta-segment.js';
import { buildImpactPostings, fieldNames, postingsBuilder, type ImpactPostings } from './impact-postings.js';
import { INDEX_OPTIONS, SEARCH_OPTIONS } from './index-options.js';
import { countMatches, topK, type QueryList, type ScoredDoc } from './max-score.js';
import type { EngineHit, EngineSearchOptions, SavedEngine, SearchEngine, TopHits } from './search-engine.js';
import { fuzzyDistance, matchTerms, type ExpandHow } from './term-match.js';
import { terms as termsOf } from './terms.js';

/** The name a top-k engine saves itself under. */
const TOP_K_ENGINE = 'top-k';

/** The delta is merged into the postings (all built again) when it and the removals exceed this share of the postings… */
const MERGE_SHARE = 0.1;
/** …and this many documents. */
const MERGE_FLOOR = 16;

/**
 * A filtered search counts its matches exactly (asking the filter about each) when at most this many
 * match; past it, the share the filter kept of those it was asked about stands for the rest.
 */
const EXACT_COUNT_BUDGET = 5_000;

/** How far a suggestion may be from the typed word (a share of its length), as the MiniSearch engine suggests. */
const SUGGEST_FUZZY = 0.34;

const PROCESS = INDEX_OPTIONS.processTerm;
const FIELDS = INDEX_OPTIONS.fields.length;

export interface TopKEngineOptions {
  /** Score every match (tests and evaluation) instead of skipping documents that cannot enter the top. */
  exhaustive?: boolean;
  /** Loading: the articles the saved engine holds, kept so that it can merge its delta (without them it never merges). */
  articles?: readonly Article[];
}

/**
 * Builds a top-k engine an article at a time (so a large build reports progress); `finish` gives the engine.
 *
 * @example
 * const builder = topKEngineBuilder();
 * builder.add(article);
 * builder.finish().documentCount // => 1
 */
export function topKEngineBuilder(options: TopKEngineOptions = {}): { add(article: Article): void; finish(): SearchEngine } {
  const builder = postingsBuilder(PROCESS);
  const articles: Article[] = [];
  return {
    add: (article) => {
      builder.add(article);
      articles.push(article);
    },
    finish: () => {
      const postings = builder.finish();
      return topKEngine(postings, emptyDelta(), new Uint8Array(postings.ids.length), articles, options);
    },
  };
}

/**
 * A {@link SearchEngine} over {@link ImpactPostings} that finds the best `top` documents with early
 * termination ({@link topK}): asking for the best few costs far less than scoring every match, and
 * `searchTop` counts the matches without scoring them. Built straight from the articles' tokens (no
 * MiniSearch: it holds no other index). Prefix and fuzzy expansion and suggestions come from its
 * sorted dictionary ({@link matchTerms}). Added articles go to a small delta scored in full, removed
 * ones are marked; when those exceed a tenth of the corpus, the postings are built again.
 *
 * @example createTopKEngine(articles).search('taliban', { top: 1, fuzzy: false }).length // => 1
 */
export function createTopKEngine(articles: readonly Article[], options: TopKEngineOptions = {}): SearchEngine {
  const postings = buildImpactPostings(articles, PROCESS);
  return topKEngine(postings, emptyDelta(), new Uint8Array(postings.ids.length), articles, options);
}

/**
 * The engine saved by a top-k engine's `save()`, or `undefined` when `saved` is not one.
 *
 * @example loadTopKEngine(createTopKEngine(articles).save())?.documentCount // => articles.length
 */
export function loadTopKEngine(saved: SavedEngine, options: TopKEngineOptions = {}): SearchEngine | undefined {
  if (saved?.engine !== TOP_K_ENGINE || typeof saved.data !== 'object' || saved.data === null) return undefined;
  const { postings, delta, removed } = saved.data as { postings?: ImpactPostings; delta?: DeltaSegment; removed?: Uint8Array };
  if (postings === undefined || !wellFormed(postings) || delta === undefined || !deltaWellFormed(delta)) return undefined;
  if (!(removed instanceof Uint8Array) || removed.length !== postings.ids.length) return undefined;
  return topKEngine(postings, delta, removed, options.articles ?? [], options);
}

function topKEngine(built: ImpactPostings, savedDelta: DeltaSegment, savedRemoved: Uint8Array, held: readonly Article[], options: TopKEngineOptions): SearchEngine {
  let postings = built;
  let delta = savedDelta;
  let removed = savedRemoved;
  let removedCount = removed.reduce((n, r) => n + r, 0);
  let byId: Map<string, number> | undefined;
  let deltaTerms: string[] | undefined;
  const articles = new Map(held.map((a) => [a.id, a]));
  const mainDoc = (id: string): number => {
    byId ??= new Map(postings.ids.map((id, doc) => [id, doc]));
    const doc = byId.get(id);
    return doc === undefined || removed[doc] === 1 ? -1 : doc;
  };
  const count = () => postings.ids.length - removedCount + delta.live;
  /** Builds the postings again when the delta and removals have grown, if every article is at hand. */
  const mergeIfDue = () => {
    const changed = delta.live + removedCount;
    if (changed <= Math.max(MERGE_FLOOR, postings.ids.length * MERGE_SHARE) || articles.size !== count()) return;
    postings = buildImpactPostings([...articles.values()], PROCESS);
    delta = emptyDelta();
    removed = new Uint8Array(postings.ids.length);
    removedCount = 0;
    byId = undefined;
    deltaTerms = undefined;
  };
  const plan = (words: readonly string[], how: (word: string, i: number) => ExpandHow, boostTerm: EngineSearchOptions['boostTerm']) => {
    deltaTerms ??= [...delta.postings.keys()].sort();
    const main: QueryList[] = [];
    const added: DeltaList[] = [];
    words.forEach((word, i) => {
      const source = words.indexOf(word);
      const boost = boostTerm?.(word) ?? 1;
      for (const m of matchTerms(postings.terms, word, how(word, i))) main.push({ term: m.index, weight: m.weight * boost, source });
      for (const m of matchTerms(deltaTerms!, word, how(word, i))) added.push({ term: m.term, weight: m.weight * boost, source });
    });
    return { main, added };
  };
  const run = (words: readonly string[], how: (word: string, i: number) => ExpandHow, ask: EngineSearchOptions): TopHits => {
    mergeIfDue();
    const { main, added } = plan(words, how, ask.boostTerm);
    const sources = new Set(words).size;
    const { filter, boostDocument } = ask;
    const top = ask.top === undefined ? Infinity : Math.max(0, ask.top);
    const exhaustive = options.exhaustive === true || top === Infinity;
    const range = ask.published === undefined ? undefined : docRange(postings.published, ask.published);
    const tally = { examined: 0, passed: 0 };
    const mainFilter = filter === undefined ? undefined : (doc: number, matched: readonly number[]) => filter(postings.ids[doc]!, matched.map((s) => words[s]!));
    const found = topK(postings, main, {
      k: top,
      sources,
      all: ask.all === true,
      boostMax: boostDocument?.max ?? 1,
      exhaustive,
      removed,
      tally,
      ...(range === undefined ? {} : { range }),
      ...(mainFilter === undefined ? {} : { filter: mainFilter }),
      ...(boostDocument === undefined ? {} : { boost: (doc: number) => boostDocument.factor(postings.ids[doc]!) }),
    });
    const fromDelta = scoreDelta(delta, added, { main: postings.stats, mainDf: (term, f) => mainFieldDf(postings, term, f) }, {
      sources,
      all: ask.all === true,
      ...(ask.published === undefined ? {} : { published: ask.published }),
      ...(filter === undefined ? {} : { filter: (doc: number, matched: readonly number[]) => filter(delta.ids[doc]!, matched.map((s) => words[s]!)) }),
      ...(boostDocument === undefined ? {} : { boost: (doc: number) => boostDocument.factor(delta.ids[doc]!) }),
    });
    const hits = [...found.map((d) => toHit(postings.ids, words, d)), ...fromDelta.scored.map((d) => toHit(delta.ids, words, d))];
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (top === Infinity) return { hits, total: hits.length, exact: true };
    // How many match in all: counted (not scored) in the postings; with a filter, the share it kept
    // of the documents it was asked about stands for the documents it was not asked about.
    const { matching, kept } = countMatches(postings, main, { sources, all: ask.all === true, removed, budget: EXACT_COUNT_BUDGET, ...(range === undefined ? {} : { range }), ...(mainFilter === undefined ? {} : { filter: mainFilter }) });
    const exact = filter === undefined || kept !== undefined || tally.examined >= matching;
    // (Asked about none, as for top 0: every match may pass, an upper bound.)
    const mainTotal = filter === undefined ? matching : kept !== undefined ? kept : exact ? tally.passed : tally.examined === 0 ? matching : Math.round(tally.passed + ((matching - tally.examined) * tally.passed) / tally.examined);
    return { hits: hits.slice(0, top), total: mainTotal + fromDelta.scored.length, exact };
  };
  const typed = (text: string) => {
    const words = termsOf(text);
    return {
      words,
      how: (ask: EngineSearchOptions) => (word: string, i: number) => ({
        prefix: ask.prefix !== false && SEARCH_OPTIONS.prefix(word, i, words),
        maxDistance: ask.fuzzy === false ? 0 : fuzzyDistance(word),
      }),
    };
  };
  const exactly = () => ({ prefix: false, maxDistance: 0 });
  return {
    get documentCount() {
      return count();
    },
    search: (text, ask = {}) => {
      const { words, how } = typed(text);
      return run(words, how(ask), ask).hits;
    },
    searchTop: (text, ask) => {
      const { words, how } = typed(text);
      return run(words, how(ask), ask);
    },
    searchTerms: (terms, ask = {}) => run(terms, exactly, ask).hits,
    documentFrequency: (term) => {
      const t = matchTerms(postings.terms, term, exactly())[0]?.index;
      let df = 0;
      if (t !== undefined) for (let p = postings.offsets[t]!; p < postings.offsets[t + 1]!; p++) if (removed[postings.docs[p]!] === 0) df++;
      return df + deltaFrequency(delta, term);
    },
    suggest: (word) => {
      deltaTerms ??= [...delta.postings.keys()].sort();
      const found = new Map<string, number>();
      for (const term of termsOf(word)) {
        const how = { prefix: true, maxDistance: fuzzyDistance(term, SUGGEST_FUZZY) };
        for (const dictionary of [postings.terms, deltaTerms]) {
          for (const m of matchTerms(dictionary, term, how)) {
            const t = matchTerms(postings.terms, m.term, exactly())[0]?.index;
            const df = (t === undefined ? 0 : postings.offsets[t + 1]! - postings.offsets[t]!) + deltaFrequency(delta, m.term);
            if (df > 0) found.set(m.term, Math.max(found.get(m.term) ?? 0, m.weight * Math.log(1 + df)));
          }
        }
      }
      return [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([term]) => [term]);
    },
    add: (article) => {
      if (mainDoc(article.id) !== -1 || liveDoc(delta, article.id) !== -1) throw new Error(`duplicate ID ${article.id}`);
      addToDelta(delta, article, PROCESS);
      articles.set(article.id, article);
      deltaTerms = undefined;
    },
    remove: (id) => {
      const doc = mainDoc(id);
      if (doc !== -1) {
        removed[doc] = 1;
        removedCount++;
      } else if (!removeFromDelta(delta, id)) {
        return false;
      }
      articles.delete(id);
      return true;
    },
    save: () => ({ engine: TOP_K_ENGINE, data: { postings, delta, removed } }),
  };
}

function toHit(ids: readonly string[], words: readonly string[], d: ScoredDoc): EngineHit {
  return { id: ids[d.doc]!, score: d.score, queryTerms: d.sources.map((s) => words[s]!), fields: fieldNames(d.mask) };
}

/** The documents whose publication time is within the bounds (undated ones never are). */
function docRange(published: Float64Array, bounds: { since?: number; until?: number }): [number, number] {
  const firstAbove = (t: number, inclusive: boolean) => {
    let lo = 0;
    let hi = published.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (published[mid]! < t || (!inclusive && published[mid] === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [firstAbove(bounds.since ?? -Number.MAX_VALUE, true), bounds.until === undefined ? published.length : firstAbove(bounds.until, false)];
}

function mainFieldDf(postings: ImpactPostings, term: string, field: number): number {
  const t = matchTerms(postings.terms, term, { prefix: false, maxDistance: 0 })[0]?.index;
  return t === undefined ? 0 : postings.stats.fieldDf[t * FIELDS + field]!;
}

function wellFormed(p: ImpactPostings): boolean {
  if (!Array.isArray(p.ids) || !Array.isArray(p.terms) || !(p.published instanceof Float64Array) || p.published.length !== p.ids.length) return false;
  if (!(p.offsets instanceof Int32Array) || !(p.docs instanceof Int32Array) || !(p.impacts instanceof Float32Array) || !(p.fieldMasks instanceof Uint8Array) || !(p.maxImpact instanceof Float32Array)) return false;
  if (p.offsets.length !== p.terms.length + 1 || p.maxImpact.length !== p.terms.length) return false;
  const stats = p.stats;
  if (typeof stats?.documents !== 'number' || !(stats.avgLength instanceof Float64Array) || !(stats.fieldDf instanceof Int32Array) || stats.fieldDf.length !== p.terms.length * FIELDS) return false;
  const total = p.offsets[p.terms.length]!;
  for (let t = 0; t < p.terms.length; t++) if (!(p.offsets[t]! >= 0 && p.offsets[t]! <= p.offsets[t + 1]!)) return false;
  const documents = p.ids.length;
  return p.docs.length === total && p.impacts.length === total && p.fieldMasks.length === total && p.docs.every((d) => d >= 0 && d < documents);
}

function deltaWellFormed(d: DeltaSegment): boolean {
  if (!Array.isArray(d.ids) || !Array.isArray(d.published) || !Array.isArray(d.lengths) || !Array.isArray(d.dead) || !(d.postings instanceof Map)) return false;
  const n = d.ids.length;
  if (d.published.length !== n || d.dead.length !== n || d.lengths.length !== n * FIELDS || d.live !== d.dead.filter((x) => x === 0).length) return false;
  for (const list of d.postings.values()) {
    if (!Array.isArray(list) || list.length % 3 !== 0) return false;
    for (let i = 0; i < list.length; i += 3) if (!(Number.isInteger(list[i]) && list[i]! >= 0 && list[i]! < n && list[i + 1]! >= 0 && list[i + 1]! < FIELDS)) return false;
  }
  return true;
}
