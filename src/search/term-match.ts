import { SEARCH_OPTIONS } from './index-options.js';

/** How a query word expands: to longer terms it begins, to terms within a few edits. */
export interface ExpandHow {
  prefix: boolean;
  /** Most edits allowed (0: none). */
  maxDistance: number;
}

/**
 * Every term of a sorted dictionary within `max` edits of `word` (Levenshtein), with its distance.
 * The dictionary is walked as a trie: a term reuses the rows of the edit-distance table it shares
 * with the term before it (their common prefix), and once a prefix's row is all above `max`, every
 * term beginning with it is skipped with a binary search. So it reads only the few branches within
 * reach instead of every term.
 */
function withinDistance(sorted: readonly string[], word: string, max: number): { index: number; distance: number }[] {
  const n = word.length;
  const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => j)];
  const out: { index: number; distance: number }[] = [];
  let valid = '';
  let i = 0;
  while (i < sorted.length) {
    const term = sorted[i]!;
    let depth = 0;
    while (depth < valid.length && depth < term.length && valid[depth] === term[depth]) depth++;
    let pruned = -1;
    for (let d = depth + 1; d <= term.length; d++) {
      const above = rows[d - 1]!;
      const row = (rows[d] ??= new Int32Array(n + 1));
      row[0] = d;
      let least = d;
      for (let j = 1; j <= n; j++) {
        const v = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + (word[j - 1] === term[d - 1] ? 0 : 1));
        row[j] = v;
        if (v < least) least = v;
      }
      if (least > max) {
        pruned = d;
        break;
      }
    }
    if (pruned === -1) {
      valid = term;
      if (rows[term.length]![n]! <= max) out.push({ index: i, distance: rows[term.length]![n]! });
      i++;
      continue;
    }
    // No term beginning with this prefix is within reach: skip past them all.
    valid = term.slice(0, pruned);
    let lo = i + 1;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.startsWith(valid) || sorted[mid]! < valid) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
  }
  return out;
}

/**
 * How many edits a query word allows under the index's fuzzy setting, as MiniSearch counts them.
 *
 * @example fuzzyDistance('talibann') // => 1
 * @example fuzzyDistance('rail') // => 0
 */
export function fuzzyDistance(word: string, fuzzy: number | false = SEARCH_OPTIONS.fuzzy(word)): number {
  if (fuzzy === false) return 0;
  return fuzzy < 1 ? Math.min(SEARCH_OPTIONS.maxFuzzy, Math.round(word.length * fuzzy)) : fuzzy;
}

/** A dictionary term a query word matched: its number in the sorted dictionary, and how much it counts (1 for the word itself). */
export interface TermMatch {
  index: number;
  term: string;
  weight: number;
}

/**
 * The terms of a sorted dictionary that `word` stands for, weighed as MiniSearch weighs them: the word
 * itself (1), longer terms it begins (prefix weight, falling with the extra length), and other terms
 * within `maxDistance` edits (fuzzy weight, falling with the distance). A term is counted once, as
 * its best kind of match. Without fuzzy matching only the word's prefix range is read (a binary search).
 *
 * @example matchTerms(['taliban', 'talibans', 'wheat'], 'taliban', { prefix: true, maxDistance: 0 }).map((m) => m.term) // => ['taliban', 'talibans']
 * @example matchTerms(['taliban', 'wheat'], 'talibann', { prefix: true, maxDistance: 1 }).map((m) => m.index) // => [0]
 * @example matchTerms(['rail', 'wheat'], 'whet', { prefix: false, maxDistance: 1 }).map((m) => m.term) // => ['wheat']
 */
export function matchTerms(sorted: readonly string[], word: string, how: ExpandHow): TermMatch[] {
  const out: TermMatch[] = [];
  const { prefix: prefixWeight, fuzzy: fuzzyWeight } = SEARCH_OPTIONS.weights;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  const taken = new Set<number>();
  for (let i = lo; i < sorted.length && (how.prefix ? sorted[i]!.startsWith(word) : i === lo && sorted[i] === word); i++) {
    const term = sorted[i]!;
    taken.add(i);
    out.push({ index: i, term, weight: term === word ? 1 : (prefixWeight * term.length) / (term.length + 0.3 * (term.length - word.length)) });
  }
  if (how.maxDistance > 0) {
    for (const { index, distance } of withinDistance(sorted, word, how.maxDistance)) {
      const term = sorted[index]!;
      if (!taken.has(index)) out.push({ index, term, weight: (fuzzyWeight * term.length) / (term.length + distance) });
    }
  }
  return out;
}
