import type { Article } from '../articles/article.js';
import { INDEX_OPTIONS } from '../search/index-options.js';
import { memoizeTerms } from '../search/term-cache.js';
import { sourceKey, squash } from '../search/search.js';
import { lexeme } from './tsquery.js';

/**
 * How an article is stored for the postgres engine (a row of `search_docs`): its terms as Brief's
 * own tokenizer and term processing make them, in a tsvector (so queries and index agree, as with
 * MiniSearch), with positions for phrases and a weight label per field; what the filters read.
 */
export interface SearchRow {
  id: string;
  /** ISO instant, or null when the article has no readable date. */
  published: string | null;
  lang: string;
  source_key: string;
  tag_keys: string[];
  /** Distinct tokens per field (title, lead, body, tags, source): MiniSearch's field lengths. */
  lengths: number[];
  /** Body positions below this are the lead's (the lead is the body's first paragraph). */
  lead_end: number;
  /** tsvector text: `'term':3A,9D …`. */
  tsv: string;
}

/** A stored row, and which fields each of its terms is in (as {@link termFields} reads them back from it). */
export interface EncodedRow {
  row: SearchRow;
  fields: Map<string, boolean[]>;
}

/** The index's term processing, memoized (a corpus repeats its words). */
const processTerm = memoizeTerms(INDEX_OPTIONS.processTerm);

/** Field numbers, in the index's field order. */
const TITLE = 0;
const LEAD = 1;
const BODY = 2;
const TAGS = 3;
const SOURCE = 4;
/** The weight label each stored field gets (the lead is told apart by position, inside the body). */
const LABELS: Record<string, number> = { A: TITLE, D: BODY, B: TAGS, C: SOURCE };
const LABEL_OF = ['A', 'D', 'D', 'B', 'C'] as const;
/** PostgreSQL keeps positions up to this, and at most 256 of them per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 255;

type Positions = Map<string, { pos: number; field: number }[]>;

/**
 * The `search_docs` row of an article. Positions count every token (stop words too, as
 * `phraseQuery` does), one field after another with a gap, so a phrase matches inside a field.
 *
 * @example searchRow({ ...article, title: 'Taliban revenue', body: 'Customs revenue.', lead: 'Customs revenue.', tags: ['Kabul'], source: 'USIP' }).row.tsv // => "'custom':4D 'kabul':7B 'revenue':2A,5D 'taliban':1A 'usip':9C"
 */
export function searchRow(article: Article): EncodedRow {
  const positions: Positions = new Map();
  let next = 1;
  let leadEnd = 0;
  const lengths = [0, 0, 0, 0, 0];
  const add = (text: string, field: number) => {
    const tokens = INDEX_OPTIONS.tokenize(text);
    lengths[field] = new Set(tokens).size;
    tokens.forEach((token, i) => {
      const term = processTerm(token);
      if (!term) return;
      const list = positions.get(term);
      const at = { pos: Math.min(MAX_POSITION, next + i), field };
      if (list === undefined) positions.set(term, [at]);
      else list.push(at);
    });
    next += tokens.length + 1;
  };
  add(article.title, TITLE);
  leadEnd = next + INDEX_OPTIONS.tokenize(article.lead).length;
  lengths[LEAD] = new Set(INDEX_OPTIONS.tokenize(article.lead)).size;
  add(article.body, BODY);
  add(article.tags.join(' '), TAGS);
  add(article.source ?? '', SOURCE);
  const at = article.published === undefined ? Number.NaN : Date.parse(article.published);
  const leadEndAt = Math.min(leadEnd, MAX_POSITION);
  const { text, fields } = tsvector(positions, leadEndAt);
  const row = {
    id: article.id,
    published: Number.isNaN(at) ? null : new Date(at).toISOString(),
    lang: article.lang,
    source_key: sourceKey(article),
    tag_keys: article.tags.map(squash),
    lengths,
    lead_end: leadEndAt,
    tsv: text,
  };
  return { row, fields };
}

/** The tsvector text, and the fields of each term as read back from exactly the positions written. */
function tsvector(positions: Positions, leadEnd: number): { text: string; fields: Map<string, boolean[]> } {
  const out: string[] = [];
  const fields = new Map<string, boolean[]>();
  for (const term of [...positions.keys()].sort()) {
    let list = positions.get(term)!;
    if (list.length > MAX_POSITIONS) {
      // Keep each field's first position (what the field frequencies are read from), then the earliest.
      const firsts = new Set(LABEL_OF.map((_, f) => list.find((p) => p.field === f)).filter((p) => p !== undefined));
      list = [...firsts, ...list.filter((p) => !firsts.has(p)).slice(0, MAX_POSITIONS - firsts.size)].sort((a, b) => a.pos - b.pos);
    }
    const seen = new Set<number>();
    const kept = list.filter((p) => !seen.has(p.pos) && seen.add(p.pos));
    const present = [false, false, false, false, false];
    for (const p of kept) {
      present[p.field] = true;
      if (p.field === BODY && p.pos < leadEnd) present[LEAD] = true;
    }
    fields.set(term, present);
    out.push(`${lexeme(term)}:${kept.map((p) => `${p.pos}${LABEL_OF[p.field]}`).join(',')}`);
  }
  return { text: out.join(' '), fields };
}

/**
 * Which fields each term of a stored row is in (title, lead, body, tags, source), read back from
 * its tsvector text and lead end: what its document frequencies counted when it was stored.
 *
 * @example [...termFields("'revenue':2A,5D 'taliban':1A", 5)] // => [['revenue', [true, false, true, false, false]], ['taliban', [true, false, false, false, false]]]
 */
export function termFields(tsv: string, leadEnd: number): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  // A lexeme is quoted ('' and \\ inside), then :positions with labels.
  for (const m of tsv.matchAll(/'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g)) {
    const term = m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1');
    const fields = [false, false, false, false, false];
    for (const cell of (m[2] ?? '').split(',')) {
      const pos = Number.parseInt(cell, 10);
      const field = LABELS[cell.at(-1)!] ?? BODY;
      fields[field] = true;
      if (field === BODY && pos < leadEnd) fields[LEAD] = true;
    }
    out.set(term, fields);
  }
  return out;
}

