import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Article } from '../../src/articles/article.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import { article } from '../support/articles.js';

/** A pino logger whose JSON lines are kept as objects. */
export function captureLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** A temp folder removed by the returned function. */
export function tempDir(prefix = 'brief-digest-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A news article with a distinct title and a body of full sentences. */
export function news(id: string, title: string, extra: Partial<Article> = {}): Article {
  return article({
    id,
    title,
    url: `https://news.example/${id}`,
    source: 'Example News',
    published: '2026-03-28',
    body: `${title} was reported on ${id} by several correspondents in the region.\n\nOfficials said more details about ${title.toLowerCase()} would follow later in the week, according to people familiar with it.`,
    ...extra,
  });
}

/** An index over some articles. */
export function indexOf(articles: Article[]): BriefIndex {
  return buildIndex(articles);
}
