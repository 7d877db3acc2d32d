/**
 * A burst of briefs searched in this thread does not starve the requests waiting behind it: with
 * onePerTurn, a request that arrives while 60 briefs are queued is answered before the last of them
 * runs. The briefs here hold the CPU for 5 ms each, as a real brief does for a few milliseconds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefService } from '../../src/brief/brief-service.js';
import { onePerTurn } from '../../src/search-thread/one-per-turn.js';

let server: http.Server;
const events: string[] = [];
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    events.push('request');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function busyService(): BriefService {
  return {
    async brief(text) {
      const until = performance.now() + 5;
      while (performance.now() < until); // holds the CPU like a search and a summary do
      events.push(`brief ${text}`);
      return { kind: 'help' } as never;
    },
    stats: () => ({ articles: 0 }) as never,
    apply: async () => undefined,
  };
}

async function burst(service: BriefService): Promise<string[]> {
  events.length = 0;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const answered = fetch(url).then((r) => r.text());
  const briefs = Array.from({ length: 60 }, (_, i) => service.brief(String(i)));
  await Promise.all([answered, ...briefs]);
  return [...events];
}

describe('onePerTurn', () => {
  it('serves a request that arrives during a burst before the burst ends', async () => {
    const order = await burst(onePerTurn(busyService()));
    expect(order.filter((e) => e.startsWith('brief'))).toEqual(Array.from({ length: 60 }, (_, i) => `brief ${i}`));
    expect(order.indexOf('request')).toBeLessThan(order.indexOf('brief 59'));
  });

  it('(the yardstick) without it, the whole burst runs before the request is read', async () => {
    const order = await burst(busyService());
    expect(order.indexOf('request')).toBe(60);
  });

  it('a failed brief does not stop the ones queued after it', async () => {
    const failing: BriefService = { ...busyService(), brief: async (text) => (text === 'bad' ? Promise.reject(new Error('boom')) : ({ kind: 'help' } as never)) };
    const queued = onePerTurn(failing);
    const results = await Promise.allSettled([queued.brief('a'), queued.brief('bad'), queued.brief('b')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
