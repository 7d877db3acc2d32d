import { describe, expect, it } from 'vitest';
import { genericSummary, querySummary } from '../../src/summary/summarize.js';
import { frequencyScores } from '../../src/summary/term-frequency.js';
import { synthesize } from '../../src/summary/synthesize.js';
import { article } from '../support/articles.js';

const usip = article({
  id: 'usip',
  title: 'Taliban Are Collecting Revenue — But How Are They Spending It?',
  body:
    'U.S. and other donors must engage Taliban on their finances so that aid doesn’t pay for costs already covered by Afghanistan’s government budget.\n\n' +
    'Although economic and humanitarian conditions in Afghanistan continue to deteriorate, the Taliban have taken some positive steps toward financial stability. ' +
    'Customs duties have risen with a crackdown on corruption at border crossings. Officials in Kabul published a three-month budget in January.',
});

describe('querySummary', () => {
  it('picks the sentences holding the query terms, verbatim, in article order', () => {
    const summary = querySummary(usip, new Set(['custom', 'duti']), 2).map((s) => s.text);
    expect(summary[0]).toBe('Customs duties have risen with a crackdown on corruption at border crossings.');
    for (const s of summary) expect(usip.body).toContain(s);
  });

  it('falls back to a generic summary when no sentence holds a query term', () => {
    expect(querySummary(usip, new Set(['zebra']), 1).map((s) => s.text)).toEqual(genericSummary(usip, 1).map((s) => s.text));
  });

  it('gives at most the sentences asked for', () => {
    expect(querySummary(usip, new Set(['taliban']), 2).length).toBeLessThanOrEqual(2);
    expect(genericSummary(usip, 3)).toHaveLength(3);
  });
});

describe('synthesize', () => {
  const items = [
    { number: 1, article: usip },
    { number: 2, article: article({ id: 'copy', title: 'Copy', body: usip.body }) },
    {
      number: 3,
      article: article({ id: 'centcom', title: 'Centcom nominee', body: 'Lt Gen Erik Kurilla floated co-operating with the Taliban against ISIS targets in Afghanistan. He spoke before the Senate on Tuesday.' }),
    },
  ];

  it('cites each sentence, repeats none, and stays within five', () => {
    const lines = synthesize(items, new Set(['taliban', 'afghanistan']));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(new Set(lines.map((l) => l.text)).size).toBe(lines.length);
    for (const line of lines) expect(items.find((i) => i.number === line.cite)!.article.body).toContain(line.text);
    expect(lines.map((l) => l.cite)).toContain(3);
  });

  it('covers the query: a sentence adding an uncovered term beats one repeating the covered ones', () => {
    const body = 'Grain exports from Odesa rose sharply in March. Insurers refused cover for ships. Grain exports from Odesa were the highest in a year.';
    const lines = synthesize([{ number: 1, article: article({ id: 'a', title: 'Grain', body }) }], new Set(['grain', 'odesa', 'insurer']), 2);
    expect(lines.map((l) => l.text)).toEqual(['Grain exports from Odesa rose sharply in March.', 'Insurers refused cover for ships.']);
  });

  it('keeps one of two sentences that say the same thing: the newest article’s, where they conflict', () => {
    const older = article({ id: 'old', title: 'Quake', published: '2026-03-01T08:00:00Z', body: 'The earthquake near Van killed 40 people, officials said on Monday.' });
    const newer = article({ id: 'new', title: 'Quake', published: '2026-03-02T08:00:00Z', body: 'The earthquake near Van killed 65 people, officials said on Tuesday.' });
    const lines = synthesize([{ number: 1, article: older }, { number: 2, article: newer }], new Set(['earthquake', 'van']));
    expect(lines).toEqual([{ text: 'The earthquake near Van killed 65 people, officials said on Tuesday.', cite: 2 }]);
  });

  it('takes at most two sentences from one article', () => {
    const long = article({ id: 'long', title: 'Talks', body: 'Talks in Doha resumed on Monday. Talks in Doha covered prisoners. Talks in Doha covered aid routes. Talks in Doha ended late.' });
    expect(synthesize([{ number: 1, article: long }], new Set(['talk', 'doha']))).toHaveLength(2);
  });

  it('is deterministic and works without a query', () => {
    expect(synthesize(items, new Set())).toEqual(synthesize(items, new Set()));
    expect(synthesize(items, new Set()).length).toBeGreaterThan(0);
  });
});

describe('frequencyScores', () => {
  it('scores sentences by the text-wide counts of their terms, in total and per term', () => {
    // counts: rate 2, rise 2, again 1, bank 1, say 1, cat 1; most 2. Sums: 2, 3.5, 0.5.
    const scores = frequencyScores([{ text: 'Rates rise.' }, { text: 'Rates rise again, banks say.' }, { text: 'Cats.' }]);
    expect(scores.density).toEqual([1, 0.7, 0.5]);
    expect(scores.total[1]).toBe(1);
    expect(scores.total[0]).toBeCloseTo(2 / 3.5, 10);
    expect(scores.total[2]).toBeCloseTo(0.5 / 3.5, 10);
  });
});
