import type { Article } from '../articles/article.js';
import type { Digest, DigestItem } from './digest.js';
import { newestFirst } from '../articles/newest-first.js';
import { buildIndex, type BriefIndex } from '../search/build-index.js';
import { parseQuery, type Query } from '../search/query.js';
import { searchIndex, type Hit } from '../search/search.js';
import { groupStories, type Story } from '../search/stories.js';
import { processTerm } from '../search/terms.js';
import { genericSummary, querySummary } from '../summary/summarize.js';

export interface PickOptions {
  now: Date;
  /** A subscription's query: only matching new articles, most relevant first. */
  query?: string;
  /** Stories kept (the rest are counted). Default {@link DIGEST_MAX_STORIES}. */
  maxStories?: number;
}

/** Stories listed in one digest; a thread reply holds up to three blocks a story (with feedback buttons), inside Slack's 50. */
const DIGEST_MAX_STORIES = 15;

/**
 * The lookup over an in-process index (or any map of articles by id).
 *
 * @example indexLookup(index)([articleA.id, 'gone']) // => [articleA]
 */
export function indexLookup(index: { articles: ReadonlyMap<string, Article> }): (ids: readonly string[]) => Article[] {
  return (ids) => ids.map((id) => index.articles.get(id)).filter((a): a is Article => a !== undefined);
}

/**
 * Picks a digest from the articles that arrived since the last one, pure.
 * Without a query: every new article, grouped into stories, the most important first (carried by
 * the most outlets, then the most articles, then the newest). With a query: the new articles that
 * match it, grouped, the most relevant first (searched in a small index of the new articles
 * only, so the cost follows the day's news, not the corpus). Each story gets a generic (or
 * query-focused) two-sentence summary.
 *
 * @example pickDigest([articleA, articleB], { now }).totalArticles // => 2
 */
export function pickDigest(articles: readonly Article[], options: PickOptions): Digest {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const max = options.maxStories ?? DIGEST_MAX_STORIES;
  let stories: Story[];
  let queryTerms = new Set<string>();
  const base = options.query === undefined ? {} : { query: options.query };
  if (options.query !== undefined) {
    const query = parseQuery(options.query, options.now);
    queryTerms = new Set([...query.words, ...query.phrases.flatMap((p) => p.split(/\s+/))].map(processTerm).filter((t): t is string => t !== null));
    stories = groupStories(searchNew([...byId.values()], query, options.now));
  } else {
    const hits: Hit[] = [...byId.values()].sort(newestFirst).map((article) => ({ article, score: 1, matched: [], fields: [] }));
    stories = groupStories(hits)
      .map((story, order) => ({ story, order }))
      .sort((a, b) => b.story.outlets.length - a.story.outlets.length || b.story.hits.length - a.story.hits.length || a.order - b.order)
      .map((s) => s.story);
  }
  const totalArticles = stories.reduce((n, s) => n + s.hits.length, 0);
  const items = stories.slice(0, max).map((story, i): DigestItem => {
    const best = story.hits[0]!.article;
    const summary = (queryTerms.size > 0 ? querySummary(best, queryTerms, 2) : genericSummary(best, 2)).map((s) => s.text);
    return { number: i + 1, article: best, others: story.hits.slice(1).map((h) => h.article), outlets: story.outlets, summary };
  });
  return { ...base, items, totalStories: stories.length, totalArticles };
}

/**
 * The articles among `articles` that match `query`, most relevant first, searched in a small index
 * of those articles only (so the cost follows the new arrivals, not the corpus). Pure.
 *
 * @example matchArticles(articles, 'taliban revenue', now).map((a) => a.id) // => ['taliban-collecting-revenue', 'centcom-nominee-taliban-cooperation']
 */
export function matchArticles(articles: readonly Article[], query: string, now: Date): Article[] {
  return articles.length === 0 ? [] : searchNew(articles, parseQuery(query, now), now).map((h) => h.article);
}

function searchNew(articles: readonly Article[], query: Query, now: Date): Hit[] {
  return searchIndex(buildIndex([...articles]), query, { now });
}

/**
 * Puts last the items whose story holds an article this channel's users marked unhelpful (the same
 * article, or another outlet's report of the same story), renumbered. Pure.
 *
 * @example
 * digest.items.map((i) => i.article.id).slice(0, 2) // => ['centcom-nominee-taliban-cooperation', 'xi-meets-putin-strategic-coordination']
 * const demoted = demoteStories(digest.items, [{ ...articleA, id: 'repost' }]); // another copy of the first story
 * [demoted[0]!.article.id, demoted.at(-1)!.article.id, demoted.at(-1)!.number] // => ['xi-meets-putin-strategic-coordination', 'centcom-nominee-taliban-cooperation', 6]
 */
export function demoteStories(items: readonly DigestItem[], demoted: readonly Article[]): DigestItem[] {
  if (demoted.length === 0) return [...items];
  const demotedIds = new Set(demoted.map((a) => a.id));
  const own = items.flatMap((i) => [i.article, ...i.others]);
  const ownIds = new Set(own.map((a) => a.id));
  const hits: Hit[] = [...own, ...demoted.filter((a) => !ownIds.has(a.id))].map((article) => ({ article, score: 1, matched: [], fields: [] }));
  const marked = new Set<string>();
  for (const story of groupStories(hits)) if (story.hits.some((h) => demotedIds.has(h.article.id))) for (const h of story.hits) marked.add(h.article.id);
  const isDemoted = (item: DigestItem) => [item.article, ...item.others].some((a) => marked.has(a.id));
  return [...items.filter((i) => !isDemoted(i)), ...items.filter(isDemoted)].map((item, n) => ({ ...item, number: n + 1 }));
}
