/**
 * npm start's last-resort policy (issue 9 item 3), in a real child process: an uncaught exception or
 * an unhandled rejection is logged as fatal, redacted, and the process exits 70 even though a timer
 * would keep it alive.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/paths.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'brief-last-resort-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const script = path.join(scratch, 'crash.ts');
writeFileSync(
  script,
  `import { createLogger } from ${JSON.stringify(path.join(ROOT, 'src/log/logger.ts'))};
import { installLastResort } from ${JSON.stringify(path.join(ROOT, 'src/log/last-resort.ts'))};
installLastResort(process, createLogger({ level: 'info', pretty: false }));
setInterval(() => undefined, 1000);
if (process.argv[2] === 'reject') void Promise.reject(new Error('lost with xoxb-1-2-leakedtoken'));
else setTimeout(() => { throw new Error('thrown with xapp-1-A-leakedtoken'); }, 10);
`,
);

function run(mode: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [script, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('the last-resort policy', () => {
  it.each([
    ['reject', 'unhandledRejection'],
    ['throw', 'uncaughtException'],
  ])('on %s: logs one redacted fatal line and exits 70', async (mode, kind) => {
    const { code, out } = await run(mode);
    expect(code).toBe(70);
    expect(out).not.toMatch(/leakedtoken/);
    const fatal = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 60);
    expect(fatal).toMatchObject({ kind, msg: expect.stringMatching(/exiting so a supervisor can restart/) });
  }, 30_000);
});
