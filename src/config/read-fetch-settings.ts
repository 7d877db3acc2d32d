import type { SettingsReader } from './read-settings.js';

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

/**
 * The fetch settings, read with the caller's reader (so every problem lands in one list). Pure.
 *
 * @example readFetchSettings(settingsReader({ FULL_TEXT: 'off' }, []).read).fullText // => false
 */
export function readFetchSettings(read: SettingsReader['read']): FetchSettings {
  const briefUrl = read('BRIEF_URL');
  return {
    fullText: read('FULL_TEXT'),
    allowHosts: read('FETCH_ALLOW_HOSTS'),
    hostGapMs: 1000 * read('FETCH_HOST_GAP_SECONDS'),
    ...(briefUrl === undefined ? {} : { briefUrl }),
  };
}
