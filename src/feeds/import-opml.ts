import type { FeedStore } from '../store/store.js';
import { FeedError } from './feed-error.js';
import { readFeedFile } from './fetch-feed.js';
import { parseOpml } from './opml.js';

/** What importing one OPML file did. */
export interface OpmlImport {
  /** Feeds the file lists (each URL once). */
  feeds: number;
  added: number;
  /** Already in the feed list. */
  known: number;
  problems: string[];
}

/**
 * Adds every feed of an OPML file to the store's feed list (a running Brief polls them from its next
 * pass). Throws {@link FeedError} for an unreadable file or one that is not OPML.
 *
 * @example const first = await importOpml(stores.feeds, `${fixtureDir}/opml/subscriptions.opml`, now);
 * const again = await importOpml(stores.feeds, `${fixtureDir}/opml/subscriptions.opml`, now);
 * [again.added, again.known === first.feeds, (await stores.feeds.listFeeds()).length === first.added] // => [0, true, true]
 */
export async function importOpml(store: FeedStore, file: string, now: Date): Promise<OpmlImport> {
  const { feeds, problems } = parseOpml(await readFeedFile(file));
  if (feeds.length === 0 && problems.length > 0) throw new FeedError('FEED_INVALID', problems[0]!);
  let added = 0;
  for (const f of feeds) {
    const { created } = await store.addFeed({ url: f.url, ...(f.name === undefined ? {} : { name: f.name }), addedBy: 'opml', addedAt: now });
    if (created) added++;
  }
  return { feeds: feeds.length, added, known: feeds.length - added, problems };
}
