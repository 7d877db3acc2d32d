/**
 * BBC News Summary (2,225 articles in five categories, each with a reference extractive summary),
 * read from `../shared/datasets/bbc-news-summary` at run time and never copied into the repository.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface BbcArticle {
  /** `<category>/NNN`. */
  id: string;
  category: string;
  /** The first line of the file. */
  title: string;
  /** Everything after the title line, paragraphs separated by blank lines. */
  body: string;
  /** The whole article file as decoded: summaries are checked against it. */
  raw: string;
  /** The reference summary (sentences copied from the article, concatenated without spaces). */
  reference: string;
}

export interface BbcCollection {
  articles: BbcArticle[];
  /** Files that were not valid UTF-8 and were decoded as Windows-1252 instead. */
  legacyDecoded: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const legacy = new TextDecoder('windows-1252');

/**
 * Decodes a file: UTF-8 when valid, else Windows-1252 (one BBC file has a lone `0xA3`, a Latin-1 "£").
 *
 * @example decodeLenient(Buffer.from([0xa3, 0x31])) // { text: '£1', legacy: true }
 */
export function decodeLenient(bytes: Uint8Array): { text: string; legacy: boolean } {
  try {
    return { text: utf8.decode(bytes), legacy: false };
  } catch {
    return { text: legacy.decode(bytes), legacy: true };
  }
}

/**
 * Splits a BBC article file into title (first line) and body (the rest, trimmed).
 *
 * @example splitBbcArticle('Title\n\nBody.\n') // { title: 'Title', body: 'Body.' }
 */
export function splitBbcArticle(text: string): { title: string; body: string } {
  const normalized = text.replace(/\r\n?/g, '\n');
  const newline = normalized.indexOf('\n');
  if (newline < 0) return { title: normalized.trim(), body: '' };
  return { title: normalized.slice(0, newline).trim(), body: normalized.slice(newline + 1).trim() };
}

/** Reads every article with its reference summary, in category then file order. */
export async function readBbcCollection(dir: string): Promise<BbcCollection> {
  const articles: BbcArticle[] = [];
  const legacyDecoded: string[] = [];
  const categories = (await readdir(path.join(dir, 'articles'))).sort();
  for (const category of categories) {
    const files = (await readdir(path.join(dir, 'articles', category))).filter((f) => f.endsWith('.txt')).sort();
    const loaded = await Promise.all(
      files.map(async (file) => {
        const [a, s] = await Promise.all([readFile(path.join(dir, 'articles', category, file)), readFile(path.join(dir, 'summaries', category, file))]);
        return { file, article: decodeLenient(a), summary: decodeLenient(s) };
      }),
    );
    for (const { file, article, summary } of loaded) {
      const id = `${category}/${file.replace(/\.txt$/, '')}`;
      if (article.legacy) legacyDecoded.push(`articles/${id}.txt`);
      if (summary.legacy) legacyDecoded.push(`summaries/${id}.txt`);
      const { title, body } = splitBbcArticle(article.text);
      articles.push({ id, category, title, body, raw: article.text, reference: summary.text.trim() });
    }
  }
  return { articles, legacyDecoded };
}
