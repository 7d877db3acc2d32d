import type pg from 'pg';
import type { Article } from '../articles/article.js';
import { inTransaction } from '../store/pg-transaction.js';
import { searchRow, termFields } from './search-doc.js';

/** Articles read from the articles table per transaction. */
const BATCH = 2000;

/**
 * Brings the postgres engine's tables (`search_docs`, `search_terms`, `search_state`) up to the
 * articles table: every change past the change number they are current as of, in batches, each
 * batch one transaction that first locks the state row (so replicas that run it at once take turns
 * and no change is counted twice). A replaced or deleted article's old terms are read back from its
 * stored row and taken off the document frequencies. Returns how many changes it applied.
 *
 * @example await pgArticleLog(pool).put([{ article: { ...articleA, id: 'indexed-1' }, origin: 'file:a.md', arrivedAt: now }]);
 * (await syncSearchIndex(pool)) > 0 // => true
 * await syncSearchIndex(pool) // => 0
 */
export async function syncSearchIndex(pool: pg.Pool, batch = BATCH): Promise<number> {
  let applied = 0;
  for (;;) {
    const n = await inTransaction(pool, (client) => applyBatch(client, batch));
    applied += n;
    if (n < batch) return applied;
  }
}

interface StateRow {
  indexed_seq: string;
  documents: string;
  length_totals: string[];
}

async function applyBatch(client: pg.PoolClient, batch: number): Promise<number> {
  const state = (await client.query<StateRow>('SELECT indexed_seq::text, documents::text, length_totals::text[] FROM search_state WHERE id = 1 FOR UPDATE')).rows[0]!;
  const { rows } = await client.query<{ id: string; article: Article; deleted: boolean; seq: string }>(
    'SELECT id, article, deleted, seq::text AS seq FROM articles WHERE articles.seq > $1 ORDER BY articles.seq LIMIT $2',
    [state.indexed_seq, batch],
  );
  if (rows.length === 0) return 0;
  let documents = Number(state.documents);
  const totals = state.length_totals.map(Number);
  // term → [df, df per field ×5]
  const deltas = new Map<string, number[]>();
  const count = (fields: Map<string, boolean[]>, by: 1 | -1) => {
    for (const [term, present] of fields) {
      let d = deltas.get(term);
      if (d === undefined) deltas.set(term, (d = [0, 0, 0, 0, 0, 0]));
      d[0]! += by;
      present.forEach((p, f) => (d[f + 1]! += p ? by : 0));
    }
  };
  const old = await client.query<{ tsv: string; lengths: number[]; lead_end: number }>('DELETE FROM search_docs WHERE id = ANY($1::text[]) RETURNING tsv::text AS tsv, lengths, lead_end', [rows.map((r) => r.id)]);
  for (const row of old.rows) {
    documents--;
    row.lengths.forEach((l, f) => (totals[f]! -= l));
    count(termFields(row.tsv, row.lead_end), -1);
  }
  const fresh = rows.filter((r) => !r.deleted).map((r) => searchRow(r.article));
  for (const { row, fields } of fresh) {
    documents++;
    row.lengths.forEach((l, f) => (totals[f]! += l));
    count(fields, 1);
  }
  if (fresh.length > 0) {
    await client.query(
      `INSERT INTO search_docs (id, published, lang, source_key, tag_keys, lengths, lead_end, tsv)
       SELECT id, published, lang, source_key, tag_keys, lengths, lead_end, tsv
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, published timestamptz, lang text, source_key text, tag_keys text[], lengths integer[], lead_end integer, tsv tsvector)`,
      [JSON.stringify(fresh.map((f) => f.row))],
    );
  }
  const changed = [...deltas].filter(([, d]) => d.some((x) => x !== 0)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (changed.length > 0) {
    const column = (i: number) => changed.map(([, d]) => d[i]!);
    await client.query(
      `INSERT INTO search_terms AS t (term, df, df_title, df_lead, df_body, df_tags, df_source)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[])
       ON CONFLICT (term) DO UPDATE SET df = t.df + excluded.df, df_title = t.df_title + excluded.df_title, df_lead = t.df_lead + excluded.df_lead,
         df_body = t.df_body + excluded.df_body, df_tags = t.df_tags + excluded.df_tags, df_source = t.df_source + excluded.df_source`,
      [changed.map(([term]) => term), ...[0, 1, 2, 3, 4, 5].map(column)],
    );
  }
  await client.query('UPDATE search_state SET indexed_seq = $1, documents = $2, length_totals = $3 WHERE id = 1', [rows.at(-1)!.seq, documents, totals]);
  return rows.length;
}
