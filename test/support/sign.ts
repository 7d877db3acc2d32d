import { createHmac } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the
 * signing secret (https://api.slack.com/authentication/verifying-requests-from-slack).
 *
 * @example signature('8f74…', '1531420618', 'token=…') // 'v0=a2114d57…'
 */
export function signature(secret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Seconds since the epoch, as Slack's `x-slack-request-timestamp`. */
export function nowSeconds(offsetSeconds = 0): number {
  return Math.floor(Date.now() / 1000) + offsetSeconds;
}

export interface SignedPostOptions {
  secret: string;
  /** Default: now. */
  timestamp?: number;
  /** Overrides the computed signature; `null` sends none. */
  signature?: string | null;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  body: string;
  /** Milliseconds from sending to the full response. */
  ms: number;
}

/**
 * POSTs a body to the app as Slack would: signed, with a timestamp.
 *
 * @example await postSigned(`${base}/slack/events`, form({ command: '/brief' }), { secret })
 */
export async function postSigned(url: string, body: string, options: SignedPostOptions): Promise<PostResult> {
  const timestamp = options.timestamp ?? nowSeconds();
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? (body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'),
    'x-slack-request-timestamp': String(timestamp),
    ...options.headers,
  };
  const sig = options.signature === undefined ? signature(options.secret, timestamp, body) : options.signature;
  if (sig !== null) headers['x-slack-signature'] = sig;
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

/** A form-encoded body, as Slack sends slash commands. */
export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
