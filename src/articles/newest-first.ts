import type { Article } from './article.js';

/**
 * Orders articles newest first by the instant they were published (so `2022-02-04T01:00+08:00` comes
 * before `2022-02-04`), undated ones last, ties by id: a stable, total order.
 *
 * @example [{ id: 'old', published: '2022-01-01' }, { id: 'new', published: '2022-02-01T09:00:00+05:00' }].sort(newestFirst).map((a) => a.id) // => ['new', 'old']
 */
export function newestFirst(a: Article, b: Article): number {
  const ta = a.published === undefined ? -Infinity : Date.parse(a.published);
  const tb = b.published === undefined ? -Infinity : Date.parse(b.published);
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
