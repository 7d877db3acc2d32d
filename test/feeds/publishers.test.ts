import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePublishers, publisherOf, withPublisher } from '../../src/articles/publishers.js';
import { inProcessBriefService } from '../../src/brief/brief-service.js';
import { loadCorpusIndex } from '../../src/corpus/load-index.js';
import { readPublishers } from '../../src/corpus/read-publishers.js';
import { pollFeed } from '../../src/feeds/ingest-feed.js';
import { renderBrief } from '../../src/render/brief-message.js';
import { buildIndex } from '../../src/search/build-index.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { article } from '../support/articles.js';
import { messageProblems } from '../support/block-kit.js';
import { CORPUS, ROOT } from '../support/paths.js';
import { captureLogger, tempDir } from '../digest/helpers.js';
import { FeedServer } from './feed-server.js';

const now = () => new Date('2026-03-30T07:00:00Z');
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('brief-publishers-');
});
afterEach(() => tmp.remove());

describe('the publisher registry (pure)', () => {
  const yaml = [
    'publishers:',
    '  - name: Xinhua News Agency',
    '    hosts: [news.cn, www.xinhuanet.com]',
    '    label: Chinese state news agency',
    '    country: cn',
    '    reference: https://en.wikipedia.org/wiki/Xinhua_News_Agency',
    '  - name: Copycat',
    '    hosts: [news.cn]',
    '  - name: Bad host',
    '    hosts: ["https://x.org/feed"]',
    '  - hosts: [nameless.org]',
    '  - name: Bad country',
    '    hosts: [y.org]',
    '    country: China',
    '  - just text',
  ].join('\n');

  it('parses entries, reports each bad one by number, and looks hosts up with their parent domains', () => {
    const { registry, problems } = parsePublishers(yaml, 'sources.yml');
    expect([...registry.keys()]).toEqual(['news.cn', 'xinhuanet.com']);
    expect(registry.get('news.cn')).toEqual({ name: 'Xinhua News Agency', label: 'Chinese state news agency', country: 'CN', reference: 'https://en.wikipedia.org/wiki/Xinhua_News_Agency' });
    expect(problems.map((p) => p.file)).toEqual(['sources.yml: publishers[1]', 'sources.yml: publishers[2]', 'sources.yml: publishers[3]', 'sources.yml: publishers[4]', 'sources.yml: publishers[5]']);
    expect(problems[0]!.reason).toContain("already Xinhua News Agency's");
    expect(publisherOf('https://english.news.cn/20260330/a.htm', registry)?.name).toBe('Xinhua News Agency');
    expect(publisherOf('https://notnews.cn/a', registry)).toBeUndefined();
    expect(publisherOf('not a url', registry)).toBeUndefined();
    expect(parsePublishers('publishers: [', 'f').problems[0]!.reason).toContain('not valid YAML');
    expect(parsePublishers('a: &x [1]\nb: *x', 'f').problems).toHaveLength(1);
  });

  it("fills in only what the file leaves out; the file's own source and label win", () => {
    const { registry } = parsePublishers(yaml, 'sources.yml');
    const bare = withPublisher(article({ id: 'a', title: 'A', body: 'Text.', url: 'https://news.cn/a' }), registry);
    expect(bare).toMatchObject({ source: 'Xinhua News Agency', sourceLabel: 'Chinese state news agency', country: 'CN', publisher: 'Xinhua News Agency' });
    const own = withPublisher(article({ id: 'b', title: 'Port traffic', body: 'Container traffic rose.', url: 'https://news.cn/b', source: '新华网', sourceLabel: 'Own label', country: 'HK' }), registry);
    expect(own).toMatchObject({ source: '新华网', sourceLabel: 'Own label', country: 'HK', publisher: 'Xinhua News Agency' });
    // `source:` finds it by the registry's name although the file names it otherwise.
    const index = buildIndex([own, article({ id: 'c', url: 'https://other.org/c', title: 'Other', body: 'Ports and ships.' })]);
    return inProcessBriefService(index, now)
      .brief('source:xinhua')
      .then((brief) => expect(brief.kind === 'results' && brief.items.map((i) => i.article.id)).toEqual(['b']));
  });

  it('the shipped sources.yml parses cleanly and names a reference for every label', () => {
    const text = readFileSync(path.join(ROOT, 'sources.yml'), 'utf8');
    const { registry, problems } = parsePublishers(text, 'sources.yml');
    expect(problems).toEqual([]);
    expect(registry.size).toBeGreaterThan(5);
    for (const p of registry.values()) if (p.label !== undefined) expect(p.reference, p.name).toMatch(/^https:\/\//);
    expect(text.split('\n').slice(0, 6).join(' ')).toMatch(/public reference/);
  });
});

describe('the registry applied', () => {
  it('a feed item from a listed host gets its name and label in the brief; source: matches the name', async () => {
    const server = await new FeedServer().start();
    const store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
    try {
      const { registry } = parsePublishers('publishers:\n  - name: Harbourview Times\n    hosts: [harbourview.example]\n    label: Test label for a listed host\n    country: GB\n', 'sources.yml');
      const { log } = captureLogger();
      const result = await pollFeed({ ...store, corpusDir: path.join(tmp.dir, 'corpus'), now, log, publishers: registry, fetch: { allowHosts: ['127.0.0.1'] } }, server.url('/world.rss'), { intervalMinutes: 15 });
      const glacier = result.added.find((a) => a.title.startsWith('Glacier lake'))!;
      expect(glacier).toMatchObject({ source: 'Harbourview Times', sourceLabel: 'Test label for a listed host', country: 'GB', publisher: 'Harbourview Times' });
      expect(readFileSync(path.join(tmp.dir, 'corpus', glacier.file!), 'utf8')).toMatch(/\nsource: Harbourview Times\nsource_label: Test label for a listed host\ncountry: GB\n/);
      const briefs = inProcessBriefService(buildIndex(result.added), now);
      const brief = await briefs.brief('glacier lake source:"harbourview times"');
      expect(brief.kind).toBe('results');
      if (brief.kind !== 'results') return;
      const message = renderBrief(brief);
      expect(JSON.stringify(message.blocks)).toContain('Harbourview Times (Test label for a listed host)');
      expect(JSON.stringify(message.blocks)).not.toContain('Harbourview Times – World');
      expect(messageProblems(message)).toEqual([]);
    } finally {
      await server.close();
      await store.close();
    }
  });

  it("corpus files: the registry fills in a publisher the file does not name, a file's own source_label wins, and a changed registry is re-applied on the next start", async () => {
    const corpus = path.join(tmp.dir, 'corpus');
    cpSync(CORPUS, corpus, { recursive: true });
    writeFileSync(path.join(corpus, 'xinhua.md'), '---\ntitle: Port traffic rises\nurl: https://english.news.cn/20260330/port.htm\npublished: 2026-03-30\n---\n\nContainer traffic rose at the port in March.\n');
    const sources = path.join(tmp.dir, 'sources.yml');
    cpSync(path.join(ROOT, 'sources.yml'), sources);
    const snapshotPath = path.join(tmp.dir, 'index.bin');
    const load = async () => loadCorpusIndex(corpus, { snapshotPath, progressBar: false, publishers: await readPublishers(sources) });
    const first = await load();
    const byId = new Map(first.corpus.articles.map((a) => [a.id, a]));
    expect(byId.get('xinhua')).toMatchObject({ source: 'Xinhua News Agency', sourceLabel: 'Chinese state news agency', country: 'CN' });
    const globalTimes = first.corpus.articles.find((a) => a.url?.includes('globaltimes.cn'))!;
    expect(globalTimes).toMatchObject({ source: 'Global Times', sourceLabel: 'Chinese state-affiliated media', publisher: 'Global Times', country: 'CN' });

    writeFileSync(sources, readFileSync(sources, 'utf8').replace('label: Chinese state news agency', 'label: Changed label'));
    const second = await load();
    expect(second.corpus.articles.find((a) => a.id === 'xinhua')?.sourceLabel).toBe('Changed label');
    expect(await readPublishers(path.join(tmp.dir, 'missing.yml'))).toMatchObject({ registry: new Map(), problems: [{ reason: expect.stringContaining('no such file') }] });
  });
});
