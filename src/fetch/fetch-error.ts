/** Why a page was not fetched. Each code is one reason a reader of the log can act on. */
export type FetchErrorCode =
  | 'FETCH_BAD_URL'
  | 'FETCH_FORBIDDEN_ADDRESS'
  | 'FETCH_ROBOTS'
  | 'FETCH_HTTP'
  | 'FETCH_TIMEOUT'
  | 'FETCH_TOO_LARGE'
  | 'FETCH_REDIRECTS'
  | 'FETCH_NOT_HTML'
  | 'FETCH_NETWORK';

/**
 * A page the polite fetcher would not or could not get, with a reason fit for a log line or a reply.
 *
 * @example new FetchError('FETCH_ROBOTS', 'robots.txt of example.com disallows /a').code // => 'FETCH_ROBOTS'
 */
export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}
