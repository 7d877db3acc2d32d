import { describe, expect, it } from 'vitest';
import { parseAlert } from '../../src/alerts/parse-alert.js';
import { isQuiet } from '../../src/alerts/quiet-hours.js';
import { GATHER_MS, planAlert, type AlertPlanInput } from '../../src/alerts/plan-alert.js';
import { news } from '../digest/helpers.js';

const now = new Date('2026-03-30T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const blast = news('reuters-blast', 'Pipeline blast shuts northern valley supply line', { source: 'Reuters' });
const blastAp = news('ap-blast', 'Pipeline blast shuts northern valley supply line', { source: 'AP', url: 'https://ap.example/blast' });
const blastAgain = news('reuters-blast-2', 'Pipeline blast shuts northern valley supply line', { source: 'Reuters', url: 'https://reuters.example/2' });
const permit = news('permit', 'Regulator delays pipeline permit for coastal route', { source: 'BBC' });
const base = (extra: Partial<AlertPlanInput>): AlertPlanInput => ({ now, query: 'pipeline', everyMinutes: 10, quiet: false, pending: [], posted: [], ...extra });

describe('parseAlert', () => {
  it('reads the query, every N min and quiet hours in either order', () => {
    expect(parseAlert('pipeline')).toEqual({ query: 'pipeline', everyMinutes: 10 });
    expect(parseAlert('gas pipeline every 30 min quiet 22:00-07:00')).toEqual({ query: 'gas pipeline', everyMinutes: 30, quiet: { start: '22:00', end: '07:00' } });
    expect(parseAlert('"north stream" quiet 7:30–9:00 every 5 minutes')).toEqual({ query: '"north stream"', everyMinutes: 5, quiet: { start: '07:30', end: '09:00' } });
  });
  it('says what is wrong with a malformed request', () => {
    expect(parseAlert('')).toHaveProperty('problem');
    expect(parseAlert('every 5 min')).toHaveProperty('problem');
    expect(parseAlert('pipeline every 0 min')).toHaveProperty('problem');
    expect(parseAlert('pipeline quiet 25:00-07:00')).toHaveProperty('problem');
    expect(parseAlert('pipeline quiet 07:00-07:00')).toHaveProperty('problem');
    expect(parseAlert('x'.repeat(301))).toHaveProperty('problem');
  });
  it('isQuiet handles windows past midnight and time zones', () => {
    const quiet = { start: '22:00', end: '07:00' };
    expect(isQuiet(new Date('2026-03-30T23:30:00Z'), quiet, 'UTC')).toBe(true);
    expect(isQuiet(new Date('2026-03-30T06:59:00Z'), quiet, 'UTC')).toBe(true);
    expect(isQuiet(new Date('2026-03-30T07:00:00Z'), quiet, 'UTC')).toBe(false);
    // 06:30 UTC is 07:30 in London (BST): not quiet there.
    expect(isQuiet(new Date('2026-03-30T06:30:00Z'), quiet, 'Europe/London')).toBe(false);
    expect(isQuiet(now, undefined, 'UTC')).toBe(false);
  });
});

describe('planAlert', () => {
  it('waits for a burst to gather, then posts its stories together', () => {
    const pending = [{ article: blast, at: ago(50) }, { article: permit, at: ago(20) }];
    expect(planAlert(base({ pending })).wait).toBe('gathering');
    const plan = planAlert(base({ pending, now: new Date(now.getTime() + GATHER_MS) }));
    expect(plan.post?.items.map((i) => i.article.id).sort()).toEqual(['permit', 'reuters-blast']);
    expect(plan.post?.taken.map((t) => t.article.id).sort()).toEqual(['permit', 'reuters-blast']);
  });

  it('a new story within the interval waits; quiet hours hold everything', () => {
    const pending = [{ article: permit, at: ago(120) }];
    expect(planAlert(base({ pending, lastPostAt: ago(300) })).wait).toBe('interval');
    expect(planAlert(base({ pending, lastPostAt: ago(600) })).post?.items).toHaveLength(1);
    expect(planAlert(base({ pending, quiet: true })).wait).toBe('quiet');
  });

  it('a later report of a posted story is a follow-up naming only new outlets, even within the interval', () => {
    const posted = [{ storyKey: 'reuters-blast', postKey: 'alert:1@t', articles: [blast] }];
    const plan = planAlert(base({ pending: [{ article: blastAp, at: ago(120) }, { article: blastAgain, at: ago(110) }], posted, lastPostAt: ago(60) }));
    expect(plan.post).toBeUndefined();
    expect(plan.followUps).toHaveLength(1);
    expect(plan.followUps[0]!.storyKey).toBe('reuters-blast');
    expect(plan.followUps[0]!.articles.map((a) => a.id)).toEqual(['ap-blast']);
    expect(plan.followUps[0]!.taken.map((a) => a.id).sort()).toEqual(['ap-blast', 'reuters-blast-2']);
  });

  it('a story holding an article marked unhelpful goes last', () => {
    const pending = [{ article: blastAp, at: ago(120) }, { article: permit, at: ago(120) }];
    const first = planAlert(base({ pending, query: 'pipeline blast valley' }));
    expect(first.post?.items[0]!.article.id).toBe('ap-blast');
    const demoted = planAlert(base({ pending, query: 'pipeline blast valley', demoted: [blast] }));
    expect(demoted.post?.items.map((i) => [i.number, i.article.id])).toEqual([[1, 'permit'], [2, 'ap-blast']]);
  });
});
