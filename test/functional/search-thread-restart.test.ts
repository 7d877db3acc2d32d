import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { MAX_FAILED_STARTS, restartPolicy } from '../../src/search-thread/restart-policy.js';
import { startWorker, type WorkerStarter } from '../../src/search-thread/start-worker.js';
import { workerBriefService } from '../../src/search-thread/worker-brief-service.js';
import type { WorkerSetup } from '../../src/search-thread/worker-protocol.js';
import { article } from '../support/articles.js';

const NOW = new Date('2026-11-28T09:00:00Z');

/** A thread that exits with code 3 before it is ready. */
const dieAtStart = () => new Worker('process.exit(3)', { eval: true });
/** A thread that says it is ready, then exits with code 4 on the first request (before answering it). */
const dieOnRequest = () =>
  new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.postMessage({ type: 'ready', stats: { articles: 0 }, from: 'built', ms: 0 });
     parentPort.on('message', () => process.exit(4));`,
    { eval: true },
  );

function recorder() {
  const logs: { msg: string; obj: Record<string, unknown> }[] = [];
  const log = { info: (obj: object, msg: string) => void logs.push({ obj: obj as Record<string, unknown>, msg }), warn: (obj: object, msg: string) => void logs.push({ obj: obj as Record<string, unknown>, msg }) };
  return { logs, log };
}

/** A starter that hands out the given threads in turn and counts the starts. */
function starters(...kinds: WorkerStarter[]): { start: WorkerStarter; starts: () => number; started: Promise<void>[] } {
  let n = 0;
  const started: Promise<void>[] = [];
  const signals: (() => void)[] = [];
  for (let i = 0; i < kinds.length; i++) started.push(new Promise((resolve) => signals.push(resolve)));
  return {
    start: (setup: WorkerSetup) => {
      const kind = kinds[n] ?? kinds[kinds.length - 1]!;
      signals[n]?.();
      n++;
      return kind(setup);
    },
    starts: () => n,
    started,
  };
}

describe('restartPolicy', () => {
  it('restarts until MAX_FAILED_STARTS threads in a row died before they were ready; a ready one resets the count', () => {
    const policy = restartPolicy();
    const decisions = Array.from({ length: MAX_FAILED_STARTS - 1 }, () => policy.afterDeath(false).restart);
    expect(decisions.every(Boolean)).toBe(true);
    expect(policy.afterDeath(true)).toEqual({ restart: true, failedStarts: 0 });
    for (let i = 1; i < MAX_FAILED_STARTS; i++) expect(policy.afterDeath(false)).toEqual({ restart: true, failedStarts: i });
    expect(policy.afterDeath(false)).toEqual({ restart: false, failedStarts: MAX_FAILED_STARTS });
  });
});

describe('a search thread that dies', () => {
  it('while answering: the waiting brief fails with WORKER_FAILED, and a new thread answers the next one', async () => {
    const { logs, log } = recorder();
    const threads = starters(dieOnRequest, startWorker);
    const articles: Article[] = [article({ id: 'a', title: 'Taliban revenue falls', body: 'Taliban revenue fell this year.' })];
    const service = workerBriefService({ source: { kind: 'articles', articles }, snapshotPath: false, now: () => NOW, log, startThread: threads.start });
    try {
      await service.ready;
      await expect(service.brief('taliban')).rejects.toMatchObject({ code: 'WORKER_FAILED' });
      await threads.started[1];
      const brief = await service.brief('taliban');
      expect(brief.kind).toBe('results');
      expect(threads.starts()).toBe(2);
      expect(logs.find((l) => l.msg === 'search thread stopped; starting another')?.obj).toMatchObject({ err: { code: 'WORKER_FAILED' }, failedStarts: 0 });
    } finally {
      await service.close();
    }
  });

  it(`before it is ready, ${MAX_FAILED_STARTS} times in a row: no more threads are started, and briefs fail with a code`, async () => {
    const { logs, log } = recorder();
    const threads = starters(dieAtStart);
    const service = workerBriefService({ source: { kind: 'articles', articles: [] }, snapshotPath: false, now: () => NOW, log, startThread: threads.start });
    try {
      await expect(service.ready).rejects.toMatchObject({ code: 'WORKER_FAILED' });
      await vi.waitFor(() => expect(logs.some((l) => l.msg.startsWith('search thread keeps failing'))).toBe(true));
      expect(threads.starts()).toBe(MAX_FAILED_STARTS);
      expect(logs.filter((l) => l.msg === 'search thread stopped; starting another').map((l) => l.obj.failedStarts)).toEqual(Array.from({ length: MAX_FAILED_STARTS - 1 }, (_, i) => i + 1));
      await expect(service.brief('taliban')).rejects.toMatchObject({ code: 'WORKER_FAILED' });
      expect(threads.starts()).toBe(MAX_FAILED_STARTS);
    } finally {
      await service.close();
    }
  });
});
