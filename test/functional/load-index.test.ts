import { cp, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBrief } from '../../src/brief/make-brief.js';
import { loadCorpusIndex, loadIndex } from '../../src/corpus/load-index.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { CORPUS } from '../support/paths.js';

const now = new Date('2026-11-28T09:00:00Z');
let dir: string;
let corpus: string;
let snapshot: string;
let logs: { obj: Record<string, unknown>; msg: string }[];
const log = { info: (obj: object, msg: string) => logs.push({ obj: obj as Record<string, unknown>, msg }), warn: (obj: object, msg: string) => logs.push({ obj: obj as Record<string, unknown>, msg }) };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'brief-load-'));
  corpus = path.join(dir, 'corpus');
  snapshot = path.join(dir, 'data', 'index.bin');
  await cp(CORPUS, corpus, { recursive: true });
  logs = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadCorpusIndex', () => {
  it('builds and saves on a cold start, then loads corpus and index from the snapshot without reading the corpus', async () => {
    const cold = await loadCorpusIndex(corpus, { snapshotPath: snapshot, log, progressBar: false });
    expect(cold.from).toBe('built');
    expect((await stat(snapshot)).size).toBeGreaterThan(0);
    const warm = await loadCorpusIndex(corpus, { snapshotPath: snapshot, log, progressBar: false });
    expect(warm.from).toBe('snapshot');
    expect(logs.find((l) => l.msg === 'index loaded from snapshot')?.obj).toMatchObject({ corpusRead: false });
    expect(warm.corpus.articles).toEqual(cold.corpus.articles);
    for (const q of ['taliban revenue', 'xi putin', '"strategic coordination"', 'talbn']) expect(makeBrief(warm.index, q, { now })).toEqual(makeBrief(cold.index, q, { now }));
    const usip = makeBrief(warm.index, 'taliban revenue', { now });
    expect(usip.kind === 'results' && usip.items[0]!.article.source).toBe('United States Institute of Peace (USIP)');
  });

  it('reads the corpus again when a file changed, and rebuilds when its text changed', async () => {
    await loadCorpusIndex(corpus, { snapshotPath: snapshot, log, progressBar: false });
    const file = path.join(corpus, (await readdir(corpus)).find((f) => f.startsWith('taliban'))!);
    await writeFile(file, (await readFile(file, 'utf8')).replace('customs duties', 'customs duties and zebra tolls'));
    const changed = await loadCorpusIndex(corpus, { snapshotPath: snapshot, log, progressBar: false });
    expect(changed.from).toBe('built');
    expect(makeBrief(changed.index, 'zebra', { now }).kind).toBe('results');
    const again = await loadCorpusIndex(corpus, { snapshotPath: snapshot, log, progressBar: false });
    expect(again.from).toBe('snapshot');
    expect(makeBrief(again.index, 'zebra', { now }).kind).toBe('results');
  });

  it('reads the corpus but keeps the index when a file was only touched', async () => {
    await loadCorpusIndex(corpus, { snapshotPath: snapshot, log, progressBar: false });
    const file = path.join(corpus, (await readdir(corpus))[0]!);
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    logs = [];
    const touched = await loadCorpusIndex(corpus, { snapshotPath: snapshot, log, progressBar: false });
    expect(touched.from).toBe('snapshot');
    expect(logs.find((l) => l.msg === 'index loaded from snapshot')?.obj).toMatchObject({ corpusRead: true });
  });

  it('builds when the snapshot is not one, and neither reads nor writes one when told not to', async () => {
    await writeFile(path.join(dir, 'junk.bin'), 'not a snapshot');
    expect((await loadCorpusIndex(corpus, { snapshotPath: path.join(dir, 'junk.bin'), log, progressBar: false })).from).toBe('built');
    expect(logs.some((l) => l.msg.startsWith('not an index snapshot'))).toBe(true);
    const progress: [number, number][] = [];
    const articles = (await readCorpus(corpus)).articles;
    const none = await loadIndex(articles, { snapshotPath: false, onProgress: (done, total) => progress.push([done, total]) });
    expect(none.from).toBe('built');
    expect(progress.at(-1)).toEqual([articles.length, articles.length]);
    await expect(stat(snapshot)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
