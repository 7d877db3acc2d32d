import type { Logger } from 'pino';
import type { ArticleLookup } from '../digest/digest.js';
import { matchArticles } from '../digest/pick-digest.js';
import { renderSpikeNotice } from '../render/alert-message.js';
import type { AlertStore, TopicMatch } from '../store/alert-store.js';
import type { ArrivalStore } from '../store/store.js';
import { detectSpike, SPIKE_BASELINE_HOURS, type Arrival, type SpikeSettings } from './spikes.js';

/** Something watched: an alert (`alert:3`) or a subscription (`sub:7`), with its channel and query. */
export interface Topic {
  key: string;
  channel: string;
  query: string;
  /** Spike notices wait out these hours too (an alert's quiet hours). */
  quiet?: boolean;
  /** Arrivals after this are matched (an alert's creation); default: those after the first check (never the backlog). */
  since?: Date;
}

/**
 * Arrivals are matched up to this long ago, so one recorded in the same instant as a pass (or by
 * another process with a clock a little behind) is not skipped: the next pass takes it.
 */
const ARRIVAL_SETTLE_MS = 1000;

export interface TopicDeps {
  arrivals: ArrivalStore;
  alerts: AlertStore;
  articles: ArticleLookup;
  now: () => Date;
  log: Logger;
}

/**
 * Matches the articles that arrived since the topic was last checked against its query, and records
 * the matches with their arrival times (the topic's own arrival series).
 *
 * @example const deps = { ...stores, articles: lookup, now: () => clock.now(), log };
 * await stores.arrivals.recordArrivals(articles.map((a) => a.id), now);
 * await clock.advanceTo(new Date(now.getTime() + 60_000));
 * await matchTopic(deps, { key: 'alert:1', channel: 'C1', query: 'taliban', since: new Date(now.getTime() - 1000) });
 * (await stores.alerts.pendingMatches('alert:1')).length > 0 // => true
 */
export async function matchTopic(deps: TopicDeps, topic: Topic): Promise<void> {
  const now = deps.now();
  const upTo = new Date(now.getTime() - ARRIVAL_SETTLE_MS);
  const cursor = await deps.alerts.topicCursor(topic.key, topic.since ?? now);
  if (upTo <= cursor.checkedUpTo) return;
  const ids = await deps.arrivals.arrivedBetween(cursor.checkedUpTo, upTo);
  const matched = matchArticles(await deps.articles(ids), topic.query, now);
  const matches: TopicMatch[] = [];
  for (const article of matched) {
    const arrivedAt = await deps.arrivals.arrivalOf(article.id);
    if (arrivedAt !== undefined) matches.push({ articleId: article.id, arrivedAt });
  }
  await deps.alerts.addMatches(topic.key, matches, upTo);
  if (matches.length > 0) deps.log.debug({ topic: topic.key, matched: matches.length }, 'new matches');
}

/**
 * Looks for a surge on the topic (src/alerts/spikes.ts) and records a notice to post if there is one.
 * Returns whether it did.
 *
 * @example const deps = { ...stores, articles: lookup, now: () => clock.now(), log };
 * const topic = { key: 'alert:1', channel: 'C1', query: 'taliban' };
 * await checkSpike(deps, topic, { factor: 3, min: 5, cooldownHours: 6 }) // => false
 */
export async function checkSpike(deps: TopicDeps, topic: Topic, settings: SpikeSettings): Promise<boolean> {
  if (topic.quiet) return false;
  const now = deps.now();
  const hour = new Date(now.getTime() - 3_600_000);
  const matches = await deps.alerts.matchesBetween(topic.key, new Date(hour.getTime() - SPIKE_BASELINE_HOURS * 3_600_000), now);
  // Cheap first: without SPIKE_MIN arrivals in the last hour there is nothing to look up.
  if (matches.filter((m) => m.arrivedAt > hour).length < settings.min) return false;
  const byId = new Map((await deps.articles(matches.map((m) => m.articleId))).map((a) => [a.id, a]));
  const arrivals: Arrival[] = matches.flatMap((m) => (byId.has(m.articleId) ? [{ article: byId.get(m.articleId)!, at: m.arrivedAt }] : []));
  const lastNoticeAt = await deps.alerts.lastPostAt(topic.key, 'spike');
  const { since } = await deps.alerts.topicCursor(topic.key, now);
  const notice = detectSpike(arrivals, { now, historySince: since, settings, ...(lastNoticeAt === undefined ? {} : { lastNoticeAt }) });
  if (notice === undefined) return false;
  const key = `spike:${topic.key}@${now.toISOString()}`;
  const message = renderSpikeNotice({ query: topic.query, notice });
  await deps.alerts.claimPost({ key, topic: topic.key, channel: topic.channel, kind: 'spike', message, startedAt: now }, []);
  deps.log.info({ topic: topic.key, count: notice.count, outlets: notice.outlets.length }, 'topic surging; notice recorded');
  return true;
}
