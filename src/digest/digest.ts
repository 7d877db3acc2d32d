/** The digest's shapes (type-only): what the picker returns and the renderers read. */
import type { Article } from '../articles/article.js';

/** One story of a digest, told through its best article. */
export interface DigestItem {
  /** 1-based. */
  number: number;
  article: Article;
  /** Other new articles of the same story. */
  others: Article[];
  outlets: string[];
  /** One or two sentences copied verbatim. */
  summary: string[];
}

/** What a digest holds; a plain value the renderers turn into messages. */
export interface Digest {
  /** The subscription's query, when this is a subscription digest. */
  query?: string;
  items: DigestItem[];
  totalStories: number;
  totalArticles: number;
}

/** Finds articles by id (those no longer in the corpus are left out). */
export type ArticleLookup = (ids: readonly string[]) => Article[] | Promise<Article[]>;
