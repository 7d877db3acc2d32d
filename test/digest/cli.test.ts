import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  env = { PATH: process.env.PATH ?? '', HOME: tmp.dir, DOTENV_CONFIG_PATH: path.join(tmp.dir, 'none.env'), CORPUS_DIR: path.join(tmp.dir, 'corpus'), DATABASE_PATH: path.join(tmp.dir, 'brief.db'), DIGEST_TZ: 'Europe/London' };
});
afterEach(async () => {
  await slack.close();
  tmp.remove();
});

function run(script: string, args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/cli', script), ...args], { cwd: tmp.dir, env: { ...env, ...extra } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run ingest and npm run digest', () => {
  it('ingests a feed file, previews with --dry-run, posts today’s digest once, and names what is missing', async () => {
    const first = await run('ingest.ts', [path.join(FEED_FIXTURES, 'science.atom'), path.join(FEED_FIXTURES, 'broken.xml')]);
    expect(first.code).toBe(1); // one source was broken …
    expect(first.out).toContain('science.atom: 2 new of 2 items'); // … the other went in
    expect(first.err).toContain('FEED_INVALID');

    const [json, missing] = await Promise.all([run('digest.ts', ['--dry-run', '--json', '--channel', 'C0NEWS']), run('digest.ts', [])]);
    const messages = JSON.parse(json.out) as { headline: { text: string; blocks: unknown[] }; thread?: { text: string; blocks: unknown[] } };
    expect(JSON.stringify(messages)).toContain('Deep-sea survey finds forty unknown species');
    expect(messageProblems(messages.headline)).toEqual([]);
    expect(messageProblems(messages.thread!)).toEqual([]);
    expect(slack.messages).toHaveLength(0);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no channel');
    expect(missing.err).toContain('SLACK_BOT_TOKEN');

    const post = { SLACK_BOT_TOKEN: 'xoxb-cli-test', SLACK_API_URL: slack.url };
    expect((await run('digest.ts', ['--channel', 'C0NEWS'], post)).out).toContain('C0NEWS: posted');
    expect((await run('digest.ts', ['--channel', 'C0NEWS'], post)).out).toContain('C0NEWS: already done today');
    expect(slack.messages.filter((m) => m.thread_ts === undefined)).toHaveLength(1);
    for (const m of slack.messages) expect(messageProblems(m)).toEqual([]);
  }, 30_000);
});
