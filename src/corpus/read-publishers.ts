import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { CorpusProblem } from '../articles/article.js';
import { NO_PUBLISHERS, parsePublishers, type PublisherRegistry } from '../articles/publishers.js';

/** The registry file is small; a larger one is refused rather than read. */
const MAX_REGISTRY_BYTES = 1024 * 1024;

/** A loaded registry: its entries, a fingerprint of its text, and the entries that were skipped. */
export interface LoadedPublishers {
  registry: PublisherRegistry;
  fingerprint: string;
  problems: CorpusProblem[];
}

/**
 * Reads the publisher registry (`SOURCES_FILE`, default `sources.yml`). A missing, oversized or
 * non-regular file gives an empty registry and one problem; bad entries are skipped and reported.
 * Never throws.
 *
 * @example const { registry, problems } = await readPublishers(`${dir}/no-sources.yml`);
 * [registry.size, problems.length] // => [0, 1]
 */
export async function readPublishers(file: string): Promise<LoadedPublishers> {
  const none = (reason: string): LoadedPublishers => ({ registry: NO_PUBLISHERS, fingerprint: 'none', problems: [{ file, reason }] });
  try {
    const info = await stat(file);
    if (!info.isFile()) return none('not a regular file');
    if (info.size > MAX_REGISTRY_BYTES) return none(`larger than ${MAX_REGISTRY_BYTES} bytes`);
    const text = await readFile(file, 'utf8');
    const { registry, problems } = parsePublishers(text, file);
    return { registry, fingerprint: createHash('sha256').update(text).digest('hex').slice(0, 16), problems };
  } catch (err) {
    return none((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file: publishers are not labelled (set SOURCES_FILE)' : `could not be read: ${(err as Error).message}`);
  }
}
