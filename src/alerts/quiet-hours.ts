/**
 * Whether an instant falls in quiet hours `start`–`end` (local `HH:MM` in `timeZone`; a window may
 * run past midnight, such as 22:00–07:00). The end minute is no longer quiet.
 *
 * @example isQuiet(new Date('2026-03-30T23:30:00Z'), { start: '22:00', end: '07:00' }, 'UTC') // => true
 */
export function isQuiet(at: Date, quiet: { start: string; end: string } | undefined, timeZone: string): boolean {
  if (quiet === undefined) return false;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const now = part('hour') * 60 + part('minute');
  const [start, end] = [quiet.start, quiet.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))) as [number, number];
  return start < end ? now >= start && now < end : now >= start || now < end;
}
