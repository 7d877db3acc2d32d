import type { Article } from '../articles/article.js';
import type { BriefIndex } from '../search/build-index.js';
import { hasCriteria, parseQuery, type Query } from '../search/query.js';
import { searchIndex, type Hit } from '../search/search.js';
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
  const hits = searchIndex(index, query, { now: options.now, ...(options.recency === undefined ? {} : { recency: options.recency }) });
  if (hits.length === 0) {
    if (!hasCriteria(query)) return { kind: 'empty', query };
    return index.articles.size === 0 ? { kind: 'no-results', query, suggestions: [], corpusEmpty: true } : { kind: 'no-results', query, suggestions: suggestWords(index, query) };
  }
  return briefFromHits(hits, query, options);
}

/** The page of a brief for hits already found (the digest uses it with its own selection). */
export function briefFromHits(hits: readonly Hit[], query: Query, options: Pick<BriefOptions, 'page' | 'pageSize'>): Brief {
  const pageSize = Math.max(1, Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, 10));
  // Only the first STORY_WINDOW hits are grouped; each later hit is a story of its own, so the page's
  // stories are made on demand instead of one object per hit (tens of thousands at 100k articles).
  const grouped = groupStories(hits.slice(0, STORY_WINDOW));
  const totalStories = grouped.length + Math.max(0, hits.length - STORY_WINDOW);
  const storyAt = (i: number): Story => grouped[i] ?? groupStories([hits[STORY_WINDOW + i - grouped.length]!])[0]!;
  const lastPage = Math.max(0, Math.ceil(totalStories / pageSize) - 1);
  const page = Math.min(Math.max(0, options.page ?? 0), lastPage);
  const queryTerms = new Set([...query.words, ...query.phrases].flatMap(terms));
  const first = page * pageSize;
  const pageStories = Array.from({ length: Math.max(0, Math.min(pageSize, totalStories - first)) }, (_, i) => storyAt(first + i));
  const items = pageStories.map((story, i) => toItem(story, first + i + 1, queryTerms));
  const synthesis = synthesize(items.map((item) => ({ number: item.number, article: item.article })), queryTerms);
  return { kind: 'results', query, synthesis, items, page, pageSize, totalStories, totalArticles: hits.length };
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
