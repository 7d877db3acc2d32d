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
import { readToolConfig } from '../config/read-config.js';
import { SETTINGS } from '../config/settings.js';
import { CorpusError, readCorpus } from '../corpus/read-corpus.js';
import { channelTargets } from '../digest/digest-targets.js';
import { indexLookup } from '../digest/pick-digest.js';
import { previewDigest, runDigest } from '../digest/run-digest.js';
import { longLocalDate } from '../digest/schedule.js';
import { renderDigestText } from '../render/digest-message.js';
import { buildIndex } from '../search/build-index.js';
import { openStore } from '../store/open-store.js';

const USAGE = 'Usage: npm run digest -- [--dry-run] [--json] [--channel ID]';

/**
 * The digest command, callable in-process (the tests do): arguments, an environment object and
 * where to write in; the exit code out.
 *
 * @example const env = { CORPUS_DIR: corpusDir, DATABASE_PATH: `${dir}/cli-digest.db`, SLACK_BOT_TOKEN: 'xoxb-1111-2222-testbottoken', SLACK_API_URL: slack.apiUrl };
 * await digestCli(['--dry-run', '--channel', 'C0123'], env, io) // => 0
 * [io.out.join('').length > 0, slack.calls.filter((c) => c.method === 'chat.postMessage').length] // => [true, 0]
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
  const read = readToolConfig(env);
  const problems = (read.problems ?? []).map((p) => `${p.variable}: ${p.problem}`);
  let channels = read.config?.digest.channels ?? [];
  if (values.channel !== undefined) {
    const given = SETTINGS.DIGEST_CHANNELS.parse(values.channel.join(','));
    if ('problem' in given) problems.push(`--channel: ${given.problem}`);
    else channels = given.value;
  }
  const dryRun = values['dry-run'];
  if (channels.length === 0 && !problems.some((p) => /^(--channel|DIGEST_CHANNELS):/.test(p))) problems.push('no channel: pass --channel C0123456789 or set DIGEST_CHANNELS');
  if (!dryRun && read.config !== undefined && read.config.slack.botToken === undefined) problems.push('SLACK_BOT_TOKEN: a bot token (xoxb-…) is needed to post; or use --dry-run');
  if (read.config === undefined || problems.length > 0) {
    io.stderr(`${problems.map((p) => `  - ${p}`).join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const { config } = read;
  const settings = { ...config.digest, channels };
  const botToken = config.slack.botToken;

  let corpus;
  try {
    corpus = await readCorpus(config.corpusDir);
  } catch (err) {
    if (err instanceof CorpusError) {
      io.stderr(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const articles = indexLookup(buildIndex(corpus.articles));
  const stores = await openStore(config);
  const now = () => new Date();
  try {
    await stores.arrivals.recordArrivals(corpus.articles.map((a) => a.id), now());
    const log = createCliLogger(env.LOG_LEVEL);
    let code = 0;
    for (const target of channelTargets(settings)) {
      if (dryRun) {
        const { digest, messages } = await previewDigest({ ...stores, articles, now }, target);
        io.stdout(values.json ? `${JSON.stringify({ channel: target.channel, ...messages }, null, 2)}\n` : `── ${target.channel} ──\n${renderDigestText(digest, longLocalDate(now(), settings.timeZone))}\n\n`);
        continue;
      }
      const { apiUrl } = config.slack;
      const client = new WebClient(botToken, { ...(apiUrl === undefined ? {} : { slackApiUrl: apiUrl }), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
      const outcome = await runDigest({ ...stores, articles, client, now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log, postWhenEmpty: settings.postWhenEmpty }, target, now());
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
    await stores.close();
  }
}

runAsMain(import.meta.url, 'digest', digestCli);

