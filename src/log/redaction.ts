/** Object paths pino censors wherever they appear in a log line (one or two levels deep). */
export const REDACT_PATHS: readonly string[] = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.authorization',
  '*.Authorization',
  '*.*.token',
  '*.*.botToken',
  '*.*.appToken',
  '*.*.signingSecret',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'headers["x-slack-signature"]',
];

const SECRET_PATTERNS: readonly RegExp[] = [
  /\bxox[a-z]-[A-Za-z0-9-]+/g, // Slack bot, user and legacy tokens
  /\bxapp-[A-Za-z0-9-]+/g, // app-level tokens
  /\bv0=[a-f0-9]{64}\b/g, // request signatures
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g,
];

/**
 * Replaces anything shaped like a Slack token or signature inside free text (library log messages
 * carry strings, which path-based redaction cannot reach).
 *
 * @example scrubSecrets('auth with xoxb-123-abc failed') // => 'auth with [redacted] failed'
 */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (_m, bearer?: string) => (typeof bearer === 'string' ? `${bearer}[redacted]` : '[redacted]'));
  return out;
}
