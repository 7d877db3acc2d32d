import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../render/limits.js';

/** `event_type` of the message metadata every digest post carries. */
const DIGEST_EVENT_TYPE = 'brief_digest';

/**
 * The `block_id` of the first block of a digest's part: a second, invisible copy of the run key
 * (and, for a thread reply, the part's number), found again even when metadata is not returned.
 * Part 0 (the channel post) has the plain run key, as every digest posted before threads were marked.
 */
function markerBlockId(runKey: string, part = 0): string {
  return `${DIGEST_EVENT_TYPE}:${runKey}${part === 0 ? '' : `#${part}`}`.slice(0, 255);
}

/**
 * The message metadata of a digest's part: the run key, and the part's number after the first.
 *
 * @example digestMetadata('channel:C1@2026-03-30', 1).event_payload // => { run: 'channel:C1@2026-03-30', part: 1 }
 */
export function digestMetadata(runKey: string, part = 0): { event_type: string; event_payload: { run: string; part?: number } } {
  return { event_type: DIGEST_EVENT_TYPE, event_payload: part === 0 ? { run: runKey } : { run: runKey, part } };
}

/**
 * A digest part's message with its marker as the first block's `block_id`.
 *
 * @example markMessage({ text: 'hi', blocks: [section('hi')] }, 'channel:C1@2026-03-30', 0).blocks[0]!.block_id // => 'brief_digest:channel:C1@2026-03-30'
 */
export function markMessage(message: SlackMessage, runKey: string, part: number): SlackMessage {
  const [first, ...rest] = message.blocks;
  return first === undefined ? message : { ...message, blocks: [{ ...first, block_id: markerBlockId(runKey, part) }, ...rest] };
}

interface FoundMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  blocks?: { block_id?: string }[];
}

/** Where a part would be: part 0 in the channel since `oldest`; a later part in the thread of `threadTs`. */
export interface PartPlace {
  channel: string;
  oldest: Date;
  threadTs?: string;
}

/**
 * Looks for a digest's part where it would have landed — the channel's history since `oldest`
 * (`conversations.history`) for part 0, the thread's replies (`conversations.replies`) for a later
 * part — by its metadata or its marker block. Returns its `ts`, or undefined. Throws if Slack
 * cannot be read (for example without the `channels:history` scope).
 *
 * @example const message = markMessage({ text: 'Digest', blocks: [section('Digest')] }, 'channel:C1@2026-03-30', 0);
 * const posted = await client.chat.postMessage({ channel: 'C1', ...message, metadata: digestMetadata('channel:C1@2026-03-30') });
 * const oldest = new Date(Date.now() - 60_000);
 * await findDigestPart(client, 'channel:C1@2026-03-30', 0, { channel: 'C1', oldest }) // => posted.ts
 * await findDigestPart(client, 'channel:C1@2026-03-30', 1, { channel: 'C1', oldest, threadTs: posted.ts }) // => undefined
 */
export async function findDigestPart(client: WebClient, runKey: string, part: number, place: PartPlace): Promise<string | undefined> {
  if (part > 0 && place.threadTs === undefined) return undefined; // no thread: its replies cannot exist
  const blockId = markerBlockId(runKey, part);
  const isPart = (m: FoundMessage): boolean => {
    const payload = m.metadata?.event_type === DIGEST_EVENT_TYPE ? m.metadata.event_payload : undefined;
    const byMetadata = payload?.run === runKey && (payload.part ?? 0) === part;
    return byMetadata || m.blocks?.some((b) => b.block_id === blockId) === true;
  };
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const common = { channel: place.channel, limit: 200, include_all_metadata: true, ...(cursor === undefined ? {} : { cursor }) };
    const res =
      part === 0
        ? await client.conversations.history({ ...common, oldest: (Math.floor(place.oldest.getTime() / 1000) - 60).toString() })
        : await client.conversations.replies({ ...common, ts: place.threadTs! });
    const found = ((res.messages ?? []) as FoundMessage[]).find((m) => m.ts !== undefined && isPart(m));
    if (found) return found.ts;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || cursor === undefined) break;
  }
  return undefined;
}
