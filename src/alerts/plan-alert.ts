import type { Article } from '../articles/article.js';
import type { DigestItem } from '../digest/digest.js';
import { demoteStories, pickDigest } from '../digest/pick-digest.js';
import type { Hit } from '../search/search.js';
import { groupStories, outletName } from '../search/stories.js';
import type { Arrival } from './spikes.js';

/** A first arrival waits this long for the rest of its burst, so articles arriving together go out together. */
export const GATHER_MS = 60_000;
/** Stories listed in one alert post; the rest are counted. */
const ALERT_MAX_STORIES = 10;

/** A story an alert already posted: its key, the post holding it, and its articles so far. */
export interface PostedStory {
  storyKey: string;
  postKey: string;
  articles: Article[];
}

export interface AlertPlanInput {
  now: Date;
  query: string;
  everyMinutes: number;
  /** Whether the alert is in its quiet hours now. */
  quiet: boolean;
  lastPostAt?: Date;
  /** Matching arrivals not yet in any post. */
  pending: readonly Arrival[];
  /** Stories already posted (recent ones), to tell a later outlet's report from a new story. */
  posted: readonly PostedStory[];
  /** Articles this channel's users marked unhelpful: stories holding them go last. */
  demoted?: readonly Article[];
}

/** A later report of a posted story: the new outlets go in that post's thread. */
export interface FollowUp {
  storyKey: string;
  postKey: string;
  /** One article per outlet not named before (empty: nothing to say, only `taken`). */
  articles: Article[];
  /** Every pending article of the story, taken either way. */
  taken: Article[];
}

export interface AlertPlan {
  /** Why nothing new goes to the channel now (replies may still go). */
  wait?: 'nothing' | 'quiet' | 'gathering' | 'interval';
  /** The new stories of this post, best first; `taken` also holds those beyond {@link ALERT_MAX_STORIES}. */
  post?: { items: DigestItem[]; totalStories: number; taken: { article: Article; storyKey: string }[] };
  followUps: FollowUp[];
}

/**
 * What an alert does now, pure: hold everything in quiet hours; wait until a burst's first article
 * is {@link GATHER_MS} old; send later reports of posted stories as follow-ups (new outlets only);
 * post the new stories at most once per `everyMinutes`, the most relevant first and stories holding
 * a demoted article last.
 *
 * @example
 * const pending = [{ article, at: new Date(now.getTime() - 120_000) }]; // seen two minutes ago
 * planAlert({ now, query: 'taliban revenue', everyMinutes: 10, quiet: false, pending, posted: [] }).post?.items.length // => 1
 * planAlert({ now, query: 'taliban revenue', everyMinutes: 10, quiet: true, pending, posted: [] }).wait // => 'quiet'
 * planAlert({ now, query: 'taliban revenue', everyMinutes: 10, quiet: false, pending: [{ article, at: now }], posted: [] }).wait // => 'gathering'
 */
export function planAlert(input: AlertPlanInput): AlertPlan {
  if (input.pending.length === 0) return { wait: 'nothing', followUps: [] };
  if (input.quiet) return { wait: 'quiet', followUps: [] };
  const oldest = Math.min(...input.pending.map((p) => p.at.getTime()));
  if (input.now.getTime() - oldest < GATHER_MS) return { wait: 'gathering', followUps: [] };

  const role = new Map<string, { postedAs?: PostedStory; pending?: true }>();
  const hits: Hit[] = [];
  const add = (article: Article, r: { postedAs?: PostedStory; pending?: true }) => {
    if (!role.has(article.id)) hits.push({ article, score: 1, matched: [], fields: [] });
    role.set(article.id, { ...role.get(article.id), ...r });
  };
  for (const p of [...input.pending].sort((a, b) => a.at.getTime() - b.at.getTime())) add(p.article, { pending: true });
  for (const story of input.posted) for (const a of story.articles) add(a, { postedAs: story });

  const followUps: FollowUp[] = [];
  const fresh: Article[] = [];
  for (const story of groupStories(hits)) {
    const pending = story.hits.filter((h) => role.get(h.article.id)?.pending).map((h) => h.article);
    if (pending.length === 0) continue;
    const postedAs = story.hits.map((h) => role.get(h.article.id)?.postedAs).find((s) => s !== undefined);
    if (postedAs !== undefined) {
      const known = new Set(postedAs.articles.map(outletName));
      const articles: Article[] = [];
      for (const a of pending) {
        if (known.has(outletName(a))) continue;
        known.add(outletName(a));
        articles.push(a);
      }
      followUps.push({ storyKey: postedAs.storyKey, postKey: postedAs.postKey, articles, taken: pending });
      continue;
    }
    fresh.push(...pending);
  }
  if (fresh.length === 0) return { followUps };
  const due = input.lastPostAt === undefined || input.now.getTime() - input.lastPostAt.getTime() >= input.everyMinutes * 60_000;
  if (!due) return { wait: 'interval', followUps };

  const digest = pickDigest(fresh, { now: input.now, query: input.query, maxStories: fresh.length });
  const ordered = demoteStories(digest.items, input.demoted ?? []);
  const taken = new Map(fresh.map((a) => [a.id, { article: a, storyKey: a.id }]));
  for (const item of ordered) for (const a of [item.article, ...item.others]) taken.set(a.id, { article: a, storyKey: item.article.id });
  const items = ordered.slice(0, ALERT_MAX_STORIES);
  return { post: { items, totalStories: ordered.length, taken: [...taken.values()] }, followUps };
}
