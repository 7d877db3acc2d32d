import { describe, expect, it } from 'vitest';
import { isMoreRequest, queryFromMessage } from '../../src/slack/message-text.js';
import { systemClock } from '../../src/clock.js';
import { requestLogger } from '../../src/slack/request-log.js';
import { captureLogger } from '../digest/helpers.js';

describe('queryFromMessage', () => {
  it('drops mentions and broadcasts, keeps link labels and channel names, decodes entities', () => {
    expect(queryFromMessage('<@UBOT> taliban &amp; revenue')).toBe('taliban & revenue');
    expect(queryFromMessage('<@UBOT|brief>   <!here> china <@U0ALICE>')).toBe('china');
    expect(queryFromMessage('see <https://example.com/a|this story> in <#C0123|world-news>')).toBe('see this story in world-news');
    expect(queryFromMessage('<https://example.com/a> -isis &lt;b&gt;')).toBe('https://example.com/a -isis <b>');
    expect(queryFromMessage('<@UBOT>')).toBe('');
    expect(queryFromMessage(undefined)).toBe('');
  });

  it('cannot be made to keep a mention or broadcast', () => {
    expect(queryFromMessage('<!channel> <!subteam^S123|@team> x')).toBe('x');
  });
});

describe('isMoreRequest', () => {
  it('recognises "more" and friends, and nothing else', () => {
    for (const t of ['more', 'More', 'MORE!', 'next', 'more please', ' next page ']) expect(isMoreRequest(t)).toBe(true);
    for (const t of ['more china', 'tell me more', '', 'moreover']) expect(isMoreRequest(t)).toBe(false);
  });
});

describe('requestLogger', () => {
  /** The fields the middleware's log line names the request by (pino's own and the latency left out). */
  async function requestFields(body: Record<string, unknown>, retryNum?: number): Promise<Record<string, unknown>> {
    const { log, lines } = captureLogger();
    const context: Record<string, unknown> = { retryNum };
    await (requestLogger(log, systemClock) as unknown as (args: unknown) => Promise<void>)({ body, context, next: async () => {} });
    expect(context.log).toBeDefined();
    const { level: _l, time: _t, pid: _p, hostname: _h, msg, latencyMs, ...fields } = lines.at(-1)!;
    expect([msg, typeof latencyMs]).toEqual(['request handled', 'number']);
    return fields;
  }

  it('names command, action and event requests in its log line', async () => {
    expect(await requestFields({ command: '/brief', user_id: 'U1', channel_id: 'C1', text: 'x' })).toEqual({ kind: 'command', command: '/brief', user: 'U1', channel: 'C1' });
    expect(await requestFields({ type: 'block_actions', user: { id: 'U1' }, channel: { id: 'C1' }, actions: [{ action_id: 'brief_more' }] })).toEqual({ kind: 'action', action: 'brief_more', user: 'U1', channel: 'C1' });
    expect(await requestFields({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention', user: 'U1', channel: 'C1' } }, 2)).toEqual({ kind: 'event', event: 'app_mention', user: 'U1', channel: 'C1', eventId: 'Ev1', retry: 2 });
    expect(await requestFields({})).toEqual({ kind: 'other' });
  });
});
