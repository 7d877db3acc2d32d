import { eng } from 'stopword';

const STOP_WORDS: ReadonlySet<string> = new Set([...eng, 'the', 'a', 'of', 'to', 'in', 'on', 'is', 'it', 'its', 'was', 'were', 'has', 'have', 'had', 'not', 'no', 'or', 'by', 'for', 'with', 'from', 'this', 'that', 'these', 'those', 'they', 'them', 'their', 'he', 'she', 'his', 'her', 'we', 'our', 'you', 'your', 'i', 'me', 'my', 's', 't']);

/** Splits text into words the way the index does (Unicode letters and digits). */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * One word as the index stores it: lower-cased, possessive dropped, stop words removed (`null`),
 * plural stripped by {@link lightStem}. Used both when indexing and when querying, so the two always agree.
 *
 * @example processTerm('Revenues') // 'revenue'
 * @example processTerm('the') // null
 */
export function processTerm(word: string): string | null {
  const lower = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  return lightStem(lower);
}

/**
 * Harman's "S" stemmer (1991): plurals only (`-ies` → `-y`, `-es` → `-e`, `-s` → ``, sparing `-us`,
 * `-ss` and short words). Porter conflated too much for news (police/policy, general/generation, and
 * news/new); on the TIME development queries the light stemmer ranked better (EVALUATION.md).
 *
 * @example lightStem('duties') // 'duty'
 * @example lightStem('taliban') // 'taliban'
 */
export function lightStem(word: string): string {
  if (word.length > 4 && word.endsWith('ies') && !/[ae]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('es') && !/[aeo]es$/.test(word)) return word.slice(0, -1);
  if (word.length > 3 && word.endsWith('s') && !/(us|ss|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The words of a text, as typed (lower-cased). */
export function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase());
}

/** The processed terms of a text, in order, stop words removed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of text.match(WORD) ?? []) {
    const t = processTerm(w);
    if (t !== null) out.push(t);
  }
  return out;
}

/** True when `word` is an English stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}
