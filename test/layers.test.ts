import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCore, coreProblems, importsOf, sourceFiles } from './support/layers.js';

const SRC = path.resolve('src');

describe('the pure core', () => {
  it('imports no shell file, no fs/child_process/worker_threads, and reads neither process.env nor the clock', () => {
    const { problems, coreFiles } = checkCore(SRC);
    expect(coreFiles).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('the check sees each kind of breach, not what a comment says, and reads past a // inside a string', () => {
    const bad = [
      "import { readFile } from 'node:fs/promises';",
      "import { Worker } from 'worker_threads';",
      "import type { Store } from '../store/store.js';",
      "const { spawn } = await import('child_process');",
      'const token = process.env.SLACK_BOT_TOKEN;',
      'const t = Date.now();',
      'const d = new Date( );',
    ].join('\n');
    expect(coreProblems('render/x.ts', bad)).toEqual([
      'render/x.ts imports node:fs/promises',
      'render/x.ts imports worker_threads',
      'render/x.ts imports the shell file store/store.ts',
      'render/x.ts imports child_process',
      'render/x.ts reads process.env',
      'render/x.ts reads the clock (Date.now())',
      'render/x.ts reads the clock (new Date())',
    ]);
    const fine = ['/** @example f(() => new Date()) */', '// process.env is read by the shell', "import { parseQuery } from '../search/query.js';", "import type { Digest } from '../digest/digest.js';", 'const d = new Date(ms);'].join('\n');
    expect(coreProblems('render/y.ts', fine)).toEqual([]);
    expect(coreProblems('render/z.ts', "const url = 'https://example.org'; const t = Date.now();")).toEqual(['render/z.ts reads the clock (Date.now())']);
  });
});

describe('one-way flow', () => {
  it('nothing imports the entry points (main.ts, runtime.ts, cli/) but main.ts itself', () => {
    const wrong: string[] = [];
    for (const file of sourceFiles(SRC)) {
      for (const spec of importsOf(readFileSync(path.join(SRC, file), 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const entry = target === 'main.js' || target === 'runtime.js' || target.startsWith('cli/');
        if (entry && !(file === 'main.ts' && target === 'runtime.js') && !(file.startsWith('cli/') && target.startsWith('cli/'))) wrong.push(`${file} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the search thread reaches only the core and the index loader, never the Slack app, store, feeds or runtime', () => {
    const allowed = /^(errors\.js$|articles|search|summary|brief|digest\/(digest|pick-digest)|corpus\/(load-index|read-corpus)|search-thread)\b/;
    const wrong = sourceFiles(SRC)
      .filter((f) => f.startsWith('search-thread/'))
      .flatMap((file) =>
        importsOf(readFileSync(path.join(SRC, file), 'utf8'))
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
          .filter((target) => !allowed.test(target))
          .map((target) => `${file} imports ${target}`),
      );
    expect(wrong).toEqual([]);
  });
});
