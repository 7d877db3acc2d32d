import { describe, expect, it } from 'vitest';
import { budgetTokens, fillBudget } from '../../eval/word-budget.js';

const s = (text: string, index: number) => ({ text, start: 0, index });

describe('fixed-length summaries', () => {
  const preference = [s('Rates rose again on Monday.', 2), s('Banks warned.', 0), s('Markets fell sharply in Asia today.', 1)];

  it('takes whole sentences best first until the budget is reached, then returns them in article order', () => {
    expect(fillBudget(preference, 5).map((x) => x.index)).toEqual([2]);
    expect(fillBudget(preference, 6).map((x) => x.index)).toEqual([0, 2]);
    expect(fillBudget(preference, 100).map((x) => x.index)).toEqual([0, 1, 2]);
  });

  it('cuts the summary to the budget in ROUGE tokens, in article order', () => {
    expect(budgetTokens(fillBudget(preference, 6), 6)).toEqual(['bank', 'warn', 'rate', 'rose', 'again', 'on']);
    expect(budgetTokens([s('Two words.', 0)], 10)).toEqual(['two', 'word']);
  });
});
