import { afterEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/store/store.js';
import type { StoreHarness } from './store-contract.js';

const t = (s: string) => new Date(s);

/**
 * The feed list every {@link Stores} bundle keeps (`addFeed`, `removeFeed`, `listFeeds`): the SQLite and
 * PostgreSQL test files each run it against their own database.
 */
export function feedListContract(name: string, harness: StoreHarness): void {
  describe(`Feed list contract: ${name}`, () => {
    const opened: Stores[] = [];
    const open = async () => {
      const openOn = await harness.fresh();
      return async () => {
        const store = await openOn();
        opened.push(store);
        return store;
      };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('adds a URL once, lists feeds oldest first with their items and last poll, removes by id or URL', async () => {
      const openOn = await open();
      const store = await openOn();
      const a = await store.feeds.addFeed({ url: 'https://a.example/rss', name: 'A', addedBy: 'U1', addedAt: t('2026-03-01T00:00:00Z') });
      const again = await store.feeds.addFeed({ url: 'https://a.example/rss', addedBy: 'U2', addedAt: t('2026-03-02T00:00:00Z') });
      const b = await store.feeds.addFeed({ url: 'https://b.example/rss', addedBy: 'FEEDS', addedAt: t('2026-03-03T00:00:00Z') });
      expect(a).toEqual({ created: true, feed: { id: a.feed.id, url: 'https://a.example/rss', name: 'A', addedBy: 'U1', addedAt: t('2026-03-01T00:00:00Z') } });
      expect(again).toEqual({ created: false, feed: a.feed });
      expect(b.created).toBe(true);
      expect(b.feed.name).toBeUndefined();
      await store.feeds.claimFeedItem({ feedUrl: 'https://a.example/rss', guidKey: 'g1', articleId: 'x1', file: 'feeds/x1.md', seenAt: t('2026-03-04T00:00:00Z') });
      await store.feeds.claimFeedItem({ feedUrl: 'https://a.example/rss', guidKey: 'g2', articleId: 'x2', file: 'feeds/x2.md', seenAt: t('2026-03-04T00:00:00Z') });
      await store.feeds.saveFeedState({ url: 'https://b.example/rss', failures: 2, lastError: 'HTTP 500', lastOkAt: t('2026-03-04T01:00:00Z') });
      const reopened = await openOn(); // what another replica, or a restart, sees
      expect(await reopened.feeds.listFeeds()).toEqual([
        { ...a.feed, items: 2, failures: 0 },
        { ...b.feed, items: 0, failures: 2, lastError: 'HTTP 500', lastOkAt: t('2026-03-04T01:00:00Z') },
      ]);
      expect(await reopened.feeds.removeFeed({ id: a.feed.id })).toEqual(a.feed);
      expect(await reopened.feeds.removeFeed({ url: 'https://b.example/rss' })).toEqual(b.feed);
      expect(await reopened.feeds.removeFeed({ url: 'https://b.example/rss' })).toBeUndefined();
      expect(await store.feeds.listFeeds()).toEqual([]);
    });

    it('stores a URL added by two connections at once one time', async () => {
      const openOn = await open();
      const [x, y] = [await openOn(), await openOn()];
      const added = await Promise.all([x, y].map((s) => s.feeds.addFeed({ url: 'https://c.example/rss', addedBy: 'U1', addedAt: t('2026-03-01T00:00:00Z') })));
      expect(added.map((r) => r.created).sort()).toEqual([false, true]);
      expect(added[0]!.feed.id).toBe(added[1]!.feed.id);
      expect(await x.feeds.listFeeds()).toHaveLength(1);
    });
  });
}
