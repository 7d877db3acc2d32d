import { boundedMemo } from '../memo.js';
import { sentenceCuts } from './sentence-cuts.js';

/** A sentence copied verbatim from a text, with where it sits. */
export interface Sentence {
  text: string;
  /** Offset of the first character in the source text. */
  start: number;
  /** Position among the text's sentences (0 = first). */
  index: number;
}

/**
 * Splits text into sentences, each an exact slice of the input (trimmed). Paragraph breaks always
 * split; inside a paragraph the cuts are {@link sentenceCuts}: terminators judged by the words around
 * them (titles, initials, "U.S." and "a.m." before a capital, ellipses, closing quotes), bullets and
 * numbered or lettered list items, line breaks that are not wrapped prose.
 *
 * @example splitSentences('Lt. Gen. Kurilla spoke. He left.').map((s) => s.text) // => ['Lt. Gen. Kurilla spoke.', 'He left.']
 */
export function splitSentences(text: string): Sentence[] {
  return [...frozenSplit(text)];
}

/**
 * The last texts split, so the articles of a popular query are not segmented again for every
 * brief (and twice per brief: once for the item's summary, once for the synthesis). Oldest out first.
 */
const SPLIT_CACHE_SIZE = 512;
const frozenSplit = boundedMemo((text: string): readonly Sentence[] => split(text).map((s) => Object.freeze(s)), SPLIT_CACHE_SIZE);

function split(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paragraph = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (const block of text.matchAll(paragraph)) {
    const base = block.index ?? 0;
    let start = 0;
    for (const cut of [...sentenceCuts(block[0]), block[0].length]) {
      push(out, text, { start: base + start, end: base + cut });
      start = cut;
    }
  }
  return out;
}

function push(out: Sentence[], text: string, span: { start: number; end: number }): void {
  const raw = text.slice(span.start, span.end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed === '' || !/[\p{L}\p{N}]/u.test(trimmed)) return;
  out.push({ text: trimmed, start: span.start + lead, index: out.length });
}
