/** Slack's posting limit: about one message a second per channel. */
const CHANNEL_GAP_MS = 1000;

/** Spaces posts to one channel at least `gapMs` apart. */
export interface ChannelPacer {
  /** Sends to `channel` once the last send there finished at least the gap ago; resolves with what `send` does. */
  send<T>(channel: string, send: () => Promise<T>): Promise<T>;
}

/**
 * A pacer over an injected clock (a fake one in tests), one slot per channel. The gap runs from the
 * end of the last send (which may have waited out a 429).
 *
 * @example const pacer = createChannelPacer(clock); // sleep moves the fake clock
 * await pacer.send('C1', () => client.chat.postMessage({ channel: 'C1', text: 'first' }));
 * await pacer.send('C1', () => client.chat.postMessage({ channel: 'C1', text: 'second' }));
 * clock.now().getTime() - now.getTime() // => 1000
 * slack.calls.filter((c) => c.method === 'chat.postMessage').length // => 2
 */
export function createChannelPacer(clock: { now(): Date; sleep(ms: number): Promise<void> }, gapMs = CHANNEL_GAP_MS): ChannelPacer {
  const last = new Map<string, number>();
  return {
    async send(channel, send) {
      const previous = last.get(channel);
      const wait = previous === undefined ? 0 : previous + gapMs - clock.now().getTime();
      if (wait > 0) await clock.sleep(wait);
      try {
        return await send();
      } finally {
        last.set(channel, clock.now().getTime());
      }
    },
  };
}
