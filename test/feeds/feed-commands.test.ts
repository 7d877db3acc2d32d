/**
 * `/brief feeds …` through the Slack app's real Bolt HTTP receiver and Web API client, against the
 * loopback Slack double, with feeds served by loopback sites.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { feedCommands } from '../../src/feeds/feed-commands.js';
import { parseFeedCommand } from '../../src/feeds/parse-feed-command.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { SlackDouble } from '../support/slack-double.js';
import { slashCommand, startApp, type RunningApp } from '../support/slack-app.js';
import { captureLogger, tempDir } from '../digest/helpers.js';
import { ArticleSite } from './article-site.js';
import { FeedServer } from './feed-server.js';

const ADMIN = 'U0ADMIN';
let double: SlackDouble;
let feeds: FeedServer;
let site: ArticleSite;
let tmp: ReturnType<typeof tempDir>;
let store: Stores | undefined;
let app: RunningApp | undefined;
let seq = 0;

beforeAll(async () => {
  double = await SlackDouble.start();
});
beforeEach(async () => {
  feeds = await new FeedServer().start();
  site = await new ArticleSite().start();
  tmp = tempDir('brief-feed-commands-');
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await store?.close();
  store = undefined;
  await Promise.all([feeds.close(), site.close()]);
  tmp.remove();
  expect(double.problems).toEqual([]);
});
afterAll(async () => {
  await double.close();
});

/** Starts "a process": the app with the feed commands over the SQLite file. */
async function boot(adminUserIds: string[] = [ADMIN]) {
  store = openSqliteStore(path.join(tmp.dir, 'brief.db'));
  const { log } = captureLogger();
  const ingest = { ...store, corpusDir: path.join(tmp.dir, 'corpus'), now: () => new Date('2026-03-30T06:30:00Z'), log, fetch: { allowHosts: ['127.0.0.1'], timeoutMs: 2000 } };
  app = await startApp(double, { mode: 'http', commands: feedCommands({ ingest, intervalMinutes: 15, adminUserIds }) });
}

async function slash(text: string, user = ADMIN) {
  seq += 1;
  const reply = await slashCommand(double, app!, { id: `feeds-${seq}`, text, user, channel: 'C0NEWS' });
  expect(reply.response_type).toBe('ephemeral');
  return { text: String(reply.text), blocks: JSON.stringify(reply.blocks) };
}

describe('/brief feeds, add, remove', () => {
  it('adds a good feed (fetched at once), refuses a bad URL and a non-feed page with the reason, refuses a non-admin, and the list survives a restart', async () => {
    await boot();
    expect((await slash('feeds')).text).toBe('Brief polls no feeds.');

    const added = await slash(`feeds add <${feeds.url('/world.rss')}> as World desk`);
    expect(added.text).toBe('Added feed 1, World desk: 3 items in it, 3 new.');
    expect((await slash(`feeds add ${feeds.url('/world.rss')}`)).text).toContain('already in the list as 1, World desk');

    const missing = await slash(`feeds add ${feeds.url('/missing.rss')}`);
    expect(missing.text).toMatch(/^Not added: .*missing\.rss could not be used as a feed \(HTTP 404\)\.$/);
    const page = await slash(`feeds add ${site.url('/business/2026/03/cranes/')}`);
    expect(page.text).toContain('could not be used as a feed (not an RSS, RDF or Atom feed');
    const before = feeds.requests.length;
    const loopbackName = await slash(`feeds add ${feeds.url('/science.atom').replace('127.0.0.1', 'localhost')}`);
    expect(loopbackName.text).toContain('loopback, private, link-local or reserved address');
    expect(feeds.requests.length).toBe(before);
    expect((await slash('feeds add not-a-url')).text).toContain('is not one');

    expect((await slash(`feeds add ${feeds.url('/science.atom')}`, 'U0MALLORY')).text).toContain('Only Brief’s admins can change the feed list');
    expect((await slash('feeds remove 1', 'U0MALLORY')).text).toContain('Only Brief’s admins');
    const named = await slash(`feeds add ${feeds.url('/science.atom')}`);
    expect(named.text).toMatch(/^Added feed 2, .+: 2 items in it, 2 new\.$/);

    await app!.stop();
    app = undefined;
    await store!.close();
    await boot(); // restart: a new process on the same database file
    const list = await slash('feeds', 'U0MALLORY');
    expect(list.text).toBe('Brief polls 2 feeds.');
    expect(list.blocks).toContain('World desk');
    expect(list.blocks).toContain('last success 2026-03-30 06:30 UTC · 3 items · 0 failures');
    expect(list.blocks).toContain('2 items');
    expect((await slash(`feeds remove ${feeds.url('/world.rss')}`)).text).toBe('Removed feed 1, World desk: Brief no longer polls it; the articles it gave stay.');
    expect((await slash('feeds remove 1')).text).toContain('There is no feed 1.');
    expect((await slash('feeds')).text).toBe('Brief polls 1 feed.');
  });

  it('without ADMIN_USER_IDS anyone may change the list', async () => {
    await boot([]);
    expect((await slash(`feeds add ${feeds.url('/regional.rdf')}`, 'U0ANYONE')).text).toMatch(/^Added feed 1/);
  });
});

describe('parseFeedCommand', () => {
  it('reads list, add (with Slack-wrapped links and a name), remove by id or URL, and says what is wrong', () => {
    expect(parseFeedCommand('')).toEqual({ kind: 'list' });
    expect(parseFeedCommand('add <https://x.org/rss|x.org/rss> as  World   news ')).toEqual({ kind: 'add', url: 'https://x.org/rss', name: 'World news' });
    expect(parseFeedCommand('add https://x.org/rss')).toEqual({ kind: 'add', url: 'https://x.org/rss' });
    expect(parseFeedCommand('remove 12')).toEqual({ kind: 'remove', ref: { id: 12 } });
    expect(parseFeedCommand('remove https://x.org/rss')).toEqual({ kind: 'remove', ref: { url: 'https://x.org/rss' } });
    for (const bad of ['add', 'add ftp://x.org/rss', 'add https://user:pw@x.org/rss', 'add javascript:alert(1)', 'remove', 'remove two words', 'frobnicate']) {
      expect(parseFeedCommand(bad).kind, bad).toBe('usage');
    }
  });
});
