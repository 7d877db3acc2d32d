import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/** The requests the app is still working on (acknowledged or not), so a stop can wait for them. */
export interface InFlight {
  /** Global middleware: counts a request from its arrival until its listeners are done. */
  middleware: Middleware<AnyMiddlewareArgs>;
  count(): number;
  /** Resolves true once none is in flight, or false when `timeoutMs` passed first. */
  drained(timeoutMs: number): Promise<boolean>;
}

/**
 * Counts the requests in flight: Bolt acknowledges a command or an event at once and goes on
 * working (a brief, a post to its response_url), so closing the HTTP server is not enough to let
 * that work end. `drained` waits for it.
 *
 * @example
 * const inFlight = inFlightRequests(); // app.use(inFlight.middleware) … await app.stop(); await inFlight.drained(10_000)
 * let finish = () => {};
 * const request = inFlight.middleware({ next: () => new Promise<void>((resolve) => (finish = resolve)) } as never);
 * inFlight.count() // => 1
 * const drained = inFlight.drained(5_000);
 * finish();
 * await request;
 * await drained // => true
 * inFlight.count() // => 0
 */
export function inFlightRequests(): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    middleware: async ({ next }) => {
      count += 1;
      try {
        await next();
      } finally {
        count -= 1;
        if (count === 0) for (const done of waiters.splice(0)) done();
      }
    },
    count: () => count,
    drained(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        waiters.push(done);
      });
    },
  };
}
