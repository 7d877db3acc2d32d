/**
 * README's folder map ("Where things live") matches the tree: every folder and top-level file of
 * `src/` is in it, and every `src/` entry it names exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/paths.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('## Where things live');
const block = readme.slice(readme.indexOf('```', start) + 3, readme.indexOf('\n```', readme.indexOf('```', start) + 3));
/** The map's `src/` part: from `src/` up to the first entry of the repository's top level (`test/`). */
const srcPart = block.slice(block.indexOf('src/'), block.indexOf('\ntest/'));

describe("README's folder map", () => {
  it('names every folder and top-level file of src/', () => {
    const entries = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    expect(entries.filter((e) => !new RegExp(`(^|\\s)${e.replace('.', '\\.')}(\\s|$)`, 'm').test(srcPart))).toEqual([]);
  });

  it('names only src/ folders that exist', () => {
    const named = [...srcPart.matchAll(/^ {2}([\w-]+)\/\s/gm)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    const folders = new Set(readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name));
    expect(named.filter((n) => !folders.has(n))).toEqual([]);
  });

  it('names every top-level folder of test/', () => {
    const testPart = block.slice(block.indexOf('\ntest/'), block.indexOf('\ncorpus/'));
    const folders = readdirSync(path.join(ROOT, 'test'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'fixtures').map((e) => `${e.name}/`);
    expect(folders.filter((f) => !testPart.includes(f))).toEqual([]);
  });
});
