import { describe, expect, it } from 'vitest';
import { markMessage } from '../../src/digest/marker.js';
import { indexLookup, pickDigest as pickArticles, type PickOptions } from '../../src/digest/pick-digest.js';
import type { BriefIndex } from '../../src/search/build-index.js';
import { localDate, longLocalDate, missedDigestAt, nextDigestAt } from '../../src/digest/schedule.js';
import { parseSubscribe, parseSubscriptionId } from '../../src/digest/parse-subscribe.js';
import { COMPACT_MAX_STORIES, renderDigest, renderDigestText } from '../../src/render/digest-message.js';
import { renderNotAllowed, renderSubscribed, renderSubscriptionList, renderSubscriptionUsage, renderUnsubscribed } from '../../src/render/subscription-message.js';
import { messageProblems } from '../support/block-kit.js';
import { indexOf, news } from './helpers.js';

const now = new Date('2026-03-30T07:00:00Z');
/** The digest of these new ids over an index. */
const pickDigest = (index: BriefIndex, ids: string[], options: PickOptions) => pickArticles(indexLookup(index)(ids), options);
const london = { time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6] };

describe('pickDigest', () => {
  const a = news('a', 'Harbour bridge reopens after repairs', { published: '2026-03-29' });
  const b = news('b', 'Harbour bridge reopens after long repairs', { source: 'Other Daily', url: 'https://other.example/b', published: '2026-03-29' });
  const c = news('c', 'Central bank holds interest rates steady', { published: '2026-03-30' });
  const old = news('old', 'Elections called for the spring', { published: '2026-01-01' });
  const index = indexOf([a, b, c, old]);

  it('takes only the new articles, groups them into stories, most-reported first', () => {
    const digest = pickDigest(index, ['a', 'b', 'c', 'missing'], { now });
    expect(digest.totalStories).toBe(2);
    expect(digest.totalArticles).toBe(3);
    expect(digest.items[0]!.outlets).toEqual(['Example News', 'Other Daily']);
    expect(digest.items[1]!.article.id).toBe('c');
    expect(digest.items.every((i) => i.summary.length > 0)).toBe(true);
    expect(digest.items.map((i) => i.article.id)).not.toContain('old');
  });

  it('with a query keeps only matching new articles', () => {
    const digest = pickDigest(index, ['a', 'b', 'c'], { now, query: 'interest rates' });
    expect(digest.items.map((i) => i.article.id)).toEqual(['c']);
    expect(digest.query).toBe('interest rates');
  });

  it('is empty when nothing is new', () => {
    expect(pickDigest(index, [], { now }).items).toEqual([]);
  });
});

