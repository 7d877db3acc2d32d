import path from 'node:path';
import type { Article } from '../../src/articles/article.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { makeBrief } from '../../src/brief/make-brief.js';
import { pickDigest } from '../../src/digest/pick-digest.js';
import { parseQuery } from '../../src/search/query.js';
import { buildIndex } from '../../src/search/build-index.js';
import { isCore, sourceFiles } from './layers.js';
import { CORPUS, ROOT } from './paths.js';
import { NOW } from './seed.js';

/**
 * The names a TSDoc example may use without defining them: every export of the core (so an example
 * can build its input with `buildIndex`, `parseQuery`, …), `now`, the seed corpus (`articles`, an
 * `article` (USIP's), `index`), two articles `articleA`/`articleB`, a `query`, a `brief` and a
 * `digest` of the seed corpus, and `results` (the engine's hits for 'taliban revenue').
 */
export async function doctestScope(): Promise<Record<string, unknown>> {
  const src = path.join(ROOT, 'src');
  const core: Record<string, unknown> = {};
  for (const file of sourceFiles(src).filter(isCore)) Object.assign(core, await import(path.join(src, file)));
  const articles = (await readCorpus(CORPUS)).articles;
  const index = buildIndex(articles);
  const article = articles.find((a) => /usip/i.test(a.source ?? '')) ?? articles[0]!;
  const articleA: Article = articles[0]!;
  const articleB: Article = articles[1]!;
  const query = parseQuery('taliban revenue', NOW);
  const brief = makeBrief(index, 'taliban revenue', { now: NOW });
  const digest = pickDigest(articles, { now: NOW });
  const results = index.engine.search('taliban revenue');
  return { ...core, now: NOW, articles, article, index, articleA, articleB, query, brief, digest, results };
}
