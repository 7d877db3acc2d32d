import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folders whose every file is pure, and the pure files of `digest/` (the rest of it is shell). */
export const CORE_FOLDERS = ['articles', 'search', 'summary', 'render', 'config', 'brief'];
export const CORE_FILES = ['errors.ts', 'memo.ts', 'digest/digest.ts', 'digest/pick-digest.ts', 'digest/parse-subscribe.ts', 'digest/schedule.ts', 'alerts/spikes.ts', 'alerts/plan-alert.ts', 'alerts/parse-alert.ts', 'alerts/quiet-hours.ts', 'alerts/usage-stats.ts'];

/** Every `.ts` file under `dir`, as paths relative to it with `/` separators. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** True for a file (relative to `src/`) of the pure core. */
export function isCore(file: string): boolean {
  return CORE_FOLDERS.includes(file.split('/')[0]!) || CORE_FILES.includes(file);
}

/** The source without comments (so TSDoc examples may show `new Date()`); strings are kept. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;{}])\/\/.*$/gm, '$1');
}

/** What a module imports: every `from '…'`, `import '…'` and `import('…')` specifier. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of code(text).matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

const FORBIDDEN_MODULES = /^(node:)?(fs|fs\/promises|child_process|worker_threads)$/;
const FORBIDDEN_CODE: [RegExp, string][] = [
  [/\bprocess\.env\b/, 'reads process.env'],
  [/\bDate\.now\s*\(/, 'reads the clock (Date.now())'],
  [/\bnew\s+Date\s*\(\s*\)/, 'reads the clock (new Date())'],
];

/**
 * Why a core file (`file`, relative to `src/`, with its `text`) is not pure: imports of shell files,
 * of node's fs/child_process/worker_threads, and reads of the environment or the clock.
 */
export function coreProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const spec of importsOf(text)) {
    if (FORBIDDEN_MODULES.test(spec)) problems.push(`${file} imports ${spec}`);
    if (!spec.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    if (!isCore(target)) problems.push(`${file} imports the shell file ${target}`);
  }
  const body = code(text);
  for (const [pattern, what] of FORBIDDEN_CODE) if (pattern.test(body)) problems.push(`${file} ${what}`);
  return problems;
}

/** Every problem of every core file under `srcDir`, and how many core files were read. */
export function checkCore(srcDir: string): { problems: string[]; coreFiles: number } {
  const files = sourceFiles(srcDir).filter(isCore);
  return { problems: files.flatMap((f) => coreProblems(f, readFileSync(path.join(srcDir, f), 'utf8'))), coreFiles: files.length };
}
