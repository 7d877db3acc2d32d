import { afterEach, describe, expect, it } from 'vitest';
import type { NewDigestPart, Stores, StoreScope } from '../../src/store/store.js';

/** Opens a store on one database; each call is a new connection (a second process, a restart). */
export type OpenStore = (scope?: StoreScope) => Promise<Stores>;

/** How the contract reaches an implementation: `fresh()` makes a new, empty database. */
export interface StoreHarness {
  fresh(): Promise<OpenStore>;
}

const t = (s: string) => new Date(s);
const run = (key: string, cutoff = '2026-03-29T07:00:00.000Z') => ({
  key,
  target: key.split('@')[0]!,
  channel: 'C1',
  slot: key.split('@')[1]!,
  scheduledAt: t(cutoff),
  since: t('2026-03-28T07:00:00.000Z'),
  cutoff: t(cutoff),
  startedAt: t(cutoff),
});
const message = (text: string) => ({ text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] });
const plan: NewDigestPart[] = [
  { part: 0, kind: 'headline', status: 'pending', message: message('headline') },
  { part: 1, kind: 'thread', status: 'pending', message: message('thread') },
];
const item = (guidKey: string | undefined, linkKey: string | undefined, articleId = 'feed-a') => ({
  feedUrl: 'http://f/rss',
  ...(guidKey === undefined ? {} : { guidKey }),
  ...(linkKey === undefined ? {} : { linkKey }),
  articleId,
  file: `feeds/${articleId}.md`,
  seenAt: t('2026-03-01T00:00:00Z'),
});

/**
 * The behaviour every {@link Stores} implementation shares: the SQLite and PostgreSQL test files
 * each run it against their own database.
 */
