import { access } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import type { Article, CorpusProblem } from '../articles/article.js';
import { canonicalUrl } from '../articles/canonical-url.js';
import type { CorpusChange } from '../brief/brief-service.js';
import { isCorpusFile, listCorpusFiles, readCorpusFile } from './read-corpus.js';

export interface WatchOptions {
  /** The corpus folder. */
  dir: string;
  /** The articles already in the index (they say which file holds which ids). */
  initial: readonly Article[];
  /** Applies a change to the live index: `BriefService.apply`. */
  apply: (change: CorpusChange) => Promise<void>;
  log: Logger;
  /** Quiet time after the last file event before the change is applied. Default 500 ms. */
  debounceMs?: number;
  /** Told of every file that could not be used (its previous good articles stay). */
  onProblem?: (problem: CorpusProblem) => void;
  /** Told of every change applied (tests wait on it). */
  onApplied?: (change: CorpusChange) => void;
  /** Told of every file read cleanly, or deleted (a problem reported for it before is over). */
  onFileOk?: (file: string) => void;
  /**
   * When the watch starts, also apply files that are not among `initial`'s (added while the index
   * was being built, or that did not parse then) and `initial` files that are gone. Default true.
   */
  reconcile?: boolean;
}

export interface CorpusWatcher {
  /** Resolves once the folder is being watched. */
  ready: Promise<void>;
  /** Applies pending changes now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches the corpus folder (chokidar) and applies added, edited and deleted files to the live
 * index, debounced, through `apply` — which updates the index in place, so no query sees an empty
 * or half-built index. A new or edited file that does not parse is reported and its previous good
 * articles are kept; an article id already held by another file is reported and skipped. Dot-files
 * (such as the feed writer's temporary files) are ignored.
 *
 * @example const w = watchCorpus({ dir: 'corpus', initial: corpus.articles, apply: (c) => briefs.apply(c), log }); await w.ready;
 */
export function watchCorpus(options: WatchOptions): CorpusWatcher {
  const dir = path.resolve(options.dir);
  const debounceMs = options.debounceMs ?? 500;
  const idsByFile = new Map<string, string[]>();
  const fileById = new Map<string, string>();
  /** Canonical URL → the id holding it, and back: as at start-up, one article per URL. */
  const idByUrl = new Map<string, string>();
  const urlById = new Map<string, string>();
  const claimUrl = (article: Article): void => {
    const url = article.url === undefined ? undefined : canonicalUrl(article.url);
    const old = urlById.get(article.id);
    if (old !== undefined && old !== url && idByUrl.get(old) === article.id) idByUrl.delete(old);
    if (url === undefined) urlById.delete(article.id);
    else {
      urlById.set(article.id, url);
      idByUrl.set(url, article.id);
    }
  };
  const releaseUrl = (id: string): void => {
    const url = urlById.get(id);
    if (url !== undefined && idByUrl.get(url) === id) idByUrl.delete(url);
    urlById.delete(id);
  };
  for (const article of options.initial) {
    if (article.file === undefined) continue;
    idsByFile.set(article.file, [...(idsByFile.get(article.file) ?? []), article.id]);
    fileById.set(article.id, article.file);
    claimUrl(article);
  }
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const relative = (p: string) => path.relative(dir, path.resolve(dir, p));
  const hidden = (rel: string) => rel.split(path.sep).some((part) => part.startsWith('.'));
  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: true,
    ignored: (p, stats) => {
      const rel = relative(p);
      if (rel === '') return false;
      return hidden(rel) || (stats?.isFile() === true && !isCorpusFile(path.basename(p)));
    },
  });
  const queue = (p: string): void => {
    const rel = relative(p);
    if (rel === '' || hidden(rel) || !isCorpusFile(path.basename(rel))) return;
    pending.add(rel);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  };
  watcher.on('add', queue).on('change', queue).on('unlink', queue);
  watcher.on('unlinkDir', (p) => {
    const prefix = `${relative(p)}${path.sep}`;
    for (const file of idsByFile.keys()) if (file.startsWith(prefix)) queue(path.join(dir, file));
  });
  watcher.on('error', (err) => options.log.error({ err, dir }, 'corpus watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve())).then(async () => {
    if (options.reconcile === false) return;
    const onDisk = await listCorpusFiles(dir).catch(() => [] as string[]);
    const present = new Set(onDisk);
    for (const file of onDisk) if (!idsByFile.has(file)) pending.add(file);
    for (const file of idsByFile.keys()) if (!present.has(file)) pending.add(file);
    if (pending.size > 0) await flush();
  });

  const report = (problem: CorpusProblem): void => {
    options.log.warn({ file: problem.file, reason: problem.reason }, 'corpus file not used; the previous version stays');
    options.onProblem?.(problem);
  };

  const applyPending = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const files = [...pending].sort();
    pending.clear();
    if (files.length === 0) return;
    const change: CorpusChange = { upserted: [], removed: [] };
    const owners = new Map<string, string>();
    // Files that are gone first, so that a renamed file's articles are free for their new file.
    const present: string[] = [];
    for (const file of files) {
      if (await exists(path.join(dir, file))) {
        present.push(file);
        continue;
      }
      change.removed.push(...(idsByFile.get(file) ?? []));
      idsByFile.delete(file);
      options.onFileOk?.(file);
    }
    for (const file of present) {
      const before = idsByFile.get(file) ?? [];
      const result = await readCorpusFile(dir, file);
      result.problems.forEach(report);
      if (result.problems.length === 0) options.onFileOk?.(file);
      if (result.articles.length === 0) continue; // nothing usable: keep what the index has
      const kept: Article[] = [];
      for (const article of result.articles) {
        const owner = owners.get(article.id) ?? fileById.get(article.id);
        if (owner !== undefined && owner !== file && idsByFile.get(owner)?.includes(article.id) === true) {
          report({ file, reason: `article id "${article.id}" is already used by ${owner}` });
          continue;
        }
        const url = article.url === undefined ? undefined : canonicalUrl(article.url);
        const twin = url === undefined ? undefined : idByUrl.get(url);
        if (twin !== undefined && twin !== article.id && fileById.has(twin) && !change.removed.includes(twin)) {
          report({ file, reason: `duplicate of ${fileById.get(twin)} (the same URL); kept once` });
          continue;
        }
        owners.set(article.id, file);
        kept.push(article);
        claimUrl(article);
      }
      const ids = kept.map((a) => a.id);
      // A file that only partly parsed keeps its old articles too.
      const gone = result.problems.length === 0 ? before.filter((id) => !ids.includes(id)) : [];
      change.upserted.push(...kept);
      change.removed.push(...gone);
      idsByFile.set(file, [...new Set([...ids, ...before.filter((id) => !gone.includes(id) && !ids.includes(id))])]);
    }
    const upsertedIds = new Set(change.upserted.map((a) => a.id));
    change.removed = [...new Set(change.removed)].filter((id) => !upsertedIds.has(id));
    for (const id of change.removed) {
      fileById.delete(id);
      releaseUrl(id);
    }
    for (const [id, file] of owners) fileById.set(id, file);
    if (change.upserted.length + change.removed.length === 0) return;
    await options.apply(change);
    options.log.info({ files, upserted: change.upserted.length, removed: change.removed.length }, 'corpus change applied');
    options.onApplied?.(change);
  };

  const flush = (): Promise<void> => {
    chain = chain.then(applyPending).catch((err: unknown) => options.log.error({ err }, 'corpus change failed'));
    return chain;
  };

  return {
    ready,
    flush,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
      await chain;
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
