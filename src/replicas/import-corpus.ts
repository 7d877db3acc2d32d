import type { Logger } from 'pino';
import type { Article } from '../articles/article.js';
import type { CorpusChange } from '../articles/corpus-change.js';
import type { PublisherRegistry } from '../articles/publishers.js';
import { CorpusError, readCorpus, type ArrivalLookup } from '../corpus/read-corpus.js';
import { watchCorpus, type CorpusWatcher, type WatchOptions } from '../corpus/watch-corpus.js';
import type { ArticleLog } from '../store/pg-articles.js';

/** The origin of an article imported from the corpus folder: `file:` and its path in the folder. */
const FILE_ORIGIN = 'file:';
/** Articles per statement when a whole folder is imported. */
const BATCH = 500;

export interface CorpusImportOptions {
  /** The corpus folder (CORPUS_DIR). */
  dir: string;
  table: Pick<ArticleLog, 'put' | 'remove' | 'idsFrom'>;
  now: () => Date;
  log: Logger;
  /** Of two files with one URL or id, the one that arrived first is kept (as at a single process's start). */
  arrivals?: ArrivalLookup;
  publishers?: PublisherRegistry;
  /** The App Home notices for files that could not be used. */
  notices?: Pick<WatchOptions, 'onProblem' | 'onFileOk'>;
  /** Corpus watcher debounce (tests shorten it). */
  debounceMs?: number;
  /** How long after a failed import or write the folder is imported again (while leading). Default 5 s. */
  retryMs?: number;
}

/** The leader's corpus import: `start()` when this replica leads, `stop()` when it no longer does. */
export interface CorpusImport {
  /** Imports the whole folder (adds, edits and deletions since the last import), then watches it. */
  start(): Promise<void>;
  /** Stops watching (a change being written to the table is finished first). */
  stop(): Promise<void>;
}

/**
 * The corpus folder, imported into the articles table by the leader: at `start()` the folder is read
 * as a single process reads it at start-up and reconciled with the table's `file:` articles (new and
 * edited ones put, those whose file is gone removed), then the corpus watcher sends each change to the
 * table. Every replica's index follows the table, so a file reaches all of them. Feed items
 * (`feed:` origin) are never removed by the import. When the import or a write fails (the database
 * away), the folder is imported again `retryMs` later, as long as this replica leads, so nothing
 * changed meanwhile is lost; a folder that cannot be read is logged and the table left as it is.
 *
 * @example const table = pgArticleLog(pool);
 * const corpus = corpusImport({ dir: corpusDir, table, now: () => clock.now(), log });
 * await corpus.start(); // on the leader: imports the folder, then watches it
 * (await table.idsFrom('file:')).length // => 6
 * await corpus.stop();
 */
export function corpusImport(options: CorpusImportOptions): CorpusImport {
  const log = options.log;
  const retryMs = options.retryMs ?? 5000;
  let watcher: CorpusWatcher | undefined;
  let leading = false;
  let retry: NodeJS.Timeout | undefined;
  /** The import, retry or stop in progress: each waits for the one before. */
  let run: Promise<void> = Promise.resolve();

  const records = (articles: readonly Article[]) => {
    const arrivedAt = options.now();
    return articles.map((article) => ({ article, origin: `${FILE_ORIGIN}${article.file ?? article.id}`, arrivedAt }));
  };
  const again = () => {
    if (!leading || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (leading) run = run.then(attempt);
    }, retryMs);
  };
  const toTable = async (change: CorpusChange): Promise<void> => {
    try {
      await options.table.put(records(change.upserted));
      await options.table.remove(change.removed, { originPrefix: FILE_ORIGIN });
    } catch (err) {
      again(); // the watcher has moved past these files: a fresh import brings the table level again
      throw err;
    }
  };
  const closeWatcher = async () => {
    const last = watcher;
    watcher = undefined;
    await last?.close();
  };
  const importFolder = async (): Promise<void> => {
    const corpus = await readCorpus(options.dir, {
      ...(options.arrivals === undefined ? {} : { arrivals: options.arrivals }),
      ...(options.publishers === undefined ? {} : { publishers: options.publishers }),
    });
    for (const p of [...corpus.problems, ...corpus.duplicates]) log.warn({ file: p.file, reason: p.reason }, 'article skipped');
    let changed = 0;
    for (let i = 0; i < corpus.articles.length; i += BATCH) changed += await options.table.put(records(corpus.articles.slice(i, i + BATCH)));
    const present = new Set(corpus.articles.map((a) => a.id));
    const gone = (await options.table.idsFrom(FILE_ORIGIN)).filter((id) => !present.has(id));
    const removed = await options.table.remove(gone, { originPrefix: FILE_ORIGIN });
    log.info({ dir: options.dir, articles: corpus.articles.length, changed, removed }, 'corpus imported into the articles table');
    watcher = watchCorpus({
      dir: options.dir,
      initial: corpus.articles,
      shadowed: corpus.shadowed ?? [],
      initialProblems: [...corpus.problems, ...corpus.duplicates],
      ...(corpus.files === undefined ? {} : { initialFiles: corpus.files }),
      apply: toTable,
      log,
      ...(options.publishers === undefined ? {} : { publishers: options.publishers }),
      ...options.notices,
      ...(options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs }),
    });
    await watcher.ready;
  };
  async function attempt(): Promise<void> {
    await closeWatcher();
    if (!leading) return;
    try {
      await importFolder();
    } catch (err) {
      const readable = !(err instanceof CorpusError);
      log.error({ err, dir: options.dir }, readable ? 'corpus not imported; tried again shortly' : 'corpus not imported; the articles table stays as it was');
      if (readable) again();
    }
  }

  return {
    start() {
      if (leading) return run;
      leading = true;
      run = run.then(attempt);
      return run;
    },
    stop() {
      leading = false;
      clearTimeout(retry);
      retry = undefined;
      run = run.then(closeWatcher);
      return run;
    },
  };
}
