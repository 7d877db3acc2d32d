import type { Article } from '../articles/article.js';
import { renderAlertPost, renderFollowUp } from '../render/alert-message.js';
import type { Alert } from '../store/alert-store.js';
import type { SubscriptionStore } from '../store/store.js';
import { deliverAlertPosts, type DeliveryDeps } from './deliver-alert-posts.js';
import { isQuiet } from './quiet-hours.js';
import { planAlert } from './plan-alert.js';
import type { SpikeSettings } from './spikes.js';
import { checkSpike, matchTopic, type Topic, type TopicDeps } from './watch-topics.js';

export interface AlertRunDeps extends TopicDeps, DeliveryDeps {
  /** Subscriptions are watched for surges too. */
  subscriptions: SubscriptionStore;
  /** DIGEST_TZ: quiet hours are local times there. */
  timeZone: string;
  spikes: SpikeSettings;
  /** Articles this channel's users marked unhelpful (feedback); their stories go last. */
  demoted?: (channel: string) => Promise<readonly string[]>;
}

/** Stories an alert remembers, to thread later reports under them. */
const FOLLOW_UP_HOURS = 48;

/**
 * One pass of the alerts: finish posts left unsent (a restart, a Slack fault); match new arrivals
 * for every alert and subscription; plan each alert (src/alerts/plan-alert.ts) and record its posts
 * before sending; record surge notices; then send what was recorded.
 *
 * @example await stores.alerts.addAlert({ channel: 'C1', query: 'taliban', everyMinutes: 10, createdBy: 'U1', createdAt: now });
 * await clock.advanceTo(new Date(now.getTime() + 60_000));
 * await stores.arrivals.recordArrivals(articles.map((a) => a.id), clock.now());
 * await clock.advanceTo(new Date(now.getTime() + 11 * 60_000));
 * const deps = { ...stores, articles: lookup, client, now: () => clock.now(), sleep, pacer: createChannelPacer(clock), log, timeZone: 'UTC', spikes: { factor: 3, min: 5, cooldownHours: 6 } };
 * await runAlerts(deps); // every minute, from the alert runner
 * slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args.channel) // => ['C1']
 */
export async function runAlerts(deps: AlertRunDeps): Promise<void> {
  await deliverAlertPosts(deps);
  const now = deps.now();
  const alerts = await deps.alerts.listAlerts();
  const topics: (Topic & { alert?: Alert })[] = alerts.map((a) => ({ key: `alert:${a.id}`, channel: a.channel, query: a.query, quiet: isQuiet(now, a.quiet, deps.timeZone), since: a.createdAt, alert: a }));
  const watched = new Set(topics.map((t) => `${t.channel} ${t.query.toLowerCase()}`));
  for (const sub of await deps.subscriptions.listSubscriptions()) {
    // A subscription on the same query as an alert of its channel shares the alert's surge notices.
    if (!watched.has(`${sub.channel} ${sub.query.toLowerCase()}`)) topics.push({ key: `sub:${sub.id}`, channel: sub.channel, query: sub.query });
  }
  for (const topic of topics) {
    try {
      await matchTopic(deps, topic);
      if (topic.alert) await planPosts(deps, topic.alert, topic.quiet === true);
      await checkSpike(deps, topic, deps.spikes);
    } catch (err) {
      deps.log.error({ err, topic: topic.key }, 'alert pass failed for a topic');
    }
  }
  await deliverAlertPosts(deps);
}

async function planPosts(deps: AlertRunDeps, alert: Alert, quiet: boolean): Promise<void> {
  const topic = `alert:${alert.id}`;
  const now = deps.now();
  const pendingMatches = await deps.alerts.pendingMatches(topic);
  if (pendingMatches.length === 0) return;
  const postedStories = await deps.alerts.alertedStories(topic, new Date(now.getTime() - FOLLOW_UP_HOURS * 3_600_000));
  const demotedIds = (await deps.demoted?.(alert.channel)) ?? [];
  const ids = [...pendingMatches.map((m) => m.articleId), ...postedStories.flatMap((s) => s.articleIds), ...demotedIds];
  const byId = new Map<string, Article>((await deps.articles([...new Set(ids)])).map((a) => [a.id, a]));
  const pick = (list: readonly string[]) => list.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const lastPostAt = await deps.alerts.lastPostAt(topic, 'post');
  const plan = planAlert({
    now,
    query: alert.query,
    everyMinutes: alert.everyMinutes,
    quiet,
    ...(lastPostAt === undefined ? {} : { lastPostAt }),
    pending: pendingMatches.flatMap((m) => (byId.has(m.articleId) ? [{ article: byId.get(m.articleId)!, at: m.arrivedAt }] : [])),
    posted: postedStories.map((s) => ({ storyKey: s.storyKey, postKey: s.postKey, articles: pick(s.articleIds) })),
    demoted: pick(demotedIds),
  });
  const stamp = now.toISOString();
  for (const f of plan.followUps) {
    const items = f.taken.map((a) => ({ articleId: a.id, storyKey: f.storyKey }));
    if (f.articles.length === 0) {
      await deps.alerts.takeItems(topic, f.postKey, items);
      continue;
    }
    const key = `${topic}@${stamp}/${f.storyKey}`;
    const message = renderFollowUp({ articles: f.articles });
    await deps.alerts.claimPost({ key, topic, channel: alert.channel, kind: 'reply', parentKey: f.postKey, message, startedAt: now }, items);
  }
  if (plan.post) {
    const key = `${topic}@${stamp}`;
    const message = renderAlertPost({ alert, items: plan.post.items, totalStories: plan.post.totalStories });
    await deps.alerts.claimPost({ key, topic, channel: alert.channel, kind: 'post', message, startedAt: now }, plan.post.taken.map((t) => ({ articleId: t.article.id, storyKey: t.storyKey })));
    deps.log.info({ alert: alert.id, stories: plan.post.totalStories }, 'alert post recorded');
  } else if (plan.wait) deps.log.debug({ alert: alert.id, wait: plan.wait }, 'alert waits');
}
