/** Why a feed could not be taken in; the poller logs it, backs off, and goes on with the others. */
export class FeedError extends Error {
  constructor(
    readonly code: 'FEED_HTTP' | 'FEED_TIMEOUT' | 'FEED_TOO_LARGE' | 'FEED_NETWORK' | 'FEED_INVALID' | 'FEED_UNREADABLE' | 'FEED_REFUSED',
    message: string,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}
