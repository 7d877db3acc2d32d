/**
 * Every setting Brief reads from the environment, once: its parser, its default (written as in
 * `.env.example` and read by the same parser), a one-line doc and whether it is a secret. The order
 * is `.env.example`'s; a test holds that file to this table.
 */
import { isHttpUrl } from '../articles/canonical-url.js';
import { parseBoolean, parseDatabaseUrl, parseDays, parseDecimal, parseInteger, parseList, parseTimeOfDay, parseTimeZone, type Parsed } from './parse-values.js';

/** One environment variable. */
export interface Setting<T> {
  /** What it is for, one line; `.env.example` says it in the comment above the variable. */
  doc: string;
  /** The value when unset, as text for `parse`; absent when unset means "none" (or is decided from other settings). */
  default?: string;
  /** Never quoted in a problem, never logged. */
  secret?: boolean;
  parse: (raw: string) => Parsed<T>;
}

/** pino's levels, plus `silent`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where briefs are searched: an index in this process, or PostgreSQL's full-text search. */
export type SearchEngineName = 'minisearch' | 'postgres';

/** How Brief talks to Slack: over a WebSocket it opens (no public URL) or as an HTTP endpoint. */
export type SlackMode = 'socket' | 'http';

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** A host name or an IP address, as written in a URL (no scheme, no port). */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$/i;

const prefixed = (prefix: string, problem: string) => (raw: string): Parsed<string> => (raw.startsWith(prefix) ? { value: raw } : { problem });
const text = (raw: string): Parsed<string> => ({ value: raw });
const httpUrl = (what: string) => (raw: string): Parsed<string> => (isHttpUrl(raw) ? { value: raw } : { problem: `expected ${what}, got "${raw}"` });

/**
 * The table. Look a name up with `SETTINGS[name]` only for names written in code, never for input.
 *
 * @example SETTINGS.PORT.parse(SETTINGS.PORT.default) // => { value: 3000 }
 */
