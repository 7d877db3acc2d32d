/**
 * An article as Brief holds it: what one corpus file (or one feed item) says, and nothing invented.
 * Every optional field is absent when the source does not know it; renderers say so honestly.
 */
export interface Article {
  /** Stable id: the `id` field, else the file name without extension (plus `#n` for bulk files). */
  id: string;
  title: string;
  /** The first paragraph of the body (a standfirst, when the source has one). */
  lead: string;
  /** The body as plain text, paragraphs separated by blank lines. Includes the lead. */
  body: string;
  /** The original article. */
  url?: string;
  /** Where the text was found, when that is not the original (a repost, a listing page). */
  via?: string;
  /** The publisher. */
  source?: string;
  /** A fact about the publisher a reader should know, such as "state-affiliated media". */
  sourceLabel?: string;
  /** The publisher's name in the registry (`sources.yml`), when its host is listed there. */
  publisher?: string;
  /** The publisher's country, ISO 3166-1 alpha-2 (`country` in front matter, or the registry). */
  country?: string;
  author?: string;
  /** ISO 8601 date (`2022-02-04`) or date-time, as given by the source. */
  published?: string;
  tags: string[];
  lang: string;
  /** True when the body is only the lead excerpt, not the whole article. */
  excerpt: boolean;
  /** True when the full article was sought but only the feed's teaser could be kept (`text: teaser`). */
  teaserOnly?: boolean;
  /** The corpus file the article came from, relative to the corpus folder. */
  file?: string;
}

/** A file (or an entry in a bulk file) that could not be loaded, and why. */
export interface CorpusProblem {
  file: string;
  reason: string;
}
