import type { Article } from '../articles/article.js';
import { canonicalUrl } from '../articles/canonical-url.js';
import type { Hit } from './search.js';
import { terms } from './terms.js';

/** One event as reported by one or more outlets: the best-scoring article first. */
export interface Story {
  hits: Hit[];
  score: number;
  /** Every outlet that carried the story, in order of score. */
  outlets: string[];
}

/** Only the best hits are compared pairwise; the rest stay single stories. */
export const STORY_WINDOW = 200;
const TITLE_SIMILARITY = 0.6;
const LEAD_SIMILARITY = 0.5;

/**
 * Groups near-duplicate hits into stories: the same page at two addresses (a repost names the
 * original in `via`/`url`), or titles or leads that share most of their words.
 * Keeps the hits' order: a story ranks where its best article ranked.
 *
 * @example groupStories([articleA, { ...articleA, id: 'repost' }].map((article) => ({ article, score: 1, matched: [], fields: [] }))).length // => 1
 */
export function groupStories(hits: readonly Hit[]): Story[] {
  const window = hits.slice(0, STORY_WINDOW);
  const keys = window.map((hit) => storyKeys(hit.article));
  const parent = window.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // Only pairs that share a URL, a title word or a lead shingle can be the same story: they are
  // found through what they share (counted once per pair), not by comparing all 20,000 pairs.
  const titleShared = sharedCounts(keys.map((k) => k.title));
  const leadShared = sharedCounts(keys.map((k) => k.lead));
  const addresses = new Map<string, number[]>();
  keys.forEach((k, i) => {
    for (const address of new Set([k.url, k.via])) if (address !== undefined) addresses.set(address, [...(addresses.get(address) ?? []), i]);
  });
  const candidates = new Set<number>([...titleShared.keys(), ...leadShared.keys()]);
  for (const list of addresses.values()) for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) candidates.add(list[a]! * PAIR + list[b]!);
  for (const pair of [...candidates].sort((x, y) => x - y)) {
    const i = Math.floor(pair / PAIR);
    const j = pair % PAIR;
    if (find(i) !== find(j) && sameStory(keys[i]!, keys[j]!, titleShared.get(pair) ?? 0, leadShared.get(pair) ?? 0)) parent[find(j)] = find(i);
  }
  const groups = new Map<number, Hit[]>();
  window.forEach((hit, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(hit);
    else groups.set(root, [hit]);
  });
  const stories = [...groups.values()].map(toStory);
  for (const hit of hits.slice(STORY_WINDOW)) stories.push(toStory([hit]));
  return stories;
}

function toStory(hits: Hit[]): Story {
  return { hits, score: hits[0]!.score, outlets: [...new Set(hits.map((h) => outletName(h.article)))] };
}

/** The publisher, else the host the text came from, else "unknown publisher". */
export function outletName(article: Article): string {
  if (article.source !== undefined) return article.source;
  const host = (article.url ?? article.via) === undefined ? undefined : canonicalUrl((article.url ?? article.via)!)?.split('/')[2];
  return host ?? 'unknown publisher';
}

interface StoryKeys {
  /** The article's own canonical URL. */
  url?: string;
  /** Where its text was found (a repost names its original this way). */
  via?: string;
  title: Set<string>;
  lead: Set<string>;
}

/** Keys are computed once per article (stemming its lead costs more than comparing 200 of them). */
const KEYS = new WeakMap<Article, StoryKeys>();

function storyKeys(article: Article): StoryKeys {
  let keys = KEYS.get(article);
  if (keys === undefined) {
    keys = computeStoryKeys(article);
    KEYS.set(article, keys);
  }
  return keys;
}

function computeStoryKeys(article: Article): StoryKeys {
  const url = article.url === undefined ? undefined : canonicalUrl(article.url);
  const via = article.via === undefined ? undefined : canonicalUrl(article.via);
  const leadTerms = terms(article.lead);
  const shingles = new Set<string>();
  for (let i = 0; i + 2 < leadTerms.length; i++) shingles.add(`${leadTerms[i]} ${leadTerms[i + 1]} ${leadTerms[i + 2]}`);
  return { ...(url ? { url } : {}), ...(via ? { via } : {}), title: new Set(terms(article.title)), lead: shingles };
}

/** Pair keys: `i * PAIR + j` for window positions i < j. */
const PAIR = STORY_WINDOW + 1;

/** For every pair of sets (i < j) that share something, how many members they share. */
function sharedCounts(sets: readonly ReadonlySet<string>[]): Map<number, number> {
  const holders = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const x of set) {
      const list = holders.get(x);
      if (list) list.push(i);
      else holders.set(x, [i]);
    }
  });
  const counts = new Map<number, number>();
  for (const list of holders.values()) {
    for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) {
      const pair = list[a]! * PAIR + list[b]!;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
  }
  return counts;
}

/** The Jaccard similarity |A ∩ B| / |A ∪ B| from the sizes of two sets and the count of what they share. */
function jaccardOf(sizeA: number, sizeB: number, shared: number): number {
  const union = sizeA + sizeB - shared;
  return union === 0 ? 0 : shared / union;
}

function sameStory(a: StoryKeys, b: StoryKeys, titleShared: number, leadShared: number): boolean {
  // The same page, or one is a repost found at the other's address. Two texts found on the same
  // listing page (the same `via`) are not for that the same story.
  if (a.url !== undefined && (a.url === b.url || a.url === b.via)) return true;
  if (b.url !== undefined && b.url === a.via) return true;
  if (a.title.size >= 3 && b.title.size >= 3 && jaccardOf(a.title.size, b.title.size, titleShared) >= TITLE_SIMILARITY) return true;
  return a.lead.size >= 5 && b.lead.size >= 5 && jaccardOf(a.lead.size, b.lead.size, leadShared) >= LEAD_SIMILARITY;
}
