import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerSetup } from './worker-protocol.js';

/** Starts one search thread from its setup (tests pass another to watch threads die). */
export type WorkerStarter = (setup: WorkerSetup) => Worker;

/**
 * Starts the search thread. Compiled, it is `brief-worker.js`; run from source (tsx, vitest), a worker
 * does not inherit the TypeScript loader, so a small bootstrap registers tsx in the thread first.
 *
 * @example const worker = startWorker({ source: { kind: 'articles', articles }, snapshotPath: false });
 * const ready = await new Promise((resolve) => worker.on('message', (m) => m.type === 'ready' && resolve(m))); // after any 'progress'
 * ready.stats.articles // => 6
 * await worker.terminate();
 */
export const startWorker: WorkerStarter = (setup) => {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./brief-worker.js', import.meta.url), { workerData: setup });
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const worker = new URL('./brief-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
};
