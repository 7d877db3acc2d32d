import { transformSync } from 'esbuild';

/** One `@example` of a TSDoc comment. */
export interface Example {
  /** The file, relative to `src/`. */
  file: string;
  /** 1-based line of the `@example` tag. */
  line: number;
  /** The example's code, comment stars removed. */
  code: string;
}

/** Every `@example` in a source file: the text after the tag up to the next tag or the comment's end. */
export function examplesIn(file: string, text: string): Example[] {
  const found: Example[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const lines = comment[0].split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
    const startLine = text.slice(0, comment.index).split('\n').length;
    for (let i = 0; i < lines.length; i++) {
      const m = /^@example\b\s?(.*)$/.exec(lines[i]!);
      if (!m) continue;
      const body = [m[1]!];
      for (let j = i + 1; j < lines.length && !/^@\w/.test(lines[j]!); j++) body.push(lines[j]!);
      found.push({ file, line: startLine + i, code: body.join('\n').trim() });
    }
  }
  return found;
}

/**
 * The example as the body of an async function. The convention: a line `expression // => value`
 * asserts that the expression deep-equals the value (a JavaScript literal); every other comment
 * is prose. The code is TypeScript (types are removed by esbuild).
 */
export function compileExample(code: string): string {
  const lines = code.split('\n').map((line) => {
    const m = /^(.*?);?\s*\/\/ => (.*)$/.exec(line);
    return m ? `__expectEqual(await (${m[1]}), (${m[2]}), ${JSON.stringify(line.trim())});` : line;
  });
  return transformSync(`(async () => {\n${lines.join('\n')}\n})`, { loader: 'ts', format: 'esm' }).code;
}

/** How many `// =>` assertions an example holds. */
export function assertionCount(code: string): number {
  return code.split('\n').filter((l) => /\/\/ => /.test(l)).length;
}
