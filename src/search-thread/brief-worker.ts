/**
 * The search thread of {@link workerBriefService}: it loads (or builds) the index, then answers
 * `brief` and `apply` messages one at a time. Nothing here runs on the bot's event loop.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../articles/article.js';
import { loadCorpusIndex, loadIndex } from '../corpus/load-index.js';
import { errorCode } from '../errors.js';
import type { BriefIndex } from '../search/build-index.js';
import { prepareSuggestions } from '../search/suggest.js';
import { applyChange, corpusStats } from '../brief/brief-service.js';
import { makeBrief } from '../brief/make-brief.js';
import { SEARCH_THREAD_NICE, type ToWorker, type FromWorker, type WorkerSetup } from './worker-protocol.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
lowerPriority();
const post = (message: FromWorker) => port.postMessage(message);
const plain = (obj: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = v instanceof Error ? { message: v.message, code: errorCode(v) } : v;
  return out;
};
const log = {
  info: (obj: object, msg: string) => post({ type: 'log', level: 'info', obj: plain(obj), msg }),
  warn: (obj: object, msg: string) => post({ type: 'log', level: 'warn', obj: plain(obj), msg }),
};

async function load(): Promise<BriefIndex> {
  const options = {
    snapshotPath: setup.snapshotPath,
    log,
    progressBar: false,
    onProgress: (done: number, total: number) => post({ type: 'progress', done, total }),
  };
  const loaded = setup.source.kind === 'corpus' ? await loadCorpusIndex(setup.source.dir, options) : await loadIndex(setup.source.articles as Article[], options);
  post({ type: 'ready', stats: corpusStats(loaded.index), from: loaded.from, ms: loaded.ms });
  // The words for suggestions (seconds at 100k articles) are read once ready, between briefs.
  setTimeout(() => prepareSuggestions(loaded.index), 0);
  return loaded.index;
}

const ready = load();
ready.catch((err: unknown) => {
  const code = errorCode(err);
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err), ...(code === undefined ? {} : { code }) });
});

port.on('message', (message: ToWorker) => {
  ready.then(
    (index) => {
      try {
        switch (message.type) {
          case 'brief': {
            const brief = makeBrief(index, message.text, { now: new Date(message.now), ...message.options, ...(setup.recency === undefined ? {} : { recency: setup.recency }) });
            post({ type: 'result', id: message.id, brief });
            break;
          }
          case 'apply':
            applyChange(index, message.change);
            post({ type: 'applied', id: message.id, stats: corpusStats(index) });
            break;
        }
      } catch (err) {
        post({ type: 'error', id: message.id, message: err instanceof Error ? err.message : String(err) });
      }
    },
    () => post({ type: 'error', id: message.id, message: 'the index could not be loaded' }),
  );
});

/**
 * On Linux a thread has its own nice value: the search thread runs at {@link SEARCH_THREAD_NICE}, so
 * when the CPUs are busy the bot's event loop (acks, deliveries) gets them first. Elsewhere, or when
 * the thread's id cannot be read, it keeps the process's priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, setup.nice ?? SEARCH_THREAD_NICE);
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
}
