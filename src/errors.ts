/**
 * Brief's one error shape: every error Brief throws on purpose carries a `code` from
 * {@link ErrorCode} and says what was expected. The families (`CorpusError`, `FeedError`,
 * `StoreError`, `BriefWorkerError`) are names for a set of codes, not look-alike classes; code that
 * only needs the code of any caught value asks {@link errorCode} instead of casting.
 */

/** Every code, by family. */
export const ErrorCode = {
  corpus: ['CORPUS_MISSING', 'CORPUS_NOT_A_FOLDER', 'CORPUS_EMPTY'],
  feed: ['FEED_HTTP', 'FEED_TIMEOUT', 'FEED_TOO_LARGE', 'FEED_NETWORK', 'FEED_INVALID', 'FEED_UNREADABLE', 'FEED_REFUSED'],
  store: ['STORE_OPEN_FAILED', 'STORE_SCHEMA_TOO_NEW'],
  searchThread: ['WORKER_FAILED', 'WORKER_CLOSED', 'BRIEF_FAILED'],
} as const;

/** A code of one family (`ErrorCodeOf<'feed'>` is `'FEED_HTTP' | …`). */
export type ErrorCodeOf<F extends keyof typeof ErrorCode> = (typeof ErrorCode)[F][number];

/** Any code. */
export type ErrorCode = ErrorCodeOf<keyof typeof ErrorCode>;

/**
 * An error with a code. Subclasses only narrow the code; their `name` is the subclass's name.
 *
 * @example new CodedError('CORPUS_EMPTY', 'The corpus folder holds no articles.').code // => 'CORPUS_EMPTY'
 */
export class CodedError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The `code` of anything caught: a Brief error's, a Node system error's (`ENOENT`) or a Slack Web API
 * error's (`slack_webapi_platform_error`); undefined when there is no string code.
 *
 * @example errorCode(Object.assign(new Error('gone'), { code: 'ENOENT' })) // => 'ENOENT'
 */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
