/**
 * `npm start`: reads `.env` (or DOTENV_CONFIG_PATH), validates the configuration (every problem
 * named, exit 1), reads the corpus, builds the index, and starts the Slack app in Socket Mode or
 * HTTP mode. SIGINT/SIGTERM stop it cleanly.
 */
import dotenv from 'dotenv';
import { startBriefService } from './search-thread/start-brief-service.js';
import { describeConfig, formatConfigProblems, readConfig } from './config/read-config.js';
import { CorpusError } from './corpus/read-corpus.js';
import { errorCode } from './errors.js';
import { createLogger } from './log/logger.js';
import { snapshotPathBeside } from './corpus/load-index.js';
import { openArticleSource } from './replicas/articles-source.js';
import { createDigestRuntime } from './runtime.js';
import { createBriefApp } from './slack/app.js';
import { describeStoreLocation, openStore } from './store/open-store.js';
import { StoreError, type Stores } from './store/store.js';
import { installLastResort } from './log/last-resort.js';
import { systemClock } from './clock.js';
import type { Leadership } from './replicas/leadership.js';
import { runLeaderDuties } from './replicas/leader-duties.js';
import { startPostgresSearch } from './pg-search/start-postgres-search.js';

async function main(): Promise<number> {
  dotenv.config({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  const result = readConfig(process.env);
  if (result.problems !== undefined) {
    process.stderr.write(`${formatConfigProblems(result.problems)}\n`);
    return 1;
  }
  const { config } = result;
  const logger = createLogger({ level: config.logLevel });
  installLastResort(process, logger);
  logger.info({ config: describeConfig(config) }, 'starting Brief');

  // The stores first: their recorded arrivals decide which of two files with one URL is kept (the first seen).
  // One openStore (src/store/open-store.ts): SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL that
  // the replicas share, so a retry reaching another replica is still answered once. The Slack side's
  // memory (event ids, thread memory, response_url budgets) is in the database too, so a restart keeps it.
  let stores: Stores;
  try {
    stores = await openStore(config, { clock: systemClock, log: logger, onIdleError: (err) => logger.warn({ err }, 'database connection lost; the pool reconnects') });
  } catch (err) {
    if (err instanceof StoreError) {
      logger.fatal({ code: err.code, database: describeStoreLocation(config) }, err.message);
      return 1;
    }
    throw err;
  }

  // The articles and their index (src/replicas/articles-source.ts): without DATABASE_URL the corpus
  // folder, from the snapshot beside the database when no corpus file changed (warm start); with it,
  // the articles table every replica follows, which the leader fills from the folder and the feeds.
  const snapshotPath = snapshotPathBeside(config.databasePath);
  let source;
  try {
    source = await openArticleSource(config, { stores, log: logger, snapshotPath, now: () => systemClock.now(), onIdleError: (err) => logger.warn({ err }, 'database connection lost; the pool reconnects') });
  } catch (err) {
    await stores.close();
    if (err instanceof CorpusError) {
      logger.fatal({ code: err.code, dir: config.corpusDir }, err.message);
      return 1;
    }
    throw err;
  }
  const { loaded, publishers } = source;

  // Digests, subscriptions, feeds and the live corpus (src/runtime.ts): its BriefService
  // also records when each article arrived, and it adds the digest subcommands and App Home notices.
  // A large corpus is searched in a worker thread, so no search delays another user's ack
  // (src/search-thread/); a small one in this thread.
  // SEARCH_ENGINE=postgres: briefs search PostgreSQL's full-text index (src/pg-search/) instead.
  const now = () => systemClock.now();
  const search = config.searchEngine === 'postgres' && config.databaseUrl !== undefined ? await startPostgresSearch(config.databaseUrl, { now, log: logger }) : await startBriefService(loaded, { snapshotPath, now, log: logger });
  const digests = createDigestRuntime({ config, lookup: search.lookup, articles: source.articles, ...(source.corpus === undefined ? {} : { corpus: source.corpus }), ...(source.table === undefined ? {} : { articleLog: source.table }), briefs: search.briefs, logger, stores, publishers: publishers.registry });
  // With DATABASE_URL the index follows the articles table from here on (caught up before Slack is connected).
  const duties = await source.follow(digests.briefs, digests);
  // With DATABASE_URL several replicas may run: one leads, and only it polls feeds, schedules digests and runs alerts.
  let leadership: Leadership | undefined;
  const role = () => (config.databaseUrl === undefined ? 'leader' : (leadership?.role() ?? 'follower'));
  const database = () => (leadership === undefined || leadership.connected() ? 'ok' : 'unreachable');
  const brief = createBriefApp({ config, briefs: digests.briefs, logger, clock: systemClock, commands: digests.commands, homeNotices: digests.homeNotices, assistantTopics: digests.assistantTopics, feedback: digests.feedback, conversations: stores.conversations, role, database });
  try {
    await brief.start();
  } catch (err) {
    logger.fatal({ err, code: errorCode(err) }, 'could not start the Slack app (check the tokens and SLACK_API_URL)');
    await digests.stop();
    await Promise.all([stores.close(), source.close()]);
    return 1;
  }
  // Stoppable from the moment Slack is connected (a SIGTERM during the digest start-up is honoured).
  // The Slack app takes no new request and lets those in flight finish (their briefs need the search
  // and the stores); meanwhile the leader's duties stop (a digest in flight ends) and then the lock is
  // released, so another replica leads at once without two posting one digest.
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    const released = duties.follow().then(() => leadership?.stop());
    Promise.all([brief.stop(), released])
      .then(() => Promise.all([digests.stop(), search.close()]))
      .then(() => Promise.all([stores.close(), source.close()]))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await digests.start({ leaderDuties: config.databaseUrl === undefined });
  if (config.databaseUrl !== undefined) leadership = runLeaderDuties(config.databaseUrl, duties, logger);
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`Brief failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
