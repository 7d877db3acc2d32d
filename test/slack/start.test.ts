/**
 * `npm start` as a separate process with a clean environment: refuses to start without tokens
 * (naming each missing variable), and with tokens starts, connects in Socket Mode to the double and
 * logs JSON without secrets.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT } from '../support/paths.js';
import { adminQuery, createTestDatabase } from '../support/postgres-database.js';
import { SlackDouble } from '../support/slack-double.js';
import { TEST_SECRETS } from '../support/slack-fixtures.js';

// An empty .env, so a developer's own .env cannot leak into the test.
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-start-'));
const emptyEnvFile = path.join(scratch, '.env');
writeFileSync(emptyEnvFile, '');

function run(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DOTENV_CONFIG_PATH: emptyEnvFile, DATABASE_PATH: path.join(scratch, 'brief.db'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('npm start', () => {
  it('exits non-zero without tokens, listing the missing variables', async () => {
    const proc = run('npm', ['start', '--silent'], {});
    const code = await proc.exited;
    expect(code).not.toBe(0);
    expect(proc.err()).toContain('SLACK_BOT_TOKEN');
    expect(proc.err()).toMatch(/SLACK_APP_TOKEN or SLACK_SIGNING_SECRET/);
  });

  describe('with tokens', () => {
    let double: SlackDouble;
    beforeAll(async () => {
      double = await SlackDouble.start();
    });
    afterAll(async () => {
      await double?.close();
    });

    it('starts in Socket Mode against SLACK_API_URL, logs JSON without secrets, and stops on SIGTERM', async () => {
      const proc = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN,
        SLACK_APP_TOKEN: TEST_SECRETS.SLACK_APP_TOKEN,
        SLACK_API_URL: double.apiUrl,
        CORPUS_DIR: CORPUS,
        LOG_LEVEL: 'debug',
      });
      try {
        await double.waitFor(() => proc.out().includes('connected to Slack'), 'the app to connect', 15_000);
      } finally {
        proc.child.kill('SIGTERM');
      }
      expect(await proc.exited).toBe(0);
      expect(double.callsTo('apps.connections.open')[0]?.token).toBe(TEST_SECRETS.SLACK_APP_TOKEN);
      const lines = proc.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.msg === 'index built')).toMatchObject({ articles: 6 });
      const all = proc.out() + proc.err();
      for (const s of Object.values(TEST_SECRETS)) expect(all).not.toContain(s);
    }, 30_000);

    it('keeps its state in PostgreSQL when DATABASE_URL is set, and never logs the URL\'s password', async () => {
      const db = await createTestDatabase();
      const url = new URL(db.url);
      url.password = 'pg-secret-42'; // the test cluster trusts loopback, so any password connects
      const proc = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN,
        SLACK_APP_TOKEN: TEST_SECRETS.SLACK_APP_TOKEN,
        SLACK_API_URL: double.apiUrl,
        CORPUS_DIR: CORPUS,
        DATABASE_URL: url.toString(),
      });
      try {
        // The lone replica leads, imports the corpus into the articles table, and records each article's
        // arrival as its index takes the change in.
        const deadline = Date.now() + 20_000;
        const arrivals = async () => ((await adminQuery(`SELECT count(*)::int AS n FROM arrivals`, [], db.name).catch(() => ({ rows: [{ n: 0 }] }))).rows[0] as { n: number }).n;
        while ((await arrivals()) < 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await arrivals()).toBe(6);
      } finally {
        proc.child.kill('SIGTERM');
      }
      expect(await proc.exited).toBe(0);
      expect(proc.out() + proc.err()).not.toContain('pg-secret-42');

      url.pathname = '/no_such_database';
      const refused = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: TEST_SECRETS.SLACK_APP_TOKEN, SLACK_API_URL: double.apiUrl, CORPUS_DIR: CORPUS, DATABASE_URL: url.toString() });
      expect(await refused.exited).toBe(1);
      const fatal = refused.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 60);
      expect(fatal).toMatchObject({ code: 'STORE_OPEN_FAILED', database: expect.stringMatching(/^postgres:\/\/127\.0\.0\.1:\d+\/no_such_database$/) });
      expect(refused.out() + refused.err()).not.toContain('pg-secret-42');
      await db.drop();
    }, 60_000);

    it('exits non-zero with a clear log line when Slack rejects the bot token', async () => {
      double.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
      const proc = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SECRETS.SLACK_SIGNING_SECRET,
        SLACK_API_URL: double.apiUrl,
        PORT: '0',
        CORPUS_DIR: CORPUS,
      });
      expect(await proc.exited).toBe(1);
      const fatal = proc.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 60);
      expect(fatal?.msg).toMatch(/could not start the Slack app/);
      expect(JSON.stringify(fatal)).toContain('invalid_auth');
      expect(proc.out()).not.toContain(TEST_SECRETS.SLACK_BOT_TOKEN);
    }, 30_000);
  });
});
