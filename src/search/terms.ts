import pluralize from 'pluralize';
import { eng } from 'stopword';
import { hasUnspacedScript, scriptTerm, segmentWords } from './scripts.js';

const STOP_WORDS: ReadonlySet<string> = new Set([...eng, 'the', 'a', 'of', 'to', 'in', 'on', 'is', 'it', 'its', 'was', 'were', 'has', 'have', 'had', 'not', 'no', 'or', 'by', 'for', 'with', 'from', 'this', 'that', 'these', 'those', 'they', 'them', 'their', 'he', 'she', 'his', 'her', 'we', 'our', 'you', 'your', 'i', 'me', 'my', 's', 't']);

/** Splits text into words the way the index does (Unicode letters, their combining marks, and digits). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)?/gu;

/**
 * One word as the index stores it: lower-cased, possessive dropped, stop words removed (`null`),
 * plurals made singular by {@link singular}; a word of another script by {@link scriptTerm} (its
 * script's stop words, Arabic spelling folded). Used both when indexing and when querying, so the two always agree.
 *
 * @example processTerm('Revenues') // => 'revenue'
 * @example processTerm('the') // => null
 */
export function processTerm(word: string): string | null {
  const lower = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  const other = scriptTerm(lower);
  if (other !== undefined) return other;
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  return singular(lower);
}

/**
 * Plurals to singular, through the `pluralize` package (irregular plurals included: crises → crisis,
 * analyses → analysis), for words over three letters that end in "s" but not in "-us", "-ss" or "-is".
 * Porter stemming conflated too much for news (police/policy, general/generation, news/new); on the
 * TIME development queries plural-only stemming ranked better (EVALUATION.md).
 */
function singular(word: string): string {
  if (word.length <= 3 || /(us|ss|is)$/.test(word) || !word.endsWith('s')) return word;
  return pluralize.singular(word);
}

/**
 * Splits text into tokens: the one tokenizer of the index and of queries (runs of letters and digits,
 * with an inner apostrophe kept, so `O'Brien` is one token when indexed and when asked for; Chinese,
 * Japanese and Thai runs split into their words by {@link segmentWords}).
 *
 * @example tokenize("O'Brien's state-affiliated media") // => ["O'Brien", 's', 'state', 'affiliated', 'media']
 */
export function tokenize(text: string): string[] {
  const tokens = text.match(WORD) ?? [];
  // Most text has no unspaced script: its tokens are the matches themselves (one test, no copy).
  return hasUnspacedScript(text) ? tokens.flatMap(segmentWords) : tokens;
}

/** The words of a text, as typed (lower-cased). */
export function words(text: string): string[] {
  return tokenize(text).map((w) => w.toLowerCase());
}

/** The processed terms of a text, in order, stop words removed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of tokenize(text)) {
    const t = processTerm(w);
    if (t !== null) out.push(t);
  }
  return out;
}

/** True when `word` is an English stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}
