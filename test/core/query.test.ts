import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.js';

const now = new Date('2022-03-01T12:00:00Z');

describe('parseQuery', () => {
  it('reads words, phrases, exclusions and filters, case-insensitively', () => {
    const q = parseQuery('Taliban “Customs Duties” -ISIS -"peace talks" SOURCE:USIP tag:Afghanistan since:7d until:2022-02', now);
    expect(q).toMatchObject({
      words: ['taliban'],
      phrases: ['customs duties'],
      exclude: ['isis', 'peace talks'],
      sources: ['usip'],
      tags: ['afghanistan'],
      since: '2022-02-22T12:00:00.000Z',
      until: '2022-02-28T23:59:59.999Z',
      notes: [],
      help: false,
    });
  });

  it('takes a quoted filter value', () => {
    expect(parseQuery('source:"global times" xi', now)).toMatchObject({ sources: ['global times'], words: ['xi'] });
  });

  it('recognises help', () => {
    expect(parseQuery('help', now).help).toBe(true);
    expect(parseQuery(' HELP ', now).help).toBe(true);
    expect(parseQuery('help desk', now).help).toBe(false);
  });

  it('turns an unknown filter into a note and still runs the rest', () => {
    const q = parseQuery('author:smith china', now);
    expect(q.words).toEqual(['smith', 'china']);
    expect(q.notes[0]).toMatch(/no `author:` filter/);
  });

  it('turns a bad date into a note', () => {
    const q = parseQuery('since:someday russia', now);
    expect(q.since).toBeUndefined();
    expect(q.words).toEqual(['russia']);
    expect(q.notes[0]).toMatch(/"someday" is not a date/);
  });

  it('notes an unclosed quote and an empty filter', () => {
    expect(parseQuery('"strategic coordination', now)).toMatchObject({ phrases: ['strategic coordination'], notes: [expect.stringMatching(/not closed/)] });
    expect(parseQuery('source: china', now).notes[0]).toMatch(/needs a value/);
  });

  it('drops contradictory dates with a note', () => {
    const q = parseQuery('since:2022-02-10 until:2022-02-01', now);
    expect(q.since).toBeUndefined();
    expect(q.notes[0]).toMatch(/after until/);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const q = parseQuery(s, now);
        expect(q.text.length).toBeLessThanOrEqual(500);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('source:', 'tag:', 'since:', 'until:', '-', '"', 'x', '7d', '2022-02-30', ' ', ':', 'foo:'), { maxLength: 20 }), (parts) => {
        parseQuery(parts.join(''), now);
      }),
      { numRuns: 500 },
    );
  });
});

describe('since: and until: dates', () => {
  const bound = (kind: 'since' | 'until', value: string) => {
    const q = parseQuery(`x ${kind}:${value}`, now);
    return q.notes.length > 0 ? undefined : q[kind];
  };
  it('reads relative and absolute dates, and ignores an impossible one with a note', () => {
    expect(bound('since', '2w')).toBe('2022-02-15T12:00:00.000Z');
    expect(bound('since', '2022-01-05')).toBe('2022-01-05T00:00:00.000Z');
    expect(bound('until', '2022-01-05')).toBe('2022-01-05T23:59:59.999Z');
    expect(bound('until', '2022')).toBe('2022-12-31T23:59:59.999Z');
    expect(bound('since', 'yesterday')).toBe('2022-02-28T00:00:00.000Z');
    expect(bound('since', '2022-02-30')).toBeUndefined();
    expect(bound('since', '2022-13')).toBeUndefined();
    expect(parseQuery('x since:2022-13', now).notes).toEqual([expect.stringContaining('"2022-13" is not a date I can read')]);
  });
});
