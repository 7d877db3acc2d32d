import type { DigestCommandHandler } from '../digest/digest-commands.js';
import { renderFeedAdded, renderFeedKnown, renderFeedList, renderFeedRefused, renderFeedRemoved, renderFeedUsage } from '../render/feed-message.js';
import { pollFeed, type IngestDeps } from './ingest-feed.js';
import { parseFeedCommand } from './parse-feed-command.js';

export interface FeedCommandDeps {
  /** What a poll needs (feed and notice stores, corpus folder, fetch options, full text, registry, apply). */
  ingest: IngestDeps;
  intervalMinutes: number;
  /** When not empty, only these users may add and remove feeds. */
  adminUserIds: readonly string[];
}

/**
 * `/brief feeds`, `/brief feeds add <url> [as <name>]`, `/brief feeds remove <id|url>`, each answered
 * privately. A feed is fetched once before it is added, so an address that is not a usable feed is
 * refused with the reason; its items go in at once. With `adminUserIds` set, others may only list.
 *
 * @example const ingest = { ...stores, corpusDir: dir, now: () => clock.now(), log, fetch: { allowHosts: ['127.0.0.1'] } };
 * const commands = feedCommands({ ingest, intervalMinutes: 15, adminUserIds: ['U0ADMIN'] }); // createBriefApp({ …, commands })
 * await commands.feeds({ args: `add ${feedServer.url('/world.rss')} as World`, userId: 'U0ADMIN', channelId: 'C1', now });
 * (await stores.feeds.listFeeds()).map((f) => [f.name, f.items > 0]) // => [['World', true]]
 * await commands.feeds({ args: `add ${feedServer.url('/science.atom')}`, userId: 'U0OTHER', channelId: 'C1', now });
 * (await stores.feeds.listFeeds()).length // => 1
 */
export function feedCommands(deps: FeedCommandDeps): Record<'feeds', DigestCommandHandler> {
  const { feeds } = deps.ingest;
  const mayChange = (userId: string) => deps.adminUserIds.length === 0 || deps.adminUserIds.includes(userId);
  return {
    feeds: async ({ args, userId, now, log }) => {
      const command = parseFeedCommand(args);
      if (command.kind === 'list') return renderFeedList(await feeds.listFeeds());
      if (command.kind === 'usage') return renderFeedUsage(command.problem);
      if (!mayChange(userId)) {
        log?.info({ userId, verb: command.kind }, 'feed change refused: not an admin');
        return renderFeedUsage('Only Brief’s admins can change the feed list here. `/brief feeds` shows it.');
      }
      if (command.kind === 'remove') {
        const removed = await feeds.removeFeed(command.ref);
        log?.info({ feed: removed?.url, removed: removed !== undefined }, 'feed remove');
        return renderFeedRemoved(removed && { ...removed, items: 0, failures: 0 }, 'id' in command.ref ? String(command.ref.id) : command.ref.url);
      }
      const known = (await feeds.listFeeds()).find((f) => f.url === command.url);
      if (known !== undefined) return renderFeedKnown(known);
      const first = await pollFeed(deps.ingest, command.url, { intervalMinutes: deps.intervalMinutes, force: true });
      if (first.status === 'failed') {
        log?.info({ feed: command.url, code: first.error?.code }, 'feed refused');
        return renderFeedRefused(command.url, first.error?.message ?? 'it could not be fetched');
      }
      const name = command.name ?? first.title;
      const { feed } = await feeds.addFeed({ url: command.url, ...(name === undefined ? {} : { name }), addedBy: userId, addedAt: now });
      log?.info({ feed: feed.url, id: feed.id, added: first.added.length }, 'feed added');
      return renderFeedAdded({ ...feed, items: first.items, failures: 0 }, { items: first.items, added: first.added.length });
    },
  };
}
