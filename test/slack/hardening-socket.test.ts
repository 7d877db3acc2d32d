/**
 * Issue 9 item 3 in Socket Mode, through Bolt's real SocketModeReceiver and @slack/socket-mode over a
 * real WebSocket: frames the client would throw on are ignored with a log line, and the app answers
 * the next envelope.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER_ID, eventCallbackBody, SlackDouble } from '../support/slack-double.js';
import { startApp, type RunningApp } from '../support/slack-app.js';

let double: SlackDouble;
let app: RunningApp;

beforeAll(async () => {
  double = await SlackDouble.start();
  app = await startApp(double, { mode: 'socket' });
});
afterAll(async () => {
  await app?.stop();
  await double?.close();
});
afterEach(() => {
  expect(double.problems).toEqual([]);
});

describe('item 3: malformed Socket Mode frames', () => {
  it('ignores null, payload-less and event-less frames with a log line each, and answers the next mention', async () => {
    const frames = [
      'null',
      '[]',
      '42',
      '{"envelope_id":"x","type":"events_api","payload":null}',
      '{"envelope_id":"x2","type":"events_api","payload":{}}',
      '{"envelope_id":"x3","type":"events_api","payload":{"event":null}}',
      '{"envelope_id":"x4","type":"events_api","payload":{"event":{"type":7}}}',
      '{"envelope_id":"x5","type":"slash_commands","payload":null}',
      '{"envelope_id":"x6","type":"interactive"}',
      '{"envelope_id":"x7"}',
    ];
    for (const frame of frames) double.sendRaw(frame);
    await double.waitFor(() => app.logs.filter((l) => /Socket Mode frame ignored/.test(String(l.msg))).length === frames.length, 'every frame to be ignored');
    const at = '1700004000.000001';
    const before = double.callsTo('chat.postMessage').length;
    double.sendEnvelope('events_api', eventCallbackBody({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> taliban`, ts: at, channel: 'C0NEWS', event_ts: at }, 'Ev0AFTERJUNK'));
    const post = await double.waitFor(() => double.callsTo('chat.postMessage')[before], 'the answer');
    expect(post.args.thread_ts).toBe(at);
  });
});
