import { Cron } from 'croner';
import { boundedMemo } from '../memo.js';

/** When a digest is due: a local time of day, on some days of the week, in a time zone. */
export interface DigestSchedule {
  time: { hour: number; minute: number };
  /** IANA zone, such as `Europe/London`. */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday, as in cron. */
  days: readonly number[];
}

/**
 * The cron pattern of a schedule (seconds first, as croner reads six fields).
 */
function cronPattern(schedule: DigestSchedule): string {
  const days = schedule.days.length === 7 || schedule.days.length === 0 ? '*' : [...schedule.days].sort().join(',');
  return `0 ${schedule.time.minute} ${schedule.time.hour} * * ${days}`;
}

/** A croner per pattern and time zone (no function given: croner only computes times and starts no timer). */
const cronFor = boundedMemo((key: string) => {
  const [pattern, timezone] = key.split('\n') as [string, string];
  return new Cron(pattern, { timezone });
}, 1000);
const cronOf = (schedule: DigestSchedule): Cron => cronFor(`${cronPattern(schedule)}\n${schedule.timeZone}`);

/**
 * The first scheduled instant strictly after `after` (croner does the time-zone and daylight-saving
 * arithmetic).
 *
 * @example nextDigestAt({ time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6] }, new Date('2026-03-28T12:00:00Z')) // => new Date('2026-03-29T07:00:00Z')
 */
export function nextDigestAt(schedule: DigestSchedule, after: Date): Date | undefined {
  return cronOf(schedule).nextRun(after) ?? undefined;
}

/**
 * The latest scheduled instant in `(now - windowHours, now]`, if there is one: the digest a start-up
 * should catch up on.
 *
 * @example missedDigestAt({ time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6] }, new Date('2026-03-30T09:00:00Z'), 12) // => new Date('2026-03-30T07:00:00Z')
 */
export function missedDigestAt(schedule: DigestSchedule, now: Date, windowHours: number): Date | undefined {
  let latest: Date | undefined;
  let at = nextDigestAt(schedule, new Date(now.getTime() - windowHours * 3_600_000));
  while (at !== undefined && at.getTime() <= now.getTime()) {
    latest = at;
    at = nextDigestAt(schedule, at);
  }
  return latest;
}

/**
 * The calendar date of an instant in a time zone, `YYYY-MM-DD`: a digest's slot.
 *
 * @example localDate(new Date('2026-03-29T23:30:00Z'), 'Europe/London') // => '2026-03-30'
 */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * A long local date for a headline, such as "Monday 30 March".
 *
 * @example longLocalDate(new Date('2026-03-30T07:00:00Z'), 'Europe/London') // => 'Monday 30 March'
 */
export function longLocalDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(at).replace(',', '');
}
