import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hit } from '../../src/search/search.js';
import { groupStories, STORY_WINDOW } from '../../src/search/stories.js';
import { terms } from '../../src/search/terms.js';
import { canonicalUrl } from '../../src/articles/canonical-url.js';
import { article } from '../support/articles.js';
import { briefFromHits } from '../../src/brief/make-brief.js';
import { parseQuery } from '../../src/search/query.js';

/** |A ∩ B| / |A ∪ B|, counted directly (groupStories counts the shared terms once for all pairs). */
function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The plain all-pairs grouping that groupStories replaced: it must give the same stories. */
function naiveGroups(hits: readonly Hit[]): string[][] {
  const window = hits.slice(0, STORY_WINDOW);
  const keys = window.map(({ article: a }) => {
    const lead = terms(a.lead);
    const shingles = new Set<string>();
    for (let i = 0; i + 2 < lead.length; i++) shingles.add(`${lead[i]} ${lead[i + 1]} ${lead[i + 2]}`);
    return { url: a.url === undefined ? undefined : canonicalUrl(a.url), via: a.via === undefined ? undefined : canonicalUrl(a.via), title: new Set(terms(a.title)), lead: shingles };
  });
  const parent = window.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < window.length; i++) {
    for (let j = i + 1; j < window.length; j++) {
      const a = keys[i]!;
      const b = keys[j]!;
      const same =
        (a.url !== undefined && (a.url === b.url || a.url === b.via)) ||
        (b.url !== undefined && b.url === a.via) ||
        (a.title.size >= 3 && b.title.size >= 3 && jaccard(a.title, b.title) >= 0.6) ||
        (a.lead.size >= 5 && b.lead.size >= 5 && jaccard(a.lead, b.lead) >= 0.5);
      if (find(i) !== find(j) && same) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, string[]>();
  window.forEach((h, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), h.article.id]));
  return [...groups.values(), ...hits.slice(STORY_WINDOW).map((h) => [h.article.id])];
}

const WORDS = ['taliban', 'revenue', 'china', 'russia', 'summit', 'putin', 'xi', 'budget', 'aid', 'customs', 'border', 'talks'];
const text = (n: number) => fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: n }).map((ws) => ws.join(' '));
const hitArb = fc.record({ title: text(6), lead: text(14), url: fc.option(fc.constantFrom('https://a.example/1', 'https://a.example/2', 'https://b.example/1'), { nil: undefined }), via: fc.option(fc.constantFrom('https://a.example/1', 'https://list.example/'), { nil: undefined }) });

describe('groupStories', () => {
  it('groups exactly as comparing every pair does (property)', () => {
    fc.assert(
      fc.property(fc.array(hitArb, { maxLength: 60 }), (specs) => {
        const hits: Hit[] = specs.map((s, i) => ({
          article: article({ id: `a${i}`, title: s.title, body: `${s.lead}\n\nMore text.`, ...(s.url === undefined ? {} : { url: s.url }), ...(s.via === undefined ? {} : { via: s.via }) }),
          score: 100 - i,
          matched: [],
          fields: [],
        }));
        expect(groupStories(hits).map((story) => story.hits.map((h) => h.article.id))).toEqual(naiveGroups(hits));
      }),
      { numRuns: 300 },
    );
  });

  it('briefFromHits pages past the grouped window as if every hit had been grouped', () => {
    const hits: Hit[] = Array.from({ length: STORY_WINDOW + 37 }, (_, i) => ({
      article: article({ id: `h${i}`, title: `${WORDS[i % 7]} ${WORDS[(i * 5) % 11]} ${WORDS[(i * 3) % 12]} story ${i % 13}`, body: `Lead ${i} about ${WORDS[i % 12]}.\n\nMore.`, source: `Outlet ${i % 5}` }),
      score: 1000 - i,
      matched: [],
      fields: [],
    }));
    const all = groupStories(hits);
    expect(all.length).toBeLessThan(hits.length);
    const query = parseQuery('taliban', new Date('2026-01-01'));
    for (const page of [0, 3, Math.floor((all.length - 1) / 10), 999]) {
      const brief = briefFromHits(hits, query, { page, pageSize: 10 });
      if (brief.kind !== 'results') throw new Error('expected results');
      expect(brief.totalStories).toBe(all.length);
      const expected = all.slice(brief.page * 10, brief.page * 10 + 10).map((s) => s.hits.map((h) => h.article.id));
      expect(brief.items.map((item) => [item.article.id, ...item.others.map((o) => o.id)])).toEqual(expected);
    }
  });
});
