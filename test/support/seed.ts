import type { Brief } from '../../src/brief/make-brief.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import { CORPUS } from './paths.js';

/** A fixed "now" for core tests. */
export const NOW = new Date('2026-11-28T09:00:00Z');

/** The index of the default corpus (the six seed articles). */
export async function seedIndex(): Promise<BriefIndex> {
  return buildIndex((await readCorpus(CORPUS)).articles);
}

/** The brief's results, or a thrown error naming what came instead. */
export function results(b: Brief): Extract<Brief, { kind: 'results' }> {
  if (b.kind !== 'results') throw new Error(`expected results, got ${b.kind}`);
  return b;
}
