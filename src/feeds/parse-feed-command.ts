import { isHttpUrl } from '../articles/canonical-url.js';

/** What `/brief feeds …` asks for. */
export type FeedCommand =
  | { kind: 'list' }
  | { kind: 'add'; url: string; name?: string }
  | { kind: 'remove'; ref: { id: number } | { url: string } }
  | { kind: 'usage'; problem: string };

const MAX_NAME = 80;

/**
 * Parses the text after `/brief feeds`. Pure; never throws. A URL may come as Slack sends links
 * (`<https://x.org/rss>` or `<https://x.org/rss|x.org/rss>`).
 *
 * @example parseFeedCommand('add <https://x.org/rss> as World news') // => { kind: 'add', url: 'https://x.org/rss', name: 'World news' }
 * @example parseFeedCommand('remove 3') // => { kind: 'remove', ref: { id: 3 } }
 */
export function parseFeedCommand(args: string): FeedCommand {
  const text = args.trim();
  const [verb = '', ...rest] = text.split(/\s+/);
  const tail = text.slice(verb.length).trim();
  switch (verb.toLowerCase()) {
    case '':
    case 'list':
      return { kind: 'list' };
    case 'add': {
      const m = /^(\S+)(?:\s+as\s+(.+))?$/is.exec(tail);
      const url = m ? slackUrl(m[1]!) : undefined;
      if (url === undefined) return { kind: 'usage', problem: `Say which feed to add, by its http(s) address: \`/brief feeds add https://example.com/rss [as Name]\`${tail ? `; "${tail.slice(0, 100)}" is not one` : ''}.` };
      const name = m?.[2]?.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);
      return name ? { kind: 'add', url, name } : { kind: 'add', url };
    }
    case 'remove': {
      if (/^\d{1,9}$/.test(tail)) return { kind: 'remove', ref: { id: Number(tail) } };
      const url = rest.length === 1 ? slackUrl(tail) : undefined;
      if (url !== undefined) return { kind: 'remove', ref: { url } };
      return { kind: 'usage', problem: 'Say which feed to remove, by its number or address: `/brief feeds remove 3`.' };
    }
    default:
      return { kind: 'usage', problem: `There is no \`/brief feeds ${verb.slice(0, 40)}\`.` };
  }
}

/** A URL as typed or as Slack wraps links; undefined unless absolute http(s) without credentials. */
function slackUrl(raw: string): string | undefined {
  const unwrapped = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(raw)?.[1] ?? raw;
  if (!isHttpUrl(unwrapped)) return undefined;
  const url = new URL(unwrapped);
  return url.username === '' && url.password === '' ? url.href : undefined;
}