export const SETTINGS = {
  SLACK_BOT_TOKEN: { secret: true, doc: 'Bot token, from OAuth & Permissions after installing the app. Starts with xoxb-.', parse: prefixed('xoxb-', 'malformed: a bot token starts with xoxb-') },
  SLACK_APP_TOKEN: { secret: true, doc: 'Socket Mode (development, no public URL): an app-level token with the connections:write scope, from Basic Information → App-Level Tokens. Starts with xapp-.', parse: prefixed('xapp-', 'malformed: an app-level token starts with xapp-') },
  SLACK_SIGNING_SECRET: { secret: true, doc: 'HTTP mode (production): the signing secret from Basic Information → App Credentials.', parse: text },
  SLACK_MODE: {
    doc: 'socket or http. Default: socket when SLACK_APP_TOKEN is set, else http.',
    parse: (raw: string): Parsed<SlackMode> => {
      const mode = raw.toLowerCase();
      return mode === 'socket' || mode === 'http' ? { value: mode } : { problem: `expected socket or http, got "${raw}"` };
    },
  },
  PORT: { default: '3000', doc: "HTTP mode's port (events, commands and interactivity on /slack/events; GET /healthz).", parse: (raw: string) => parseInteger(raw, 0, 65535) },
  SLACK_API_URL: {
    doc: 'Base URL of the Slack Web API, for GovSlack (https://slack-gov.com/api/) or a test double.',
    parse: (raw: string): Parsed<string> => (isHttpUrl(raw) ? { value: raw.endsWith('/') ? raw : `${raw}/` } : { problem: `expected an http(s) URL such as https://slack.com/api/, got "${raw}"` }),
  },
  CORPUS_DIR: { default: 'corpus', doc: 'Folder of articles (*.md with front matter, *.json, *.jsonl).', parse: text },
  SOURCES_FILE: { default: 'sources.yml', doc: 'The publisher registry: hosts → publisher name, label and country, applied to feed items and to corpus files that do not say (sources.yml describes the format).', parse: text },
  LOG_LEVEL: {
    default: 'info',
    doc: 'fatal, error, warn, info, debug, trace or silent.',
    parse: (raw: string): Parsed<LogLevel> => {
      const level = raw.toLowerCase();
      return (LOG_LEVELS as readonly string[]).includes(level) ? { value: level as LogLevel } : { problem: `expected one of ${LOG_LEVELS.join(', ')}, got "${raw}"` };
    },
  },
  DATABASE_PATH: { default: 'data/brief.db', doc: "SQLite file for digest runs, subscriptions, ingested feed items, and the Slack side's memory (answered event ids, thread memory, response_url budgets).", parse: text },
  DATABASE_URL: { secret: true, doc: 'PostgreSQL instead of the SQLite file, for several replicas: postgres://user:password@host:5432/brief.', parse: parseDatabaseUrl },
  SEARCH_ENGINE: {
    default: 'minisearch',
    doc: 'minisearch (an index in memory, built from the corpus) or postgres (PostgreSQL full-text search over the articles table: no index in memory, for corpora past one process; needs DATABASE_URL).',
    parse: (raw: string): Parsed<SearchEngineName> => {
      const engine = raw.toLowerCase();
      return engine === 'minisearch' || engine === 'postgres' ? { value: engine } : { problem: `expected minisearch or postgres, got "${raw}"` };
    },
  },
  DIGEST_CHANNELS: { default: '', doc: 'Channel ids (not names) that get the daily digest, comma-separated: C0123456789,C0987654321.', parse: (raw: string) => parseList(raw, (s) => CHANNEL_ID.test(s), 'channel ids such as C0123456789') },
  DIGEST_TIME: { default: '08:00', doc: 'Local time of the digest, HH:MM on a 24-hour clock.', parse: parseTimeOfDay },
  DIGEST_TZ: { default: 'UTC', doc: 'IANA time zone DIGEST_TIME is read in, such as Europe/London.', parse: parseTimeZone },
  DIGEST_DAYS: { default: 'daily', doc: 'daily, weekdays, weekends, mon-fri, mon,wed,fri …', parse: parseDays },
  DIGEST_POST_WHEN_EMPTY: { default: 'false', doc: 'Post a "nothing new" digest when no article arrived. true or false.', parse: parseBoolean },
  DIGEST_CATCHUP_HOURS: { default: '12', doc: 'After downtime, a digest missed by at most this many hours is posted at start-up.', parse: (raw: string) => parseInteger(raw, 0, 168) },
  FEEDS: { default: '', doc: 'RSS, Atom or RDF feed URLs, separated by commas or spaces. Empty: none.', parse: (raw: string) => parseList(raw, isHttpUrl, 'http(s) feed URLs') },
  FEED_INTERVAL_MINUTES: { default: '15', doc: 'Minutes between feed polls.', parse: (raw: string) => parseInteger(raw, 1, 24 * 60) },
  FULL_TEXT: { default: 'on', doc: "Fetch the article page when a feed item carries only a teaser, and keep the page's main text.", parse: parseBoolean },
  FETCH_HOST_GAP_SECONDS: { default: '2', doc: "Least seconds between two requests to one publisher's host (robots.txt Crawl-delay can raise it).", parse: (raw: string) => parseInteger(raw, 0, 300) },
  BRIEF_URL: { doc: 'A page about this Brief installation (who runs it, how to reach them), named in the User-Agent of every request so publishers can find you. Optional.', parse: httpUrl('an http(s) URL of a page about this Brief') },
  FETCH_ALLOW_HOSTS: { default: '', doc: 'Host names that may be fetched although they are at loopback or private-network addresses (intranet feeds; the tests use 127.0.0.1). Comma-separated, no scheme or port. Empty: none.', parse: (raw: string) => parseList(raw.toLowerCase(), (s) => HOST_NAME.test(s), 'host names such as 127.0.0.1 or intranet.example (no scheme, no port)') },
  SPIKE_FACTOR: { default: '3', doc: 'A watched topic (an alert or a subscription) is surging when the last hour holds at least SPIKE_FACTOR times its hourly baseline (the 24 hours before) …', parse: (raw: string) => parseDecimal(raw, 1, 100) },
  SPIKE_MIN: { default: '5', doc: '… and at least SPIKE_MIN articles from at least 3 outlets.', parse: (raw: string) => parseInteger(raw, 1, 10_000) },
  SPIKE_COOLDOWN: { default: '6', doc: 'Brief then posts one notice and stays quiet on the topic for SPIKE_COOLDOWN hours.', parse: (raw: string) => parseInteger(raw, 0, 24 * 7) },
  ADMIN_USER_IDS: { default: '', doc: 'User ids allowed to change digest subscriptions and alerts (and to see /brief stats), comma-separated (U0123456789). Empty: everyone.', parse: (raw: string) => parseList(raw, (s) => USER_ID.test(s), 'user ids such as U0123456789') },
} satisfies Record<string, Setting<unknown>>;

/** A variable Brief reads. */
export type SettingName = keyof typeof SETTINGS;

/** What a setting's parser gives. */
export type SettingValue<K extends SettingName> = (typeof SETTINGS)[K]['parse'] extends (raw: string) => Parsed<infer T> ? T : never;

/** A setting's value when read: with a default it always has one, without it may be unset. */
export type ReadValue<K extends SettingName> = (typeof SETTINGS)[K] extends { default: string } ? SettingValue<K> : SettingValue<K> | undefined;