export function storeContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Stores[] = [];
    const open = async (): Promise<OpenStore> => {
      const openOn = await harness.fresh();
      return async (scope) => {
        const store = await openOn(scope);
        opened.push(store);
        return store;
      };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('claims a run once per key and keeps its first window; one caller begins posting', async () => {
      const store = await (await open())();
      const first = await store.runs.claimRun(run('channel:C1@2026-03-29'));
      const second = await store.runs.claimRun({ ...run('channel:C1@2026-03-29'), cutoff: t('2026-03-29T09:00:00.000Z') });
      expect(first).toEqual({ created: true, run: { ...run('channel:C1@2026-03-29'), status: 'claimed', attempts: 0 } });
      expect(second.created).toBe(false);
      expect(second.run.cutoff.toISOString()).toBe('2026-03-29T07:00:00.000Z');
      expect(await store.runs.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan)).toHaveLength(2);
      expect(await store.runs.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan)).toBeUndefined(); // a second process loses
      expect(await store.runs.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'posting', attempts: 1 });
      expect(await store.runs.lastCompletedRun('channel:C2')).toBeUndefined();
      expect(await store.runs.getRun('channel:C1@2026-03-30')).toBeUndefined();
    });

    it('lets exactly one of two connections claim a run and begin posting it', async () => {
      const openOn = await open();
      const [a, b] = [await openOn(), await openOn()];
      const claims = await Promise.all([a.runs.claimRun(run('channel:C1@2026-03-29')), b.runs.claimRun(run('channel:C1@2026-03-29'))]);
      expect(claims.map((c) => c.created).sort()).toEqual([false, true]);
      const begun = await Promise.all([a, b].map((s) => s.runs.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan)));
      expect(begun.filter((parts) => parts !== undefined)).toHaveLength(1);
      expect(await a.runs.runParts('channel:C1@2026-03-29')).toHaveLength(2);
    });

    it('posts a run only when every part is recorded as posted, each part through sending', async () => {
      const store = await (await open())();
      const key = 'channel:C1@2026-03-29';
      await store.runs.claimRun(run(key));
      const parts = await store.runs.beginPosting(key, { status: 'claimed', attempts: 0 }, plan);
      expect(parts).toEqual([
        { part: 0, kind: 'headline', status: 'pending', message: plan[0]!.message },
        { part: 1, kind: 'thread', status: 'pending', message: plan[1]!.message },
      ]);
      expect(await store.runs.markPartPosted(key, 0, { ts: '1.0001', at: t('2026-03-29T07:00:01Z') })).toBe(false); // never sent
      expect(await store.runs.markPartSending(key, 0)).toBe(true);
      expect(await store.runs.markPartPosted(key, 0, { ts: '1.0001', at: t('2026-03-29T07:00:01Z') })).toBe(true);
      expect(await store.runs.completeRun(key, t('2026-03-29T07:00:02Z'))).toBe(false); // the thread is not posted
      expect(await store.runs.finishEmpty(key, t('2026-03-29T07:00:02Z'))).toBe(false); // a part was recorded
      // A crash here; the next attempt keeps the parts of the first, whatever it planned.
      const again = await store.runs.beginPosting(key, { status: 'posting', attempts: 1 }, [{ ...plan[0]!, message: { text: 'other', blocks: [] } }]);
      expect(again?.map((p) => [p.part, p.status, p.ts, p.message?.text])).toEqual([
        [0, 'posted', '1.0001', 'headline'],
        [1, 'pending', undefined, 'thread'],
      ]);
      expect(await store.runs.markPartSending(key, 1)).toBe(true);
      expect(await store.runs.markPartSending(key, 1)).toBe(true); // sent again after it was not found
      expect(await store.runs.markPartPosted(key, 1, { ts: '1.0002', threadTs: '1.0001', at: t('2026-03-29T07:00:03Z') })).toBe(true);
      expect(await store.runs.markPartSending(key, 1)).toBe(false); // posted is final
      expect(await store.runs.completeRun(key, t('2026-03-29T07:00:04Z'))).toBe(true);
      expect(await store.runs.getRun(key)).toMatchObject({ status: 'posted', ts: '1.0001', attempts: 2, finishedAt: t('2026-03-29T07:00:04Z') });
      expect((await store.runs.runParts(key))[1]).toEqual({ part: 1, kind: 'thread', status: 'posted', message: plan[1]!.message, ts: '1.0002', threadTs: '1.0001', postedAt: t('2026-03-29T07:00:03Z') });
      expect(await store.runs.lastCompletedRun('channel:C1')).toMatchObject({ key, status: 'posted' });
      expect(await store.runs.failRun(key, 'late', t('2026-03-29T08:00:00Z'))).toBe(false); // posted is final
      expect(await store.runs.beginPosting(key, { status: 'posted', attempts: 2 }, plan)).toBeUndefined();
    });

    it('ends runs as empty or failed only from the states that allow it; orders runs and notices', async () => {
      const store = await (await open())();
      await store.runs.claimRun(run('channel:C1@2026-03-28', '2026-03-28T07:00:00.000Z'));
      expect(await store.runs.finishEmpty('channel:C1@2026-03-28', t('2026-03-28T07:00:00Z'))).toBe(true);
      expect(await store.runs.failRun('channel:C1@2026-03-28', 'x', t('2026-03-28T07:00:00Z'))).toBe(false);
      await store.runs.claimRun(run('channel:C1@2026-03-29'));
      await store.runs.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan);
      await store.runs.noteRunError('channel:C1@2026-03-29', 'internal_error');
      expect(await store.runs.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'posting', error: 'internal_error' });
      expect(await store.runs.failRun('channel:C1@2026-03-29', 'not_in_channel', t('2026-03-29T07:00:00Z'))).toBe(true);
      expect(await store.runs.getRun('channel:C1@2026-03-29')).toMatchObject({ status: 'failed', error: 'not_in_channel' });
      expect(await store.runs.lastCompletedRun('channel:C1')).toMatchObject({ key: 'channel:C1@2026-03-28', status: 'empty' });
      expect((await store.runs.recentRuns(1)).map((r) => r.key)).toEqual(['channel:C1@2026-03-29']);
      await store.notices.setNotice({ key: 'feed:a', kind: 'feed', message: 'timeout', at: t('2026-03-01T00:00:00Z') });
      await store.notices.setNotice({ key: 'digest:C9', kind: 'digest', message: 'not_in_channel', at: t('2026-03-02T00:00:00Z') });
      await store.notices.setNotice({ key: 'feed:a', kind: 'feed', message: 'HTTP 500', at: t('2026-03-03T00:00:00Z') });
      expect((await store.notices.listNotices()).map((n) => `${n.key} ${n.message}`)).toEqual(['feed:a HTTP 500', 'digest:C9 not_in_channel']);
      await store.notices.clearNotice('feed:a');
      expect(await store.notices.listNotices()).toEqual([{ key: 'digest:C9', kind: 'digest', message: 'not_in_channel', at: t('2026-03-02T00:00:00Z') }]);
    });

    it('keeps subscriptions, feed state, feed items, arrivals and notices across a reopen', async () => {
      const openOn = await open();
      let store = await openOn();
      const sub = await store.subscriptions.addSubscription({ channel: 'C1', query: 'taliban', time: '07:30', createdBy: 'U1', createdAt: t('2026-03-01T00:00:00Z') });
      expect(await store.feeds.claimFeedItem(item('http://f/rss 42', 'https://x.org/a'))).toBe(true);
      expect(await store.arrivals.recordArrivals(['a', 'b', 'b'], t('2026-03-01T10:00:00Z'))).toBe(2);
      expect(await store.arrivals.recordArrivals(['b', 'c'], t('2026-03-02T10:00:00Z'))).toBe(1);
      expect(await store.arrivals.recordArrivals([], t('2026-03-02T10:00:00Z'))).toBe(0);
      await store.notices.setNotice({ key: 'digest:C9', kind: 'digest', message: 'channel_not_found', at: t('2026-03-01T00:00:00Z') });
      const state = { url: 'http://f/rss', etag: '"v1"', lastModified: 'Sun, 01 Mar 2026 00:00:00 GMT', failures: 2, nextAttemptAt: t('2026-03-01T01:00:00Z'), lastError: 'HTTP 503', lastPolledAt: t('2026-03-01T00:30:00Z'), lastOkAt: t('2026-02-28T00:00:00Z') };
      await store.feeds.saveFeedState(state);
      await store.close();

      store = await openOn();
      expect(await store.subscriptions.listSubscriptions('C1')).toEqual([sub]);
      expect(await store.subscriptions.listSubscriptions('C2')).toEqual([]);
      expect(await store.feeds.claimFeedItem(item('http://f/rss 42', undefined))).toBe(false);
      expect(await store.arrivals.arrivedBetween(t('2026-03-01T10:00:00Z'), t('2026-03-03T00:00:00Z'))).toEqual(['c']);
      expect(await store.arrivals.arrivedBetween(t('2026-03-01T00:00:00Z'), t('2026-03-01T10:00:00Z'))).toEqual(['a', 'b']);
      expect((await store.arrivals.arrivalOf('b'))?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
      expect(await store.arrivals.arrivalOf('z')).toBeUndefined();
      expect(await store.notices.listNotices()).toHaveLength(1);
      expect(await store.feeds.getFeedState('http://f/rss')).toEqual(state);
      await store.feeds.saveFeedState({ url: 'http://f/rss', failures: 0 });
      expect(await store.feeds.getFeedState('http://f/rss')).toEqual({ url: 'http://f/rss', failures: 0 });
      expect(await store.feeds.getFeedState('http://g/rss')).toBeUndefined();
      expect(await store.subscriptions.removeSubscription(sub.id, 'C2')).toBe(false);
      expect(await store.subscriptions.removeSubscription(sub.id, 'C1')).toBe(true);
      expect(await store.subscriptions.listSubscriptions()).toEqual([]);
    });

    it('claims a feed item once by its GUID or canonical link, and again after a release', async () => {
      const store = await (await open())();
      expect(await store.feeds.claimFeedItem(item('http://f/rss 42', 'https://x.org/a'))).toBe(true);
      expect(await store.feeds.claimFeedItem(item('http://f/rss 42', 'https://x.org/other'))).toBe(false); // same GUID
      expect(await store.feeds.claimFeedItem(item('http://g/rss 7', 'https://x.org/a'))).toBe(false); // same story in another feed
      expect(await store.feeds.claimFeedItem(item('http://g/rss 42', undefined))).toBe(true); // GUIDs only count within a feed
      expect(await store.feeds.claimFeedItem(item(undefined, undefined))).toBe(true); // no key: always new
      expect(await store.feeds.claimFeedItem(item(undefined, undefined))).toBe(true);
      await store.feeds.releaseFeedItem({ guidKey: 'http://f/rss 42', linkKey: 'https://x.org/a' });
      expect(await store.feeds.claimFeedItem(item(undefined, 'https://x.org/a'))).toBe(true);
      await store.feeds.releaseFeedItem({});
    });

    it('lets exactly one of two connections claim the same feed item', async () => {
      const openOn = await open();
      const stores = [await openOn(), await openOn()];
      const claims = await Promise.all(stores.map((s, i) => s.feeds.claimFeedItem(item(`http://f/rss ${i}`, 'https://x.org/same'))));
      expect(claims.sort()).toEqual([false, true]);
    });

    it('keeps each workspace its own runs, parts, subscriptions and notices; feeds and arrivals are shared', async () => {
      const openOn = await open();
      const [one, two] = [await openOn({ teamId: 'T0001' }), await openOn({ teamId: 'T0002' })];
      expect((await one.runs.claimRun(run('channel:C1@2026-03-29'))).created).toBe(true);
      expect((await two.runs.claimRun(run('channel:C1@2026-03-29'))).created).toBe(true);
      expect(await one.runs.beginPosting('channel:C1@2026-03-29', { status: 'claimed', attempts: 0 }, plan)).toHaveLength(2);
      expect((await two.runs.getRun('channel:C1@2026-03-29'))?.status).toBe('claimed');
      expect(await two.runs.runParts('channel:C1@2026-03-29')).toEqual([]);
      expect(await two.runs.markPartSending('channel:C1@2026-03-29', 0)).toBe(false);
      expect(await one.runs.failRun('channel:C1@2026-03-29', 'x', t('2026-03-29T07:00:00Z'))).toBe(true);
      expect(await two.runs.finishEmpty('channel:C1@2026-03-29', t('2026-03-29T07:00:00Z'))).toBe(true);
      expect(await one.runs.lastCompletedRun('channel:C1')).toBeUndefined();
      expect((await two.runs.recentRuns(10)).map((r) => r.status)).toEqual(['empty']);
      const sub = await one.subscriptions.addSubscription({ channel: 'C1', query: 'x', time: '07:30', createdBy: 'U1', createdAt: t('2026-03-01T00:00:00Z') });
      expect(await two.subscriptions.listSubscriptions()).toEqual([]);
      expect(await two.subscriptions.removeSubscription(sub.id, 'C1')).toBe(false);
      await one.notices.setNotice({ key: 'digest:C1', kind: 'digest', message: 'm', at: t('2026-03-01T00:00:00Z') });
      await two.notices.clearNotice('digest:C1');
      expect(await two.notices.listNotices()).toEqual([]);
      expect(await one.notices.listNotices()).toHaveLength(1);
      expect(await one.arrivals.recordArrivals(['a'], t('2026-03-01T00:00:00Z'))).toBe(1);
      expect(await two.arrivals.recordArrivals(['a'], t('2026-03-02T00:00:00Z'))).toBe(0);
      expect(await one.feeds.claimFeedItem(item('http://f/rss 1', undefined))).toBe(true);
      expect(await two.feeds.claimFeedItem(item('http://f/rss 1', undefined))).toBe(false);
      await one.feeds.saveFeedState({ url: 'http://f/rss', failures: 1 });
      expect(await two.feeds.getFeedState('http://f/rss')).toEqual({ url: 'http://f/rss', failures: 1 });
    });
  });
}
