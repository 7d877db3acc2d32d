import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';

/** A message the double holds, as chat.postMessage received it. */
export interface PostedMessage {
  ts: string;
  channel: string;
  text?: string;
  blocks?: { type: string; block_id?: string }[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

/** Picks a call: its method and body as the double received them. */
export type CallMatch = (method: string, body: Record<string, unknown>) => boolean;

/** A scripted answer for the next call of a method. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Store the message anyway (Slack took it, then the answer was lost). */
  keep?: boolean;
  /** Only for a call this picks (default: the next call of the method). */
  when?: CallMatch;
}

/**
 * A loopback Slack Web API for digest and alert tests (node:http on 127.0.0.1, port 0): chat.postMessage,
 * conversations.history and conversations.replies over a per-channel message list, scripted
 * failures, unknown channels, and held calls (a step where a test kills its client).
 * Talk to it with the real `@slack/web-api` WebClient (`slackApiUrl` = `url`).
 */
export class DigestSlackDouble {
  readonly calls: { method: string; body: Record<string, unknown> }[] = [];
  readonly messages: PostedMessage[] = [];
  /** Channels that answer `channel_not_found`. */
  readonly missingChannels = new Set<string>();
  private readonly scripts = new Map<string, ScriptedReply[]>();
  private holds: { match: CallMatch; keep: boolean; held: () => void }[] = [];
  private server: Server | undefined;
  private seq = 0;
  url = '';
  /** The double's idea of now, for message timestamps (tests on a fake clock set it). */
  now: () => Date = () => new Date();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, headers, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api/`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections(); // held calls included
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * Holds the next call that `match` picks: it is never answered (its client waits until it gives
   * up or dies). With `keep`, a chat.postMessage is stored first, as when Slack took a post and its
   * answer was lost. Resolves once the call is held.
   */
  hold(match: CallMatch, options: { keep: boolean }): Promise<void> {
    return new Promise((held) => this.holds.push({ match, keep: options.keep, held }));
  }

  /** The next calls of `method` get these answers, in order. */
  script(method: string, ...replies: ScriptedReply[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...replies]);
  }

  /** How many times `method` was called. */
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** A WebClient for this double that leaves retrying to the caller. */
  client(): WebClient {
    return new WebClient('xoxb-test', { slackApiUrl: this.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: quietLogger() });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const body = await readBody(req);
    this.calls.push({ method, body });
    const hold = this.holds.find((h) => h.match(method, body));
    if (hold) {
      this.holds = this.holds.filter((h) => h !== hold);
      if (hold.keep && method === 'chat.postMessage') this.store(body);
      hold.held();
      return new Promise(() => undefined);
    }
    const queue = this.scripts.get(method) ?? [];
    const scripted = queue.find((r) => r.when === undefined || r.when(method, body));
    if (scripted) {
      queue.splice(queue.indexOf(scripted), 1);
      if (scripted.keep && method === 'chat.postMessage') this.store(body);
      return { status: scripted.status ?? 200, ...(scripted.headers ? { headers: scripted.headers } : {}), body: scripted.body };
    }
    const channel = String(body.channel ?? '');
    if (this.missingChannels.has(channel)) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
    switch (method) {
      case 'chat.postMessage': {
        const message = this.store(body);
        return { status: 200, body: { ok: true, channel, ts: message.ts, message } };
      }
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const messages = this.messages.filter((m) => m.channel === channel && m.thread_ts === undefined && Number(m.ts) >= oldest).reverse();
        return { status: 200, body: { ok: true, messages: messages.map(asRead(body)), has_more: false } };
      }
      case 'conversations.replies': {
        const ts = String(body.ts ?? '');
        const thread = this.messages.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
        if (!thread.some((m) => m.ts === ts)) return { status: 200, body: { ok: false, error: 'thread_not_found' } };
        return { status: 200, body: { ok: true, messages: thread.map(asRead(body)), has_more: false } };
      }
      case 'auth.test':
        return { status: 200, body: { ok: true, user_id: 'UBRIEF', bot_id: 'BBRIEF' } };
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  }

  private store(body: Record<string, unknown>): PostedMessage {
    this.seq += 1;
    const message = { ...(body as unknown as PostedMessage), ts: `${Math.floor(this.now().getTime() / 1000)}.${String(this.seq).padStart(6, '0')}` };
    delete (message as { token?: unknown }).token;
    this.messages.push(message);
    return message;
  }
}

/** A stored message as a read method returns it: metadata only when `include_all_metadata` asks for it. */
function asRead(request: Record<string, unknown>) {
  const withMetadata = request.include_all_metadata === true || request.include_all_metadata === 'true';
  return ({ metadata, ...m }: PostedMessage) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) });
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function quietLogger() {
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => 'error' as never, setName: noop };
}
