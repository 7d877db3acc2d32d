/**
 * Starts the real Brief Slack app (real Bolt receivers, real Web API client, real brief pipeline over
 * the seed corpus) against a {@link SlackDouble}, with its logs captured as objects.
 */
import { Writable } from 'node:stream';
import { inProcessBriefService, type BriefService } from '../../src/brief/brief-service.js';
import { readConfig, type Config } from '../../src/config/read-config.js';
import { createLogger } from '../../src/log/logger.js';
import { createBriefApp, type BriefApp, type BriefAppOptions } from '../../src/slack/app.js';
import { systemClock } from '../../src/clock.js';
import type { AppDeps } from '../../src/slack/deps.js';
import { seedIndex, TEST_SECRETS } from './slack-fixtures.js';
import { messageProblems } from './block-kit.js';
import { form, postSigned } from './sign.js';
import { TEAM_ID, type SlackDouble } from './slack-double.js';
import { tokenProblems } from './token-guard.js';

export { seedIndex, TEST_SECRETS } from './slack-fixtures.js';

export interface RunningApp {
  brief: BriefApp;
  config: Config;
  /** HTTP mode: the app's base URL. */
  url: string;
  /** Every log line, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log text (to look for secrets). */
  rawLogs(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  mode: 'http' | 'socket';
  commands?: AppDeps['commands'];
  homeNotices?: AppDeps['homeNotices'];
  conversations?: AppDeps['conversations'];
  /** Web API client options on top of the tests' (no retries). */
  clientOptions?: BriefAppOptions['clientOptions'];
  assistantTopics?: AppDeps['assistantTopics'];
  feedback?: AppDeps['feedback'];
  /** Wraps the seed corpus's BriefService (for example to count briefs asked). */
  wrapBriefs?: (briefs: BriefService) => BriefService;
}

/** Builds and starts the app pointed at the double; the caller stops it. */
export async function startApp(double: SlackDouble, options: StartOptions): Promise<RunningApp> {
  const env: Record<string, string> = { SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN, SLACK_API_URL: double.apiUrl, PORT: '0', SLACK_MODE: options.mode, LOG_LEVEL: 'debug' };
  if (options.mode === 'socket') env.SLACK_APP_TOKEN = TEST_SECRETS.SLACK_APP_TOKEN;
  else env.SLACK_SIGNING_SECRET = TEST_SECRETS.SLACK_SIGNING_SECRET;
  const result = readConfig(env);
  if (result.config === undefined) throw new Error(JSON.stringify(result.problems));
  const config = result.config;
  const chunks: string[] = [];
  const parsed: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString('utf8');
      chunks.push(text);
      for (const line of text.split('\n')) if (line !== '') parsed.push(JSON.parse(line) as Record<string, unknown>);
      // The edge guard: a token-shaped string in any log line is a problem of the test's double.
      double.problems.push(...tokenProblems('log line', text));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination, pretty: false });
  const index = await seedIndex();
  const brief = createBriefApp(
    {
      config,
      briefs: (options.wrapBriefs ?? ((b) => b))(inProcessBriefService(index, () => systemClock.now())),
      logger,
      clock: systemClock,
      ...(options.commands === undefined ? {} : { commands: options.commands }),
      ...(options.homeNotices === undefined ? {} : { homeNotices: options.homeNotices }),
      ...(options.conversations === undefined ? {} : { conversations: options.conversations }),
      ...(options.assistantTopics === undefined ? {} : { assistantTopics: options.assistantTopics }),
      ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
    },
    { clientOptions: { retryConfig: { retries: 0 }, ...options.clientOptions }, socketPingTimeoutMs: 1000 },
  );
  const { port } = await brief.start();
  return {
    brief,
    config,
    url: port === undefined ? '' : `http://127.0.0.1:${port}`,
    logs: parsed,
    rawLogs: () => chunks.join(''),
    stop: () => brief.stop(),
  };
}

/**
 * Sends `/brief <text>` as `user` in `channel` through the app's signed HTTP endpoint and waits for
 * the reply Brief posts to the command's response_url (checked against Block Kit and Slack's limits).
 */
export async function slashCommand(double: SlackDouble, app: RunningApp, command: { id: string; text: string; user: string; channel: string }): Promise<Record<string, unknown>> {
  const { id, text, user, channel } = command;
  const body = form({ team_id: TEAM_ID, channel_id: channel, user_id: user, command: '/brief', text, response_url: double.responseUrl(id), trigger_id: `trigger-${id}`, api_app_id: 'A0001', token: 'x' });
  const result = await postSigned(`${app.url}/slack/events`, body, { secret: TEST_SECRETS.SLACK_SIGNING_SECRET });
  if (result.status !== 200) throw new Error(`/brief ${text}: HTTP ${result.status}`);
  const reply = await double.waitFor(() => double.responses.find((r) => r.id === id), `reply ${id}`);
  const problems = messageProblems(reply.body);
  if (problems.length > 0) throw new Error(`/brief ${text}: ${problems.join('; ')}`);
  return reply.body;
}
