import { Assistant, type App, type Context } from '@slack/bolt';
import { suggestedPrompts } from '../../../render/assistant-prompts.js';
import { parseQuery } from '../../../search/query.js';
import { teamOf, type AppState } from '../../app-state.js';
import { answerInConversation } from '../../converse.js';
import type { AppDeps } from '../../deps.js';
import { ExpiringMap } from '../../expiring-map.js';
import { isMoreRequest, queryFromMessage } from '../../message-text.js';
import { reportFailure } from '../../report-failure.js';
import { logOf } from '../../request-log.js';

const threadKey = (channel: string, threadTs: string) => `${channel}:${threadTs}`;

/**
 * Brief in Slack's agent pane, through Bolt's `Assistant`: a new thread gets up to four suggested
 * prompts for the channel the user is viewing (its subscriptions and alerts, else the day's top
 * stories); a changed context re-suggests for the new channel; a message sets the status
 * "Searching N articles…", then the brief is posted in the thread. `more` continues the thread's
 * brief; filters alone (`source:bbc`, `since:2d`, `-word`) narrow it.
 *
 * @example app.assistant(briefAssistant({ ...deps, assistantTopics: async () => ({ queries: ['taliban revenue'], topStories: [] }) }, state));
 * await deliver(requests.threadStarted('C0OPS'));
 * slack.callsTo('assistant.threads.setSuggestedPrompts')[0].args.prompts.map((p) => p.message) // => ['taliban revenue']
 */
export function briefAssistant(deps: AppDeps, state: AppState): Assistant {
  // The channel each pane thread is viewing: in memory, bounded and expiring (a restart forgets it,
  // and the next context event tells it again).
  const contexts = new ExpiringMap<string, { channel_id: string }>({ maxEntries: 2_000, ttlMs: 24 * 3_600_000, clock: deps.clock });
  const prompts = async (channelId: string | undefined) => {
    const watched = channelId === undefined || deps.assistantTopics === undefined ? { queries: [], topStories: [] } : await deps.assistantTopics(channelId);
    return suggestedPrompts(watched.queries, watched.topStories);
  };
  const suggest = async (channelId: string | undefined, setSuggestedPrompts: (p: { prompts: { title: string; message: string }[]; title?: string }) => Promise<unknown>) => {
    await setSuggestedPrompts({ title: 'Ask Brief about the news', prompts: await prompts(channelId) });
  };
  // A thread opened, or the user moved to another channel: keep its context and suggest again.
  const remember =
    (failure: string) =>
    async ({ event, setSuggestedPrompts, saveThreadContext, context }: { event: unknown; setSuggestedPrompts: Parameters<typeof suggest>[1]; saveThreadContext: () => Promise<unknown>; context: Context }) => {
      try {
        await saveThreadContext();
        await suggest(contextOf(event)?.channel_id, setSuggestedPrompts);
      } catch (err) {
        logOf(context, deps.logger).error({ err }, failure);
      }
    };
  return new Assistant({
    threadContextStore: {
      get: async ({ payload }) => contexts.get(keyOf(payload)) ?? {},
      save: async ({ payload }) => {
        const context = contextOf(payload);
        if (context !== undefined) contexts.set(keyOf(payload), context);
      },
    },
    threadStarted: remember('assistant thread start failed'),
    threadContextChanged: remember('assistant context change failed'),
    userMessage: async ({ message, body, setStatus, context }) => {
      // Brief's own answers in the thread come back as message events too: never answer a bot.
      if (message.subtype !== undefined || message.bot_id !== undefined || !('thread_ts' in message) || message.thread_ts === undefined) return;
      const log = logOf(context, deps.logger);
      const team = teamOf(context);
      const where = { channel: message.channel, threadTs: message.thread_ts, key: threadKey(message.channel, message.thread_ts), team, replyKey: `${team}:${body.event_id}`, ask: '' };
      try {
        let query = queryFromMessage('text' in message ? message.text : undefined);
        const last = await state.conversations.lastBrief(team, where.key);
        if (last !== undefined && !isMoreRequest(query) && narrows(query, deps.clock.now())) query = `${last.q} ${query}`;
        await setStatus(`Searching ${deps.briefs.stats().articles.toLocaleString('en-US')} articles…`);
        await answerInConversation(deps, state, log, where, query);
      } catch (err) {
        await reportFailure(log, err, (m) => state.noRetry.chat.postMessage({ channel: where.channel, thread_ts: where.threadTs, text: m.text, blocks: m.blocks }));
      }
    },
  });
}

/** Filters or exclusions with no words of their own: a narrower take on the thread's last brief. */
function narrows(text: string, now: Date): boolean {
  const q = parseQuery(text, now);
  return q.words.length === 0 && q.phrases.length === 0 && !q.help && (q.exclude.length > 0 || q.sources.length > 0 || q.tags.length > 0 || q.since !== undefined || q.until !== undefined);
}

function keyOf(payload: unknown): string {
  const p = payload as { assistant_thread?: { channel_id?: string; thread_ts?: string }; channel?: string; thread_ts?: string };
  return threadKey(p.assistant_thread?.channel_id ?? p.channel ?? '', p.assistant_thread?.thread_ts ?? p.thread_ts ?? '');
}

function contextOf(payload: unknown): { channel_id: string } | undefined {
  const context = (payload as { assistant_thread?: { context?: unknown } }).assistant_thread?.context;
  if (typeof context !== 'object' || context === null) return undefined;
  const channelId = (context as { channel_id?: unknown }).channel_id;
  return typeof channelId === 'string' && /^[CGD][A-Z0-9]{2,}$/.test(channelId) ? { channel_id: channelId } : undefined;
}

/**
 * Registers the agent pane (before the DM listener sees assistant threads).
 *
 * @example register(app, deps, state); // no assistantTopics: the pane suggests general prompts
 * await deliver(requests.threadStarted('C0OPS'));
 * slack.callsTo('assistant.threads.setSuggestedPrompts').length // => 1
 */
export function register(app: App, deps: AppDeps, state: AppState): void {
  app.assistant(briefAssistant(deps, state));
}
