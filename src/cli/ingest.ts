/**
 * `npm run ingest -- <feed-url|file> …`: one pass over feeds by hand. Each item not seen before
 * (same GUID in its feed, or same canonical link) is written to the corpus folder as a Markdown file
 * under `feeds/` (a teaser item with its article page's text, unless FULL_TEXT=off); a running Brief
 * picks the files up through its corpus watcher. With DATABASE_URL the items go to the articles table
 * instead, which every replica follows.
 */
import { parseArgs } from 'node:util';
import { runAsMain, type CliOutput } from './run-as-main.js';
import { createCliLogger } from '../log/logger.js';
import { formatConfigProblems, readToolConfig } from '../config/read-config.js';
import { readPublishers } from '../corpus/read-publishers.js';
import { FeedError } from '../feeds/feed-error.js';
import { feedFetchOptions, fullTextFetcher } from '../feeds/full-text.js';
import { importOpml } from '../feeds/import-opml.js';
import { ingestFeedSource } from '../feeds/ingest-feed.js';
import { openStore } from '../store/open-store.js';
import { pgArticleLog } from '../store/pg-articles.js';
import { openMigratedPool } from '../store/pg-migrate.js';

const USAGE = 'Usage: npm run ingest -- <feed-url|file> [more…]\n       npm run ingest -- --opml <subscriptions.opml> [--opml …]   (adds the feeds to the list Brief polls)';

/**
 * The ingest command, callable in-process: arguments, an environment object and where to write in;
 * the exit code out.
 *
 * @example const env = { CORPUS_DIR: `${dir}/cli-ingest`, DATABASE_PATH: `${dir}/cli-ingest.db` };
 * await ingestCli([`${fixtureDir}/feeds/world.rss`], env, io) // => 0
 * (await readCorpus(`${dir}/cli-ingest`)).articles.length > 0 // => true
 */
export async function ingestCli(argv: string[], env: Readonly<Record<string, string | undefined>>, io: CliOutput): Promise<number> {
  let positionals: string[];
  let opml: string[];
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { opml: { type: 'string', multiple: true } } });
    positionals = parsed.positionals;
    opml = parsed.values.opml ?? [];
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (positionals.length === 0 && opml.length === 0) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const { config, problems } = readToolConfig(env);
  if (problems !== undefined) {
    io.stderr(`${formatConfigProblems(problems)}\n`);
    return 2;
  }
  const settings = config.fetch;
  const fullText = fullTextFetcher(settings);
  const corpusDir = config.corpusDir;
  const publishers = await readPublishers(config.sourcesFile);
  const stores = await openStore(config);
  const table = config.databaseUrl === undefined || positionals.length === 0 ? undefined : await openMigratedPool({ connectionString: config.databaseUrl, max: 2 });
  const log = createCliLogger(env.LOG_LEVEL);
  for (const p of publishers.problems) log.warn({ file: p.file, reason: p.reason }, 'publisher registry entry skipped');
  const now = () => new Date();
  let code = 0;
  try {
    for (const file of opml) {
      try {
        const result = await importOpml(stores.feeds, file, now());
        io.stdout(`${file}: ${result.feeds} feeds, ${result.added} added to the feed list, ${result.known} already in it\n`);
        for (const p of result.problems) io.stderr(`${file}: ${p}\n`);
      } catch (err) {
        code = 1;
        io.stderr(`${file}: skipped, ${err instanceof FeedError ? `${err.code}: ${err.message}` : (err as Error).message}\n`);
      }
    }
    for (const source of positionals) {
      try {
        const result = await ingestFeedSource({ ...stores, corpusDir, now, log, ...(table === undefined ? {} : { articles: pgArticleLog(table) }), apply: async (articles) => void (await stores.arrivals.recordArrivals(articles.map((a) => a.id), now())), fetch: feedFetchOptions(settings), ...(fullText === undefined ? {} : { fullText }), publishers: publishers.registry }, source);
        const skipped = result.skipped ? `, ${result.skipped} skipped (no link, id or title)` : '';
        io.stdout(`${source}: ${result.added.length} new of ${result.items} items${skipped}\n`);
        for (const a of result.added) io.stdout(`  + ${a.title}  (${table === undefined ? a.file : 'articles table'})\n`);
      } catch (err) {
        code = 1;
        const message = err instanceof FeedError ? `${err.code}: ${err.message}` : (err as Error).message;
        io.stderr(`${source}: skipped, ${message}\n`);
      }
    }
  } finally {
    await Promise.all([stores.close(), table?.end()]);
  }
  return code;
}

runAsMain(import.meta.url, 'ingest', ingestCli);

