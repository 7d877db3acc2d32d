import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFiles } from './layers.js';

/** One name a module exports, and whether it is a type (erased) or a value. */
export interface Exported {
  file: string;
  name: string;
  kind: 'value' | 'type';
}

/** The source without comments; strings are kept so import specifiers survive. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;{}])\/\/.*$/gm, '$1');
}

const DECLARATION = /^export\s+(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(function\*?|const|let|var|class|type|interface|enum)\s+(\w+)/gm;

/** The names `text` (a module) declares with `export`, and those listed in `export { … }` without `from`. */
export function exportsOf(file: string, text: string): Exported[] {
  const body = code(text);
  const found: Exported[] = [];
  for (const m of body.matchAll(DECLARATION)) found.push({ file, name: m[2]!, kind: m[1] === 'type' || m[1] === 'interface' ? 'type' : 'value' });
  for (const m of body.matchAll(/\bexport\s+(type\s+)?\{([^}]*)\}\s*(from\s*['"]([^'"]+)['"])?/gm)) {
    for (const item of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const typeOnly = Boolean(m[1]) || item.startsWith('type ');
      const name = item.replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim();
      found.push({ file, name, kind: typeOnly ? 'type' : 'value' });
    }
  }
  return found;
}

/** Each `(module, name)` pair `file` takes from another module: named imports, re-exports and `ns.name` uses of `import * as ns`. */
export function usesOf(file: string, text: string): { target: string; name: string }[] {
  const body = code(text);
  const resolve = (spec: string) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
  const uses: { target: string; name: string }[] = [];
  for (const m of body.matchAll(/\b(?:import|export)\s+(?:type\s+)?(?:\w+\s*,\s*)?\{([^}]*)\}\s*from\s*['"](\.[^'"]+)['"]/g)) {
    const target = resolve(m[2]!);
    for (const item of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) uses.push({ target, name: item.replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim() });
  }
  for (const m of body.matchAll(/\bimport\s+(?:type\s+)?\*\s+as\s+(\w+)\s+from\s*['"](\.[^'"]+)['"]/g)) {
    const target = resolve(m[2]!);
    for (const u of body.matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)`, 'g'))) uses.push({ target, name: u[1]! });
  }
  return uses;
}

/**
 * The exports of `src/` that no file under the `users` folders imports (paths relative to `root`);
 * tests are not users. A file run as a thread or a process (`entries`) is not expected to export anything used.
 */
export function unusedExports(root: string, users: string[]): Exported[] {
  const used = new Set<string>();
  for (const dir of users) {
    for (const rel of sourceFiles(path.join(root, dir))) {
      const file = path.posix.join(dir, rel);
      for (const u of usesOf(file, readFileSync(path.join(root, file), 'utf8'))) used.add(`${u.target}#${u.name}`);
    }
  }
  return sourceFiles(path.join(root, 'src'))
    .flatMap((rel) => exportsOf(`src/${rel}`, readFileSync(path.join(root, 'src', rel), 'utf8')))
    .filter((e) => !used.has(`${e.file}#${e.name}`));
}
