/**
 * `npm run digest -- [--dry-run] [--json] [--channel ID]`: runs the daily digest now, from the
 * command line. Without `--channel`, for every channel of DIGEST_CHANNELS. `--dry-run` prints the
 * digest and posts nothing (it records nothing either, beyond when the corpus's articles were first
 * seen). A real run obeys the same once-a-day rule as the scheduler: if today's digest for a channel
 * was posted, it says so and posts nothing.
 */
import { parseArgs } from 'node:util';
import { runAsMain, type CliOutput } from './run-as-main.js';
import { createCliLogger } from '../log/logger.js';
import { WebClient } from '@slack/web-api';
import { parseBoolean, parseDays, parseTimeOfDay, parseTimeZone, type Parsed } from '../config/parse-values.js';
import { CorpusError, readCorpus } from '../corpus/read-corpus.js';
import { channelTargets, type DigestSettings } from '../digest/digest-targets.js';
import { indexLookup } from '../digest/pick-digest.js';
import { previewDigest, runDigest } from '../digest/run-digest.js';
import { longLocalDate } from '../digest/schedule.js';
import { renderDigestText } from '../render/digest-message.js';
import { buildIndex } from '../search/build-index.js';
import { openStore } from '../store/open-store.js';
import { DEFAULT_DATABASE_PATH } from '../store/sqlite-store.js';

const USAGE = 'Usage: npm run digest -- [--dry-run] [--json] [--channel ID]';

/**
 * The digest command, callable in-process (the tests do): arguments, an environment object and
 * where to write in; the exit code out.
 *
 * @example await digestCli(['--dry-run', '--channel', 'C0123'], process.env, { stdout: console.log, stderr: console.error })
 */
export async function digestCli(argv: string[], env: Readonly<Record<string, string | undefined>>, io: CliOutput): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, channel: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => Parsed<T>): T => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const parsed = parse(raw);
    if ('problem' in parsed) {
      problems.push(`${name}: ${parsed.problem}`);
      return fallback;
    }
    return parsed.value;
  };
  const channels = values.channel ?? (env.DIGEST_CHANNELS ?? '').split(/[\s,]+/).filter(Boolean);
  const settings: DigestSettings = {
    channels,
    time: read('DIGEST_TIME', { hour: 8, minute: 0, text: '08:00' }, parseTimeOfDay),
    timeZone: read('DIGEST_TZ', 'UTC', parseTimeZone),
    days: read('DIGEST_DAYS', [0, 1, 2, 3, 4, 5, 6], parseDays),
    postWhenEmpty: read('DIGEST_POST_WHEN_EMPTY', false, parseBoolean),
    catchupHours: 12,
  };
  const dryRun = values['dry-run'];
  if (channels.length === 0) problems.push('no channel: pass --channel C0123456789 or set DIGEST_CHANNELS');
  if (!dryRun && !env.SLACK_BOT_TOKEN?.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN: a bot token (xoxb-…) is needed to post; or use --dry-run');
  if (problems.length > 0) {
    io.stderr(`${problems.map((p) => `  - ${p}`).join('\n')}\n${USAGE}\n`);
    return 2;
  }

  let corpus;
  try {
    corpus = await readCorpus(env.CORPUS_DIR?.trim() || 'corpus');
  } catch (err) {
    if (err instanceof CorpusError) {
      io.stderr(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const articles = indexLookup(buildIndex(corpus.articles));
  const store = await openStore({ databasePath: env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH, databaseUrl: env.DATABASE_URL?.trim() || undefined });
  const now = () => new Date();
  try {
    await store.recordArrivals(corpus.articles.map((a) => a.id), now());
    const log = createCliLogger(env.LOG_LEVEL);
    let code = 0;
    for (const target of channelTargets(settings)) {
      if (dryRun) {
        const { digest, messages } = await previewDigest({ store, articles, now }, target);
        io.stdout(values.json ? `${JSON.stringify({ channel: target.channel, ...messages }, null, 2)}\n` : `── ${target.channel} ──\n${renderDigestText(digest, longLocalDate(now(), settings.timeZone))}\n\n`);
        continue;
      }
      const apiUrl = env.SLACK_API_URL?.trim();
      const client = new WebClient(env.SLACK_BOT_TOKEN, { ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
      const outcome = await runDigest({ store, articles, client, now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log, postWhenEmpty: settings.postWhenEmpty }, target, now());
      const said: Record<typeof outcome.status, string> = {
        posted: 'posted',
        recovered: 'had been posted already (found in Slack)',
        empty: 'nothing new since the last digest; nothing posted',
        skipped: 'already done today; nothing posted',
        failed: 'failed',
      };
      io.stdout(`${target.channel}: ${said[outcome.status]}${outcome.status === 'failed' ? ` (${outcome.error})` : ''}\n`);
      if (outcome.status === 'failed') code = 1;
    }
    return code;
  } finally {
    await store.close();
  }
}

runAsMain(import.meta.url, 'digest', digestCli);

