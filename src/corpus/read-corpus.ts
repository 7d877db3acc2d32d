import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Article, CorpusProblem } from '../articles/article.js';
import { contestedIds, dedupeArticles, type ArrivalRank } from '../articles/dedupe.js';
import { CORPUS_EXTENSIONS, parseArticleFile, parseJsonLine, type ParsedFile } from '../articles/parse-article.js';
import { detectLanguages } from '../articles/detect-language.js';
import { NO_PUBLISHERS, withPublisher, type PublisherRegistry } from '../articles/publishers.js';
import { CodedError, type ErrorCodeOf } from '../errors.js';
import { classifyEntry, lines, openCorpusFile, readBounded, SkippedEntry } from './open-corpus-file.js';

/** Largest article: a Markdown file, or one line of a JSON Lines file. Bigger ones are reported and skipped. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Largest bulk file (`*.json`, `*.jsonl`): read as a stream, each entry still within {@link MAX_FILE_BYTES}. */
const MAX_BULK_BYTES = 256 * 1024 * 1024;

/** What reading a corpus folder gives. Problems and duplicates are reported, never thrown. */
export interface Corpus {
  dir: string;
  articles: Article[];
  problems: CorpusProblem[];
  duplicates: CorpusProblem[];
  /** Articles read but not kept, as duplicates: one comes back if the article it duplicates goes. */
  shadowed?: Article[];
  /** The corpus files read (relative paths, sorted). */
  files?: string[];
}

/** When each article id was first seen, for the ids given (the store's recorded arrivals). */
export type ArrivalLookup = (ids: readonly string[]) => Promise<ReadonlyMap<string, Date>>;

/** The corpus files of a folder, and the entries skipped (with why). */
export interface CorpusScan {
  files: string[];
  skipped: CorpusProblem[];
}

/**
 * An {@link ArrivalLookup} over a store's recorded arrivals (one query per id: only contested ids are asked).
 *
 * @example await stores.arrivals.recordArrivals([articles[0].id], now);
 * const arrivals = storeArrivals(stores.arrivals); // readCorpus(corpusDir, { arrivals }) keeps the first-seen of two files with one id
 * const seen = await arrivals([articles[0].id, 'never-seen']);
 * [seen.get(articles[0].id)?.getTime(), seen.has('never-seen')] // => [now.getTime(), false]
 */
export function storeArrivals(store: { arrivalOf(id: string): Promise<Date | undefined> }): ArrivalLookup {
  return async (ids) => {
    const out = new Map<string, Date>();
    for (const id of ids) {
      const at = await store.arrivalOf(id);
      if (at !== undefined) out.set(id, at);
    }
    return out;
  };
}

/** A corpus folder that cannot be used at all. */
export class CorpusError extends CodedError<ErrorCodeOf<'corpus'>> {}

/**
 * Reads every corpus file under `dir` (recursively, skipping dot-files, never through a link to a
 * folder), in a stable order, and keeps one article per id and URL: the one that arrived first by
 * `arrivals`, path order when neither did. Entries that are not regular files are named in `problems`.
 * Throws {@link CorpusError} only when the folder is missing, not a folder, or holds no corpus file.
 *
 * @example const { articles, problems } = await readCorpus(corpusDir);
 * [articles.length, problems] // => [6, []]
 */
export async function readCorpus(dir: string, options: { arrivals?: ArrivalLookup; scan?: CorpusScan; publishers?: PublisherRegistry } = {}): Promise<Corpus> {
  const { files, skipped } = options.scan ?? (await scanCorpus(dir));
  const read: Article[] = [];
  const problems: CorpusProblem[] = [...skipped];
  for (const file of files) {
    const result = await readCorpusFile(dir, file, options.publishers);
    read.push(...result.articles);
    problems.push(...result.problems);
  }
  const contested = contestedIds(read);
  const arrived = contested.length > 0 && options.arrivals ? await options.arrivals(contested) : new Map<string, Date>();
  const rank: ArrivalRank = (a) => arrived.get(a.id)?.getTime();
  const deduped = dedupeArticles(read, rank);
  return { dir, articles: deduped.articles, problems, duplicates: deduped.duplicates, shadowed: deduped.shadowed, files };
}

/** Lists the corpus files under `dir` as sorted relative paths (see {@link scanCorpus}). */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  return (await scanCorpus(dir)).files;
}

/**
 * The corpus files under `dir` (sorted relative paths) and the entries skipped with a reason: links
 * to folders or outside the corpus, FIFOs, sockets, devices. Links to files inside the corpus are
 * read; folders (even one named `x.md`) are walked; dot-files and other names are ignored.
 *
 * @example const { files, skipped } = await scanCorpus(corpusDir);
 * [files.length, skipped] // => [6, []]
 * await scanCorpus(`${dir}/nowhere`).catch((err) => err.code) // => 'CORPUS_MISSING'
 */
