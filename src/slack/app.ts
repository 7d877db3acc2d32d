import { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { boltLogger } from '../log/bolt-logger.js';
import type { AppState } from './app-state.js';
import { memoryConversationStore } from './conversation-store.js';
import { dedupeEvents } from './dedupe-events.js';
import { inFlightRequests } from './in-flight.js';
import type { AppDeps } from './deps.js';
import { registerListeners } from './listeners/index.js';
import { createReceiver } from './receivers.js';
import { replyPoster } from './post-reply.js';
import { newReference } from './reference.js';
import { requestLogger } from './request-log.js';

/**
 * Web API client defaults: a brief that arrives many minutes late is worse than a prompt apology, so
 * a few quick retries (about 4 s in all) instead of the library's ten over 30 minutes, and a 10 s
 * timeout per request. A bad network at start-up then fails in seconds instead of hanging.
 */
export const SLACK_CLIENT_DEFAULTS = {
  retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true },
  timeout: 10_000,
} as const satisfies WebClientOptions;

/** How long a stop waits for the requests in flight (Slack's retries cover what is cut off after that). */
const DRAIN_TIMEOUT_MS = 10_000;

export interface BriefAppOptions {
  /** More Web API client options (the tests turn retries off). The base URL comes from the config. */
  clientOptions?: Omit<WebClientOptions, 'logger' | 'logLevel' | 'slackApiUrl'>;
  /** Socket Mode's pong timeout, which is also its reconnect back-off unit (the tests shorten it). */
  socketPingTimeoutMs?: number;
}

/** A Brief Slack app, built but not started. */
export interface BriefApp {
  app: App;
  state: AppState;
  /** Checks the bot token (`auth.test`), then listens (HTTP) or connects (Socket Mode). Resolves with the HTTP port. */
  start(): Promise<{ port?: number }>;
  /** Stops taking requests, then waits (up to 10 s) for those in flight to finish their work. */
  stop(): Promise<void>;
}

/**
 * Wires the Bolt app: receiver for the configured mode, every Web API call (and Socket Mode's
 * `apps.connections.open`) to `SLACK_API_URL` when set, a child logger and latency log per request,
 * duplicate events dropped (by `deps.conversations`), replies posted once, the listeners, and one
 * last-resort error handler.
 *
 * @example const brief = createBriefApp({ config, briefs, logger, clock: systemClock }); // HTTP mode, PORT=0, Slack at the double
 * const { port } = await brief.start();
 * const body = form({ command: '/brief', text: 'taliban revenue', user_id: 'U1', channel_id: 'C1', team_id: 'T0001', response_url: slack.responseUrl('app'), trigger_id: 't' });
 * (await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: config.slack.signingSecret })).status // => 200
 * await until(() => slack.responses.length === 1);
 * JSON.stringify(slack.responses[0].body).includes('Taliban Are Collecting Revenue') // => true
 * (await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: 'not-the-secret' })).status // => 401
 * await brief.stop();
 */
export function createBriefApp(deps: AppDeps, options: BriefAppOptions = {}): BriefApp {
  const { config, logger, clock } = deps;
  const boltLog = boltLogger(logger);
  const clientOptions: Omit<WebClientOptions, 'logger' | 'logLevel'> = {
    ...SLACK_CLIENT_DEFAULTS,
    retryConfig: { ...SLACK_CLIENT_DEFAULTS.retryConfig },
    ...options.clientOptions,
    ...(config.slack.apiUrl === undefined ? {} : { slackApiUrl: config.slack.apiUrl }),
  };
  const receiver = createReceiver(config, {
    logger: boltLog,
    // Socket Mode keeps its own patient retry policy for apps.connections.open (a reconnect must
    // outlast a network blip); it shares only the base URL.
    clientOptions: config.slack.apiUrl === undefined ? {} : { slackApiUrl: config.slack.apiUrl },
    health: () => ({ articles: deps.briefs.stats().articles, mode: config.slack.mode, role: deps.role?.() ?? 'leader', database: deps.database?.() ?? 'ok' }),
    clock,
    ...(options.socketPingTimeoutMs === undefined ? {} : { socketPingTimeoutMs: options.socketPingTimeoutMs }),
  });
  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger: boltLog,
    clientOptions: { ...clientOptions },
    deferInitialization: true,
  });
  // Replies (chat.postMessage) go through a client that never retries blindly: replyPoster retries
  // only after checking that the earlier attempt did not land.
  const postClient = new WebClient(config.slack.botToken, { ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: boltLog });
  const state: AppState = {
    conversations: deps.conversations ?? memoryConversationStore(clock),
    postReply: replyPoster(postClient, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: () => clock.now() }),
    noRetry: postClient,
  };
  const inFlight = inFlightRequests();
  app.use(inFlight.middleware);
  app.use(requestLogger(logger, clock));
  app.use(dedupeEvents(state.conversations, logger));
  registerListeners(app, deps, state);
  app.error(async (error) => {
    logger.error({ err: error, ref: newReference() }, 'unhandled error in the Slack app');
  });

  return {
    app,
    state,
    async start() {
      await app.init();
      if (config.slack.mode === 'http') {
        const server = (await app.start(config.slack.port)) as Server;
        const port = (server.address() as AddressInfo).port;
        logger.info({ mode: 'http', port }, 'listening for Slack');
        return { port };
      }
      await app.start();
      logger.info({ mode: 'socket' }, 'connected to Slack');
      return {};
    },
    async stop() {
      await app.stop();
      const left = inFlight.count();
      if (left === 0) return;
      logger.info({ requests: left }, 'draining requests in flight');
      if (await inFlight.drained(DRAIN_TIMEOUT_MS)) logger.info('requests in flight finished');
      else logger.warn({ requests: inFlight.count(), waitedMs: DRAIN_TIMEOUT_MS }, 'stopped with requests still in flight');
    },
  };
}
