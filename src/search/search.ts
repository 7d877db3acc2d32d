import { newestFirst } from '../articles/newest-first.js';
import type { Article } from '../articles/article.js';
import { canonicalUrl } from '../articles/canonical-url.js';
import type { BriefIndex } from './build-index.js';
import type { Query } from './query.js';
import type { EngineHit } from './search-engine.js';
import { terms } from './terms.js';
import { queryTerms, runSearch, runSearchTop, SEARCH_SPEED } from './fast-search.js';
import { withFeedback, type FeedbackParams } from './expand.js';
import { boundedMemo } from '../memo.js';
import { queryTermWeights } from './term-weights.js';

/** One article that matched, with its score and why it matched. */
export interface Hit {
  article: Article;
  score: number;
  /** The user's words (and phrases, and filters) that this article matched. */
  matched: string[];
  /** The fields the words were found in. */
  fields: string[];
}

export interface RankOptions {
  /** Anchors the recency boost. */
  now: Date;
  /** Boost recent articles (off for collections with no dates that matter). */
  recency?: boolean;
  /** Pseudo-relevance feedback and coordination settings (`FEEDBACK` in expand.ts by default); `false`: the engine's ranking as is. */
  feedback?: FeedbackParams | false;
}

/** How much a brand-new article gains over an old one, and how fast that fades. */
export const RECENCY = { weight: 0.25, halfLifeDays: 14 } as const;

/** The best hits of a query, and how many articles matched in all (`exact: false`: an estimate). */
export interface TopRanked {
  hits: Hit[];
  total: number;
  exact: boolean;
}

/**
 * Runs a parsed query against the index: BM25 over the words and phrases, then the filters
 * (source, tag, dates, exclusions, verbatim phrases), then the recency boost. Best first; ties by id.
 * A query with filters but no words lists the matching articles, newest first.
 *
 * @example searchIndex(index, parseQuery('taliban revenue', now), { now })[0].article.source // => 'United States Institute of Peace (USIP)'
 */
export function searchIndex(index: BriefIndex, query: Query, options: RankOptions): Hit[] {
  return rankQuery(index, query, options).hits;
}

/**
 * {@link searchIndex}'s best `top` hits, and how many matched in all. When feedback is off (it is
 * from {@link SEARCH_SPEED}.feedbackBelow articles) the engine is asked for the best `top` only, with
 * the recency boost and the date range given to it (`searchTop`), so that an engine that terminates
 * early (the top-k engine) never scores most matches; otherwise every match is ranked and cut.
 *
 * @example searchTopHits(index, parseQuery('taliban', now), { now }, 2).hits.length // => 2
 */
export function searchTopHits(index: BriefIndex, query: Query, options: RankOptions, top: number): TopRanked {
  return rankQuery(index, query, options, top);
}

