import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../src/articles/parse-article.js';
import { canonicalUrl } from '../../src/articles/canonical-url.js';
import { dedupeArticles } from '../../src/articles/dedupe.js';
import { markdownParagraphs } from '../../src/articles/markdown-text.js';
import { newestFirst } from '../../src/articles/newest-first.js';

const md = (front: string, body = 'A body sentence.') => `---\n${front}\n---\n\n${body}\n`;

describe('parseArticleFile: Markdown', () => {
  it('reads every field and keeps unknown ones out', () => {
    const { articles, problems } = parseArticleFile(
      'gt.md',
      md(
        'title: Xi meets Putin\nurl: https://www.globaltimes.cn/page/202202/1251396.shtml\nsource: Global Times\nsource_label: state-affiliated media\nauthor: A. Writer\npublished: 2022-02-04\ntags: [China, russia]\nlang: EN\nexcerpt: true\nextra: ignored',
        'Standfirst line.\n\nSecond paragraph\ncontinues here.',
      ),
    );
    expect(problems).toEqual([]);
    expect(articles).toEqual([
      {
        id: 'gt',
        title: 'Xi meets Putin',
        lead: 'Standfirst line.',
        body: 'Standfirst line.\n\nSecond paragraph continues here.',
        url: 'https://www.globaltimes.cn/page/202202/1251396.shtml',
        source: 'Global Times',
        sourceLabel: 'state-affiliated media',
        author: 'A. Writer',
        published: '2022-02-04',
        tags: ['china', 'russia'],
        lang: 'en',
        excerpt: true,
        file: 'gt.md',
      },
    ]);
  });

  it('leaves unknown facts absent rather than guessing them', () => {
    const [a] = parseArticleFile('x.md', md('title: Only a title')).articles;
    expect(a).toBeDefined();
    expect(a!.url).toBeUndefined();
    expect(a!.published).toBeUndefined();
    expect(a!.author).toBeUndefined();
    expect(a!.source).toBeUndefined();
    expect(a!.lang).toBe('und'); // not said: undetermined until the reader detects it (detectLanguages), never assumed English
    expect(a!.excerpt).toBe(false);
  });

  it.each([
    ['no front matter', 'Just text.', /no YAML front matter/],
    ['unparseable YAML', '---\ntitle: [unclosed\n---\nBody.', /not valid YAML/],
    ['no title', md('url: https://example.com/a'), /title is missing/],
    ['an empty body', md('title: T', '   \n\n'), /body is empty/],
    ['a date that does not parse', md('title: T\npublished: 2022-02-30'), /published must be an ISO date/],
    ['a date in words', md('title: T\npublished: early January 2022'), /published must be an ISO date/],
    ['tags of the wrong type', md('title: T\ntags: {a: 1}'), /tags must be a list/],
    ['a title of the wrong type', md('title: [a, b]'), /title must be text/],
    ['excerpt that is not a boolean', md('title: T\nexcerpt: maybe'), /excerpt must be true or false/],
    ['a URL that is not http', md('title: T\nurl: javascript:alert(1)'), /url must be an absolute http/],
    ['a list as front matter', '---\n- a\n- b\n---\nBody.', /mapping of fields/],
  ])('reports %s with its reason', (_, text, reason) => {
    const { articles, problems } = parseArticleFile('bad.md', text);
    expect(articles).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe('bad.md');
    expect(problems[0]!.reason).toMatch(reason);
  });
});

describe('parseArticleFile: bulk files', () => {
  it('reads a JSON array, reporting bad entries by index', () => {
    const { articles, problems } = parseArticleFile(
      'bulk.json',
      JSON.stringify([{ title: 'One', body: 'First.' }, { body: 'No title.' }, 'nope', { id: 'three', title: 'Three', body: 'Third.', tags: ['x'] }]),
    );
    expect(articles.map((a) => a.id)).toEqual(['bulk#1', 'three']);
    expect(problems.map((p) => p.file)).toEqual(['bulk.json[1]', 'bulk.json[2]']);
  });

  it('reads JSON lines, reporting a broken line by number and keeping the rest', () => {
    const text = ['{"title":"A","body":"a."}', '{broken', '', '{"title":"B","text":"b."}'].join('\n');
    const { articles, problems } = parseArticleFile('feed.jsonl', text);
    expect(articles.map((a) => a.title)).toEqual(['A', 'B']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe('feed.jsonl:2');
  });

  it('rejects a JSON file that is not an array', () => {
    expect(parseArticleFile('x.json', '{"title":"x"}').problems[0]!.reason).toMatch(/array/);
    expect(parseArticleFile('x.json', '{oops').problems[0]!.reason).toMatch(/not valid JSON/);
  });
});

describe('markdownParagraphs', () => {
  it('drops headings and markup, keeps link text', () => {
    expect(markdownParagraphs('## Introduction\n\nSee [USIP](https://usip.org) **now** and *then*.\n\n> quoted\n> text')).toEqual(['See USIP now and then.', 'quoted text']);
  });
});

describe('dates, URLs and duplicates', () => {
  it('accepts real ISO dates only', () => {
    const published = (date: string) => parseArticleFile('a.md', md(`title: T\npublished: ${date}`)).problems.map((p) => /published must be an ISO date/.test(p.reason));
    expect(published('2022-02-04')).toEqual([]);
    expect(published('2022-02-04T10:00:00Z')).toEqual([]);
    expect(published('2022-13-01')).toEqual([true]);
    expect(published('04/02/2022')).toEqual([true]);
  });

  it('canonicalises URLs: tracking parameters, fragments, trailing slashes, www', () => {
    expect(canonicalUrl('https://www.usip.org/publications/a/?utm_source=tw&utm_medium=x&page=2#top')).toBe('https://usip.org/publications/a?page=2');
    expect(canonicalUrl('http://USIP.org/publications/a')).toBe('https://usip.org/publications/a');
    expect(canonicalUrl('not a url')).toBeUndefined();
  });

  it('keeps one article per id and per canonical URL, reporting the others', () => {
    const base = { lead: 'x', body: 'x', tags: [], lang: 'en', excerpt: false };
    const { articles, duplicates } = dedupeArticles([
      { ...base, id: 'a', title: 'A', url: 'https://example.com/story/', file: 'a.md' },
      { ...base, id: 'b', title: 'B', url: 'https://www.example.com/story?utm_campaign=z#x', file: 'b.md' },
      { ...base, id: 'a', title: 'A again', file: 'c.md' },
      { ...base, id: 'd', title: 'D', file: 'd.md' },
    ]);
    expect(articles.map((a) => a.id)).toEqual(['a', 'd']);
    expect(duplicates.map((d) => d.file)).toEqual(['b.md', 'c.md']);
    expect(duplicates[0]!.reason).toMatch(/duplicate of a\.md \(the same URL\)/);
    expect(duplicates[1]!.reason).toMatch(/the same id "a"/);
  });
});

describe('newestFirst', () => {
  it('orders by the instant of publication, undated last, ties by id', () => {
    const base = { lead: 'x', body: 'x', tags: [], lang: 'en', excerpt: false, title: 't' };
    const list = [
      { ...base, id: 'undated' },
      { ...base, id: 'utc', published: '2022-02-04' },
      { ...base, id: 'beijing-late', published: '2022-02-04T07:00:00+08:00' },
      { ...base, id: 'later', published: '2022-02-05' },
      { ...base, id: 'also-utc', published: '2022-02-04' },
    ];
    expect([...list].sort(newestFirst).map((a) => a.id)).toEqual(['later', 'also-utc', 'utc', 'beijing-late', 'undated']);
  });
});
