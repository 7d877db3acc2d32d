import type { ImpactPostings } from './impact-postings.js';

/** One posting list of a query: a term's postings, weighed, counted for one of the query's terms. */
export interface QueryList {
  term: number;
  weight: number;
  /** Which query term it counts for (a prefix match counts for the word typed). */
  source: number;
}

/** How {@link topK} ranks. */
export interface TopKOptions {
  /** How many documents to return. */
  k: number;
  /** How many distinct query terms there are. */
  sources: number;
  /** Every query term must match. */
  all: boolean;
  /** Keeps a document only when this holds (given the query terms it matched). */
  filter?: (doc: number, sources: readonly number[]) => boolean;
  /** A factor for each document's score (the recency boost), never above `boostMax`. */
  boost?: (doc: number) => number;
  boostMax: number;
  /** Score every matching document (for tests and evaluation) instead of skipping those that cannot enter. */
  exhaustive: boolean;
  /** Only documents numbered from … to (exclusive): the others are never read (a date range). */
  range?: [from: number, to: number];
  /** Documents removed since the postings were built (1: skip). */
  removed?: Uint8Array;
  /** Counts, when given: documents the filter was asked about, and those it kept. */
  tally?: { examined: number; passed: number };
}

/** A ranked document: its final score, the query terms it matched and the fields they are in. */
export interface ScoredDoc {
  doc: number;
  score: number;
  sources: number[];
  mask: number;
}

/** Headroom on bounds, so rounding in a different order of additions never prunes a document that could enter. */
const SLACK = 1 + 1e-9;

/**
 * The best `k` documents for a query, best first (ties: smaller id first). A document's score is its
 * summed weighted impacts times the number of query terms it matched (MiniSearch's coordination),
 * times its boost. The fast mode is MaxScore: lists are ordered by their highest possible
 * contribution, and once the k-th best score exceeds what the weakest lists together could give
 * (with the highest boost), documents only they hold are never looked at, and the others are scored
 * only when their bound can beat the k-th. Both modes score a document the same way, so they agree.
 *
 * @example topK(buildImpactPostings([article]), [{ term: 0, weight: 1, source: 0 }], { k: 10, sources: 1, all: false, boostMax: 1, exhaustive: false }).map((d) => d.doc) // => [0]
 */
