/** The query language, one line per feature: shown by `/brief help`, the CLI and the App Home. */
export const QUERY_HELP: readonly { syntax: string; meaning: string }[] = [
  { syntax: 'china russia', meaning: 'articles about any of the words, best matches first' },
  { syntax: '"strategic coordination"', meaning: 'the exact phrase must appear' },
  { syntax: 'taliban -isis', meaning: 'leave out articles that mention a word' },
  { syntax: 'source:usip', meaning: 'only articles from a publisher (or its web address)' },
  { syntax: 'tag:afghanistan', meaning: 'only articles with a tag' },
  { syntax: 'lang:ru', meaning: 'only articles in a language (ISO 639-1 code: en, zh, ar, …)' },
  { syntax: 'since:7d  since:2022-01-01', meaning: 'published in the last 7 days, or since a date (also h, w, m, y)' },
  { syntax: 'until:2022-02', meaning: 'published up to the end of a day, month or year' },
  { syntax: 'help', meaning: 'this help' },
];

export const HELP_INTRO =
  'Brief finds the articles that match your words, groups reports of the same story, and quotes the sentences that matter, each with a numbered citation to its source. Filters combine with words; words and filters are not case-sensitive.';
