import { describe, expect, it } from 'vitest';
import { detectSpike, type Arrival } from '../../src/alerts/spikes.js';
import { news } from '../digest/helpers.js';

const settings = { factor: 3, min: 5, cooldownHours: 6 };
const now = new Date('2026-03-30T12:00:00Z');
const historySince = new Date('2026-03-28T00:00:00Z');
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);

/** One arrival: `outlet` reported `title` `minutesAgo` minutes before now. */
function arrival(id: string, minutesAgo: number, outlet: string, title = `Pipeline item ${id} in the valley`): Arrival {
  return { article: news(id, title, { source: outlet, url: `https://${outlet.toLowerCase().replace(/\s+/g, '')}.example/${id}` }), at: at(minutesAgo) };
}

/** Two articles an hour, every hour of the baseline day, from three outlets. */
function steadyDay(): Arrival[] {
  const outlets = ['Reuters', 'AP', 'BBC'];
  return Array.from({ length: 48 }, (_, i) => arrival(`s${i}`, 60 + 15 + i * 30, outlets[i % 3]!));
}

describe('detectSpike on literal arrival series', () => {
  it('a steady topic (two an hour, two in the last hour) gives no notice', () => {
    const series = [...steadyDay(), arrival('l1', 10, 'Reuters'), arrival('l2', 40, 'AP')];
    expect(detectSpike(series, { now, historySince, settings })).toBeUndefined();
  });

  it('a real surge from many outlets gives one notice: the count, the outlets, the top story', () => {
    const burst = 'Pipeline explosion shuts down the northern valley supply';
    const series = [
      ...steadyDay(),
      arrival('b1', 5, 'Reuters', burst),
      arrival('b2', 8, 'AP', `${burst} line`),
      arrival('b3', 12, 'BBC', burst),
      arrival('b4', 20, 'Al Jazeera', burst),
      arrival('b5', 25, 'Reuters', 'Gas prices rise after the valley outage'),
      arrival('b6', 30, 'Reuters', 'Engineers inspect damaged compressors'),
      arrival('b7', 45, 'AP', 'Residents evacuated near the burning section'),
    ];
    const notice = detectSpike(series, { now, historySince, settings });
    expect(notice).toBeDefined();
    expect(notice!.count).toBe(7);
    expect(notice!.baselinePerHour).toBe(2);
    expect(notice!.outlets).toEqual(['Reuters', 'AP', 'Al Jazeera', 'BBC']);
    expect(notice!.top.outlets.sort()).toEqual(['AP', 'Al Jazeera', 'BBC', 'Reuters']);
    expect(notice!.top.article.title).toContain('Pipeline explosion');
  });

  it('a surge from one outlet gives no notice, however many articles', () => {
    const series = [...steadyDay(), ...Array.from({ length: 12 }, (_, i) => arrival(`o${i}`, 5 + i * 4, 'Valley Wire'))];
    expect(detectSpike(series, { now, historySince, settings })).toBeUndefined();
    // The same twelve from three outlets would be one.
    const spread = [...steadyDay(), ...Array.from({ length: 12 }, (_, i) => arrival(`o${i}`, 5 + i * 4, ['Valley Wire', 'AP', 'BBC'][i % 3]!))];
    expect(detectSpike(spread, { now, historySince, settings })?.count).toBe(12);
  });

  it('below the factor or below SPIKE_MIN there is no notice', () => {
    // Baseline 2/h: five in the last hour is under 3 × 2.
    const five = [...steadyDay(), ...['a', 'b', 'c', 'd', 'e'].map((id, i) => arrival(id, 5 + i * 5, ['AP', 'BBC', 'Reuters'][i % 3]!))];
    expect(detectSpike(five, { now, historySince, settings })).toBeUndefined();
    // A quiet topic (no baseline): four from four outlets is under SPIKE_MIN.
    const four = ['a', 'b', 'c', 'd'].map((id, i) => arrival(id, 5 + i * 5, ['AP', 'BBC', 'Reuters', 'NHK'][i]!));
    expect(detectSpike(four, { now, historySince, settings })).toBeUndefined();
    expect(detectSpike([...four, arrival('e', 30, 'AP')], { now, historySince, settings })?.count).toBe(5);
  });

  it('a surge during the cooldown gives nothing; the same surge after it gives the notice', () => {
    const series = [...steadyDay(), ...Array.from({ length: 8 }, (_, i) => arrival(`c${i}`, 5 + i * 5, ['AP', 'BBC', 'Reuters', 'NHK'][i % 4]!))];
    const inCooldown = detectSpike(series, { now, historySince, settings, lastNoticeAt: new Date(now.getTime() - 5 * 3_600_000) });
    expect(inCooldown).toBeUndefined();
    const after = detectSpike(series, { now, historySince, settings, lastNoticeAt: new Date(now.getTime() - 6 * 3_600_000) });
    expect(after?.count).toBe(8);
  });

  it('with under an hour of history before the last hour nothing is judged (the start-up corpus is not a surge)', () => {
    const startUp = Array.from({ length: 30 }, (_, i) => arrival(`u${i}`, 30, ['AP', 'BBC', 'Reuters'][i % 3]!));
    expect(detectSpike(startUp, { now, historySince: at(30), settings })).toBeUndefined();
    expect(detectSpike(startUp, { now, historySince: at(150), settings })?.count).toBe(30);
  });
});
