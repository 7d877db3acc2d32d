import { terms } from '../search/terms.js';

/** How much of a text's most repeated vocabulary each of its sentences carries (Luhn's measure). */
export interface FrequencyScores {
  /** Sum over the sentence's terms of their count in the whole text, over the largest count; 0–1, the highest sentence 1. */
  total: number[];
  /** The same sum per term of the sentence: how densely it uses the text's frequent words (0–1). */
  density: number[];
}

/**
 * Frequency scores of the sentences of one text: a sentence made of the words the text keeps coming
 * back to is about its main subject. `density` favours short sentences that say it, `total` long ones.
 *
 * @example frequencyScores([{ text: 'Rates rise.' }, { text: 'Rates rise again, banks say.' }, { text: 'Cats.' }]).density[1] // => 0.7
 */
export function frequencyScores(sentences: readonly { text: string }[]): FrequencyScores {
  const termLists = sentences.map((s) => terms(s.text));
  const counts = new Map<string, number>();
  for (const list of termLists) for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
  const most = Math.max(1, ...counts.values());
  const sums = termLists.map((list) => list.reduce((sum, t) => sum + counts.get(t)! / most, 0));
  const highest = Math.max(0, ...sums);
  return {
    total: sums.map((s) => (highest > 0 ? s / highest : 0)),
    density: sums.map((s, i) => (termLists[i]!.length > 0 ? s / termLists[i]!.length : 0)),
  };
}
