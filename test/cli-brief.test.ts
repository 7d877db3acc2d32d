import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefCli } from '../src/cli/brief.js';
import { messageProblems } from './support/block-kit.js';
import { CORPUS } from './support/paths.js';

/** Runs `npm run brief -- …` in-process over the seed corpus (unless `--corpus` says otherwise). */
async function brief(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await briefCli(args, { CORPUS_DIR: CORPUS }, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe('npm run brief', () => {
  it('prints a readable brief with the USIP article first and its URL', async () => {
    const { code, stdout } = await brief('taliban', 'revenue');
    expect(code).toBe(0);
    const first = stdout.split('\n').findIndex((l) => l.startsWith('[1] '));
    expect(stdout.split('\n')[first]).toBe('[1] Taliban Are Collecting Revenue — But How Are They Spending It?');
    expect(stdout).toContain('https://www.usip.org/publications/2022/02/taliban-are-collecting-revenue-how-are-they-spending-it');
    expect(stdout).toMatch(/\[1\]\n/);
  });

  it('prints the Slack payload with --json', async () => {
    const { code, stdout } = await brief('--json', 'xi', 'putin');
    expect(code).toBe(0);
    const message = JSON.parse(stdout) as { text: string; blocks: unknown[] };
    expect(messageProblems(message)).toEqual([]);
    expect(stdout).toContain('Chinese state-affiliated media');
  });

  it('keeps the index in a snapshot file with --snapshot, and answers the same from it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'brief-snap-'));
    try {
      const file = path.join(dir, 'index.bin');
      const first = await brief('--snapshot', file, 'xi', 'putin');
      expect((await stat(file)).size).toBeGreaterThan(0);
      const second = await brief('--snapshot', file, 'xi', 'putin');
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(first.stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when nothing matches', async () => {
    const { code, stdout } = await brief('qqqzzz');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Nothing in the corpus matches "qqqzzz"\./);
  });

  it('fails clearly on a bad corpus folder or bad arguments', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'brief-empty-'));
    try {
      const missing = await brief('--corpus', path.join(empty, 'nope'), 'china');
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/does not exist/);
      const none = await brief('--corpus', empty, 'china');
      expect(none.code).not.toBe(0);
      expect(none.stderr).toMatch(/holds no articles/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    const limit = await brief('--limit', 'lots', 'china');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/--limit must be a whole number/);
    const unknown = await brief('--colour', 'china');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Usage/);
  });
});