export function topK(postings: ImpactPostings, lists: readonly QueryList[], options: TopKOptions): ScoredDoc[] {
  if (options.k <= 0 || (options.all && new Set(lists.map((l) => l.source)).size < options.sources)) return [];
  const { offsets, docs, impacts, fieldMasks, ids } = postings;
  const [from, to] = options.range ?? [0, ids.length];
  const firstAtLeast = (doc: number, lo: number, hi: number) => {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (docs[mid]! < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const pos = lists.map((l) => firstAtLeast(from, offsets[l.term]!, offsets[l.term + 1]!));
  const end = lists.map((l) => firstAtLeast(to, offsets[l.term]!, offsets[l.term + 1]!));
  const { removed, tally } = options;
  const seek = (i: number, doc: number) => {
    let p = pos[i]!;
    let step = 1;
    while (p + step < end[i]! && docs[p + step]! < doc) step *= 2;
    let hi = Math.min(p + step, end[i]!);
    p += step >> 1;
    while (p < hi) {
      const mid = (p + hi) >> 1;
      if (docs[mid]! < doc) p = mid + 1;
      else hi = mid;
    }
    pos[i] = p;
  };
  const score = (doc: number): ScoredDoc | undefined => {
    let sum = 0;
    let mask = 0;
    const sources: number[] = [];
    lists.forEach((l, i) => {
      if (pos[i]! < end[i]! && docs[pos[i]!]! < doc) seek(i, doc);
      if (pos[i]! < end[i]! && docs[pos[i]!] === doc) {
        sum += l.weight * impacts[pos[i]!]!;
        mask |= fieldMasks[pos[i]!]!;
        if (!sources.includes(l.source)) sources.push(l.source);
      }
    });
    if (sources.length === 0 || (options.all && sources.length < options.sources) || removed?.[doc] === 1) return undefined;
    if (options.filter !== undefined) {
      if (tally !== undefined) tally.examined++;
      if (!options.filter(doc, sources)) return undefined;
      if (tally !== undefined) tally.passed++;
    }
    return { doc, score: sum * sources.length * (options.boost?.(doc) ?? 1), sources, mask };
  };
  const better = (a: ScoredDoc, b: ScoredDoc) => a.score > b.score || (a.score === b.score && ids[a.doc]! < ids[b.doc]!);

  const order = lists.map((_, i) => i).sort((a, b) => bound(lists[a]!) - bound(lists[b]!));
  function bound(l: QueryList): number {
    return l.weight * postings.maxImpact[l.term]!;
  }
  const cum: number[] = [];
  order.forEach((i, j) => cum.push((cum[j - 1] ?? 0) + bound(lists[i]!)));
  // With `all`, a match holds the query term whose lists are shortest: only its lists are read for
  // candidates (the others are sought per candidate), and every other list counts at its bound.
  const driver = options.all && options.sources > 1 ? rarestSource(lists, pos, end) : -1;
  const draw = driver === -1 ? order : order.filter((i) => lists[i]!.source === driver);
  const rest = driver === -1 ? 0 : lists.reduce((sum, l) => (l.source === driver ? sum : sum + bound(l)), 0);
  const best: ScoredDoc[] = [];
  let threshold = -Infinity;
  let essential = 0;
  for (;;) {
    let doc = Infinity;
    for (let j = essential; j < draw.length; j++) {
      const i = draw[j]!;
      if (pos[i]! < end[i]! && docs[pos[i]!]! < doc) doc = docs[pos[i]!]!;
    }
    if (doc === Infinity) break;
    let candidate = true;
    if (!options.exhaustive && best.length >= options.k) {
      let partial = driver !== -1 ? rest : essential > 0 ? cum[essential - 1]! : 0;
      for (let j = essential; j < draw.length; j++) {
        const i = draw[j]!;
        if (pos[i]! < end[i]! && docs[pos[i]!] === doc) partial += lists[i]!.weight * impacts[pos[i]!]!;
      }
      candidate = partial * options.sources * options.boostMax * SLACK >= threshold;
    }
    const scored = candidate ? score(doc) : undefined;
    for (let j = essential; j < draw.length; j++) {
      const i = draw[j]!;
      if (pos[i]! < end[i]! && docs[pos[i]!] === doc) pos[i]!++;
    }
    if (scored === undefined) continue;
    if (options.exhaustive) {
      best.push(scored);
      continue;
    }
    if (best.length >= options.k && !better(scored, best[best.length - 1]!)) continue;
    let at = best.length;
    while (at > 0 && better(scored, best[at - 1]!)) at--;
    best.splice(at, 0, scored);
    if (best.length > options.k) best.pop();
    if (best.length >= options.k) {
      threshold = best[best.length - 1]!.score;
      if (driver === -1) while (essential < order.length && cum[essential]! * Math.min(options.sources, essential + 1) * options.boostMax * SLACK < threshold) essential++;
    }
  }
  return options.exhaustive ? best.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, options.k) : best;
}

/** The query term whose lists hold the fewest postings (in the range read). */
function rarestSource(lists: readonly QueryList[], pos: readonly number[], end: readonly number[]): number {
  const sizes = new Map<number, number>();
  lists.forEach((l, i) => sizes.set(l.source, (sizes.get(l.source) ?? 0) + end[i]! - pos[i]!));
  let rarest = -1;
  for (const [source, size] of sizes) if (rarest === -1 || size < sizes.get(rarest)!) rarest = source;
  return rarest;
}

/** Per-document scratch space of {@link countMatches}, kept per postings (zeroed after each count). */
const SCRATCH = new WeakMap<ImpactPostings, { terms: Uint16Array; last: Int32Array; masks: Uint32Array }>();

/**
 * How many documents match a query (any term, or with `all` every term), in `range` and not
 * `removed`, without scoring them: one pass over the lists marking documents. With a `filter`, and
 * when at most `budget` documents match (and the query's terms are numbered below 32), also how many of them
 * the filter keeps (`kept`), asking it about each.
 *
 * @example countMatches(buildImpactPostings([article]), [{ term: 0, weight: 1, source: 0 }], { sources: 1, all: false }).matching // => 1
 */
export function countMatches(
  postings: ImpactPostings,
  lists: readonly QueryList[],
  options: Pick<TopKOptions, 'sources' | 'all' | 'range' | 'removed' | 'filter'> & { budget?: number },
): { matching: number; kept?: number } {
  const n = postings.ids.length;
  let scratch = SCRATCH.get(postings);
  if (scratch === undefined) SCRATCH.set(postings, (scratch = { terms: new Uint16Array(n), last: new Int32Array(n).fill(-1), masks: new Uint32Array(n) }));
  const { terms, last, masks } = scratch;
  const { offsets, docs } = postings;
  const [from, to] = options.range ?? [0, n];
  const need = options.all ? options.sources : 1;
  const bySource = [...lists].sort((a, b) => a.source - b.source);
  const found: number[] = [];
  for (const l of bySource) {
    for (let p = offsets[l.term]!; p < offsets[l.term + 1]!; p++) {
      const doc = docs[p]!;
      if (doc < from || doc >= to || last[doc] === l.source) continue;
      last[doc] = l.source;
      if (l.source < 32) masks[doc]! |= 1 << l.source;
      if (++terms[doc]! === need && options.removed?.[doc] !== 1) found.push(doc);
    }
  }
  let kept: number | undefined;
  const { filter, budget = 0 } = options;
  if (filter !== undefined && found.length <= budget && lists.every((l) => l.source < 32)) {
    kept = 0;
    for (const doc of found) {
      const sources: number[] = [];
      for (let s = 0; s < 32; s++) if ((masks[doc]! & (1 << s)) !== 0) sources.push(s);
      if (filter(doc, sources)) kept++;
    }
  }
  for (const l of bySource) {
    for (let p = offsets[l.term]!; p < offsets[l.term + 1]!; p++) {
      terms[docs[p]!] = 0;
      last[docs[p]!] = -1;
      masks[docs[p]!] = 0;
    }
  }
  return kept === undefined ? { matching: found.length } : { matching: found.length, kept };
}
