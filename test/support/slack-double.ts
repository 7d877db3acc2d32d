/**
 * A loopback Slack for the tests: a node:http server answering Web API methods (`/api/<method>`) and
 * `response_url` posts (`/response/<id>`), and a `ws` WebSocket server speaking Socket Mode (`/socket`).
 * It records everything, and checks every message it receives against the Block Kit schema and limits.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { messageProblems } from './block-kit.js';
import { tokenProblems } from './token-guard.js';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** The bearer token the call carried. */
  token?: string;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  /** When it arrived, ms since the epoch (fractional: performance.timeOrigin + performance.now()). */
  at: number;
}

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

type MethodHandler = (args: Record<string, unknown>, call: ApiCall) => Record<string, unknown>;

export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
export const TEAM_ID = 'T0001';

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'prompts']);

export class SlackDouble {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly acks: SocketAck[] = [];
  /** Every problem found in a message the double received, with where it came from. */
  readonly problems: string[] = [];
  /** How many times a Socket Mode client said hello-and-connected. */
  connections = 0;
  /** conversations.replies answers, by `channel:ts`. */
  readonly threads = new Map<string, { text: string; user?: string; ts: string }[]>();
  /** Every message chat.postMessage stored, as Slack keeps them (history and replies read them back). */
  readonly posted: { channel: string; ts: string; thread_ts?: string; text?: unknown; metadata?: unknown }[] = [];
  private readonly overrides = new Map<string, MethodHandler>();
  private readonly delays = new Map<string, number>();
  private readonly responseHolds = new Map<string, { held: () => void; released: Promise<void> }>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private socket: WebSocket | undefined;
  private tsCounter = 0;
  private envelopeCounter = 0;
  private port = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: String(err) }));
        },
      );
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.socket = ws;
      this.connections += 1;
      ws.on('message', (data) => {
        this.problems.push(...tokenProblems('socket ack', String(data)));
        const ack = JSON.parse(String(data)) as SocketAck;
        this.acks.push(ack);
        const payload = ack.payload as { text?: unknown; blocks?: unknown } | undefined;
        if (payload && (payload.text !== undefined || payload.blocks !== undefined)) this.check(`socket ack ${ack.envelope_id}`, payload);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'double', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0001' } }));
    });
  }

  /** Starts a double on a free loopback port. */
  static async start(): Promise<SlackDouble> {
    const double = new SlackDouble();
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    double.port = (double.server.address() as AddressInfo).port;
    return double;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The value for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url the double accepts. */
  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** Answers `method` with `handler` from now on (for errors such as not_in_channel). */
  on(method: string, handler: MethodHandler): void {
    this.overrides.set(method, handler);
  }

  /** Back to the double's own answer for `method`. */
  off(method: string): void {
    this.overrides.delete(method);
    this.delays.delete(method);
  }

  /** Answers `method` only after `ms` (a slow Slack: the work is done at once, the answer is late). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /**
   * Holds the answer to the post to response_url `id` until `release()` (the post is recorded when it
   * arrives): its sender waits, as on a slow Slack. `held` resolves once the post has arrived.
   */
  holdResponse(id: string): { held: Promise<void>; release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = new Promise<void>((resolve) => this.responseHolds.set(id, { held: resolve, released }));
    return { held, release };
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Sends a Socket Mode envelope on the open connection; resolves with its envelope id. */
  sendEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>, retryAttempt = 0): string {
    if (this.socket === undefined || this.socket.readyState !== this.socket.OPEN) throw new Error('no open Socket Mode connection');
    this.envelopeCounter += 1;
    const envelopeId = `env-${this.envelopeCounter}`;
    this.socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: retryAttempt, retry_reason: retryAttempt > 0 ? 'timeout' : '' }));
    return envelopeId;
  }

  /** Sends any text as a Socket Mode frame (malformed ones included). */
  sendRaw(text: string): void {
    if (this.socket === undefined || this.socket.readyState !== this.socket.OPEN) throw new Error('no open Socket Mode connection');
    this.socket.send(text);
  }

  /** Asks the Socket Mode client to reconnect, as Slack does when it recycles a connection. */
  sendDisconnect(reason = 'refresh_requested'): void {
    this.socket?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'double' } }));
  }

  /** True while a Socket Mode client is connected. */
  get socketOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** Polls until `probe` returns a value (not undefined/false), or fails after `timeoutMs`. */
  async waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl);
    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    if (response) {
      this.problems.push(...tokenProblems(`response_url ${response[1]!}`, raw));
      const body = JSON.parse(raw) as Record<string, unknown>;
      this.responses.push({ id: response[1]!, body, at: performance.timeOrigin + performance.now() });
      if (body.delete_original !== true) this.check(`response_url ${response[1]}`, body);
      const hold = this.responseHolds.get(response[1]!);
      if (hold !== undefined) {
        this.responseHolds.delete(response[1]!);
        hold.held();
        await hold.released;
      }
      return { status: 200, body: { ok: true } };
    }
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!api) return { status: 404, body: { ok: false, error: 'unknown_path' } };
    const method = api[1]!;
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' ? auth.replace(/^Bearer\s+/, '') : typeof args.token === 'string' ? args.token : undefined;
    const call: ApiCall = { method, args, ...(token === undefined ? {} : { token }) };
    // Every payload Brief sends is free of tokens; only the call's own credential (header or `token`) carries one.
    const { token: _credential, ...payload } = args;
    this.problems.push(...tokenProblems(method, JSON.stringify(payload)));
    this.calls.push(call);
    if (['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(method)) this.check(method, args);
    if (method === 'views.publish') {
      const view = args.view as { blocks?: unknown[] } | undefined;
      this.check(method, { text: 'App Home', blocks: view?.blocks ?? [] }, 100);
    }
    if (method.startsWith('assistant.threads.')) this.checkAssistant(method, args);
    const override = this.overrides.get(method);
    const body = override ? override(args, call) : this.answer(method, args);
    const delay = this.delays.get(method);
    if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
    return { status: 200, body };
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://double.slack.test/', team: 'Double', user: 'brief', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID, is_enterprise_install: false };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${this.connections + 1}` };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const thread = typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {};
        this.posted.push({ channel: String(args.channel), ts, ...thread, text: args.text, ...(args.metadata === undefined ? {} : { metadata: args.metadata }) });
        return { ok: true, channel: args.channel, ts, message: { text: args.text, bot_id: BOT_ID } };
      }
      case 'conversations.history':
        return { ok: true, messages: this.stored(args, (m) => m.channel === String(args.channel) && m.thread_ts === undefined), has_more: false };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'conversations.replies': {
        const replies = this.stored(args, (m) => m.channel === String(args.channel) && m.thread_ts === String(args.ts));
        return { ok: true, messages: [...(this.threads.get(`${String(args.channel)}:${String(args.ts)}`) ?? []), ...replies], has_more: false };
      }
      case 'views.publish':
        return { ok: true, view: { id: 'V0001', type: 'home' } };
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
        return { ok: true };
      default:
        return { ok: true };
    }
  }

  /** Stored messages matching `keep`, with their metadata only when asked for (`include_all_metadata`). */
  private stored(args: Record<string, unknown>, keep: (m: SlackDouble['posted'][number]) => boolean): Record<string, unknown>[] {
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    return this.posted.filter(keep).map(({ metadata, ...m }) => ({ type: 'message', bot_id: BOT_ID, ...m, ...(withMetadata && metadata !== undefined ? { metadata } : {}) }));
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  /** Slack's rules for the agent pane's methods: a channel and thread, ≤ 4 prompts with a title and a message, a status. */
  private checkAssistant(method: string, args: Record<string, unknown>): void {
    if (typeof args.channel_id !== 'string' || typeof args.thread_ts !== 'string') this.problems.push(`${method}: channel_id and thread_ts are required`);
    if (method === 'assistant.threads.setSuggestedPrompts') {
      const prompts = args.prompts;
      if (!Array.isArray(prompts) || prompts.length === 0 || prompts.length > 4) this.problems.push(`${method}: 1 to 4 prompts, got ${JSON.stringify(prompts)}`);
      else for (const p of prompts as { title?: unknown; message?: unknown }[]) if (typeof p.title !== 'string' || p.title === '' || typeof p.message !== 'string' || p.message === '') this.problems.push(`${method}: a prompt needs a title and a message`);
    }
    if (method === 'assistant.threads.setStatus' && typeof args.status !== 'string') this.problems.push(`${method}: status is required`);
  }

  private check(where: string, message: { text?: unknown; blocks?: unknown }, maxBlocks = 50): void {
    const found = messageProblems(message).filter((p) => maxBlocks === 50 || !/blocks \(max 50\)/.test(p));
    for (const p of found) this.problems.push(`${where}: ${p}`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_FIELDS.has(key) && /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

/** The Events API body Slack wraps an event in (`event_callback`), for this double's team and bot. */
export function eventCallbackBody(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0001',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
  };
}
