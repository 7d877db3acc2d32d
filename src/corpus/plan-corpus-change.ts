import type { Article, CorpusProblem } from '../articles/article.js';
import { dedupeArticles } from '../articles/dedupe.js';
import type { CorpusChange } from '../articles/corpus-change.js';

/** What the live corpus knows between changes. Plain values: the planner never mutates it. */
export interface LiveCorpus {
  /** Every article each corpus file held when last read (kept, or shadowed as a duplicate). */
  byFile: ReadonlyMap<string, readonly Article[]>;
  /** What the index holds, by id. */
  held: ReadonlyMap<string, Article>;
  /** When each held article arrived (ms): the duplicate rule's order. */
  arrived: ReadonlyMap<string, number>;
}

/** One corpus file as the watcher found it: gone, or read (its articles and problems). */
export type FileRead = { file: string; gone: true } | { file: string; gone?: false; articles: readonly Article[]; problems: readonly CorpusProblem[] };

/** What a set of file reads changes: the next state, the index change, what to report, which files are fine now. */
export interface CorpusPlan {
  next: LiveCorpus;
  change: CorpusChange;
  problems: CorpusProblem[];
  okFiles: string[];
}

/**
 * The live corpus at start-up: the articles kept and those shadowed as duplicates, all kept ones
 * arrived at `at` (their recorded arrival decided the start-up winners already).
 *
 * @example const spoof = { ...articleB, id: articleA.id, file: 'spoof.md' }; // claims an id another file holds
 * liveCorpus([articleA], [spoof], 0).held.size // => 1
 */
export function liveCorpus(kept: readonly Article[], shadowed: readonly Article[], at: number): LiveCorpus {
  const byFile = new Map<string, Article[]>();
  for (const article of [...kept, ...shadowed]) {
    const file = article.file ?? article.id;
    byFile.set(file, [...(byFile.get(file) ?? []), article]);
  }
  return { byFile, held: new Map(kept.map((a) => [a.id, a])), arrived: new Map(kept.map((a) => [a.id, at])) };
}

/**
 * Pure: state + what was read → the change to apply. Every file's articles are candidates; the
 * start-up duplicate rule ({@link dedupeArticles}) picks the winners, where an article held from the
 * same file keeps its arrival and a newcomer has none (so it never takes a held URL or id). A file
 * that fails keeps its previous articles; one that partly parses keeps the old ones it no longer names.
 * A duplicate that was shadowed comes back when the article it duplicated goes.
 *
 * @example const state = liveCorpus([articleA], [], 0);
 * planCorpusChange(state, [{ file: articleA.file, gone: true }], 1).change.removed // => [articleA.id]
 */
export function planCorpusChange(state: LiveCorpus, reads: readonly FileRead[], now: number): CorpusPlan {
  const byFile = new Map(state.byFile);
  const problems: CorpusProblem[] = [];
  const okFiles: string[] = [];
  const readFiles = new Set<string>();
  for (const read of reads) {
    if (read.gone === true) {
      byFile.delete(read.file);
      okFiles.push(read.file);
      continue;
    }
    readFiles.add(read.file);
    problems.push(...read.problems);
    if (read.problems.length === 0) {
      okFiles.push(read.file);
      byFile.set(read.file, read.articles);
    } else if (read.articles.length > 0) {
      const ids = new Set(read.articles.map((a) => a.id));
      byFile.set(read.file, [...read.articles, ...(byFile.get(read.file) ?? []).filter((a) => !ids.has(a.id))]);
    }
  }
  const candidates = [...byFile.keys()].sort().flatMap((file) => byFile.get(file)!);
  const rank = (a: Article) => (state.held.get(a.id)?.file === a.file ? state.arrived.get(a.id) : undefined);
  const decided = dedupeArticles(candidates, rank);
  const duplicates = decided.duplicates.filter((d) => readFiles.has(d.file));
  problems.push(...duplicates);

  const held = new Map<string, Article>();
  const arrived = new Map<string, number>();
  const change: CorpusChange = { upserted: [], removed: [] };
  for (const article of decided.articles) {
    held.set(article.id, article);
    arrived.set(article.id, rank(article) ?? now);
    if (state.held.get(article.id) !== article) change.upserted.push(article);
  }
  for (const id of state.held.keys()) if (!held.has(id)) change.removed.push(id);
  const clean = okFiles.filter((file) => !duplicates.some((d) => d.file === file));
  return { next: { byFile, held, arrived }, change, problems, okFiles: clean };
}
