/**
 * Issue 9, item 9: when every corpus file was skipped, a query says the corpus is empty and why,
 * not "Nothing in the corpus matches"; the bad files were named once each at the read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBrief } from '../../src/brief/make-brief.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { renderAnyBrief } from '../../src/render/render-brief.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { buildIndex } from '../../src/search/build-index.js';
import { messageProblems } from '../support/block-kit.js';
import { tempDir } from '../digest/helpers.js';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
beforeEach(() => {
  tmp = tempDir('brief-empty-');
  dir = path.join(tmp.dir, 'corpus');
  mkdirSync(dir);
});
afterEach(() => tmp.remove());

describe('a corpus whose every file was skipped', () => {
  it('answers a query by saying the corpus is empty and why', async () => {
    writeFileSync(path.join(dir, 'no-front-matter.md'), 'just text');
    writeFileSync(path.join(dir, 'no-title.md'), '---\nurl: https://example.com/a\n---\nBody.\n');
    const corpus = await readCorpus(dir);
    expect(corpus.articles).toEqual([]);
    expect(corpus.problems.map((p) => p.file)).toEqual(['no-front-matter.md', 'no-title.md']);

    const brief = makeBrief(buildIndex(corpus.articles), 'taliban', { now: new Date('2026-03-30T08:00:00Z') });
    expect(brief).toMatchObject({ kind: 'no-results', corpusEmpty: true });
    const message = renderAnyBrief(brief);
    expect(messageProblems(message)).toEqual([]);
    expect(message.text).toMatch(/^The corpus holds no articles: every file in the corpus folder was skipped/);
    expect(JSON.stringify(message)).not.toMatch(/Nothing in the corpus matches/);
    expect(renderTerminal(brief)).toMatch(/^The corpus holds no articles/);
  });
});
