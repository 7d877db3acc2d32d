import type { Article } from '../articles/article.js';
import type { ArticleLookup } from '../digest/digest.js';
import { pickDigest } from '../digest/pick-digest.js';
import { MAX_SUGGESTED_PROMPTS } from '../render/assistant-prompts.js';
import type { AlertStore } from '../store/alert-store.js';
import type { ArrivalStore, SubscriptionStore } from '../store/store.js';

/**
 * What the agent pane suggests for a channel: the queries its subscriptions and alerts watch, and
 * the top stories of the last 24 hours' arrivals (carried by the most outlets).
 *
 * @example await stores.alerts.addAlert({ channel: 'C0OPS', query: 'taliban', everyMinutes: 10, createdBy: 'U1', createdAt: now });
 * await stores.arrivals.recordArrivals(articles.map((a) => a.id), now);
 * const topics = await assistantTopics({ ...stores, articles: lookup, now: () => clock.now() })('C0OPS');
 * [topics.queries, topics.topStories] // => [['taliban'], []]
 * const quiet = await assistantTopics({ ...stores, articles: lookup, now: () => clock.now() })('C0QUIET'); // no alert, no subscription
 * [quiet.queries, quiet.topStories.length > 0] // => [[], true]
 */
export function assistantTopics(deps: { subscriptions: SubscriptionStore; arrivals: ArrivalStore; alerts: AlertStore; articles: ArticleLookup; now: () => Date }) {
  return async (channelId: string): Promise<{ queries: string[]; topStories: Article[] }> => {
    const subs = await deps.subscriptions.listSubscriptions(channelId);
    const alerts = await deps.alerts.listAlerts(channelId);
    const queries = [...alerts.map((a) => a.query), ...subs.map((s) => s.query)];
    if (queries.length > 0) return { queries, topStories: [] };
    const now = deps.now();
    const ids = await deps.arrivals.arrivedBetween(new Date(now.getTime() - 24 * 3_600_000), now);
    const digest = pickDigest(await deps.articles(ids.slice(-2000)), { now, maxStories: MAX_SUGGESTED_PROMPTS });
    return { queries, topStories: digest.items.map((i) => i.article) };
  };
}
