/**
 * Issue 9, item 9: `npm start` names each bad corpus file once (the start-up read logs it; the
 * watcher's start-up reconcile does not report it again), special files included.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT } from '../support/paths.js';
import { SlackDouble } from '../support/slack-double.js';
import { TEST_SECRETS } from '../support/slack-fixtures.js';
import { tempDir } from '../digest/helpers.js';

let double: SlackDouble;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  double = await SlackDouble.start();
  tmp = tempDir('brief-start-report-');
});
afterAll(async () => {
  await double?.close();
  tmp?.remove();
});

describe('npm start with bad corpus files', () => {
  it('names each bad file once in the log', async () => {
    const corpus = path.join(tmp.dir, 'corpus');
    cpSync(CORPUS, corpus, { recursive: true });
    writeFileSync(path.join(corpus, 'bad.md'), 'no front matter');
    execFileSync('mkfifo', [path.join(corpus, 'pipe.md')]);
    writeFileSync(path.join(tmp.dir, '.env'), '');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, DOTENV_CONFIG_PATH: path.join(tmp.dir, '.env'), DATABASE_PATH: path.join(tmp.dir, 'brief.db'), SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: TEST_SECRETS.SLACK_APP_TOKEN, SLACK_API_URL: double.apiUrl, CORPUS_DIR: corpus, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await double.waitFor(() => out.includes('digests, feeds and corpus watcher started'), 'the corpus watcher to start', 20_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.file === 'bad.md')).toHaveLength(1);
    expect(lines.filter((l) => l.file === 'pipe.md')).toHaveLength(1);
    expect(lines.find((l) => l.file === 'pipe.md')).toMatchObject({ reason: 'not a regular file (a FIFO)' });
  }, 40_000);
});
