import { beforeAll, describe, expect, it } from 'vitest';
import { makeBrief } from '../../src/brief/make-brief.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import { parseQuery } from '../../src/search/query.js';
import { recencyBoost, searchIndex } from '../../src/search/search.js';
import { groupStories } from '../../src/search/stories.js';
import { article } from '../support/articles.js';
import { NOW, results, seedIndex } from '../support/seed.js';

const now = NOW;
let seed: BriefIndex;
beforeAll(async () => {
  seed = await seedIndex();
});

describe('briefs on the default corpus', () => {
  it('"taliban revenue" puts the USIP article first, with its URL', () => {
    const b = results(makeBrief(seed, 'taliban revenue', { now }));
    expect(b.items[0]!.article.source).toBe('United States Institute of Peace (USIP)');
    expect(b.items[0]!.article.url).toBe('https://www.usip.org/publications/2022/02/taliban-are-collecting-revenue-how-are-they-spending-it');
    expect(b.items[0]!.matched).toEqual(['taliban', 'revenue']);
  });

  it('"xi putin" shows the Global Times article, dated, with its label', () => {
    const first = results(makeBrief(seed, 'xi putin', { now })).items[0]!.article;
    expect(first).toMatchObject({ source: 'Global Times', published: '2022-02-04', sourceLabel: 'Chinese state-affiliated media' });
  });

  it('source:usip returns only USIP', () => {
    const b = results(makeBrief(seed, 'source:usip', { now }));
    expect(b.items.map((i) => i.article.source)).toEqual(['United States Institute of Peace (USIP)']);
  });

  it('a query that matches nothing gives no results with suggestions', () => {
    const b = makeBrief(seed, 'talbn', { now });
    expect(b.kind).toBe('no-results');
    expect(b.kind === 'no-results' && b.suggestions).toContain('taliban');
  });

  it('applies phrases, exclusions, tags and dates', () => {
    const ids = (q: string) => searchIndex(seed, parseQuery(q, now), { now }).map((h) => h.article.id);
    expect(ids('"strategic coordination"')).toEqual(['xi-meets-putin-strategic-coordination']);
    expect(ids('taliban -isis')).toEqual(['taliban-collecting-revenue']);
    expect(ids('tag:kazakhstan')).toEqual(['kazakhstan-china-russia-strange-bedfellows']);
    expect(ids('since:2022-02-05 taliban')).toEqual(['centcom-nominee-taliban-cooperation']);
    expect(ids('until:2022-02-03')).toEqual(['taliban-collecting-revenue']);
    expect(ids('china since:7d')).toEqual([]);
  });

  it('is deterministic', () => {
    expect(makeBrief(seed, 'china russia', { now })).toEqual(makeBrief(seed, 'china russia', { now }));
  });

  it('pages through stories', () => {
    const first = results(makeBrief(seed, 'china russia', { now, pageSize: 2 }));
    const second = results(makeBrief(seed, 'china russia', { now, pageSize: 2, page: 1 }));
    expect(first.items.map((i) => i.number)).toEqual([1, 2]);
    expect(second.items.map((i) => i.number)).toEqual([3, 4]);
    expect(second.items.map((i) => i.article.id)).not.toContain(first.items[0]!.article.id);
  });

  it('gives help and an empty result for help and blank queries', () => {
    expect(makeBrief(seed, 'help', { now }).kind).toBe('help');
    expect(makeBrief(seed, '   ', { now }).kind).toBe('empty');
    expect(makeBrief(seed, 'the of and', { now }).kind).toBe('no-results');
  });
});

describe('ranking and stories', () => {
  it('boosts recent articles only where dates exist', () => {
    expect(recencyBoost(undefined, now)).toBe(1);
    expect(recencyBoost('2026-11-28', now)).toBeGreaterThan(recencyBoost('2026-10-01', now));
    expect(recencyBoost('2020-01-01', now)).toBeCloseTo(1, 5);
  });

  it('groups a repost with its original and one event told by two outlets, naming every outlet', () => {
    const index = buildIndex([
      article({ id: 'orig', title: 'Xi meets Putin in Beijing', url: 'https://globaltimes.cn/a', source: 'Global Times', body: 'Xi met Putin on Friday to discuss strategic coordination between the two countries.' }),
      article({ id: 'repost', title: 'Xi meets Putin in Beijing (repost)', via: 'https://globaltimes.cn/a/', url: 'https://aggregator.example/x', source: 'Aggregator', body: 'Copied text about Xi and Putin.' }),
      article({ id: 'other', title: 'Putin and Xi meet in Beijing', source: 'Reuters', body: 'Xi met Putin on Friday to discuss strategic coordination between the two countries, officials said.' }),
      article({ id: 'unrelated', title: 'Putin speaks on energy', source: 'TASS', body: 'Putin spoke about gas exports to Europe.' }),
    ]);
    const stories = groupStories(searchIndex(index, parseQuery('xi putin', now), { now }));
    expect(stories).toHaveLength(2);
    expect(stories[0]!.hits.map((h) => h.article.id).sort()).toEqual(['orig', 'other', 'repost']);
    expect([...stories[0]!.outlets].sort()).toEqual(['Aggregator', 'Global Times', 'Reuters']);
  });

  it('does not merge two articles merely found on the same listing page', () => {
    const via = 'https://aggregator.example/list/page/51';
    const stories = groupStories(
      searchIndex(
        buildIndex([
          article({ id: 'a', title: 'China and Russia in Kazakhstan', via, body: 'Russia sent troops to Kazakhstan.' }),
          article({ id: 'b', title: 'Taliban revenue questions', via, body: 'The Taliban collect customs revenue.' }),
        ]),
        parseQuery('russia taliban', now),
        { now },
      ),
    );
    expect(stories).toHaveLength(2);
  });
});
