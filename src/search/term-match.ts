import { SEARCH_OPTIONS } from './index-options.js';


/** How a query word expands: to longer terms it begins, to terms within a few edits. */
export interface ExpandHow {
  prefix: boolean;
  /** Most edits allowed (0: none). */
  maxDistance: number;
}

/** Edit distance (Levenshtein) between `a` and `b` when it is at most `max`; otherwise `max + 1`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[b.length]!, max + 1);
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
  const consider = (index: number) => {
    const term = sorted[index]!;
    if (term === word) {
      out.push({ index, term, weight: 1 });
    } else if (how.prefix && term.startsWith(word)) {
      out.push({ index, term, weight: (prefixWeight * term.length) / (term.length + 0.3 * (term.length - word.length)) });
    } else if (how.maxDistance > 0) {
      const distance = editDistance(word, term, how.maxDistance);
      if (distance <= how.maxDistance) out.push({ index, term, weight: (fuzzyWeight * term.length) / (term.length + distance) });
    }
  };
  if (how.maxDistance > 0) {
    for (let i = 0; i < sorted.length; i++) if (Math.abs(sorted[i]!.length - word.length) <= how.maxDistance || (how.prefix && sorted[i]!.length > word.length)) consider(i);
    return out;
  }
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(word) && (how.prefix || i === lo); i++) consider(i);
  return out;
}
