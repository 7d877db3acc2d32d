import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, readCorpus } from '../../src/corpus/read-corpus.js';
import { CORPUS } from '../support/paths.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'brief-corpus-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const good = (title: string, extra = '') => `---\ntitle: ${title}\n${extra}---\nA sentence about ${title}.\n`;

describe('readCorpus on a folder holding broken files', () => {
  it('loads every good file and reports each bad one once, by path and reason', async () => {
    await writeFile(path.join(dir, 'good-one.md'), good('Good one', 'url: https://example.com/one?utm_source=rss\n'));
    await writeFile(path.join(dir, 'good-two.md'), good('Good two'));
    await writeFile(path.join(dir, 'no-title.md'), '---\nurl: https://example.com/x\n---\nBody.\n');
    await writeFile(path.join(dir, 'bad-yaml.md'), '---\ntitle: "unclosed\n---\nBody.\n');
    await writeFile(path.join(dir, 'empty-body.md'), '---\ntitle: Empty\n---\n\n');
    await writeFile(path.join(dir, 'bad-date.md'), good('Bad date', 'published: yesterday\n'));
    await writeFile(path.join(dir, 'binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff, 0xfe]));
    await writeFile(path.join(dir, 'latin1.md'), Buffer.from('---\ntitle: caf\xe9\n---\nx\n', 'latin1'));
    await writeFile(path.join(dir, 'huge.md'), `---\ntitle: Huge\n---\n${'word '.repeat(1_100_000)}`);
    await writeFile(path.join(dir, 'repost.md'), good('Repost', 'url: https://www.example.com/one/#comments\n'));
    await writeFile(path.join(dir, 'notes.txt'), 'not a corpus file');
    await mkdir(path.join(dir, 'feeds'));
    await writeFile(path.join(dir, 'feeds', 'bulk.jsonl'), '{"title":"From a feed","body":"Feed text."}\n{"title":\n');

    const corpus = await readCorpus(dir);
    expect(corpus.articles.map((a) => a.title).sort()).toEqual(['From a feed', 'Good one', 'Good two']);
    const reasons = Object.fromEntries(corpus.problems.map((p) => [p.file, p.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['bad-date.md', 'bad-yaml.md', 'binary.md', 'empty-body.md', path.join('feeds', 'bulk.jsonl:2'), 'huge.md', 'latin1.md', 'no-title.md']);
    expect(reasons['binary.md']).toMatch(/not a text file/);
    expect(reasons['latin1.md']).toMatch(/not a text file/);
    expect(reasons['huge.md']).toMatch(/larger than 5 MB/);
    expect(reasons['no-title.md']).toMatch(/title is missing/);
    expect(corpus.duplicates).toEqual([{ file: 'repost.md', reason: 'duplicate of good-one.md (the same URL); kept once' }]);
  });

  it('is a clear error, not a crash, for a missing or empty folder', async () => {
    await expect(readCorpus(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'CORPUS_MISSING' });
    await expect(readCorpus(dir)).rejects.toBeInstanceOf(CorpusError);
    await expect(readCorpus(dir)).rejects.toMatchObject({ code: 'CORPUS_EMPTY', message: expect.stringMatching(/holds no articles/) });
  });
});

describe('the default corpus', () => {
  it('holds the six seed articles with exactly the known facts', async () => {
    const corpus = await readCorpus(CORPUS);
    expect(corpus.problems).toEqual([]);
    expect(corpus.duplicates).toEqual([]);
    expect(corpus.articles).toHaveLength(6);
    const facts = corpus.articles.map((a) => ({ title: a.title.slice(0, 24), url: a.url !== undefined, source: a.source, author: a.author, published: a.published, excerpt: a.excerpt }));
    expect(facts).toEqual([
      { title: 'US Centcom nominee urges', url: true, source: 'The National (UAE)', author: 'Bryant Harris', published: '2022-02-08', excerpt: true },
      { title: 'China’s Careful Dance Ar', url: false, source: undefined, author: undefined, published: undefined, excerpt: true },
      { title: 'The Events In Kazakhstan', url: false, source: undefined, author: undefined, published: undefined, excerpt: true },
      { title: 'The Russians Are Coming:', url: true, source: 'The Palestine Chronicle', author: 'Ramzy Baroud and Romana Rubeo', published: undefined, excerpt: true },
      { title: 'Taliban Are Collecting R', url: true, source: 'United States Institute of Peace (USIP)', author: undefined, published: '2022-02-02', excerpt: true },
      { title: 'Xi meets Putin, stressin', url: true, source: 'Global Times', author: undefined, published: '2022-02-04', excerpt: true },
    ]);
    const centcom = corpus.articles[0]!;
    expect(centcom.lead).toMatch(/^Lt Gen Erik Kurilla, the nominee to head Centcom/);
    const kazakhstan = corpus.articles[2]!;
    expect(kazakhstan.via).toMatch(/^https:\/\/reflectiigeopolitice\.ro\/the-events-in-kazakhstan/);
    expect(kazakhstan.body).not.toMatch(/Introduction/);
  });
});
