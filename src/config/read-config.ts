import { isHttpUrl } from '../articles/canonical-url.js';
import { envReader, parseBoolean, parseDatabaseUrl, parseDays, parseDecimal, parseInteger, parseList, parseTimeOfDay, parseTimeZone, type Parsed, type TimeOfDay } from './parse-values.js';
import { readFetchSettings, type FetchSettings } from './read-fetch-settings.js';

/** How Brief talks to Slack: over a WebSocket it opens (no public URL) or as an HTTP endpoint. */
export type SlackMode = 'socket' | 'http';

/** pino's levels, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

/** One missing or malformed variable. */
export interface ConfigProblem {
  variable: string;
  problem: string;
}

export type ConfigResult = { config: Config; problems?: undefined } | { config?: undefined; problems: ConfigProblem[] };

/** Defaults of the optional variables, in one place. */
export const CONFIG_DEFAULTS = {
  PORT: 3000,
  CORPUS_DIR: 'corpus',
  SOURCES_FILE: 'sources.yml',
  LOG_LEVEL: 'info',
  DATABASE_PATH: 'data/brief.db',
  DIGEST_TIME: '08:00',
  DIGEST_TZ: 'UTC',
  DIGEST_DAYS: 'daily',
  DIGEST_POST_WHEN_EMPTY: false,
  DIGEST_CATCHUP_HOURS: 12,
  FEED_INTERVAL_MINUTES: 15,
  SPIKE_FACTOR: 3,
  SPIKE_MIN: 5,
  SPIKE_COOLDOWN: 6,
} as const;



const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Reads and validates the configuration from an environment object: pure, so tests pass a literal.
 * Every problem is collected, never only the first. Empty values count as unset.
 *
 * @example readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).config?.slack.mode // => 'socket'
 */
export function readConfig(env: Readonly<Record<string, string | undefined>> = {}): ConfigResult {
  const problems: ConfigProblem[] = [];
  const { get, check } = envReader(env, problems);

  const botToken = get('SLACK_BOT_TOKEN');
  const appToken = get('SLACK_APP_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  if (botToken === undefined) problems.push({ variable: 'SLACK_BOT_TOKEN', problem: 'missing: the bot token (xoxb-…) from OAuth & Permissions' });
  else if (!botToken.startsWith('xoxb-')) problems.push({ variable: 'SLACK_BOT_TOKEN', problem: 'malformed: a bot token starts with xoxb-' });
  if (appToken !== undefined && !appToken.startsWith('xapp-')) problems.push({ variable: 'SLACK_APP_TOKEN', problem: 'malformed: an app-level token starts with xapp-' });

  const modeRaw = get('SLACK_MODE')?.toLowerCase();
  let mode: SlackMode = appToken !== undefined ? 'socket' : 'http';
  if (modeRaw === 'socket' || modeRaw === 'http') mode = modeRaw;
  else if (modeRaw !== undefined) problems.push({ variable: 'SLACK_MODE', problem: `expected socket or http, got "${get('SLACK_MODE')}"` });

  if (modeRaw === undefined && appToken === undefined && signingSecret === undefined) {
    problems.push({ variable: 'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET', problem: 'missing: set SLACK_APP_TOKEN (xapp-…) for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode' });
  } else if (mode === 'socket' && appToken === undefined) {
    problems.push({ variable: 'SLACK_APP_TOKEN', problem: 'missing: Socket Mode needs an app-level token (xapp-…) with the connections:write scope' });
  } else if (mode === 'http' && signingSecret === undefined) {
    problems.push({ variable: 'SLACK_SIGNING_SECRET', problem: 'missing: HTTP mode needs the signing secret from Basic Information' });
  }

  const port = check('PORT', CONFIG_DEFAULTS.PORT, (raw) => parseInteger(raw, 0, 65535));
  const apiUrl = check<string | undefined>('SLACK_API_URL', undefined, (raw) =>
    isHttpUrl(raw) ? { value: raw.endsWith('/') ? raw : `${raw}/` } : { problem: `expected an http(s) URL such as https://slack.com/api/, got "${raw}"` },
  );
  const databaseUrl = check<string | undefined>('DATABASE_URL', undefined, parseDatabaseUrl);
  const logLevel = check<LogLevel>('LOG_LEVEL', CONFIG_DEFAULTS.LOG_LEVEL, (raw) => {
    const level = raw.toLowerCase();
    return (LOG_LEVELS as readonly string[]).includes(level) ? { value: level as LogLevel } : { problem: `expected one of ${LOG_LEVELS.join(', ')}, got "${raw}"` };
  });

  const config: Config = {
    slack: {
      botToken: botToken ?? '',
      ...(appToken === undefined ? {} : { appToken }),
      ...(signingSecret === undefined ? {} : { signingSecret }),
      mode,
      port,
      ...(apiUrl === undefined ? {} : { apiUrl }),
    },
    corpusDir: get('CORPUS_DIR') ?? CONFIG_DEFAULTS.CORPUS_DIR,
    sourcesFile: get('SOURCES_FILE') ?? CONFIG_DEFAULTS.SOURCES_FILE,
    logLevel,
    databasePath: get('DATABASE_PATH') ?? CONFIG_DEFAULTS.DATABASE_PATH,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    digest: {
      channels: check('DIGEST_CHANNELS', [] as string[], (raw) => parseList(raw, (s) => CHANNEL_ID.test(s), 'channel ids such as C0123456789')),
      time: check('DIGEST_TIME', { hour: 8, minute: 0, text: CONFIG_DEFAULTS.DIGEST_TIME }, parseTimeOfDay),
      timeZone: check('DIGEST_TZ', CONFIG_DEFAULTS.DIGEST_TZ as string, parseTimeZone),
      days: check('DIGEST_DAYS', [0, 1, 2, 3, 4, 5, 6], parseDays),
      postWhenEmpty: check('DIGEST_POST_WHEN_EMPTY', CONFIG_DEFAULTS.DIGEST_POST_WHEN_EMPTY as boolean, parseBoolean),
      catchupHours: check('DIGEST_CATCHUP_HOURS', CONFIG_DEFAULTS.DIGEST_CATCHUP_HOURS as number, (raw) => parseInteger(raw, 0, 168)),
    },
    feeds: {
      urls: check('FEEDS', [] as string[], (raw) => parseList(raw, isHttpUrl, 'http(s) feed URLs')),
      intervalMinutes: check('FEED_INTERVAL_MINUTES', CONFIG_DEFAULTS.FEED_INTERVAL_MINUTES as number, (raw) => parseInteger(raw, 1, 24 * 60)),
    },
    fetch: readFetchSettings(check),
    adminUserIds: check('ADMIN_USER_IDS', [] as string[], (raw) => parseList(raw, (s) => USER_ID.test(s), 'user ids such as U0123456789')),
    spikes: {
      factor: check('SPIKE_FACTOR', CONFIG_DEFAULTS.SPIKE_FACTOR as number, (raw) => parseDecimal(raw, 1, 100)),
      min: check('SPIKE_MIN', CONFIG_DEFAULTS.SPIKE_MIN as number, (raw) => parseInteger(raw, 1, 10_000)),
      cooldownHours: check('SPIKE_COOLDOWN', CONFIG_DEFAULTS.SPIKE_COOLDOWN as number, (raw) => parseInteger(raw, 0, 24 * 7)),
    },
  };
  return problems.length > 0 ? { problems } : { config };
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
