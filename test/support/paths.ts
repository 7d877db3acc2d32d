import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** `../shared` beside the repository, as in CI. */
export const SHARED = path.resolve(ROOT, '../shared');
/** The default corpus. */
export const CORPUS = path.join(ROOT, 'corpus');
