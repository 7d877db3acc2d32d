import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/summary/sentences.js';
import { SENTENCE_CASES } from './sentence-cases.js';

const split = (t: string) => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it.each([
    ['U.S. at the start', 'U.S. and other donors must engage Taliban. Aid follows.', ['U.S. and other donors must engage Taliban.', 'Aid follows.']],
    ['titles: Lt. Gen. and Dr.', 'Lt. Gen. Erik Kurilla met Dr. Smith. They spoke.', ['Lt. Gen. Erik Kurilla met Dr. Smith.', 'They spoke.']],
    ['a month abbreviation', 'It began on Jan. 5 in Almaty. Troops came.', ['It began on Jan. 5 in Almaty.', 'Troops came.']],
    ['initials', 'The book is by J. R. R. Tolkien. It is long.', ['The book is by J. R. R. Tolkien.', 'It is long.']],
    ['decimals', 'Revenue rose 3.5 percent in 2021. Spending fell.', ['Revenue rose 3.5 percent in 2021.', 'Spending fell.']],
    ['quotes', 'He said, “We will go.” Then he left.', ['He said, “We will go.”', 'Then he left.']],
    ['U.S. before a name', 'The U.S. Army arrived. It stayed.', ['The U.S. Army arrived.', 'It stayed.']],
    ['U.S. ending a sentence', 'He lives in the U.S. The rest is history.', ['He lives in the U.S.', 'The rest is history.']],
    ['a.m./p.m.', 'They met at 5 p.m. Monday in Geneva. Talks failed.', ['They met at 5 p.m. Monday in Geneva.', 'Talks failed.']],
    ['a lower-case word that is also an abbreviation', 'They sat in the sun. Dogs barked. It is no. One.', ['They sat in the sun.', 'Dogs barked.', 'It is no.', 'One.']],
    ['a capitalised day', 'The vote is on Wed. March 3 at noon. Results follow.', ['The vote is on Wed. March 3 at noon.', 'Results follow.']],
    ['paragraphs', 'No full stop here\n\nNext paragraph.', ['No full stop here', 'Next paragraph.']],
  ])('survives %s', (_, text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  for (const [kind, cases] of Object.entries(SENTENCE_CASES)) {
    it.each(cases)(`${kind}: %j`, (text, expected) => {
      expect(split(text)).toEqual(expected);
    });
  }

  it('returns exact slices of the input with their offsets', () => {
    const text = 'Lt. Gen. Kurilla spoke.  The U.S. Army listened.\n\nDr. Who agreed.';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });

  it('returns trimmed, ordered, non-overlapping exact slices for any text', () => {
    const pieces = fc.constantFrom('U.S.', ' ', '\n', '\n\n', '. ', '...', '. . .', '?!', '"', ')', '1)', '2.', 'a.', 'b)', '\u2022', 'Mr.', 'Word', 'word', 'I.', 'x@y.com');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        let after = 0;
        for (const s of splitSentences(text)) {
          expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
          expect(s.text).toBe(s.text.trim());
          expect(s.start).toBeGreaterThanOrEqual(after);
          after = s.start + s.text.length;
        }
      }),
    );
  });

  it('splits hostile input in one pass: long runs of dots, spaced dots, list markers', () => {
    expect(split(`${'.'.repeat(100_000)}x`)).toEqual([`${'.'.repeat(100_000)}x`]);
    expect(split(`${'. '.repeat(50_000)}x`)).toHaveLength(1);
    expect(split('1) a '.repeat(20_000)).length).toBeGreaterThan(0);
  });
});
