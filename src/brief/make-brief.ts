import type { Article } from '../articles/article.js';
import type { BriefIndex } from '../search/build-index.js';
import { hasCriteria, parseQuery, type Query } from '../search/query.js';
import { searchTopHits, type Hit } from '../search/search.js';
import { groupStories, STORY_WINDOW, type Story } from '../search/stories.js';
import { terms } from '../search/terms.js';
import { suggestWords } from '../search/suggest.js';
import { querySummary } from '../summary/summarize.js';
import { synthesize, type Citation } from '../summary/synthesize.js';

/** One numbered item of a brief: a story, told through its best article. */
export interface BriefItem {
  /** 1-based, across pages. */
  number: number;
  article: Article;
  /** Other articles of the same story (reposts, other outlets). */
  others: Article[];
  outlets: string[];
  /** One or two sentences copied verbatim from the article. */
  summary: string[];
  /** Why it matched: the user's words, phrases and filters it matched. */
  matched: string[];
  fields: string[];
}

/** Everything a renderer needs to show a brief; a plain value. */
export type Brief =
  | { kind: 'help'; query: Query }
  | { kind: 'empty'; query: Query }
  /** `corpusEmpty`: the index holds no article at all (every corpus file was skipped), so nothing could match. */
  | { kind: 'no-results'; query: Query; suggestions: string[]; corpusEmpty?: true }
  | {
      kind: 'results';
      query: Query;
      synthesis: Citation[];
      items: BriefItem[];
      page: number;
      pageSize: number;
      totalStories: number;
      totalArticles: number;
      /** The counts are estimates (a filtered search on a large corpus counts without asking the filter about every match). */
      estimated?: true;
    };

export interface BriefOptions {
  now: Date;
  /** 0-based page of stories. */
  page?: number;
  pageSize?: number;
  recency?: boolean;
}

const DEFAULT_PAGE_SIZE = 5;

/**
 * The whole pipeline, pure: query text → parsed query → ranked hits → stories → summaries → synthesis.
 * The same index, text and options always give the same brief.
 *
 * @example makeBrief(index, 'taliban revenue', { now }).kind // => 'results'
 */
export function makeBrief(index: BriefIndex, text: string, options: BriefOptions): Brief {
  const query = parseQuery(text, options.now);
  if (query.help) return { kind: 'help', query };
  const pageSize = pageSizeOf(options);
  // Only the first STORY_WINDOW hits are grouped and each later hit is a story of its own, so the
  // hits up to the asked page are enough: the engine need not rank the rest, only count them.
  const top = STORY_WINDOW + (Math.max(0, options.page ?? 0) + 1) * pageSize;
  const { hits, total, exact } = searchTopHits(index, query, { now: options.now, ...(options.recency === undefined ? {} : { recency: options.recency }) }, top);
  if (hits.length === 0) {
    if (!hasCriteria(query)) return { kind: 'empty', query };
    return index.engine.documentCount === 0 ? { kind: 'no-results', query, suggestions: [], corpusEmpty: true } : { kind: 'no-results', query, suggestions: suggestWords(index, query) };
  }
  // Fewer hits than asked for: they are all there is, whatever an estimate said.
  return briefFromHits(hits, query, options, hits.length < top ? { total: hits.length, exact: true } : { total: Math.max(total, hits.length), exact });
}

function pageSizeOf(options: Pick<BriefOptions, 'pageSize'>): number {
  return Math.max(1, Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, 10));
}

/**
 * The page of a brief for hits already found (the digest uses it with its own selection). `matched`:
 * how many articles matched in all when `hits` are only the best of them (default: all of them).
 */
export function briefFromHits(hits: readonly Hit[], query: Query, options: Pick<BriefOptions, 'page' | 'pageSize'>, matched = { total: hits.length, exact: true }): Brief {
  const pageSize = pageSizeOf(options);
  const grouped = groupStories(hits.slice(0, STORY_WINDOW));
  // Stories that can be shown (made from the hits at hand) and stories there are (counted).
  const available = grouped.length + Math.max(0, hits.length - STORY_WINDOW);
  const totalStories = grouped.length + Math.max(0, matched.total - STORY_WINDOW);
  const storyAt = (i: number): Story => grouped[i] ?? groupStories([hits[STORY_WINDOW + i - grouped.length]!])[0]!;
  const lastPage = Math.max(0, Math.ceil(available / pageSize) - 1);
  const page = Math.min(Math.max(0, options.page ?? 0), lastPage);
  const queryTerms = new Set([...query.words, ...query.phrases].flatMap(terms));
  const first = page * pageSize;
  const pageStories = Array.from({ length: Math.max(0, Math.min(pageSize, available - first)) }, (_, i) => storyAt(first + i));
  const items = pageStories.map((story, i) => toItem(story, first + i + 1, queryTerms));
  const synthesis = synthesize(items.map((item) => ({ number: item.number, article: item.article })), queryTerms);
  return { kind: 'results', query, synthesis, items, page, pageSize, totalStories, totalArticles: matched.total, ...(matched.exact ? {} : { estimated: true as const }) };
}

function toItem(story: Story, number: number, queryTerms: ReadonlySet<string>): BriefItem {
  const best = story.hits[0]!;
  return {
    number,
    article: best.article,
    others: story.hits.slice(1).map((h) => h.article),
    outlets: story.outlets,
    summary: querySummary(best.article, queryTerms, 2).map((s) => s.text),
    matched: [...new Set(story.hits.flatMap((h) => h.matched))],
    fields: [...new Set(story.hits.flatMap((h) => h.fields))],
  };
}

/** True when there is a page after this one. */
export function hasMore(brief: Brief): boolean {
  return brief.kind === 'results' && (brief.page + 1) * brief.pageSize < brief.totalStories;
}