function rankQuery(index: BriefIndex, query: Query, options: RankOptions, top?: number): TopRanked {
  const cut = (hits: Hit[]): TopRanked => ({ hits: top === undefined ? hits : hits.slice(0, top), total: hits.length, exact: true });
  const excluded = excludedIds(index, query);
  const passes = (article: Article) => !excluded.has(article.id) && passesFilters(article, query);
  const text = [...query.words, ...query.phrases].join(' ');
  const searchable = terms(text).length > 0;

  if (!searchable) {
    if (query.words.length + query.phrases.length > 0) return cut([]);
    if (query.sources.length + query.tags.length + query.langs.length === 0 && query.since === undefined && query.until === undefined) return cut([]);
    const listed = [...index.articles.values()].filter(passes).sort(newestFirst);
    return cut(listed.map((article) => ({ article, score: 0, matched: filterReasons(query), fields: [] })));
  }

  // An article holding a phrase verbatim holds each of its terms: a cheap test before reading its text.
  const phraseTerms = query.phrases.length === 0 ? [] : [...queryTerms(query.phrases.join(' '))];
  const filter = (id: string, matched: readonly string[]) => {
    if (phraseTerms.length > 0 && !phraseTerms.every((t) => matched.includes(t))) return false;
    const article = index.articles.get(id);
    return article !== undefined && passes(article);
  };
  // Feedback costs dozens of extra searches a query: at SEARCH_SPEED.feedbackBelow articles and more it is
  // skipped (BENCHMARKS.md), and so is weighing a long query's terms (a search per term).
  const feedback = options.feedback === false || index.engine.documentCount >= SEARCH_SPEED.feedbackBelow ? false : options.feedback;
  const words = [...new Set(query.words)].map((w) => [w, terms(w)] as const);
  const reasons = [...query.phrases.map((p) => `"${p}"`), ...filterReasons(query)];
  const byScore = (a: Hit, b: Hit) => b.score - a.score || (a.article.id < b.article.id ? -1 : 1);
  if (feedback === false && top !== undefined) {
    const recency = options.recency !== false;
    const published = query.since === undefined && query.until === undefined ? undefined : { ...(query.since === undefined ? {} : { since: parsedDate(query.since) }), ...(query.until === undefined ? {} : { until: parsedDate(query.until) }) };
    // Without filters, phrases or exclusions the engine is given no filter: it then counts the matches
    // exactly without asking about any.
    const filtered = phraseTerms.length > 0 || excluded.size > 0 || query.sources.length + query.tags.length + query.langs.length > 0 || published !== undefined;
    const found = runSearchTop(index.engine, text, {
      top,
      ...(filtered ? { filter } : {}),
      ...(published === undefined ? {} : { published }),
      ...(recency ? { boostDocument: { factor: (id: string) => recencyBoost(index.articles.get(id)?.published, options.now), max: 1 + RECENCY.weight } } : {}),
    });
    const hits = found.hits.map((result) => toHit(index, words, reasons, result, false, options.now)).sort(byScore);
    return { hits, total: found.total, exact: found.exact };
  }
  const weights = feedback === false ? undefined : queryTermWeights(index, text);
  const boostTerm = weights === undefined ? undefined : (term: string) => weights.get(term) ?? 1;
  const found = runSearch(index.engine, text, filter, SEARCH_SPEED, boostTerm);
  const results = feedback === false ? found : withFeedback(index, found, { filter }, feedback);
  return cut(results.map((result) => toHit(index, words, reasons, result, options.recency !== false, options.now)).sort(byScore));
}

/** A hit for an engine result; `boost`: the recency boost is still to be applied (the engine did not). */
function toHit(index: BriefIndex, words: readonly (readonly [string, readonly string[]])[], reasons: readonly string[], result: EngineHit, boost: boolean, now: Date): Hit {
  const article = index.articles.get(result.id)!;
  const matched: string[] = [];
  for (const [w, wordTerms] of words) if (wordTerms.length > 0 && wordTerms.every((t) => result.queryTerms.includes(t))) matched.push(w);
  matched.push(...reasons);
  const fields = [...result.fields];
  const score = boost ? result.score * recencyBoost(article.published, now) : result.score;
  return { article, score, matched, fields };
}

/** Parsed publication dates (the same few thousand strings recur across queries); bounded. */
const parsedDate = boundedMemo((published: string) => Date.parse(published), 100_000);

/** 1 for undated or old articles, up to 1 + weight for one published now. */
export function recencyBoost(published: string | undefined, now: Date): number {
  if (published === undefined) return 1;
  const ageDays = Math.max(0, (now.getTime() - parsedDate(published)) / 86_400_000);
  return 1 + RECENCY.weight * Math.pow(0.5, ageDays / RECENCY.halfLifeDays);
}

function filterReasons(query: Query): string[] {
  return [...query.sources.map((s) => `source:${s}`), ...query.tags.map((t) => `tag:${t}`), ...query.langs.map((l) => `lang:${l}`)];
}

function excludedIds(index: BriefIndex, query: Query): Set<string> {
  const words = query.exclude.filter((w) => !w.includes(' '));
  if (words.length === 0) return new Set();
  const hits = index.engine.search(words.join(' '), { prefix: false, fuzzy: false });
  return new Set(hits.map((h) => h.id));
}

