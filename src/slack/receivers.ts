import { HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { ServerResponse } from 'node:http';
import type { Config } from '../config/read-config.js';
import type { Clock } from '../clock.js';
import { guardHttpReceiver, guardSocketModeReceiver } from './guard-receivers.js';

/** Where HTTP mode takes events, commands and interactivity. */
const EVENTS_PATH = '/slack/events';
const HEALTH_PATH = '/healthz';

export interface ReceiverOptions {
  logger: BoltLogger;
  /** Web API options for Socket Mode's own client (`apps.connections.open`): the same base URL as the app's. */
  clientOptions: Omit<WebClientOptions, 'logger' | 'logLevel'>;
  /** What `GET /healthz` reports. */
  health: () => Record<string, unknown>;
  /** Socket Mode: how long to wait for a pong, and the unit of its reconnect back-off (default 5000 ms). */
  socketPingTimeoutMs?: number;
  /** The clock request timestamps are checked against. */
  clock: Clock;
}

/**
 * Bolt's receiver for the configured mode: `SocketModeReceiver` (a WebSocket Brief opens, no public
 * URL), or `HTTPReceiver` on {@link EVENTS_PATH} with Slack's signature check and `GET /healthz`.
 * Each is guarded (src/slack/guard-receivers.ts): no request or frame can throw inside it, and a
 * request dated more than 5 minutes ahead is refused like a stale one.
 *
 * @example const receiver = createReceiver(config, { logger: boltLogger(log), clock: systemClock, clientOptions: { slackApiUrl: slack.apiUrl }, health: () => ({ articles: 6 }) });
 * const bolt = new App({ token: config.slack.botToken, receiver, clientOptions: { slackApiUrl: slack.apiUrl } });
 * const server = await bolt.start(0);
 * await (await fetch(`http://127.0.0.1:${server.address().port}/healthz`)).json() // => { ok: true, articles: 6 }
 * await bolt.stop();
 */
export function createReceiver(config: Config, options: ReceiverOptions): Receiver {
  const { slack } = config;
  if (slack.mode === 'socket') {
    const socket = new SocketModeReceiver({
      appToken: slack.appToken ?? '',
      logger: options.logger,
      ...(options.socketPingTimeoutMs === undefined ? {} : { clientPingTimeout: options.socketPingTimeoutMs }),
      // A fresh object: the Socket Mode client writes its own retry policy into the options it gets.
      installerOptions: { clientOptions: { ...options.clientOptions } },
    });
    return guardSocketModeReceiver(socket, options.logger);
  }
  const http = new HTTPReceiver({
    signingSecret: slack.signingSecret ?? '',
    endpoints: EVENTS_PATH,
    logger: options.logger,
    processBeforeResponse: false,
    customRoutes: [{ path: HEALTH_PATH, method: ['GET'], handler: (_req, res) => sendJson(res, 200, { ok: true, ...options.health() }) }],
  });
  return guardHttpReceiver(http, { path: EVENTS_PATH, signingSecret: slack.signingSecret ?? '', clock: options.clock, logger: options.logger });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
