/** Minutes between an alert's posts unless `every N min` says otherwise. */
const DEFAULT_ALERT_MINUTES = 10;

/** A parsed `/brief alert …`. */
export type AlertRequest = { query: string; everyMinutes: number; quiet?: { start: string; end: string } } | { problem: string };

const EVERY = /\s*\bevery\s+(\d{1,5})\s*(?:m|min|mins|minute|minutes)?$/i;
const QUIET = /\s*\bquiet\s+(\d{1,2})[:.h](\d{2})\s*[-–]\s*(\d{1,2})[:.h](\d{2})$/i;

/**
 * Parses the text after `/brief alert`: `<query> [every N min] [quiet HH:MM-HH:MM]` (the two options
 * in either order, at the end). Pure; never throws.
 *
 * @example parseAlert('pipeline every 30 min quiet 22:00-07:00') // => { query: 'pipeline', everyMinutes: 30, quiet: { start: '22:00', end: '07:00' } }
 */
export function parseAlert(args: string): AlertRequest {
  let text = args.replace(/\s+/g, ' ').trim();
  let everyMinutes = DEFAULT_ALERT_MINUTES;
  let quiet: { start: string; end: string } | undefined;
  for (let i = 0; i < 2; i++) {
    const every = EVERY.exec(text);
    if (every) {
      everyMinutes = Number(every[1]);
      if (everyMinutes < 1 || everyMinutes > 1440) return { problem: `“every ${every[1]} min” is out of range: use 1 to 1440 minutes.` };
      text = text.slice(0, every.index).trim();
      continue;
    }
    const q = QUIET.exec(text);
    if (q) {
      const start = hhmm(q[1]!, q[2]!);
      const end = hhmm(q[3]!, q[4]!);
      if (start === undefined || end === undefined) return { problem: `“${q[0].trim()}” does not hold two times of day; use HH:MM-HH:MM on a 24-hour clock, such as quiet 22:00-07:00.` };
      if (start === end) return { problem: 'Quiet hours need an end different from their start.' };
      quiet = { start, end };
      text = text.slice(0, q.index).trim();
    }
  }
  if (text === '') return { problem: 'Say what to watch, for example `/brief alert pipeline every 15 min quiet 22:00-07:00`.' };
  if (text.length > 300) return { problem: 'That query is too long for an alert (300 characters at most).' };
  return { query: text, everyMinutes, ...(quiet === undefined ? {} : { quiet }) };
}

function hhmm(h: string, m: string): string | undefined {
  const hour = Number(h);
  const minute = Number(m);
  return hour > 23 || minute > 59 ? undefined : `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