export async function scanCorpus(dir: string): Promise<CorpusScan> {
  const kind = await classifyEntry(dir, '').catch(() => undefined);
  if (kind === undefined) {
    throw new CorpusError('CORPUS_MISSING', `The corpus folder "${dir}" does not exist. Create it or point CORPUS_DIR (or --corpus) at a folder of articles.`);
  }
  if (kind !== 'folder' && kind !== 'a link to a folder (links to folders are not followed)') throw new CorpusError('CORPUS_NOT_A_FOLDER', `The corpus path "${dir}" is not a folder.`);
  const files: string[] = [];
  const skipped: CorpusProblem[] = [];
  const folders = [''];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const entry of await readdir(path.join(dir, folder), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = path.join(folder, entry.name);
      if (entry.isDirectory()) folders.push(rel);
      else if (entry.isFile()) {
        if (isCorpusFile(entry.name)) files.push(rel);
      } else if (isCorpusFile(entry.name) || entry.isSymbolicLink()) {
        const what = await classifyEntry(dir, rel).catch((err: Error) => `could not be examined: ${err.message}`);
        if (what === 'file') {
          if (isCorpusFile(entry.name)) files.push(rel);
        } else if (isCorpusFile(entry.name) || what.startsWith('a link to a folder') || what.startsWith('a broken')) skipped.push({ file: rel, reason: what });
      }
    }
  }
  files.sort();
  skipped.sort((a, b) => (a.file < b.file ? -1 : 1));
  if (files.length === 0) {
    const why = skipped.length === 0 ? '' : ` (skipped: ${skipped.slice(0, 5).map((s) => `${s.file}, ${s.reason}`).join('; ')})`;
    throw new CorpusError('CORPUS_EMPTY', `The corpus folder "${dir}" holds no articles (*.md, *.json or *.jsonl)${why}.`);
  }
  return { files, skipped };
}

/** True for a file name the corpus reads. */
export function isCorpusFile(name: string): boolean {
  const lower = name.toLowerCase();
  return !name.startsWith('.') && CORPUS_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Reads and parses one corpus file without ever blocking: anything but a regular file (or a link to
 * one inside the corpus) is skipped before it is opened; reads are bounded. Size, type and encoding
 * problems become reported problems. Bulk files are streamed: a bad or oversized line skips that line only.
 *
 * The publisher registry fills in what each article's file does not say about its publisher, and the
 * language of an article whose file does not name it is detected.
 *
 * @example const { articles, problems } = await readCorpusFile(corpusDir, 'taliban-collecting-revenue.md');
 * [articles.length, problems] // => [1, []]
 */
export async function readCorpusFile(dir: string, file: string, publishers: PublisherRegistry = NO_PUBLISHERS): Promise<ParsedFile> {
  const parsed = await readParsedFile(dir, file);
  const articles = await detectLanguages(parsed.articles);
  return { articles: publishers.size === 0 ? articles : articles.map((a) => withPublisher(a, publishers)), problems: parsed.problems };
}

async function readParsedFile(dir: string, file: string): Promise<ParsedFile> {
  const lower = file.toLowerCase();
  const bulk = lower.endsWith('.json') || lower.endsWith('.jsonl');
  let opened;
  try {
    opened = await openCorpusFile(dir, file, bulk ? MAX_BULK_BYTES : MAX_FILE_BYTES);
  } catch (err) {
    return problem(file, err);
  }
  try {
    if (lower.endsWith('.jsonl')) return await readJsonLines(file, opened.handle);
    const text = decodeText(await readBounded(opened.handle, bulk ? MAX_BULK_BYTES : MAX_FILE_BYTES));
    if (text === undefined) return { articles: [], problems: [{ file, reason: 'not a text file (binary or not UTF-8)' }] };
    return parseArticleFile(file, text);
  } catch (err) {
    return problem(file, err);
  } finally {
    await opened.handle.close();
  }
}

async function readJsonLines(file: string, handle: Parameters<typeof lines>[0]): Promise<ParsedFile> {
  const out: ParsedFile = { articles: [], problems: [] };
  let lineNo = 0;
  for await (const bytes of lines(handle, MAX_FILE_BYTES)) {
    lineNo += 1;
    const text = bytes === undefined ? undefined : decodeText(bytes);
    if (text === undefined) {
      out.problems.push({ file: `${file}:${lineNo}`, reason: bytes === undefined ? 'line larger than 5 MB' : 'not text (binary or not UTF-8)' });
      continue;
    }
    const parsed = parseJsonLine(file, text.replace(/\r$/, ''), lineNo);
    for (const a of parsed.articles) out.articles.push(a);
    for (const p of parsed.problems) out.problems.push(p);
  }
  return out;
}

function problem(file: string, err: unknown): ParsedFile {
  const reason = err instanceof SkippedEntry ? err.message : `could not be read: ${(err as Error).message}`;
  return { articles: [], problems: [{ file, reason }] };
}

/** UTF-8 text, or undefined when the bytes are binary or not valid UTF-8. */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
