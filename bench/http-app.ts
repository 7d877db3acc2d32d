/**
 * The Brief Slack app in HTTP mode for the load test, in its own process:
 * `node --import tsx bench/http-app.ts <worker|in-process|noop> <corpusDir> <snapshotPath> <slackApiUrl> <signingSecret>`.
 * Prints one JSON line `{ "port": n, "readyMs": n }` when it listens; runs until killed.
 */
import { Writable } from 'node:stream';
import { inProcessBriefService, type BriefService } from '../src/brief/brief-service.js';
import { workerBriefService } from '../src/search-thread/worker-brief-service.js';
import { readConfig } from '../src/config/read-config.js';
import { loadCorpusIndex } from '../src/corpus/load-index.js';
import { createLogger } from '../src/log/logger.js';
import { createBriefApp } from '../src/slack/app.js';
import { parseQuery } from '../src/search/query.js';
import { BENCH_NOW } from './generate.js';

const [kind, corpusDir, snapshotPath, apiUrl, secret] = process.argv.slice(2);
const started = performance.now();
const now = () => BENCH_NOW;
let briefs: BriefService;
if (kind === 'noop') {
  // No search at all: every query gets the help message. What Bolt and Node's HTTP cost on their own.
  briefs = { brief: async (text) => ({ kind: 'help', query: parseQuery(text, now()) }), stats: () => ({ articles: 0 }), apply: async () => undefined };
} else if (kind === 'worker') {
  const service = workerBriefService({ source: { kind: 'corpus', dir: corpusDir! }, snapshotPath: snapshotPath!, now });
  await service.ready;
  briefs = service;
} else {
  const { index } = await loadCorpusIndex(corpusDir!, { snapshotPath: snapshotPath!, progressBar: false });
  briefs = inProcessBriefService(index, now);
}
const result = readConfig({ SLACK_BOT_TOKEN: 'xoxb-1111-2222-benchbottoken', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: apiUrl, PORT: '0', SLACK_MODE: 'http', LOG_LEVEL: 'info' });
if (result.config === undefined) throw new Error(JSON.stringify(result.problems));
// Logs at info, as in production, into a sink: what the logger costs is part of an ack.
const sink = new Writable({ write: (_chunk, _enc, done) => done() });
const logger = createLogger({ level: 'info', destination: sink, pretty: false });
const app = createBriefApp({ config: result.config, briefs, logger, clock: { now: () => new Date() } }, { clientOptions: { retryConfig: { retries: 0 } } });
const { port } = await app.start();
process.stdout.write(`${JSON.stringify({ port, readyMs: Math.round(performance.now() - started) })}\n`);
process.once('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
