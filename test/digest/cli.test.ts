import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestCli } from '../../src/cli/digest.js';
import { ingestCli } from '../../src/cli/ingest.js';
import { messageProblems } from '../support/block-kit.js';
import { DigestSlackDouble } from '../support/digest-slack-double.js';
import { CORPUS, ROOT } from '../support/paths.js';
import { FEED_FIXTURES } from '../feeds/feed-server.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let slack: DigestSlackDouble;
let env: Record<string, string>;

beforeEach(async () => {
  tmp = tempDir('brief-cli-');
  cpSync(CORPUS, path.join(tmp.dir, 'corpus'), { recursive: true });
  slack = await new DigestSlackDouble().start();
  env = { CORPUS_DIR: path.join(tmp.dir, 'corpus'), DATABASE_PATH: path.join(tmp.dir, 'brief.db'), DIGEST_TZ: 'Europe/London', LOG_LEVEL: 'silent', FULL_TEXT: 'off' };
});
afterEach(async () => {
  await slack.close();
  tmp.remove();
});

/** Runs a CLI function in-process, collecting what it writes. */
async function cli(fn: typeof digestCli, args: string[], extra: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await fn(args, { ...env, ...extra }, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('npm run ingest and npm run digest', () => {
  it('ingests a feed file once, previews with --dry-run, and posts today’s digest once', async () => {
    const first = await cli(ingestCli, [path.join(FEED_FIXTURES, 'science.atom'), path.join(FEED_FIXTURES, 'broken.xml')]);
    expect(first.code).toBe(1); // one source was broken …
    expect(first.out).toContain('science.atom: 2 new of 2 items'); // … the other went in
    expect(first.err).toContain('FEED_INVALID');
    expect((await cli(ingestCli, [path.join(FEED_FIXTURES, 'science.atom')])).out).toContain('0 new of 2 items');
    const misconfigured = await cli(ingestCli, [path.join(FEED_FIXTURES, 'world.rss')], { FULL_TEXT: 'maybe', FETCH_ALLOW_HOSTS: 'http://x' });
    expect(misconfigured.code).toBe(2);
    expect(misconfigured.err).toMatch(/FULL_TEXT[\s\S]*FETCH_ALLOW_HOSTS/);

    const dry = await cli(digestCli, ['--dry-run', '--channel', 'C0NEWS']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Deep-sea survey finds forty unknown species');
    const json = await cli(digestCli, ['--dry-run', '--json', '--channel', 'C0NEWS']);
    const messages = JSON.parse(json.out) as { headline: { text: string; blocks: unknown[] }; thread?: { text: string; blocks: unknown[] } };
    expect(messageProblems(messages.headline)).toEqual([]);
    expect(messageProblems(messages.thread!)).toEqual([]);
    expect(slack.messages).toHaveLength(0);

    const post = { SLACK_BOT_TOKEN: 'xoxb-cli-test', SLACK_API_URL: slack.url };
    expect((await cli(digestCli, ['--channel', 'C0NEWS'], post)).out).toBe('C0NEWS: posted\n');
    expect((await cli(digestCli, ['--channel', 'C0NEWS'], post)).out).toBe('C0NEWS: already done today; nothing posted\n');
    expect(slack.messages.filter((m) => m.thread_ts === undefined)).toHaveLength(1);
    for (const m of slack.messages) expect(messageProblems(m)).toEqual([]);
  });

  it('reads the same configuration as `npm start`: a malformed channel id or setting is refused before anything runs', async () => {
    const badChannel = await cli(digestCli, ['--dry-run', '--channel', '#general']);
    expect(badChannel.code).toBe(2);
    expect(badChannel.err).toContain('--channel: expected channel ids such as C0123456789, but "#general" is not');
    const badSetting = await cli(digestCli, ['--dry-run'], { DIGEST_CHANNELS: 'general', DIGEST_CATCHUP_HOURS: 'soon' });
    expect(badSetting.code).toBe(2);
    expect(badSetting.err).toMatch(/DIGEST_CHANNELS: expected channel ids[\s\S]*DIGEST_CATCHUP_HOURS: expected a whole number/);
    expect(badSetting.err).not.toContain('no channel');
    const fromEnv = await cli(digestCli, ['--dry-run'], { DIGEST_CHANNELS: 'C0ONE, C0TWO' });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.out).toMatch(/── C0ONE ──[\s\S]*── C0TWO ──/);
  });

  it('`npm run digest` as a process names what is missing', async () => {
    const child = spawn('npm', ['run', '-s', 'digest'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, DOTENV_CONFIG_PATH: path.join(tmp.dir, 'none.env') } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('no channel');
    expect(err).toContain('SLACK_BOT_TOKEN');
  }, 20_000);
});
