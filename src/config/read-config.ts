import type { TimeOfDay } from './parse-values.js';
import { readFetchSettings, type FetchSettings } from './read-fetch-settings.js';
import { settingsReader, type ConfigProblem, type SettingsReader } from './read-settings.js';
import type { LogLevel, SearchEngineName, SlackMode } from './settings.js';

/** Everything Brief reads from the environment, validated. */
export interface Config {
  slack: {
    /** `xoxb-…`: the bot token every Web API call uses. */
    botToken: string;
    /** `xapp-…`: the app-level token Socket Mode connects with. */
    appToken?: string;
    /** Checks that HTTP requests come from Slack. */
    signingSecret?: string;
    mode: SlackMode;
    /** HTTP mode's port. */
    port: number;
    /** Base URL of the Web API, ending in `/` (default Slack's own; GovSlack and the tests set another). */
    apiUrl?: string;
  };
  corpusDir: string;
  /** The publisher registry (SOURCES_FILE). */
  sourcesFile: string;
  logLevel: LogLevel;
  databasePath: string;
  /** `postgres://…`: PostgreSQL instead of the SQLite file at `databasePath` (several replicas). */
  databaseUrl?: string;
  /** `postgres` searches PostgreSQL's full-text index (only with `databaseUrl`); `minisearch` an index in memory. */
  searchEngine: SearchEngineName;
  digest: {
    /** Channel ids that get the daily digest. */
    channels: string[];
    time: TimeOfDay;
    /** IANA zone the digest time is read in. */
    timeZone: string;
    /** Days of the week it is posted, 0 = Sunday … 6 = Saturday (cron numbering). */
    days: number[];
    postWhenEmpty: boolean;
    /** A digest missed by at most this many hours is posted at start-up. */
    catchupHours: number;
  };
  feeds: {
    urls: string[];
    intervalMinutes: number;
  };
  /** How Brief fetches article pages. */
  fetch: FetchSettings;
  /** When not empty, only these users may change subscriptions and alerts. */
  adminUserIds: string[];
  /** When a watched topic counts as surging (src/alerts/spikes.ts). */
  spikes: { factor: number; min: number; cooldownHours: number };
}

export type ConfigResult = { config: Config; problems?: undefined } | { config?: undefined; problems: ConfigProblem[] };

/** The configuration the command-line tools need: everything but Slack's connection, whose token is optional. */
export type ToolConfig = Omit<Config, 'slack'> & { slack: { botToken?: string; apiUrl?: string } };

/**
 * Reads and validates the configuration from an environment object: pure, so tests pass a literal.
 * Every problem is collected, never only the first. Empty values count as unset. Each variable's
 * parser and default are in the table of settings.ts.
 *
 * @example readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).config?.slack.mode // => 'socket'
 */
export function readConfig(env: Readonly<Record<string, string | undefined>> = {}): ConfigResult {
  const problems: ConfigProblem[] = [];
  const { read, isSet } = settingsReader(env, problems);

  const botToken = read('SLACK_BOT_TOKEN');
  if (!isSet('SLACK_BOT_TOKEN')) problems.push({ variable: 'SLACK_BOT_TOKEN', problem: 'missing: the bot token (xoxb-…) from OAuth & Permissions' });
  const appToken = read('SLACK_APP_TOKEN');
  const signingSecret = read('SLACK_SIGNING_SECRET');
  const hasAppToken = isSet('SLACK_APP_TOKEN');
  const mode = read('SLACK_MODE') ?? (hasAppToken ? 'socket' : 'http');
  if (!isSet('SLACK_MODE') && !hasAppToken && !isSet('SLACK_SIGNING_SECRET')) {
    problems.push({ variable: 'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET', problem: 'missing: set SLACK_APP_TOKEN (xapp-…) for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode' });
  } else if (mode === 'socket' && !hasAppToken) {
    problems.push({ variable: 'SLACK_APP_TOKEN', problem: 'missing: Socket Mode needs an app-level token (xapp-…) with the connections:write scope' });
  } else if (mode === 'http' && signingSecret === undefined) {
    problems.push({ variable: 'SLACK_SIGNING_SECRET', problem: 'missing: HTTP mode needs the signing secret from Basic Information' });
  }
  const port = read('PORT');
  const { slack, ...rest } = readSharedSettings(read, problems);
  const config: Config = {
    slack: {
      botToken: botToken ?? '',
      ...(appToken === undefined ? {} : { appToken }),
      ...(signingSecret === undefined ? {} : { signingSecret }),
      mode,
      port,
      ...slack,
    },
    ...rest,
  };
  return problems.length > 0 ? { problems } : { config };
}

