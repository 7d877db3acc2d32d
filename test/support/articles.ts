import type { Article } from '../../src/articles/article.js';

/** A literal article for core tests; every field not given is absent or empty. */
export function article(fields: Partial<Article> & { id: string; title: string; body: string }): Article {
  return { lead: fields.body.split('\n\n')[0]!, tags: [], lang: 'en', excerpt: false, ...fields };
}
