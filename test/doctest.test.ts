/**
 * Runs every `@example` in `src/` (the convention is in test/support/doctest.ts and README's Tests
 * section): each is the body of an async function that sees its own module's exports and fixtures,
 * and each `// =>` line is asserted. A core example sees the fixtures of doctest-scope.ts; a shell
 * example also sees those of doctest-shell-scope.ts (a temp corpus, SQLite and PostgreSQL stores, a
 * fake clock, a captured logger, a loopback Slack), fresh or shared as that file says.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertionCount, compileExample, examplesIn } from './support/doctest.js';
import { doctestScope } from './support/doctest-scope.js';
import { shellScope, type ShellScope } from './support/doctest-shell-scope.js';
import { isCore, sourceFiles } from './support/layers.js';

const SRC = path.resolve('src');
const examples = sourceFiles(SRC).flatMap((file) => examplesIn(file, readFileSync(path.join(SRC, file), 'utf8')));

let fixtures: Record<string, unknown>;
let shell: ShellScope | undefined;
beforeAll(async () => {
  fixtures = await doctestScope();
});
afterEach(async () => {
  await shell?.afterExample();
});
afterAll(async () => {
  await shell?.close();
});

function expectEqual(actual: unknown, expected: unknown, line: string): void {
  expect(actual, line).toEqual(expected);
}

describe('every @example in src/', () => {
  it('finds them, and every example, core or shell, asserts its result', () => {
    expect(examples.length).toBeGreaterThan(300);
    expect(examples.filter((e) => assertionCount(e.code) === 0).map((e) => `${e.file}:${e.line}`)).toEqual([]);
  });

  it.each(examples.map((e) => [`${e.file}:${e.line}`, e] as const))('%s', async (_name, example) => {
    const compiled = compileExample(example.code);
    const exports = (await import(path.join(SRC, example.file))) as Record<string, unknown>;
    let own: Record<string, unknown> = {};
    if (!isCore(example.file)) {
      shell ??= await shellScope();
      own = await shell.forExample(example.code);
    }
    const scope: Record<string, unknown> = { ...fixtures, ...own, ...exports, __expectEqual: expectEqual };
    const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
    const run = new Function(...names, `return ${compiled}`)(...names.map((n) => scope[n])) as () => Promise<void>;
    await run();
  });
});
