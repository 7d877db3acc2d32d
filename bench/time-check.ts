/**
 * Checks that the search speed-ups ({@link SEARCH_SPEED}) do not lower retrieval quality on the TIME
 * collection: `tsx bench/time-check.ts` prints MAP, P@10 and nDCG@10 with the speed-ups off and on.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTimeCollection } from '../eval/time-collection.js';
import { evaluateTime, TIME_SPLITS } from '../eval/time-eval.js';
import { SEARCH_SPEED } from '../src/search/fast-search.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const collection = await readTimeCollection(path.resolve(HERE, '../../shared/datasets/time'));
const defaults = { ...SEARCH_SPEED };
const rows: string[] = [];
for (const [name, speed] of [['off', { andFirstMin: 0, fuzzyBelow: 0, fuzzyBelowFrom: 0, feedbackBelow: Infinity }], ['AND-first only', { ...defaults, fuzzyBelow: 0 }], ['fuzzy-when-needed, at any size', { ...defaults, andFirstMin: 0, fuzzyBelowFrom: 0 }], ['all, at any size', { ...defaults, fuzzyBelowFrom: 0 }], ['on (defaults)', defaults]] as const) {
  Object.assign(SEARCH_SPEED, speed);
  const result = await evaluateTime(collection, TIME_SPLITS);
  for (const [split, figures] of Object.entries(result.splits)) {
    const b = figures.brief;
    rows.push(`| ${name} | ${split} | ${b.map.toFixed(3)} | ${b.p10.toFixed(3)} | ${b.ndcg10.toFixed(3)} |`);
  }
}
Object.assign(SEARCH_SPEED, defaults);
console.log('| speed-ups | split | MAP | P@10 | nDCG@10 |\n|---|---|---|---|---|\n' + rows.join('\n'));
