import { isHttpUrl } from '../articles/canonical-url.js';
import { parseBoolean, parseInteger, parseList, type EnvCheck } from './parse-values.js';

/** How Brief fetches article pages. */
export interface FetchSettings {
  /** Fetch the article page of a teaser feed item (FULL_TEXT). */
  fullText: boolean;
  /** Host names that may be at loopback or private addresses (FETCH_ALLOW_HOSTS). */
  allowHosts: string[];
  /** Least time between two requests to one host, in milliseconds (FETCH_HOST_GAP_SECONDS). */
  hostGapMs: number;
  /** A page about this installation, named in the User-Agent (BRIEF_URL). */
  briefUrl?: string;
}

/** Defaults of the fetch settings. */
export const FETCH_SETTING_DEFAULTS = { FULL_TEXT: true, FETCH_HOST_GAP_SECONDS: 2 } as const;

/** A host name or an IP address, as written in a URL (no scheme, no port). */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$/i;

/**
 * The fetch settings, read with the caller's checker (so `npm start` and the ingest CLI report
 * problems the same way). Pure.
 *
 * @example readFetchSettings(envReader({ FULL_TEXT: 'off' }, []).check).fullText // => false
 */
export function readFetchSettings(check: EnvCheck): FetchSettings {
  const briefUrl = check<string | undefined>('BRIEF_URL', undefined, (raw) => (isHttpUrl(raw) ? { value: raw } : { problem: `expected an http(s) URL of a page about this Brief, got "${raw}"` }));
  return {
    fullText: check('FULL_TEXT', FETCH_SETTING_DEFAULTS.FULL_TEXT as boolean, parseBoolean),
    allowHosts: check('FETCH_ALLOW_HOSTS', [] as string[], (raw) => parseList(raw.toLowerCase(), (s) => HOST_NAME.test(s), 'host names such as 127.0.0.1 or intranet.example (no scheme, no port)')),
    hostGapMs: 1000 * check('FETCH_HOST_GAP_SECONDS', FETCH_SETTING_DEFAULTS.FETCH_HOST_GAP_SECONDS as number, (raw) => parseInteger(raw, 0, 300)),
    ...(briefUrl === undefined ? {} : { briefUrl }),
  };
}
