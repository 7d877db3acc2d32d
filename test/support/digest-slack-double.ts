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

/** A scripted answer for the next call of a method. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Store the message anyway (Slack took it, then the answer was lost). */
  keep?: boolean;
}

/**
 * A loopback Slack Web API for digest tests (node:http on 127.0.0.1, port 0): chat.postMessage and
 * conversations.history over a per-channel message list, scripted failures, unknown channels.
 * Talk to it with the real `@slack/web-api` WebClient (`slackApiUrl` = `url`).
 */
export class DigestSlackDouble {
  readonly calls: { method: string; body: Record<string, unknown> }[] = [];
  readonly messages: PostedMessage[] = [];
  /** Channels that answer `channel_not_found`. */
  readonly missingChannels = new Set<string>();
  private readonly scripts = new Map<string, ScriptedReply[]>();
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
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
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
    const scripted = this.scripts.get(method)?.shift();
    if (scripted) {
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
        const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
        const messages = this.messages
          .filter((m) => m.channel === channel && m.thread_ts === undefined && Number(m.ts) >= oldest)
          .reverse()
          .map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        return { status: 200, body: { ok: true, messages, has_more: false } };
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
