import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, CorpusProblem } from '../articles/article.js';
import { dedupeArticles } from '../articles/dedupe.js';
import { CORPUS_EXTENSIONS, parseArticleFile } from '../articles/parse-article.js';

/** Largest corpus file read; bigger ones are reported and skipped. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** What reading a corpus folder gives. Problems and duplicates are reported, never thrown. */
export interface Corpus {
  dir: string;
  articles: Article[];
  problems: CorpusProblem[];
  duplicates: CorpusProblem[];
}

/** A corpus folder that cannot be used at all. */
export class CorpusError extends Error {
  constructor(
    readonly code: 'CORPUS_MISSING' | 'CORPUS_NOT_A_FOLDER' | 'CORPUS_EMPTY',
    message: string,
  ) {
    super(message);
    this.name = 'CorpusError';
  }
}

/**
 * Reads every corpus file under `dir` (recursively, skipping dot-files), in a stable order.
 * Throws {@link CorpusError} only when the folder is missing, not a folder, or holds no corpus file.
 */
export async function readCorpus(dir: string): Promise<Corpus> {
  const files = await listCorpusFiles(dir);
  const articles: Article[] = [];
  const problems: CorpusProblem[] = [];
  for (const file of files) {
    const result = await readCorpusFile(dir, file);
    articles.push(...result.articles);
    problems.push(...result.problems);
  }
  const deduped = dedupeArticles(articles);
  return { dir, articles: deduped.articles, problems, duplicates: deduped.duplicates };
}

/** Lists the corpus files under `dir` as sorted relative paths. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new CorpusError('CORPUS_MISSING', `The corpus folder "${dir}" does not exist. Create it or point CORPUS_DIR (or --corpus) at a folder of articles.`);
  }
  if (!info.isDirectory()) throw new CorpusError('CORPUS_NOT_A_FOLDER', `The corpus path "${dir}" is not a folder.`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && isCorpusFile(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
    .filter((rel) => !rel.split(path.sep).some((part) => part.startsWith('.')))
    .sort();
  if (files.length === 0) {
    throw new CorpusError('CORPUS_EMPTY', `The corpus folder "${dir}" holds no articles (*.md, *.json or *.jsonl).`);
  }
  return files;
}

/** True for a file name the corpus reads. */
export function isCorpusFile(name: string): boolean {
  const lower = name.toLowerCase();
  return !name.startsWith('.') && CORPUS_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Reads and parses one corpus file; size and encoding problems become reported problems. */
export async function readCorpusFile(dir: string, file: string): Promise<{ articles: Article[]; problems: CorpusProblem[] }> {
  const full = path.join(dir, file);
  try {
    const info = await stat(full);
    if (info.size > MAX_FILE_BYTES) {
      return { articles: [], problems: [{ file, reason: `larger than 5 MB (${(info.size / 1048576).toFixed(1)} MB)` }] };
    }
    const bytes = await readFile(full);
    const text = decodeText(bytes);
    if (text === undefined) return { articles: [], problems: [{ file, reason: 'not a text file (binary or not UTF-8)' }] };
    return parseArticleFile(file, text);
  } catch (err) {
    return { articles: [], problems: [{ file, reason: `could not be read: ${(err as Error).message}` }] };
  }
}

/** UTF-8 text, or undefined when the bytes are binary or not valid UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
