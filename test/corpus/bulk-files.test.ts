/**
 * Issue 9, item 9: bulk files are streamed with their own cap; the 5 MB cap is per article (a
 * Markdown file, or one JSONL line). A bad or oversized line skips only that line.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readCorpus } from '../../src/corpus/read-corpus.js';
import { tempDir } from '../digest/helpers.js';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
beforeEach(() => {
  tmp = tempDir('brief-bulk-');
  dir = path.join(tmp.dir, 'corpus');
  mkdirSync(dir);
});
afterEach(() => tmp.remove());

const entry = (i: number) => JSON.stringify({ title: `Archive story ${i}`, url: `https://archive.example/${i}`, body: `Paragraph ${i} of the archive. ${'Words of the archived report. '.repeat(80)}` });

describe('bulk corpus files', () => {
  it('a JSONL archive over 5 MB loads every good line; a bad line and a line over 5 MB skip only themselves', async () => {
    const lines = Array.from({ length: 2300 }, (_, i) => entry(i + 1));
    lines[99] = '{"title": "broken';
    lines[1999] = JSON.stringify({ title: 'Too long', body: 'x'.repeat(MAX_FILE_BYTES + 10) });
    writeFileSync(path.join(dir, 'archive.jsonl'), `${lines.join('\n')}\n`);
    expect(statSync(path.join(dir, 'archive.jsonl')).size).toBeGreaterThan(10 * 1024 * 1024);

    const corpus = await readCorpus(dir);
    expect(corpus.articles).toHaveLength(2298);
    expect(corpus.articles[0]!.id).toBe('archive#1');
    expect(corpus.articles.at(-1)!.title).toBe('Archive story 2300');
    expect(corpus.problems).toEqual([
      { file: 'archive.jsonl:100', reason: expect.stringMatching(/^not valid JSON/) },
      { file: 'archive.jsonl:2000', reason: 'line larger than 5 MB' },
    ]);
  });

  it('a JSON array over 5 MB loads too (bulk cap), while a Markdown article over 5 MB is still skipped', async () => {
    writeFileSync(path.join(dir, 'archive.json'), JSON.stringify(Array.from({ length: 2300 }, (_, i) => JSON.parse(entry(i + 1)) as object)));
    writeFileSync(path.join(dir, 'huge.md'), `---\ntitle: Huge\n---\n${'word '.repeat(1_100_000)}`);
    const corpus = await readCorpus(dir);
    expect(corpus.articles).toHaveLength(2300);
    expect(corpus.problems).toEqual([{ file: 'huge.md', reason: expect.stringMatching(/^larger than 5 MB/) }]);
  });
});
