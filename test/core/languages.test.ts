import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectLanguages } from '../../src/articles/detect-language.js';
import { article } from '../support/articles.js';
import { inProcessBriefService, type BriefService } from '../../src/brief/brief-service.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { renderBrief } from '../../src/render/brief-message.js';
import { buildIndex } from '../../src/search/build-index.js';
import { parseQuery } from '../../src/search/query.js';
import { segmentWords } from '../../src/search/scripts.js';
import { processTerm, terms } from '../../src/search/terms.js';
import { messageProblems } from '../support/block-kit.js';
import { CORPUS, ROOT } from '../support/paths.js';
import { tempDir } from '../digest/helpers.js';

const now = () => new Date('2026-03-31T08:00:00Z');
let tmp: ReturnType<typeof tempDir>;
let briefs: BriefService;

beforeEach(async () => {
  tmp = tempDir('brief-languages-');
  cpSync(CORPUS, tmp.dir, { recursive: true });
  cpSync(path.join(ROOT, 'test/fixtures/languages'), tmp.dir, { recursive: true });
  briefs = inProcessBriefService(buildIndex((await readCorpus(tmp.dir)).articles), now);
});
afterEach(() => tmp.remove());

async function ids(query: string): Promise<string[]> {
  const brief = await briefs.brief(query);
  return brief.kind === 'results' ? brief.items.map((i) => i.article.id) : [];
}

describe('every language searchable', () => {
  it('Chinese, Russian and Arabic articles are found by a word of their own language, each only by its own', async () => {
    expect(await ids('战略')).toEqual(['zh-port-cooperation']); // two characters inside 加强战略协作，…
    expect(await ids('运输')).toEqual(['zh-port-cooperation']);
    expect(await ids('терминал')).toEqual(['ru-sea-terminal']);
    expect(await ids('Губернатора')).toEqual(['ru-sea-terminal']);
    expect(await ids('الموانئ')).toEqual(['ar-ports-plan']);
    expect(await ids('تكاليف')).toEqual(['ar-ports-plan']);
    expect(await ids('يخفض')).toEqual(['ar-ports-plan']); // written يخفّض, with a shadda, in the article
  });

  it('their language is detected when the file does not say, shown in the brief, and lang: filters', async () => {
    const brief = await briefs.brief('lang:ru');
    expect(brief.kind === 'results' && brief.items.map((i) => [i.article.id, i.article.lang])).toEqual([['ru-sea-terminal', 'ru']]);
    expect(await ids('lang:zh')).toEqual(['zh-port-cooperation']);
    expect(await ids('lang:ar')).toEqual(['ar-ports-plan']);
    expect((await ids('lang:en taliban')).length).toBeGreaterThan(0);
    expect(await ids('lang:en 战略')).toEqual([]);
    for (const [query, name] of [['战略', 'Chinese'], ['терминал', 'Russian'], ['الموانئ', 'Arabic']] as const) {
      const found = await briefs.brief(query);
      expect(found.kind).toBe('results');
      if (found.kind !== 'results') continue;
      const message = renderBrief(found);
      expect(JSON.stringify(message.blocks)).toContain(` · ${name}`);
      expect(messageProblems(message)).toEqual([]);
    }
    const english = await briefs.brief('taliban revenue');
    expect(english.kind === 'results' && JSON.stringify(renderBrief(english).blocks)).not.toContain('English');
  });

  it('the English rules are unchanged; lang: takes a code and says when it cannot', async () => {
    expect(terms("O'Brien's revenues in the state-affiliated media")).toEqual(['obrien', 'revenue', 'state', 'affiliated', 'media']);
    expect(processTerm('и')).toBeNull();
    expect(processTerm('的')).toBeNull();
    expect(processTerm('في')).toBeNull();
    expect(processTerm('俄')).toBe('俄');
    expect(segmentWords('日本政府は新しい港湾計画を発表した')).toContain('港湾');
    expect(segmentWords('รัฐบาลไทยประกาศนโยบายใหม่')).toEqual(['รัฐบาล', 'ไทย', 'ประกาศ', 'นโยบาย', 'ใหม่']);
    expect(parseQuery('lang:RU port', now()).langs).toEqual(['ru']);
    expect(parseQuery('lang:russian', now()).notes[0]).toContain('not a language code');
    const detected = await detectLanguages([
      article({ id: 'r', title: 'Новый терминал', body: 'Власти региона объявили о новом морском терминале.', lang: 'und' }),
      article({ id: 'e', title: '', body: '', lang: 'und' }),
      article({ id: 'k', title: 'Said so', body: 'Its file says English.', lang: 'en' }),
    ]);
    expect(detected.map((a) => a.lang)).toEqual(['ru', 'und', 'en']);
  });
});
