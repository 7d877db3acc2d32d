import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { inProcessBriefService, type BriefService } from '../../src/brief/brief-service.js';
import type { CorpusChange } from '../../src/articles/corpus-change.js';
import { followArticles, type ArticleFollower } from '../../src/replicas/follow-articles.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import { pgArticleLog, type ArticleLog } from '../../src/store/pg-articles.js';
import { migratePostgres, newPool } from '../../src/store/pg-migrate.js';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

const at = new Date('2026-03-30T06:00:00Z');
const article = (id: string, title: string, extra: Partial<Article> = {}): Article => ({ id, title, lead: `${title}.`, body: `${title}. More about ${id}.`, tags: [], lang: 'en', excerpt: false, ...extra });
const quiet = { info: () => undefined, warn: () => undefined };

let db: TestDatabase;
let pool: pg.Pool;
let log: ArticleLog;
const followers: ArticleFollower[] = [];
beforeEach(async () => {
  db = await createTestDatabase();
  pool = newPool({ connectionString: db.url, max: 4 }); // a connection the server ends (the database dropped) is no uncaught error
  await migratePostgres(pool);
  log = pgArticleLog(pool);
});
afterEach(async () => {
  await Promise.all(followers.splice(0).map((f) => f.stop()));
  await pool.end();
  await db.drop();
});

/** A replica's index built from the table, then following it; `until` waits for the index to satisfy a check. */
async function replica(name: string, catchUpMs = 60_000) {
  const loaded = await log.load();
  const index: BriefIndex = buildIndex(loaded.articles);
  const briefs: BriefService = inProcessBriefService(index, () => at);
  const applied: CorpusChange[] = [];
  let changed = () => undefined as void;
  const follower = followArticles(log, { url: db.url, replica: name, from: loaded.seq, log: quiet, catchUpMs, apply: async (c) => (await briefs.apply(c), applied.push(c), changed()) });
  followers.push(follower);
  const until = (check: (index: BriefIndex) => boolean) =>
    new Promise<void>((resolve) => {
      changed = () => void (check(index) && resolve());
      changed();
    });
  return { index, applied, follower, until, loaded };
}
const titles = (index: BriefIndex) => [...index.articles.values()].map((a) => `${a.id}:${a.title}`).sort();

describe('articles in PostgreSQL, followed by each replica', () => {
  it('a replica starts from the table and follows additions, edits and deletions, each applied whole', async () => {
    await log.put([{ article: article('a', 'Alpha'), origin: 'file:a.md', arrivedAt: at }, { article: article('b', 'Beta'), origin: 'file:b.md', arrivedAt: at }]);
    const r = await replica('one');
    expect(titles(r.index)).toEqual(['a:Alpha', 'b:Beta']);
    await log.put([
      { article: article('c', 'Gamma', { url: 'https://www.x.example/c?utm_source=rss' }), origin: 'feed:https://x.example/rss', arrivedAt: at },
      { article: article('a', 'Alpha, revised'), origin: 'file:a.md', arrivedAt: new Date('2026-03-31T00:00:00Z') },
    ]);
    await log.remove(['b']);
    await r.until((index) => titles(index).join() === 'a:Alpha, revised,c:Gamma');
    expect(r.applied.every((c) => c.upserted.length + c.removed.length > 0)).toBe(true); // one or two changes, never an empty one
    const { rows } = await pool.query(`SELECT id, canonical_url, origin, arrived_at FROM articles ORDER BY id`);
    expect(rows).toEqual([
      { id: 'a', canonical_url: null, origin: 'file:a.md', arrived_at: at }, // the first arrival is kept
      { id: 'b', canonical_url: null, origin: 'file:b.md', arrived_at: at },
      { id: 'c', canonical_url: 'https://x.example/c', origin: 'feed:https://x.example/rss', arrived_at: at },
    ]);
  });

  it('putting an unchanged article, or removing one twice, is no change', async () => {
    await log.put([{ article: article('a', 'Alpha'), origin: 'file:a.md', arrivedAt: at }]);
    const { seq } = await log.load();
    expect(await log.put([{ article: article('a', 'Alpha'), origin: 'file:a.md', arrivedAt: at }])).toBe(0);
    expect(await log.remove(['a'])).toBe(1);
    expect(await log.remove(['a', 'zz'])).toBe(0);
    expect((await log.changesSince(seq)).change).toEqual({ upserted: [], removed: ['a'] });
    expect(await log.put([{ article: article('a', 'Alpha'), origin: 'file:a.md', arrivedAt: at }])).toBe(1); // back again
  });

  it('changes come in change-number order past 9, so the next read starts past the last', async () => {
    for (let i = 0; i < 12; i++) await log.put([{ article: article(`n${i}`, `Number ${i}`), origin: `file:n${i}.md`, arrivedAt: at }]);
    const { change, seq } = await log.changesSince(0);
    expect(change.upserted.map((a) => a.id)).toEqual(Array.from({ length: 12 }, (_, i) => `n${i}`));
    expect(seq).toBe((await log.load()).seq); // ordered as text, '9' came last and the next read re-applied 10 and 11
    expect((await log.changesSince(seq)).change).toEqual({ upserted: [], removed: [] });
  });

  it('a change committed while the replica was not listening is caught up on reconnect', async () => {
    const r = await replica('two');
    await r.until(() => true);
    await waitForListener('brief-follow-two');
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'brief-follow-two' AND datname = $1`, [db.name]);
    await log.put([{ article: article('d', 'Delta'), origin: 'file:d.md', arrivedAt: at }]);
    await r.until((index) => index.articles.has('d'));
  });

  it('a change whose notification never came is found by the periodic catch-up', async () => {
    const r = await replica('three', 100);
    // Written behind the log's back: a new change number, no NOTIFY.
    await pool.query(`INSERT INTO articles (id, origin, arrived_at, article) VALUES ('e', 'file:e.md', now(), $1)`, [JSON.stringify(article('e', 'Epsilon'))]);
    await r.until((index) => index.articles.has('e'));
  });

  it('two writers at once: every change reaches the replica, in order of commit', async () => {
    const r = await replica('four');
    const second = pgArticleLog(pool);
    const batch = (prefix: string) => Array.from({ length: 20 }, (_, i) => ({ article: article(`${prefix}${i}`, `${prefix} ${i}`), origin: `file:${prefix}${i}.md`, arrivedAt: at }));
    await Promise.all([...batch('x').map((rec) => log.put([rec])), ...batch('y').map((rec) => second.put([rec]))]);
    await r.until((index) => index.articles.size === 40);
    await r.follower.stop(); // lets the catch-up that applied the last change finish
    expect(r.follower.seq()).toBe((await log.load()).seq);
  });

  it('stores text with NUL characters by dropping them (PostgreSQL text cannot hold U+0000)', async () => {
    await log.put([{ article: article('n', 'Nul\u0000 title', { body: 'a\u0000b \\u0000 kept' }), origin: 'file:n.md', arrivedAt: at }]);
    const [stored] = (await log.load()).articles;
    expect(stored).toMatchObject({ title: 'Nul title', body: 'ab \\u0000 kept' });
  });
});

async function waitForListener(application: string): Promise<void> {
  for (;;) {
    const { rows } = await adminQuery('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [application, db.name]);
    if ((rows[0] as { n: number }).n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
