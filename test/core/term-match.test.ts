/** The dictionary walk of matchTerms against a plain edit-distance table over every term. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { matchTerms } from '../../src/search/term-match.js';
function lev(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
it('finds exactly the terms a brute-force edit distance finds, with prefixes and the word itself (generated dictionaries)', () => {
  fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[abc]{1,7}$/), { maxLength: 60 }), fc.stringMatching(/^[abc]{1,6}$/), fc.integer({ min: 1, max: 2 }), fc.boolean(), (dict, word, max, prefix) => {
    const sorted = [...dict].sort();
    const got = matchTerms(sorted, word, { prefix, maxDistance: max }).map((m) => m.term).sort();
    const want = sorted.filter((t) => t === word || (prefix && t.startsWith(word)) || lev(t, word) <= max).sort();
    expect(got).toEqual(want);
  }), { numRuns: 2000 });
});
