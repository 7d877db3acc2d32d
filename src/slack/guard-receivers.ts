import { HTTPModuleFunctions, isRawBodyError, isValidSlackRequest, type HTTPReceiver, type Logger as BoltLogger, type SocketModeReceiver } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';

/** Slack's rule: a request's timestamp may differ from the clock by five minutes at most, either way. */
const REQUEST_WINDOW_SECONDS = 5 * 60;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why a signed request must go no further into Bolt, or undefined when it may: a timestamp more than
 * five minutes ahead (Bolt checks only stale ones), or a body that is not a JSON object (`null`, `[]`,
 * a number), on which Bolt's receiver would throw outside any handler and end the process.
 */
function refusal(request: { timestamp: string | undefined; body: unknown }, now: Date): { status: number; reason: string } | undefined {
  const ts = Number(request.timestamp);
  if (request.timestamp !== undefined && Number.isFinite(ts) && ts > Math.floor(now.getTime() / 1000) + REQUEST_WINDOW_SECONDS) {
    return { status: 401, reason: 'request timestamp is more than 5 minutes in the future' };
  }
  if (!isObject(request.body)) return { status: 400, reason: 'request body is not a JSON object' };
  if (request.body.type === 'event_callback' && !(isObject(request.body.event) && typeof request.body.event.type === 'string')) {
    return { status: 400, reason: 'event_callback body without an event' };
  }
  return undefined;
}

/**
 * Puts a check in front of Bolt's `HTTPReceiver` for its events path: the body is read (within
 * Bolt's size limit, else 413), and a request {@link refusal} names is answered 401/400 with a log
 * line. A request whose signature does not verify goes on to Bolt, which refuses it as before.
 *
 * @example const signingSecret = config.slack.signingSecret;
 * const receiver = guardHttpReceiver(new HTTPReceiver({ signingSecret, endpoints: '/slack/events' }), { path: '/slack/events', signingSecret, clock: systemClock, logger: boltLogger(log) });
 * const bolt = new App({ token: config.slack.botToken, receiver, clientOptions: { slackApiUrl: slack.apiUrl } });
 * const url = `http://127.0.0.1:${(await bolt.start(0)).address().port}/slack/events`;
 * (await postSigned(url, '[1, 2]', { secret: signingSecret, contentType: 'application/json' })).status // => 400
 * (await postSigned(url, '{}', { secret: signingSecret, timestamp: Math.floor(Date.now() / 1000) + 3600 })).status // => 401
 * await bolt.stop();
 */
export function guardHttpReceiver(receiver: HTTPReceiver, options: { path: string; signingSecret: string; clock: Clock; logger: BoltLogger }): HTTPReceiver {
  const inner = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== options.path || req.method?.toUpperCase() !== 'POST') return inner(req, res);
    void check(req, options).then(
      (refused) => {
        if (refused === undefined) return inner(req, res);
        options.logger.warn(`Slack request refused (${refused.status}): ${refused.reason}`);
        res.writeHead(refused.status).end();
      },
      (err: unknown) => {
        const tooLarge = isRawBodyError(err) && (err.type === 'entity.too.large' || err.statusCode === 413);
        options.logger.warn(`Slack request refused: ${tooLarge ? 'body over the size limit' : 'body could not be read'}`);
        res.writeHead(tooLarge ? 413 : 400).end();
      },
    )
      .catch((err: unknown) => options.logger.error('Slack request failed in the receiver', err));
  };
  return receiver;
}

async function check(req: IncomingMessage, options: { signingSecret: string; clock: Clock }) {
  const buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
  const timestamp = typeof req.headers['x-slack-request-timestamp'] === 'string' ? req.headers['x-slack-request-timestamp'] : undefined;
  const signatureHeader = req.headers['x-slack-signature'];
  const signed =
    typeof signatureHeader === 'string' &&
    isValidSlackRequest({ signingSecret: options.signingSecret, body: buffered.rawBody.toString(), headers: { 'x-slack-signature': signatureHeader, 'x-slack-request-timestamp': Number(timestamp) } });
  if (!signed) return refusal({ timestamp, body: {} }, options.clock.now()); // Bolt refuses the rest
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return undefined; // Bolt answers a malformed body with 400
  }
  return refusal({ timestamp, body }, options.clock.now());
}

/**
 * Why a Socket Mode frame must not reach the Socket Mode client, or undefined when it may: not a JSON
 * object, or an envelope whose payload (for `events_api`, whose `event` with a string `type`) is
 * missing. The client would otherwise throw reading it, outside any handler.
 */
function frameProblem(text: string): string | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined; // the client ignores text that is not JSON itself
  }
  if (!isObject(frame)) return 'frame is not a JSON object';
  if (frame.type === 'hello' || frame.type === 'disconnect') return undefined;
  if (typeof frame.type !== 'string') return 'frame without a type';
  if (!isObject(frame.payload)) return `${frame.type} frame without a payload`;
  if (frame.type === 'events_api' && !(isObject(frame.payload.event) && typeof frame.payload.event.type === 'string')) return 'events_api frame without an event';
  return undefined;
}

/**
 * Puts {@link frameProblem} in front of the Socket Mode client's message handler: a frame it names is
 * logged and ignored; anything the handler still throws is logged instead of ending the process.
 *
 * @example const receiver = guardSocketModeReceiver(new SocketModeReceiver({ appToken, installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } } }), boltLogger(log));
 * const bolt = new App({ token: config.slack.botToken, receiver, clientOptions: { slackApiUrl: slack.apiUrl } });
 * await bolt.start();
 * slack.sendEnvelope('events_api', { type: 'event_callback' }); // no event inside
 * await until(() => logs.some((l) => /events_api frame without an event/.test(String(l.msg))));
 * slack.acks // => []
 * await bolt.stop();
 */
export function guardSocketModeReceiver(receiver: SocketModeReceiver, logger: BoltLogger): SocketModeReceiver {
  const client = receiver.client as unknown as { onWebSocketMessage(data: unknown, isBinary: boolean): Promise<void> } & typeof receiver.client;
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: string | ArrayBuffer, isBinary: boolean) => {
    const text = isBinary ? undefined : typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
    const problem = text === undefined ? undefined : frameProblem(text);
    if (problem !== undefined) {
      logger.warn(`Socket Mode frame ignored: ${problem}`);
      return;
    }
    client.onWebSocketMessage(data, isBinary).catch((err: unknown) => logger.error('Socket Mode frame failed', err));
  });
  return receiver;
}
