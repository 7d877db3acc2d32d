import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeConfig, formatConfigProblems, readConfig, readToolConfig, type Config } from '../src/config/read-config.js';
import { SETTINGS, type Setting } from '../src/config/settings.js';
import { parseDays, parseTimeOfDay } from '../src/config/parse-values.js';
import { ROOT } from './support/paths.js';

const SOCKET = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-2-def' };
const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };

function ok(env: Record<string, string>): Config {
  const result = readConfig(env);
  if (result.config === undefined) throw new Error(formatConfigProblems(result.problems));
  return result.config;
}

function variables(env: Record<string, string>): string[] {
  return (readConfig(env).problems ?? []).map((p) => p.variable);
}

describe('readConfig: Slack', () => {
  it('defaults to Socket Mode when an app token is set, else HTTP mode', () => {
    expect(ok(SOCKET).slack.mode).toBe('socket');
    expect(ok(HTTP).slack.mode).toBe('http');
    expect(ok({ ...SOCKET, ...HTTP, SLACK_MODE: 'HTTP' }).slack.mode).toBe('http');
  });

  it('fills the defaults', () => {
    const config = ok(SOCKET);
    expect(config).toMatchObject({ corpusDir: 'corpus', logLevel: 'info', databasePath: 'data/brief.db', adminUserIds: [], spikes: { factor: 3, min: 5, cooldownHours: 6 } });
    expect(config.slack.port).toBe(3000);
    expect(config.slack.apiUrl).toBeUndefined();
    expect(config.digest).toEqual({ channels: [], time: { hour: 8, minute: 0, text: '08:00' }, timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], postWhenEmpty: false, catchupHours: 12 });
    expect(config.feeds).toEqual({ urls: [], intervalMinutes: 15 });
  });

  it('names every missing variable at once when nothing is set', () => {
    expect(variables({})).toEqual(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET']);
  });

  it('asks for the token the chosen mode needs', () => {
    expect(variables({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'socket' })).toEqual(['SLACK_APP_TOKEN']);
    expect(variables({ ...SOCKET, SLACK_MODE: 'http' })).toEqual(['SLACK_SIGNING_SECRET']);
  });

  it('treats empty values as unset', () => {
    expect(variables({ SLACK_BOT_TOKEN: ' ', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: 'x' })).toEqual(['SLACK_BOT_TOKEN']);
  });

  it('reports every malformed value together, without quoting tokens', () => {
    const result = readConfig({ SLACK_BOT_TOKEN: 'xapp-secret-value', SLACK_APP_TOKEN: 'xoxb-secret-value', SLACK_MODE: 'carrier-pigeon', PORT: 'eighty', SLACK_API_URL: 'ftp://x', LOG_LEVEL: 'loud' });
    expect(result.problems?.map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_MODE', 'PORT', 'SLACK_API_URL', 'LOG_LEVEL']);
    const message = formatConfigProblems(result.problems ?? []);
    expect(message).toMatch(/^Brief cannot start: 6 settings need attention/);
    expect(message).toContain('"carrier-pigeon"');
    expect(message).not.toContain('secret-value');
  });

  it('normalises SLACK_API_URL to end in a slash, and accepts PORT 0 (any free port)', () => {
    expect(ok({ ...HTTP, SLACK_API_URL: 'http://127.0.0.1:9/api', PORT: '0' }).slack).toMatchObject({ apiUrl: 'http://127.0.0.1:9/api/', port: 0 });
  });

  it('describes a config for the log with every secret replaced', () => {
    const text = JSON.stringify(describeConfig(ok({ ...SOCKET, ...HTTP, DATABASE_URL: 'postgres://brief:hunter2@db.internal:5432/brief' })));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc');
    expect(text).not.toContain('def');
    expect(text).not.toContain('shh');
    expect(text).toContain('[set]');
  });
});

describe('readConfig: the database', () => {
  it('selects PostgreSQL with a postgres:// or postgresql:// DATABASE_URL, and SQLite without one', () => {
    expect(ok(SOCKET).databaseUrl).toBeUndefined();
    expect(ok({ ...SOCKET, DATABASE_URL: ' postgres://brief@db:5432/brief ' }).databaseUrl).toBe('postgres://brief@db:5432/brief');
    expect(ok({ ...SOCKET, DATABASE_URL: 'postgresql://db/brief' }).databaseUrl).toBe('postgresql://db/brief');
  });

  it('refuses any other DATABASE_URL without repeating it (it may hold a password)', () => {
    for (const bad of ['mysql://u:s3cret@db/brief', 'postgres://', 'not a url s3cret', 'file:///s3cret']) {
      const result = readConfig({ ...SOCKET, DATABASE_URL: bad });
      expect(result.problems).toEqual([{ variable: 'DATABASE_URL', problem: expect.stringContaining('expected a PostgreSQL URL') }]);
      expect(JSON.stringify(result.problems)).not.toContain('s3cret');
    }
  });

  it('searches in memory by default, and PostgreSQL with SEARCH_ENGINE=postgres, which needs DATABASE_URL', () => {
    expect(ok(SOCKET).searchEngine).toBe('minisearch');
    expect(ok({ ...SOCKET, DATABASE_URL: 'postgres://db/brief', SEARCH_ENGINE: ' Postgres ' }).searchEngine).toBe('postgres');
    expect(readConfig({ ...SOCKET, SEARCH_ENGINE: 'postgres' }).problems).toEqual([{ variable: 'SEARCH_ENGINE', problem: expect.stringContaining('set DATABASE_URL') }]);
    expect(readConfig({ ...SOCKET, DATABASE_URL: 'postgres://db/brief', SEARCH_ENGINE: 'elastic' }).problems).toEqual([{ variable: 'SEARCH_ENGINE', problem: 'expected minisearch or postgres, got "elastic"' }]);
  });
});

describe('readConfig: digest, feeds and admins', () => {
  it('parses every optional variable', () => {
    const config = ok({
      ...SOCKET,
      DATABASE_PATH: '/var/lib/brief.db',
      DIGEST_CHANNELS: 'C0123, G0456 ,C0123',
      DIGEST_TIME: '7:05',
      DIGEST_TZ: 'Europe/London',
      DIGEST_DAYS: 'mon-fri',
      DIGEST_POST_WHEN_EMPTY: 'yes',
      DIGEST_CATCHUP_HOURS: '6',
      FEEDS: 'https://a.example/rss.xml, http://b.example/atom\nhttps://c.example/rdf',
      FEED_INTERVAL_MINUTES: '30',
      ADMIN_USER_IDS: 'U0AAA,W0BBB',
      SPIKE_FACTOR: '2.5',
      SPIKE_MIN: '8',
      SPIKE_COOLDOWN: '12',
    });
    expect(config.databasePath).toBe('/var/lib/brief.db');
    expect(config.digest).toEqual({ channels: ['C0123', 'G0456'], time: { hour: 7, minute: 5, text: '07:05' }, timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], postWhenEmpty: true, catchupHours: 6 });
    expect(config.feeds).toEqual({ urls: ['https://a.example/rss.xml', 'http://b.example/atom', 'https://c.example/rdf'], intervalMinutes: 30 });
    expect(config.adminUserIds).toEqual(['U0AAA', 'W0BBB']);
    expect(config.spikes).toEqual({ factor: 2.5, min: 8, cooldownHours: 12 });
  });

  it('reports each malformed optional variable', () => {
    const env = { ...SOCKET, DIGEST_CHANNELS: '#general', DIGEST_TIME: '25:00', DIGEST_TZ: 'Mars/Olympus', DIGEST_DAYS: 'someday', DIGEST_POST_WHEN_EMPTY: 'maybe', DIGEST_CATCHUP_HOURS: '-1', FEEDS: 'file:///etc/passwd', FEED_INTERVAL_MINUTES: '0', ADMIN_USER_IDS: 'alice', SPIKE_FACTOR: '0.5', SPIKE_MIN: 'five', SPIKE_COOLDOWN: '-2' };
    expect(variables(env)).toEqual(['DIGEST_CHANNELS', 'DIGEST_TIME', 'DIGEST_TZ', 'DIGEST_DAYS', 'DIGEST_POST_WHEN_EMPTY', 'DIGEST_CATCHUP_HOURS', 'FEEDS', 'FEED_INTERVAL_MINUTES', 'ADMIN_USER_IDS', 'SPIKE_FACTOR', 'SPIKE_MIN', 'SPIKE_COOLDOWN']);
  });

  it('reads days as lists, ranges (wrapping round the weekend) and words', () => {
    const days = (s: string) => ('value' in parseDays(s) ? (parseDays(s) as { value: number[] }).value : 'bad');
    expect(days('daily')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(days('Mon,Wed,Fri')).toEqual([1, 3, 5]);
    expect(days('fri-mon')).toEqual([0, 1, 5, 6]);
    expect(days('weekdays')).toEqual([1, 2, 3, 4, 5]);
    expect(days('tuesday thursday')).toEqual([2, 4]);
    expect(days('mo')).toBe('bad');
    expect(days('mon-')).toBe('bad');
  });

  it('reads times on a 24-hour clock', () => {
    expect(parseTimeOfDay('23:59')).toEqual({ value: { hour: 23, minute: 59, text: '23:59' } });
    expect('problem' in parseTimeOfDay('8am')).toBe(true);
  });
});

describe('.env.example and the table of settings', () => {
  /** Each `NAME=value` line of .env.example with the comment lines right above it, joined. */
  function exampleEntries(): { name: string; value: string; doc: string }[] {
    const entries: { name: string; value: string; doc: string }[] = [];
    let comment: string[] = [];
    for (const line of readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n')) {
      const setting = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (setting) {
        entries.push({ name: setting[1]!, value: setting[2]!, doc: comment.join(' ') });
        comment = [];
      } else if (line.startsWith('# ---') || line.trim() === '') comment = [];
      else if (line.startsWith('#')) comment.push(line.replace(/^#\s?/, ''));
    }
    return entries;
  }

  it('lists exactly the settings of the table, in its order, each with its default and its doc', () => {
    const entries = exampleEntries();
    expect(entries.map((e) => e.name)).toEqual(Object.keys(SETTINGS));
    for (const [name, setting] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
      const entry = entries.find((e) => e.name === name)!;
      expect(entry.value, name).toBe(setting.default ?? '');
      expect(entry.doc, name).toContain(setting.doc);
      expect(entry.doc, `${name} states its default only after =`).not.toMatch(/\bDefault [^:]/);
    }
  });

  it('every default is a valid value of its own parser, and an unset variable reads as its default', () => {
    const config = readToolConfig({}).config!;
    for (const [name, setting] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
      if (setting.default === undefined) continue;
      expect(setting.parse(setting.default), name).toHaveProperty('value');
    }
    const spelledOut = Object.fromEntries(Object.entries(SETTINGS).flatMap(([name, s]: [string, Setting<unknown>]) => (s.default === undefined ? [] : [[name, s.default]])));
    expect(readToolConfig(spelledOut).config).toEqual(config);
  });

  it('never quotes a secret setting in a problem', () => {
    for (const [name, setting] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
      if (setting.secret !== true) continue;
      const parsed = setting.parse('bad s3cret-value');
      if ('problem' in parsed) expect(parsed.problem, name).not.toContain('s3cret');
    }
    expect(Object.entries(SETTINGS).filter(([, s]: [string, Setting<unknown>]) => s.secret === true).map(([n]) => n)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DATABASE_URL']);
  });
});

describe('readToolConfig: the command-line tools', () => {
  it('reads the same settings without asking for Slack credentials, and reports every problem together', () => {
    const config = readToolConfig({ DIGEST_CATCHUP_HOURS: '3', SLACK_API_URL: 'http://127.0.0.1:9/api' }).config!;
    expect(config.digest.catchupHours).toBe(3);
    expect(config.slack).toEqual({ apiUrl: 'http://127.0.0.1:9/api/' });
    expect(readToolConfig({ DIGEST_CHANNELS: '#general', SLACK_BOT_TOKEN: 'xapp-1' }).problems?.map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN', 'DIGEST_CHANNELS']);
  });
});

describe('readConfig: fetching article pages', () => {
  it('full text on by default with a two-second gap; the settings are read and checked', () => {
    expect(ok(SOCKET).fetch).toEqual({ fullText: true, allowHosts: [], hostGapMs: 2_000 });
    expect(ok({ ...SOCKET, FULL_TEXT: 'off', FETCH_ALLOW_HOSTS: '127.0.0.1, Intranet.example', FETCH_HOST_GAP_SECONDS: '5', BRIEF_URL: 'https://brief.example/about' }).fetch).toEqual({
      fullText: false,
      allowHosts: ['127.0.0.1', 'intranet.example'],
      hostGapMs: 5_000,
      briefUrl: 'https://brief.example/about',
    });
    expect(variables({ ...SOCKET, FULL_TEXT: 'maybe', FETCH_ALLOW_HOSTS: 'http://127.0.0.1:8080', FETCH_HOST_GAP_SECONDS: '-1', BRIEF_URL: 'javascript:alert(1)' }).sort()).toEqual(['BRIEF_URL', 'FETCH_ALLOW_HOSTS', 'FETCH_HOST_GAP_SECONDS', 'FULL_TEXT']);
  });
});
