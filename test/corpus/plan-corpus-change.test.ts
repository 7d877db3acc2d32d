/** The live corpus planner (issue 9, item 9): state + what was read → change, with literal values. */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { liveCorpus, planCorpusChange } from '../../src/corpus/plan-corpus-change.js';
import { article } from '../support/articles.js';

const a = (id: string, file: string, url?: string): Article => article({ id, title: `Title ${id}`, body: `Body of ${id}.`, file, ...(url ? { url } : {}) });
const original = a('xi', 'xi.md', 'https://globaltimes.cn/page/1');
const copy = a('xi-repost', 'xi-repost.md', 'https://www.globaltimes.cn/page/1/?utm_source=feed');
const others = ['a', 'b', 'c', 'd', 'e'].map((id) => a(id, `${id}.md`, `https://example.com/${id}`));

describe('planCorpusChange', () => {
  it('a copy rejected as a duplicate comes back when its original is deleted: 6 articles stay 6', () => {
    const start = liveCorpus([original, ...others], [], 1000);
    const added = planCorpusChange(start, [{ file: 'xi-repost.md', articles: [copy], problems: [] }], 2000);
    expect(added.change).toEqual({ upserted: [], removed: [] });
    expect(added.problems).toEqual([{ file: 'xi-repost.md', reason: 'duplicate of xi.md (the same URL); kept once' }]);
    expect(added.okFiles).toEqual([]);
    expect(added.next.held.size).toBe(6);

    const deleted = planCorpusChange(added.next, [{ file: 'xi.md', gone: true }], 3000);
    expect(deleted.change).toEqual({ upserted: [copy], removed: ['xi'] });
    expect(deleted.next.held.size).toBe(6);
    expect(deleted.next.arrived.get('xi-repost')).toBe(3000);
  });

  it('a newcomer never takes a held URL, even when its path sorts first; the start-up shadowed copy also comes back', () => {
    const spoof = a('aaa-spoof', 'aaa-spoof.md', 'https://globaltimes.cn/page/1');
    const start = liveCorpus([original], [copy], 1000);
    const plan = planCorpusChange(start, [{ file: 'aaa-spoof.md', articles: [spoof], problems: [] }], 2000);
    expect(plan.change).toEqual({ upserted: [], removed: [] });
    expect(plan.problems.map((p) => p.file)).toEqual(['aaa-spoof.md']);
    // The original goes: the two waiting copies have no arrival, so path order decides between them.
    const gone = planCorpusChange(plan.next, [{ file: 'xi.md', gone: true }], 3000);
    expect(gone.change).toEqual({ upserted: [spoof], removed: ['xi'] });
  });

  it('a file that fails keeps its previous articles; one that partly parses keeps the ones it no longer names; an id held by another file is refused', () => {
    const bulk = [a('b1', 'bulk.jsonl'), a('b2', 'bulk.jsonl')];
    const start = liveCorpus([...bulk, original], [], 1000);
    const failed = planCorpusChange(start, [{ file: 'xi.md', articles: [], problems: [{ file: 'xi.md', reason: 'no title' }] }], 2000);
    expect(failed.change).toEqual({ upserted: [], removed: [] });
    expect(failed.problems).toEqual([{ file: 'xi.md', reason: 'no title' }]);

    const b1v2 = a('b1', 'bulk.jsonl');
    const partial = planCorpusChange(start, [{ file: 'bulk.jsonl', articles: [b1v2], problems: [{ file: 'bulk.jsonl:2', reason: 'not valid JSON' }] }], 2000);
    expect(partial.change).toEqual({ upserted: [b1v2], removed: [] });

    const thief = a('xi', 'thief.md');
    const refused = planCorpusChange(start, [{ file: 'thief.md', articles: [thief], problems: [] }], 2000);
    expect(refused.change).toEqual({ upserted: [], removed: [] });
    expect(refused.problems).toEqual([{ file: 'thief.md', reason: 'duplicate of xi.md (the same id "xi"); kept once' }]);
  });

  it('a rename lets the article go from its old file and come from the new one', () => {
    const note = a('note-1', 'z-note.md');
    const moved = a('note-1', 'a-note.md');
    const plan = planCorpusChange(liveCorpus([note], [], 1000), [{ file: 'a-note.md', articles: [moved], problems: [] }, { file: 'z-note.md', gone: true }], 2000);
    expect(plan.change).toEqual({ upserted: [moved], removed: [] });
    expect(plan.okFiles.sort()).toEqual(['a-note.md', 'z-note.md']);
  });
});
