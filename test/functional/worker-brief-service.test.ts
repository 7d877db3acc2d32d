import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { inProcessBriefService } from '../../src/brief/brief-service.js';
import { startBriefService } from '../../src/search-thread/start-brief-service.js';
import { workerBriefService, type WorkerBriefService } from '../../src/search-thread/worker-brief-service.js';
import { loadCorpusIndex } from '../../src/corpus/load-index.js';
import { SEARCH_THREAD_NICE } from '../../src/search-thread/worker-protocol.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { buildIndex } from '../../src/search/build-index.js';
import { renderAnyBrief } from '../../src/render/render-brief.js';
import { messageProblems } from '../support/block-kit.js';
import { CORPUS } from '../support/paths.js';

const NOW = new Date('2026-11-28T09:00:00Z');
const QUERIES = ['taliban revenue', 'xi putin', 'help', '', 'source:usip', '"strategic coordination"', 'china -russia', 'talbn', 'kazakhstan since:2022'];

let dir: string;
let articles: Article[];
let service: WorkerBriefService;
const logs: { msg: string; obj: object }[] = [];
const log = { info: (obj: object, msg: string) => logs.push({ obj, msg }), warn: (obj: object, msg: string) => logs.push({ obj, msg }) };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'brief-worker-'));
  articles = (await readCorpus(CORPUS)).articles;
  service = workerBriefService({ source: { kind: 'corpus', dir: CORPUS }, snapshotPath: path.join(dir, 'index.bin'), now: () => NOW, log });
  await service.ready;
});
afterAll(async () => {
  await service?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('workerBriefService', () => {
  it('gives the same briefs as the in-process service on the seed corpus, pages included', async () => {
    const local = inProcessBriefService(buildIndex(articles), () => NOW);
    for (const q of QUERIES) {
      for (const page of [0, 1]) {
        const [theirs, ours] = await Promise.all([service.brief(q, { page, pageSize: 2 }), local.brief(q, { page, pageSize: 2 })]);
        expect(theirs, `${q} page ${page}`).toEqual(ours);
        expect(messageProblems(renderAnyBrief(theirs, { command: '/brief' }))).toEqual([]);
      }
    }
    expect(service.stats()).toEqual(local.stats());
  });

  it('answers many briefs asked at once, each with its own answer', async () => {
    const briefs = await Promise.all(QUERIES.flatMap((q) => [service.brief(q), service.brief(q)]));
    expect(briefs.map((b) => b.query.text)).toEqual(QUERIES.flatMap((q) => [q, q]));
  });

  it('saved a snapshot, and a second service starts from it', async () => {
    expect((await stat(path.join(dir, 'index.bin'))).size).toBeGreaterThan(0);
    expect(logs.some((l) => l.msg === 'search thread ready' && (l.obj as { from: string }).from === 'built')).toBe(true);
    const second = workerBriefService({ source: { kind: 'corpus', dir: CORPUS }, snapshotPath: path.join(dir, 'index.bin'), now: () => NOW, log });
    try {
      await second.ready;
      expect(logs.some((l) => l.msg === 'search thread ready' && (l.obj as { from: string }).from === 'snapshot')).toBe(true);
      expect(await second.brief('taliban revenue')).toEqual(await service.brief('taliban revenue'));
    } finally {
      await second.close();
    }
  });

  it('applies corpus changes: a new article is found, a removed one is gone', async () => {
    const zebra: Article = { ...articles[0]!, id: 'zebra-1', title: 'Zebra crossings repainted in Kabul', lead: 'Zebra crossings were repainted.', body: 'Zebra crossings were repainted.', url: 'https://example.org/zebra' };
    await service.apply({ upserted: [zebra], removed: [] });
    const found = await service.brief('zebra');
    expect(found.kind).toBe('results');
    expect(service.stats().articles).toBe(articles.length + 1);
    await service.apply({ upserted: [], removed: ['zebra-1'] });
    expect((await service.brief('zebra')).kind).toBe('no-results');
    expect(service.stats().articles).toBe(articles.length);
  });

  it('runs the search thread at a lower priority than the event loop (Linux)', () => {
    if (process.platform !== 'linux') return;
    const nices = readdirSync('/proc/self/task').map((t) => Number(readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
    expect(nices).toContain(SEARCH_THREAD_NICE);
    expect(nices).toContain(0);
  });

  it('startBriefService keeps a small corpus in this thread and searches a large one in a thread, articles kept in step', async () => {
    const loaded = await loadCorpusIndex(CORPUS, { snapshotPath: path.join(dir, 'start.bin'), progressBar: false });
    const small = await startBriefService(loaded, { snapshotPath: path.join(dir, 'start.bin'), now: () => NOW });
    const large = await startBriefService(loaded, { snapshotPath: path.join(dir, 'start.bin'), now: () => NOW, threadFrom: 1 });
    expect(await large.briefs.brief('taliban revenue')).toEqual(await small.briefs.brief('taliban revenue'));
    const okapi: Article = { ...articles[0]!, id: 'okapi-2', title: 'Okapi census', lead: 'Okapis were counted.', body: 'Okapis were counted.', url: 'https://example.org/okapi-census' };
    await large.briefs.apply({ upserted: [okapi], removed: [articles[1]!.id] });
    expect(await large.lookup(['okapi-2', articles[1]!.id])).toEqual([okapi]);
    await small.briefs.apply({ upserted: [okapi], removed: [] });
    expect(await small.lookup(['okapi-2'])).toEqual([okapi]);
    expect((await large.briefs.brief('okapis')).kind).toBe('results');
    expect(large.briefs.stats().articles).toBe(articles.length);
    await large.close();
    await expect(large.briefs.brief('okapis')).rejects.toMatchObject({ code: 'WORKER_CLOSED' });
  });

  it('fails briefs with a code after it is closed', async () => {
    const other = workerBriefService({ source: { kind: 'articles', articles }, snapshotPath: false, now: () => NOW });
    await other.ready;
    await other.close();
    await expect(other.brief('taliban')).rejects.toMatchObject({ code: 'WORKER_CLOSED' });
  });
});
