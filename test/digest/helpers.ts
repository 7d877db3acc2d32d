import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { expect } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import type { Stores } from '../../src/store/store.js';
import { article } from '../support/articles.js';
import { messageProblems } from '../support/block-kit.js';
import type { PostedMessage } from '../support/digest-slack-double.js';

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

/**
 * Slack holds exactly one post of the run's digest and exactly one reply in its thread, both
 * marked with the run, valid Block Kit; the store recorded both where they landed and the run as posted.
 */
export async function expectOneDigestWithThread(messages: readonly PostedMessage[], store: Stores, runKey: string): Promise<void> {
  const headlines = messages.filter((m) => m.thread_ts === undefined);
  const replies = messages.filter((m) => m.thread_ts !== undefined);
  expect(headlines).toHaveLength(1);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.thread_ts).toBe(headlines[0]!.ts);
  expect(headlines[0]!.metadata).toEqual({ event_type: 'brief_digest', event_payload: { run: runKey } });
  expect(replies[0]!.metadata).toEqual({ event_type: 'brief_digest', event_payload: { run: runKey, part: 1 } });
  for (const m of messages) expect(messageProblems(m)).toEqual([]);
  const parts = await store.runs.runParts(runKey);
  expect(parts.map((p) => [p.kind, p.status, p.ts])).toEqual([
    ['headline', 'posted', headlines[0]!.ts],
    ['thread', 'posted', replies[0]!.ts],
  ]);
  expect(await store.runs.getRun(runKey)).toMatchObject({ status: 'posted', ts: headlines[0]!.ts });
}
