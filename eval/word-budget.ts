/**
 * Summaries compared at equal length: each system fills a word budget from its own preference order
 * of sentences, the summary is read in article order, and its ROUGE tokens are cut to the budget (as
 * ROUGE's `-l` length limit does), so no system gains from longer sentences.
 */
import type { Sentence } from '../src/summary/sentences.js';
import { rougeTokens } from './rouge.js';

/**
 * Whole sentences taken best first until they hold at least `words` ROUGE tokens (or the text runs
 * out), returned in article order. Every sentence stays verbatim; only the scoring cuts words.
 *
 * @example fillBudget([{ text: 'Two words.', start: 0, index: 1 }, { text: 'One.', start: 11, index: 0 }], 2).length // 1
 */
export function fillBudget(preference: readonly Sentence[], words: number): Sentence[] {
  const chosen: Sentence[] = [];
  let count = 0;
  for (const s of preference) {
    if (count >= words) break;
    chosen.push(s);
    count += rougeTokens(s.text).length;
  }
  return chosen.sort((a, b) => a.index - b.index);
}

/**
 * The ROUGE tokens of a summary (sentences joined in order), cut to the first `words`.
 *
 * @example budgetTokens([{ text: 'The cats sat down.', start: 0, index: 0 }], 2) // ['the', 'cat']
 */
export function budgetTokens(summary: readonly Sentence[], words: number): string[] {
  return rougeTokens(summary.map((s) => s.text).join(' ')).slice(0, words);
}
