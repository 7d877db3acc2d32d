/**
 * Small pure parsers for environment values. Each returns the value, or a string saying what was
 * expected and quoting what it got.
 */

/** A parsed value, or what was wrong with it. */
export type Parsed<T> = { value: T } | { problem: string };

/**
 * A whole number within bounds.
 *
 * @example parseInteger('3000', 1, 65535) // => { value: 3000 }
 */
export function parseInteger(raw: string, min: number, max: number): Parsed<number> {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    return { problem: `expected a whole number from ${min} to ${max}, got "${raw}"` };
  }
  return { value: n };
}

/**
 * A number (decimals allowed) within bounds.
 *
 * @example parseDecimal('2.5', 1, 100) // => { value: 2.5 }
 */
export function parseDecimal(raw: string, min: number, max: number): Parsed<number> {
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || n < min || n > max) {
    return { problem: `expected a number from ${min} to ${max}, got "${raw}"` };
  }
  return { value: n };
}

/**
 * true/false (also yes/no, on/off, 1/0), case-insensitive.
 *
 * @example parseBoolean('Yes') // => { value: true }
 */
export function parseBoolean(raw: string): Parsed<boolean> {
  const v = raw.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return { value: true };
  if (['false', 'no', 'off', '0'].includes(v)) return { value: false };
  return { problem: `expected true or false, got "${raw}"` };
}

/** A 24-hour local time of day. */
export interface TimeOfDay {
  hour: number;
  minute: number;
  /** Zero-padded, `HH:MM`. */
  text: string;
}

/**
 * `HH:MM` on a 24-hour clock (`8:00` is accepted too).
 *
 * @example parseTimeOfDay('08:30') // => { value: { hour: 8, minute: 30, text: '08:30' } }
 */
export function parseTimeOfDay(raw: string): Parsed<TimeOfDay> {
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw.trim());
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  if (!m || hour > 23 || minute > 59) return { problem: `expected a time as HH:MM on a 24-hour clock (such as 08:00), got "${raw}"` };
  return { value: { hour, minute, text: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` } };
}

/**
 * An IANA time zone that this Node.js knows (checked with `Intl.DateTimeFormat`).
 *
 * @example parseTimeZone('Europe/London') // => { value: 'Europe/London' }
 */
export function parseTimeZone(raw: string): Parsed<string> {
  const zone = raw.trim();
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return { value: zone };
  } catch {
    return { problem: `expected an IANA time zone such as Europe/London or UTC, got "${raw}"` };
  }
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Days of the week as numbers (0 = Sunday … 6 = Saturday, as in cron), sorted. Accepts `daily`,
 * `weekdays`, `weekends`, names (`mon`, `monday`), lists (`mon,wed,fri`) and ranges (`mon-fri`,
 * `fri-mon` wraps round the weekend).
 *
 * @example parseDays('mon-fri') // => { value: [1, 2, 3, 4, 5] }
 */
export function parseDays(raw: string): Parsed<number[]> {
  const text = raw.trim().toLowerCase();
  if (text === 'daily' || text === 'every day' || text === '*') return { value: [0, 1, 2, 3, 4, 5, 6] };
  if (text === 'weekdays') return { value: [1, 2, 3, 4, 5] };
  if (text === 'weekends') return { value: [0, 6] };
  const days = new Set<number>();
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const [from, to, extra] = part.split('-');
    const a = dayNumber(from);
    const b = to === undefined ? a : dayNumber(to);
    if (a === undefined || b === undefined || extra !== undefined) {
      return { problem: `expected days such as daily, mon-fri or mon,wed,fri, got "${raw}"` };
    }
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  if (days.size === 0) return { problem: `expected days such as daily, mon-fri or mon,wed,fri, got "${raw}"` };
  return { value: [...days].sort((x, y) => x - y) };
}

function dayNumber(name: string | undefined): number | undefined {
  if (name === undefined || name.length < 3) return undefined;
  const i = DAY_NAMES.findIndex((d) => name.startsWith(d) && `${d}${FULL_SUFFIX[d]}`.startsWith(name));
  return i === -1 ? undefined : i;
}

const FULL_SUFFIX: Record<(typeof DAY_NAMES)[number], string> = { sun: 'day', mon: 'day', tue: 'sday', wed: 'nesday', thu: 'rsday', fri: 'day', sat: 'urday' };

/**
 * A comma- or space-separated list, each item checked by `test`.
 *
 * @example parseList('C1, C2', (s) => /^C/.test(s), 'channel ids') // => { value: ['C1', 'C2'] }
 */
export function parseList(raw: string, test: (item: string) => boolean, what: string): Parsed<string[]> {
  const items = raw.split(/[\s,]+/).filter(Boolean);
  const bad = items.filter((item) => !test(item));
  if (bad.length > 0) return { problem: `expected ${what}, but ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not` };
  return { value: [...new Set(items)] };
}


/**
 * A PostgreSQL connection URL (`postgres://` or `postgresql://` with a host). The problem never
 * quotes the value, since it may hold a password.
 *
 * @example parseDatabaseUrl('postgres://brief@db:5432/brief') // => { value: 'postgres://brief@db:5432/brief' }
 */
export function parseDatabaseUrl(raw: string): Parsed<string> {
  const problem = { problem: 'expected a PostgreSQL URL such as postgres://user:password@host:5432/brief (the value is not shown: it may hold a password)' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return problem;
  }
  if ((url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || url.hostname === '') return problem;
  return { value: raw.trim() };
}