/**
 * The configuration of the command-line tools, from the same table as `readConfig`: no Slack mode or
 * app credentials are asked for, and the bot token is optional (a tool that posts says it needs one).
 *
 * @example readToolConfig({ DIGEST_CATCHUP_HOURS: '6' }).config?.digest.catchupHours // => 6
 */
export function readToolConfig(env: Readonly<Record<string, string | undefined>>): { config: ToolConfig; problems?: undefined } | { config?: undefined; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const { read } = settingsReader(env, problems);
  const botToken = read('SLACK_BOT_TOKEN');
  const { slack, ...rest } = readSharedSettings(read, problems);
  const config: ToolConfig = { slack: { ...(botToken === undefined ? {} : { botToken }), ...slack }, ...rest };
  return problems.length > 0 ? { problems } : { config };
}

/** Everything but the Slack credentials and mode, in the order problems are reported. */
function readSharedSettings(read: SettingsReader['read'], problems: ConfigProblem[]): ToolConfig {
  const apiUrl = read('SLACK_API_URL');
  const databaseUrl = read('DATABASE_URL');
  const searchEngine = read('SEARCH_ENGINE');
  if (searchEngine === 'postgres' && databaseUrl === undefined) problems.push({ variable: 'SEARCH_ENGINE', problem: 'postgres searches the articles table in PostgreSQL: set DATABASE_URL too (or SEARCH_ENGINE=minisearch)' });
  const logLevel = read('LOG_LEVEL');
  return {
    slack: apiUrl === undefined ? {} : { apiUrl },
    corpusDir: read('CORPUS_DIR'),
    sourcesFile: read('SOURCES_FILE'),
    logLevel,
    databasePath: read('DATABASE_PATH'),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    searchEngine,
    digest: {
      channels: read('DIGEST_CHANNELS'),
      time: read('DIGEST_TIME'),
      timeZone: read('DIGEST_TZ'),
      days: read('DIGEST_DAYS'),
      postWhenEmpty: read('DIGEST_POST_WHEN_EMPTY'),
      catchupHours: read('DIGEST_CATCHUP_HOURS'),
    },
    feeds: { urls: read('FEEDS'), intervalMinutes: read('FEED_INTERVAL_MINUTES') },
    fetch: readFetchSettings(read),
    adminUserIds: read('ADMIN_USER_IDS'),
    spikes: { factor: read('SPIKE_FACTOR'), min: read('SPIKE_MIN'), cooldownHours: read('SPIKE_COOLDOWN') },
  };
}

/**
 * All problems as one message for a person, one variable a line.
 *
 * @example formatConfigProblems([{ variable: 'PORT', problem: 'expected …' }]).startsWith('Brief cannot start') // => true
 */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.variable}: ${p.problem}`);
  return [`Brief cannot start: ${problems.length === 1 ? 'a setting needs' : `${problems.length} settings need`} attention (see .env.example):`, ...lines].join('\n');
}

/**
 * The configuration with every secret replaced, safe to log.
 *
 * @example describeConfig(readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).config).slack.botToken // => '[set]'
 */
export function describeConfig(config: Config): Omit<Config, 'slack'> & { slack: Record<string, unknown> } {
  const { botToken, appToken, signingSecret, ...rest } = config.slack;
  const mark = (v: string | undefined) => (v === undefined ? '[unset]' : '[set]');
  const database = config.databaseUrl === undefined ? {} : { databaseUrl: mark(config.databaseUrl) }; // it may hold a password
  return { ...config, ...database, slack: { ...rest, botToken: mark(botToken), appToken: mark(appToken), signingSecret: mark(signingSecret) } };
}
