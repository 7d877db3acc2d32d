/** A parsed `/brief subscribe …`: the query, and the local time (the default time when none is given). */
export type SubscribeRequest = { query: string; time: string } | { problem: string };

/**
 * Parses the text after `/brief subscribe`: `<query> [at HH:MM]`. Pure.
 *
 * @example parseSubscribe('china russia at 7:30', '08:00') // => { query: 'china russia', time: '07:30' }
 */
export function parseSubscribe(args: string, defaultTime: string): SubscribeRequest {
  const text = args.replace(/\s+/g, ' ').trim();
  const m = /^(.*?)(?:\s*\bat\s+(\d{1,2})[:.h](\d{2}))$/i.exec(text);
  let query = text;
  let time = defaultTime;
  if (m) {
    const hour = Number(m[2]);
    const minute = Number(m[3]);
    if (hour > 23 || minute > 59) return { problem: `“${m[2]}:${m[3]}” is not a time of day; use HH:MM on a 24-hour clock, such as 07:30.` };
    query = (m[1] ?? '').trim();
    time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  }
  if (query === '') return { problem: 'Say what to follow, for example `/brief subscribe taliban at 07:30`.' };
  if (query.length > 300) return { problem: 'That query is too long for a subscription (300 characters at most).' };
  return { query, time };
}

/**
 * Parses the id after `/brief unsubscribe`.
 *
 * @example parseSubscriptionId('#12') // => 12
 */
export function parseSubscriptionId(args: string): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(args.trim());
  return m ? Number(m[1]) : undefined;
}
