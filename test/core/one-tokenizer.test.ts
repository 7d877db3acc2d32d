/** Issue 9, item 9: one tokenizer for the index and for queries; the newest article by instant. */
import { describe, expect, it } from 'vitest';
import { makeBrief } from '../../src/brief/make-brief.js';
import { buildIndex, newestArticle } from '../../src/search/build-index.js';
import { INDEX_OPTIONS } from '../../src/search/index-options.js';
import { tokenize } from '../../src/search/terms.js';
import { article } from '../support/articles.js';
import { NOW, results } from '../support/seed.js';

describe('one tokenizer', () => {
  const index = buildIndex([
    article({ id: 'obrien', title: "O'Brien meets the harbour board", body: "Mayor O'Brien met the harbour board on Monday about state-affiliated shipping." }),
    article({ id: 'other', title: 'Brien river floods', body: 'The Brien river flooded the lower town.' }),
  ]);

  it("o'brien is found first, with the word it matched", () => {
    const b = results(makeBrief(index, "o'brien", { now: NOW }));
    expect([b.items[0]!.article.id, b.items[0]!.matched]).toEqual(['obrien', ["o'brien"]]);
  });

  it('a hyphenated query word reports the word when all its parts match', () => {
    const b = results(makeBrief(index, 'state-affiliated', { now: NOW }));
    expect(b.items.map((i) => [i.article.id, i.matched])).toEqual([['obrien', ['state-affiliated']]]);
  });

  it('the index uses the same tokenizer as queries', () => {
    expect(INDEX_OPTIONS.tokenize("O'Brien's state-affiliated media")).toEqual(tokenize("O'Brien's state-affiliated media"));
  });
});

describe('newestArticle', () => {
  it('compares instants, not ISO strings', () => {
    const early = article({ id: 'a', title: 'A', body: 'A.', published: '2022-02-04T01:00:00+08:00' }); // 2022-02-03T17:00Z
    const late = article({ id: 'b', title: 'B', body: 'B.', published: '2022-02-03T20:00:00Z' });
    expect(newestArticle(buildIndex([early, late]))?.id).toBe('b');
    expect(newestArticle(buildIndex([late, early]))?.id).toBe('b');
  });
});
