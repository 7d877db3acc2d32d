import type { Logger } from 'pino';
import type { ConversationStore } from '../slack/conversation-store.js';

/**
 * The shared conversation store, with a local one to fall back on while the shared one fails (the
 * database is away): briefs keep being answered, and for that time event ids, thread memory and
 * budgets are this replica's own, as they are with one process. Every answer the local store gives
 * is also written there when the shared store works, so it holds what the fallback needs.
 *
 * @example const conversations = withFallback(pgConversationStore(pool, clock), memoryConversationStore(clock), log);
 * await conversations.firstSighting('T0fallback', 'Ev1') // => true
 * await conversations.firstSighting('T0fallback', 'Ev1') // => false
 */
export function withFallback(shared: ConversationStore, local: ConversationStore, log: Pick<Logger, 'warn'>): ConversationStore {
  let failing = false;
  const attempt = async <T>(sharedCall: () => Promise<T>, localCall: () => Promise<T>): Promise<T> => {
    try {
      const value = await sharedCall();
      failing = false;
      return value;
    } catch (err) {
      if (!failing) log.warn({ err }, 'shared conversation store unreachable: this replica remembers events and threads by itself until it returns');
      failing = true;
      return localCall();
    }
  };
  return {
    async firstSighting(teamId, eventId) {
      const seenHere = await local.firstSighting(teamId, eventId);
      return attempt(() => shared.firstSighting(teamId, eventId), async () => seenHere);
    },
    lastBrief: (teamId, thread) => attempt(() => shared.lastBrief(teamId, thread), () => local.lastBrief(teamId, thread)),
    async rememberBrief(teamId, thread, brief) {
      await local.rememberBrief(teamId, thread, brief);
      await attempt(() => shared.rememberBrief(teamId, thread, brief), async () => undefined);
    },
    takeResponseUrl: (teamId, url) => attempt(() => shared.takeResponseUrl(teamId, url), () => local.takeResponseUrl(teamId, url)),
  };
}
