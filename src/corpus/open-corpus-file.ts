import { constants } from 'node:fs';
import { lstat, open, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Why an entry of the corpus folder is not read. */
export class SkippedEntry extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkippedEntry';
  }
}

/**
 * What an entry of the corpus folder is, judged without opening it: `file` (a regular file, or a
 * link to one that stays inside the corpus), `folder` (a real folder, never a link), or the reason
 * it is skipped. Links to folders are never followed, so no link can make a loop.
 *
 * @example await classifyEntry(corpusDir, 'taliban-collecting-revenue.md') // => 'file'
 * await classifyEntry(dir, 'corpus') // => 'folder'
 */
export async function classifyEntry(root: string, rel: string): Promise<'file' | 'folder' | string> {
  const full = path.join(root, rel);
  const own = await lstat(full);
  if (own.isDirectory()) return 'folder';
  if (own.isFile()) return 'file';
  if (!own.isSymbolicLink()) return `not a regular file (${kindOf(own)})`;
  let target;
  try {
    target = await stat(full);
  } catch {
    return 'a broken or looping link';
  }
  if (target.isDirectory()) return 'a link to a folder (links to folders are not followed)';
  if (!target.isFile()) return `a link to something that is not a regular file (${kindOf(target)})`;
  const [base, real] = await Promise.all([realpath(root), realpath(full)]);
  const inside = path.relative(base, real);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return 'a link to a file outside the corpus folder (not followed)';
  return 'file';
}

function kindOf(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a special file';
}

/**
 * Opens a corpus file for reading only if it is a regular file (or an allowed link to one), and
 * never blocks: the type is checked before opening, the open is non-blocking, and the opened
 * descriptor is checked again (the entry may have been swapped in between). Throws
 * {@link SkippedEntry} for anything else, or when the file is over `maxBytes`.
 *
 * @example const { handle, size } = await openCorpusFile(corpusDir, 'taliban-collecting-revenue.md', 5 * 1024 * 1024);
 * const head = await readBounded(handle, size).finally(() => handle.close());
 * head.subarray(0, 3).toString() // => '---'
 */
export async function openCorpusFile(root: string, rel: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  const kind = await classifyEntry(root, rel);
  if (kind === 'folder') throw new SkippedEntry('a folder, not a file');
  if (kind !== 'file') throw new SkippedEntry(kind);
  return openRegularFile(path.join(root, rel), maxBytes);
}

/**
 * Reads a whole file named by the operator (a feed file, the index snapshot) without ever blocking:
 * a FIFO, socket, device or folder is a {@link SkippedEntry}, and so is a file over `maxBytes`.
 *
 * @example const xml = (await readRegularFile(`${fixtureDir}/feeds/world.rss`, 10_000_000)).toString('utf8');
 * xml.includes('<rss') // => true
 * await readRegularFile(`${fixtureDir}/feeds/world.rss`, 10).catch((err) => err instanceof SkippedEntry) // => true
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  const target = await stat(file);
  if (!target.isFile()) throw new SkippedEntry(`not a regular file (${kindOf(target)})`);
  const { handle } = await openRegularFile(file, maxBytes);
  try {
    return await readBounded(handle, maxBytes);
  } finally {
    await handle.close();
  }
}

async function openRegularFile(file: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new SkippedEntry(`not a regular file (${kindOf(st)})`);
    if (st.size > maxBytes) throw new SkippedEntry(`larger than ${formatMb(maxBytes)} (${formatMb(st.size, 1)})`);
    return { handle, size: st.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * Reads at most `maxBytes` from an open file; more than that is a {@link SkippedEntry} (the file
 * grew after it was checked).
 *
 * @example const { handle } = await openCorpusFile(corpusDir, 'taliban-collecting-revenue.md', 5 * 1024 * 1024);
 * const tooBig = await readBounded(handle, 10).catch((err) => err).finally(() => handle.close());
 * tooBig instanceof SkippedEntry // => true
 */
export async function readBounded(handle: FileHandle, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) throw new SkippedEntry(`larger than ${formatMb(maxBytes)}`);
    chunks.push(buffer.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}

/**
 * The lines of an open file as bytes, read in chunks: a line longer than `maxLine` bytes is given
 * as `undefined` (and not held in memory), so one huge line costs one skipped entry, not the file.
 *
 * @example const { handle } = await openCorpusFile(corpusDir, 'taliban-collecting-revenue.md', 5 * 1024 * 1024);
 * const first: string[] = [];
 * try { for await (const line of lines(handle, 5 * 1024 * 1024)) if (line !== undefined && first.length < 1) first.push(line.toString()); } finally { await handle.close(); }
 * first // => ['---']
 */
export async function* lines(handle: FileHandle, maxLine: number): AsyncGenerator<Buffer | undefined> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) break;
    let start = 0;
    for (let nl = buffer.indexOf(10, 0); nl !== -1 && nl < bytesRead; nl = buffer.indexOf(10, start)) {
      const piece = buffer.subarray(start, nl);
      yield tooLong || length + piece.length > maxLine ? undefined : Buffer.concat([...parts, piece]);
      parts = [];
      length = 0;
      tooLong = false;
      start = nl + 1;
    }
    const rest = buffer.subarray(start, bytesRead);
    length += rest.length;
    if (length > maxLine) {
      tooLong = true;
      parts = [];
    } else if (!tooLong) parts.push(Buffer.from(rest));
  }
  if (tooLong) yield undefined;
  else if (length > 0) yield Buffer.concat(parts);
}

function formatMb(bytes: number, digits = 0): string {
  return `${(bytes / 1048576).toFixed(digits)} MB`;
}
