/**
 * The TIME magazine test collection (Glasgow IR collections, 1963): 423 articles, 83 queries, judgments.
 * Parsing is pure; {@link readTimeCollection} reads the files from `../shared/datasets/time` at run time
 * (the data is never copied into the repository). See that folder's PROVENANCE.txt.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../src/articles/article.js';
import { splitSentences } from '../src/summary/sentences.js';

/** One `*TEXT` record of TIME.ALL. */
export interface TimeDocument {
  /** 1-based position in TIME.ALL: the number the judgments use. */
  ordinal: number;
  /** The `*TEXT nnn` label (not used by the judgments). */
  label: string;
  /** ISO date from the `mm/dd/yy` header. */
  published: string;
  /** The text, its wrapped lines joined by single spaces (otherwise as in the file, upper case). */
  text: string;
}

export interface TimeQuery {
  id: number;
  text: string;
}

/** The collection as the evaluation uses it. */
export interface TimeCollection {
  documents: TimeDocument[];
  queries: TimeQuery[];
  /** Relevant document ordinals per query, only those that exist in TIME.ALL. */
  relevant: Map<number, Set<number>>;
  /** Judged ordinals that point past the last document (dropped from `relevant`), per query. */
  unreachable: Map<number, number[]>;
  stopWords: Set<string>;
}

/**
 * Parses TIME.ALL: `*TEXT nnn mm/dd/yy PAGE ppp` headers, upper-case bodies, an optional `*STOP`.
 *
 * @example parseTimeDocuments('*TEXT 017 01/04/63 PAGE 020\n\nA B .\n\nC .\n')[0].text // 'A B . C .'
 */
export function parseTimeDocuments(text: string): TimeDocument[] {
  const out: TimeDocument[] = [];
  const records = text.replace(/\r\n?/g, '\n').split(/^\*TEXT\s+/m).slice(1);
  for (const record of records) {
    const newline = record.indexOf('\n');
    const header = newline < 0 ? record : record.slice(0, newline);
    const body = (newline < 0 ? '' : record.slice(newline + 1)).replace(/^\*STOP\s*$/m, '');
    const m = /^(\S+)\s+(\d{2})\/(\d{2})\/(\d{2})/.exec(header);
    out.push({
      ordinal: out.length + 1,
      label: m?.[1] ?? header.trim(),
      published: m ? `19${m[4]}-${m[2]}-${m[3]}` : '',
      text: joinLines(body),
    });
  }
  return out;
}

/**
 * Parses TIME.QUE: `*FIND n` then the query text (no trailing `*STOP` in this copy).
 *
 * @example parseTimeQueries('*FIND 1\n\n FOO BAR .\n')[0] // { id: 1, text: 'FOO BAR .' }
 */
export function parseTimeQueries(text: string): TimeQuery[] {
  const out: TimeQuery[] = [];
  for (const part of text.replace(/\r\n?/g, '\n').split(/^\*FIND\s+/m).slice(1)) {
    const m = /^(\d+)\s*\n([\s\S]*)$/.exec(part);
    if (!m) continue;
    out.push({ id: Number(m[1]), text: joinLines(m[2]!.replace(/^\*STOP\s*$/m, '')) });
  }
  return out;
}

/**
 * Parses TIME.REL: `qid d1 d2 …` per line (document ordinals); lines with no documents give an empty set.
 *
 * @example parseTimeJudgments('1  268 288\n\n56  \n').get(1) // Set {268, 288}
 */
export function parseTimeJudgments(text: string): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const line of text.split(/\r?\n/)) {
    const numbers = line.trim().split(/\s+/).filter((s) => /^\d+$/.test(s)).map(Number);
    if (numbers.length === 0) continue;
    const [query, ...docs] = numbers;
    out.set(query!, new Set(docs));
  }
  return out;
}

/**
 * Parses TIME.STP (one word a line), lower-cased.
 *
 * @example parseStopList('A\n\nABOUT\n').has('about') // true
 */
export function parseStopList(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter((w) => w !== '').map((w) => w.toLowerCase()));
}

/**
 * A TIME document as a Brief {@link Article}. TIME has no separate title (the section headline opens
 * the text), so the title is empty, the lead is the first sentence and the body the whole text.
 *
 * @example timeArticle(doc).id // 'time-1'
 */
export function timeArticle(doc: TimeDocument): Article {
  const first = splitSentences(doc.text)[0]?.text ?? doc.text;
  return {
    id: timeArticleId(doc.ordinal),
    title: '',
    lead: first,
    body: doc.text,
    source: 'TIME',
    ...(doc.published === '' ? {} : { published: doc.published }),
    tags: [],
    lang: 'en',
    excerpt: false,
    file: `TIME.ALL#${doc.ordinal}`,
  };
}

/** The article id of the document at a TIME.ALL position. */
export function timeArticleId(ordinal: number): string {
  return `time-${ordinal}`;
}

/**
 * Reads and parses the collection from its folder. Judged ordinals past the last document are moved
 * to `unreachable` (PROVENANCE.txt: ids 424/425 in q15, q23, q26 point past the 423 documents).
 */
export async function readTimeCollection(dir: string): Promise<TimeCollection> {
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  const [all, que, rel, stp] = await Promise.all([read('TIME.ALL'), read('TIME.QUE'), read('TIME.REL'), read('TIME.STP')]);
  const documents = parseTimeDocuments(all);
  const judged = parseTimeJudgments(rel);
  const relevant = new Map<number, Set<number>>();
  const unreachable = new Map<number, number[]>();
  for (const [query, docs] of judged) {
    const inside = [...docs].filter((d) => d >= 1 && d <= documents.length);
    const outside = [...docs].filter((d) => d < 1 || d > documents.length);
    relevant.set(query, new Set(inside));
    if (outside.length > 0) unreachable.set(query, outside);
  }
  return { documents, queries: parseTimeQueries(que), relevant, unreachable, stopWords: parseStopList(stp) };
}

function joinLines(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
}
