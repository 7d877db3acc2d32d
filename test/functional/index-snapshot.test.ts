import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { applyChange } from '../../src/brief/brief-service.js';
import { makeBrief } from '../../src/brief/make-brief.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { buildIndex } from '../../src/search/build-index.js';
import { indexFromSnapshot, snapshotBytes, snapshotKey } from '../../src/search/index-snapshot.js';
import { memoizeTerms } from '../../src/search/term-cache.js';
import { CORPUS } from '../support/paths.js';

const now = new Date('2026-11-28T09:00:00Z');
const QUERIES = ['taliban revenue', 'xi putin', '"strategic coordination"', 'china russia source:globaltimes', 'ukraine -taliban since:2022-01-01', 'talbn'];

describe('index snapshot', () => {
  it('round-trips: the loaded index gives the same briefs as the one that was saved', async () => {
    const articles = (await readCorpus(CORPUS)).articles;
    const index = buildIndex(articles);
    const key = snapshotKey(articles);
    const bytes = snapshotBytes(index, key);
    const loaded = indexFromSnapshot(bytes, articles, key);
    expect(loaded).toBeDefined();
    expect(loaded!.engine.documentCount).toBe(index.engine.documentCount);
    for (const q of QUERIES) expect(makeBrief(loaded!, q, { now }), q).toEqual(makeBrief(index, q, { now }));
  });

  it('round-trips an index changed in place (discarded and replaced articles)', async () => {
    const articles = (await readCorpus(CORPUS)).articles;
    const index = buildIndex(articles);
    const changed = { ...articles[0]!, body: `${articles[0]!.body}\n\nA zebra crossing was repainted.` };
    applyChange(index, { upserted: [changed], removed: [articles[1]!.id] });
    const now2 = [...index.articles.values()];
    const key = snapshotKey(now2);
    const loaded = indexFromSnapshot(snapshotBytes(index, key), now2, key)!;
    expect(makeBrief(loaded, 'zebra', { now })).toEqual(makeBrief(index, 'zebra', { now }));
    expect(makeBrief(loaded, 'zebra', { now }).kind).toBe('results');
  });

  it('is not loaded when the corpus changed: another body, another article, one fewer', async () => {
    const articles = (await readCorpus(CORPUS)).articles;
    const key = snapshotKey(articles);
    const bytes = snapshotBytes(buildIndex(articles), key);
    const edited: Article[] = articles.map((a, i) => (i === 2 ? { ...a, body: `${a.body} More.` } : a));
    const fewer = articles.slice(1);
    const retagged: Article[] = articles.map((a, i) => (i === 0 ? { ...a, tags: [...a.tags, 'new'] } : a));
    for (const other of [edited, fewer, retagged]) {
      expect(snapshotKey(other)).not.toBe(key);
      expect(indexFromSnapshot(bytes, other, snapshotKey(other))).toBeUndefined();
    }
    expect(snapshotKey(articles.map((a) => ({ ...a })))).toBe(key);
  });

  it('is not loaded from bytes that are not a snapshot', async () => {
    const articles = (await readCorpus(CORPUS)).articles;
    const key = snapshotKey(articles);
    expect(indexFromSnapshot(Buffer.from('not a snapshot'), articles, key)).toBeUndefined();
    expect(indexFromSnapshot(new Uint8Array(0), articles, key)).toBeUndefined();
    const bytes = snapshotBytes(buildIndex(articles), key);
    expect(indexFromSnapshot(bytes.subarray(0, bytes.length >> 1), articles, key)).toBeUndefined();
  });
});

describe('memoizeTerms', () => {
  it('gives what the function gives, calling it once per word', () => {
    let calls = 0;
    const f = memoizeTerms((w: string) => {
      calls++;
      return w.length < 3 ? null : w.toLowerCase();
    });
    expect([f('Taliban'), f('Taliban'), f('of'), f('of')]).toEqual(['taliban', 'taliban', null, null]);
    expect(calls).toBe(2);
  });

  it('starts afresh when full, and leaves a two-argument function alone', () => {
    let calls = 0;
    const f = memoizeTerms((w: string) => (calls++, w), 2);
    for (const w of ['a', 'b', 'c', 'a']) f(w);
    expect(calls).toBe(4);
    const byField = (w: string, field?: string) => `${field}:${w}`;
    expect(memoizeTerms(byField)).toBe(byField);
  });
});