/** True when the article satisfies the query's source, tag, language, date and phrase filters. */
export function passesFilters(article: Article, query: Query): boolean {
  if (query.sources.length > 0 && !query.sources.some((s) => sourceMatches(article, s))) return false;
  if (query.tags.length > 0 && !query.tags.some((t) => article.tags.some((tag) => squash(tag) === squash(t)))) return false;
  if (query.langs.length > 0 && !query.langs.includes(article.lang)) return false;
  if (query.since !== undefined || query.until !== undefined) {
    if (article.published === undefined) return false;
    const at = parsedDate(article.published);
    if (query.since !== undefined && at < parsedDate(query.since)) return false;
    if (query.until !== undefined && at > parsedDate(query.until)) return false;
  }
  const phrases = query.phrases;
  const excludedPhrases = query.exclude.filter((w) => w.includes(' '));
  if (phrases.length + excludedPhrases.length > 0) {
    const text = `${article.title}\n${article.body}`.toLowerCase();
    if (!phrases.every((p) => phraseRegex(p).test(text))) return false;
    if (excludedPhrases.some((p) => phraseRegex(p).test(text))) return false;
  }
  return true;
}

/**
 * A pattern that finds a phrase in lower-cased text exactly where {@link normalizeForPhrase} of the
 * text would contain {@link normalizeForPhrase} of the phrase (a space matches any run of white
 * space, a quote or dash its curly or long forms), without normalizing every candidate's text.
 */
const phraseRegex = boundedMemo((phrase: string): RegExp => {
  let pattern = '';
  for (const c of normalizeForPhrase(phrase)) {
    pattern += c === ' ' ? '\\s+' : c === "'" ? "['\u2018\u2019]" : c === '"' ? '["\u201C\u201D]' : c === '-' ? '[-\u2013\u2014]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(pattern);
}, 1000);

function sourceMatches(article: Article, wanted: string): boolean {
  const w = squash(wanted);
  if (w === '') return false;
  if (article.source !== undefined && squashedSource(article.source).includes(w)) return true;
  if (article.publisher !== undefined && squashedSource(article.publisher).includes(w)) return true;
  const host = squashedHost(article);
  return host !== undefined && host.includes(w);
}

/** Squashed publisher names (a corpus has few). */
const squashedSource = boundedMemo((source: string) => squash(source), 10_000);

/** Each article's squashed host, computed once (a `source:` filter tests every candidate). */
const HOSTS = new WeakMap<Article, string | undefined>();

function squashedHost(article: Article): string | undefined {
  if (HOSTS.has(article)) return HOSTS.get(article);
  const host = article.url === undefined ? undefined : canonicalUrl(article.url)?.split('/')[2];
  const squashed = host === undefined ? undefined : squash(host);
  HOSTS.set(article, squashed);
  return squashed;
}

/**
 * Lower-case letters and digits only: how `source:` and `tag:` values are compared.
 *
 * @example squash('Al Jazeera!') // => 'aljazeera'
 */
export function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * What a `source:` value is looked for in: the article's squashed publisher names and host, separated
 * by spaces (a squashed value holds none, so a match never spans two of them).
 *
 * @example sourceKey({ ...article, source: 'BBC News', publisher: undefined, url: 'https://www.bbc.co.uk/news/1' }) // => 'bbcnews  bbccouk'
 */
export function sourceKey(article: Article): string {
  return [article.source === undefined ? '' : squashedSource(article.source), article.publisher === undefined ? '' : squashedSource(article.publisher), squashedHost(article) ?? ''].join(' ');
}

/** Curly quotes and dashes, and runs of white space: replaced in one pass. */
const PHRASE_NOISE = /[\u2018\u2019\u201C\u201D\u2013\u2014]|\s+/g;
const PHRASE_MAP: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201C': '"', '\u201D': '"', '\u2013': '-', '\u2014': '-' };

/** Lower-case, straight quotes, single spaces: how phrases are compared. */
function normalizeForPhrase(s: string): string {
  return s.toLowerCase().replace(PHRASE_NOISE, (c) => PHRASE_MAP[c] ?? ' ');
}

