import { HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { ServerResponse } from 'node:http';
import type { Config } from '../config/read-config.js';

/** Where HTTP mode takes events, commands and interactivity. */
export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

export interface ReceiverOptions {
  logger: BoltLogger;
  /** Web API options for Socket Mode's own client (`apps.connections.open`): the same base URL as the app's. */
  clientOptions: Omit<WebClientOptions, 'logger' | 'logLevel'>;
  /** What `GET /healthz` reports. */
  health: () => Record<string, unknown>;
  /** Socket Mode: how long to wait for a pong, and the unit of its reconnect back-off (default 5000 ms). */
  socketPingTimeoutMs?: number;
}

/**
 * Bolt's receiver for the configured mode: `SocketModeReceiver` (a WebSocket Brief opens, no public
 * URL), or `HTTPReceiver` on {@link EVENTS_PATH} with Slack's signature check and `GET /healthz`.
 *
 * @example createReceiver(config, { logger, clientOptions: { slackApiUrl }, health: () => ({ ok: true }) })
 */
export function createReceiver(config: Config, options: ReceiverOptions): Receiver {
  const { slack } = config;
  if (slack.mode === 'socket') {
    return new SocketModeReceiver({
      appToken: slack.appToken ?? '',
      logger: options.logger,
      ...(options.socketPingTimeoutMs === undefined ? {} : { clientPingTimeout: options.socketPingTimeoutMs }),
      // A fresh object: the Socket Mode client writes its own retry policy into the options it gets.
      installerOptions: { clientOptions: { ...options.clientOptions } },
    });
  }
  return new HTTPReceiver({
    signingSecret: slack.signingSecret ?? '',
    endpoints: EVENTS_PATH,
    logger: options.logger,
    processBeforeResponse: false,
    customRoutes: [{ path: HEALTH_PATH, method: ['GET'], handler: (_req, res) => sendJson(res, 200, { ok: true, ...options.health() }) }],
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