describe('renderDigest', () => {
  const WORDS = 'apple bridge canal desert engine forest glacier harbour island jungle kettle lantern meadow nickel orchard pepper quarry river saddle timber umbrella valley walnut yacht zebra anchor basket candle dolphin ember'.split(' ');
  const many = WORDS.map((w, i) =>
    news(`n${i}`, `${w} ${WORDS[(i + 7) % 30]} ${WORDS[(i + 13) % 30]} news`, { body: `The ${w} council met on day ${i}. Its ${WORDS[(i + 3) % 30]} committee spoke about the ${WORDS[(i + 11) % 30]} plan and the ${WORDS[(i + 19) % 30]} budget for many hours.` }),
  );
  const index = indexOf(many);

  it('is one compact post up to three stories, with the marker block id', () => {
    const digest = pickDigest(index, ['n1', 'n2'], { now });
    const { headline: plain, thread } = renderDigest(digest, { dateLine: 'Monday 30 March' });
    expect(thread).toBeUndefined();
    const headline = markMessage(plain, 'channel:C1@2026-03-30', 0);
    expect(headline.blocks[0]).toMatchObject({ block_id: 'brief_digest:channel:C1@2026-03-30' });
    expect(markMessage(plain, 'channel:C1@2026-03-30', 1).blocks[0]).toMatchObject({ block_id: 'brief_digest:channel:C1@2026-03-30#1' });
    expect(messageProblems(headline)).toEqual([]);
    expect(COMPACT_MAX_STORIES).toBe(3);
  });

  it('is a headline and a thread above three stories, within Slack limits even for 30', () => {
    const digest = pickDigest(index, many.map((a) => a.id), { now });
    expect(digest.totalStories).toBe(30);
    // With feedback buttons on every item (three blocks a story), still inside Slack's 50 blocks.
    const { headline, thread } = renderDigest(digest, { dateLine: 'Monday 30 March', feedbackOrigin: 'channel:C0NEWS' });
    expect(thread).toBeDefined();
    expect(messageProblems(headline)).toEqual([]);
    expect(messageProblems(thread!)).toEqual([]);
    expect(thread!.blocks.filter((b) => b.type === 'context_actions')).toHaveLength(15);
    expect(JSON.stringify(thread)).toContain('15 more stories not listed');
    expect(renderDigestText(digest, 'Monday 30 March')).toContain('[1] ');
  });

  it('renders an empty digest, a preview, and escapes article text', () => {
    const empty = renderDigest(pickDigest(index, [], { now }), { dateLine: 'Monday 30 March' });
    expect(messageProblems(empty.headline)).toEqual([]);
    const evil = indexOf([news('x', '<!channel> *bold* & <http://x|y>')]);
    const preview = renderDigest(pickDigest(evil, ['x'], { now, query: '<!here>' }), { dateLine: 'Monday', preview: true });
    const json = JSON.stringify(preview);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).toContain('Preview');
    expect(messageProblems(preview.headline)).toEqual([]);
  });

  it('subscription messages pass the Block Kit checks', () => {
    const sub = { id: 3, query: 'taliban <!channel>', time: '07:30', createdBy: 'U123' };
    for (const m of [renderSubscribed(sub, 'Europe/London'), renderSubscriptionList([sub], 'UTC'), renderSubscriptionList([], 'UTC'), renderUnsubscribed(3, true), renderUnsubscribed(4, false), renderNotAllowed(), renderSubscriptionUsage('Say what to follow.')]) {
      expect(messageProblems(m)).toEqual([]);
      expect(JSON.stringify(m)).not.toContain('<!channel>');
    }
  });
});

describe('schedule', () => {
  it('reads 08:00 in London across both daylight-saving changes', () => {
    expect(nextDigestAt(london, new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(nextDigestAt(london, new Date('2026-03-27T12:00:00Z'))?.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(nextDigestAt(london, new Date('2026-10-24T12:00:00Z'))?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('finds the digest missed within the catch-up window only', () => {
    expect(missedDigestAt(london, new Date('2026-03-30T09:00:00Z'), 12)?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(missedDigestAt(london, new Date('2026-03-30T20:00:00Z'), 12)).toBeUndefined();
    expect(missedDigestAt(london, new Date('2026-03-30T06:59:00Z'), 12)).toBeUndefined();
  });

  it('keeps weekdays and local dates', () => {
    expect(nextDigestAt({ ...london, days: [5, 1] }, new Date('2026-11-28T12:00:00Z'))?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(nextDigestAt({ ...london, days: [5, 1] }, new Date('2026-11-30T12:00:00Z'))?.toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(nextDigestAt({ ...london, days: [1, 2, 3, 4, 5] }, new Date('2026-11-28T12:00:00Z'))?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(localDate(new Date('2026-03-29T23:30:00Z'), 'Europe/London')).toBe('2026-03-30');
    expect(longLocalDate(new Date('2026-03-30T07:00:00Z'), 'Europe/London')).toBe('Monday 30 March');
  });
});

describe('subscribe arguments', () => {
  it('parses a query with or without a time', () => {
    expect(parseSubscribe('china russia at 7:30', '08:00')).toEqual({ query: 'china russia', time: '07:30' });
    expect(parseSubscribe('  taliban  ', '08:00')).toEqual({ query: 'taliban', time: '08:00' });
    expect(parseSubscribe('what happened at the summit', '08:00')).toEqual({ query: 'what happened at the summit', time: '08:00' });
    expect(parseSubscribe('x at 25:00', '08:00')).toHaveProperty('problem');
    expect(parseSubscribe('at 09:00', '08:00')).toHaveProperty('problem');
    expect(parseSubscriptionId('#12')).toBe(12);
    expect(parseSubscriptionId('twelve')).toBeUndefined();
  });
});
