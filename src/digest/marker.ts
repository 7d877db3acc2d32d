import type { WebClient } from '@slack/web-api';

/** `event_type` of the message metadata every digest post carries. */
export const DIGEST_EVENT_TYPE = 'brief_digest';

/**
 * The `block_id` of a digest's first block: a second, invisible copy of the run key, found in the
 * history even when metadata is not returned.
 *
 * @example markerBlockId('channel:C1@2026-03-30') // 'brief_digest:channel:C1@2026-03-30'
 */
export function markerBlockId(runKey: string): string {
  return `${DIGEST_EVENT_TYPE}:${runKey}`.slice(0, 255);
}

/**
 * The message metadata of a digest post.
 *
 * @example digestMetadata('channel:C1@2026-03-30').event_payload.run // 'channel:C1@2026-03-30'
 */
export function digestMetadata(runKey: string): { event_type: string; event_payload: { run: string } } {
  return { event_type: DIGEST_EVENT_TYPE, event_payload: { run: runKey } };
}

interface HistoryMessage {
  ts?: string;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  blocks?: { block_id?: string }[];
}

/**
 * Looks in a channel's recent history (since `oldest`) for the digest post of a run: a message with
 * its metadata or its marker block. Returns its `ts`, or undefined. Throws if the history cannot
 * be read (for example without the `channels:history` scope).
 *
 * @example await findDigestPost(client, 'C1', 'channel:C1@2026-03-30', startedAt) // '1711782000.000100'
 */
export async function findDigestPost(client: WebClient, channel: string, runKey: string, oldest: Date): Promise<string | undefined> {
  const blockId = markerBlockId(runKey);
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const res = await client.conversations.history({
      channel,
      oldest: (Math.floor(oldest.getTime() / 1000) - 60).toString(),
      limit: 200,
      include_all_metadata: true,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const m of (res.messages ?? []) as HistoryMessage[]) {
      const byMetadata = m.metadata?.event_type === DIGEST_EVENT_TYPE && m.metadata.event_payload?.run === runKey;
      const byBlock = m.blocks?.some((b) => b.block_id === blockId) === true;
      if ((byMetadata || byBlock) && m.ts !== undefined) return m.ts;
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || cursor === undefined) break;
  }
  return undefined;
}
