/**
 * Runs the `@example`s in `src/` (the convention is in test/support/doctest.ts and README's Tests
 * section): each is the body of an async function that sees its own module's exports and the
 * fixtures of doctest-scope.ts, and each `// =>` line is asserted. Every core example asserts and
 * runs; a shell example runs when it asserts, and is otherwise compiled (a sketch of wiring that
 * would open files, sockets, threads or a Slack connection).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertionCount, compileExample, examplesIn } from './support/doctest.js';
import { doctestScope } from './support/doctest-scope.js';
import { isCore, sourceFiles } from './support/layers.js';

const SRC = path.resolve('src');
const examples = sourceFiles(SRC).flatMap((file) => examplesIn(file, readFileSync(path.join(SRC, file), 'utf8')));

let fixtures: Record<string, unknown>;
beforeAll(async () => {
  fixtures = await doctestScope();
});

function expectEqual(actual: unknown, expected: unknown, line: string): void {
  expect(actual, line).toEqual(expected);
}

describe('every @example in src/', () => {
  it('finds them, and every core example asserts its result', () => {
    expect(examples.length).toBeGreaterThan(100);
    expect(examples.filter((e) => isCore(e.file) && assertionCount(e.code) === 0).map((e) => `${e.file}:${e.line}`)).toEqual([]);
  });

  it.each(examples.map((e) => [`${e.file}:${e.line}`, e] as const))('%s', async (_name, example) => {
    const compiled = compileExample(example.code);
    if (!isCore(example.file) && assertionCount(example.code) === 0) return;
    const exports = (await import(path.join(SRC, example.file))) as Record<string, unknown>;
    const scope: Record<string, unknown> = { ...fixtures, ...exports, __expectEqual: expectEqual };
    const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
    const run = new Function(...names, `return ${compiled}`)(...names.map((n) => scope[n])) as () => Promise<void>;
    await run();
  });
});
