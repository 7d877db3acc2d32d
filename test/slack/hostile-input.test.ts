/**
 * The hostile-input suite (issue 9): for a fixed seed, thousands of generated slash-command texts,
 * button values and event payloads, each signed and sent through Bolt's real HTTPReceiver to one
 * running app (real Web API client, loopback double). Each must be answered or refused without a
 * crash, within Slack's limits and the Block Kit schema, and with no token-shaped string in any
 * outgoing payload or log line (the double collects all three kinds of problem).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNotice } from '../../src/render/error-message.js';
import { form, postSigned } from '../support/sign.js';
import { BOT_USER_ID, eventCallbackBody, SlackDouble, TEAM_ID } from '../support/slack-double.js';
import { startApp, TEST_SECRETS, type RunningApp } from '../support/slack-app.js';
import { TOKEN_SHAPE } from '../support/token-guard.js';

const SEED = 20261202;
const secret = TEST_SECRETS.SLACK_SIGNING_SECRET;
let double: SlackDouble;
let app: RunningApp;
let n = 0;

beforeAll(async () => {
  double = await SlackDouble.start();
  app = await startApp(double, { mode: 'http', commands: { echo: async ({ args }) => renderNotice(`echo ${args}`) } });
});
afterAll(async () => {
  await app?.stop();
  await double?.close();
});

/** Words that have broken lookups, escaping or parsing somewhere. */
const NASTY = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'echo', 'help', 'more', 'digest', '<!channel>', '<@U0BOB>', '<#C1|x>', '<https://x.test|y>', '&amp;', '&lt;', '*b*', '_i_', '~s~', '`c`', '```', '"', '"unclosed', '-', '-"', 'source:', 'tag:', 'since:', 'since:99999y', 'until:0000-00', 'since:2022-02-30', '\u0000', '\u202e', '\ud800', '🧨', 'a'.repeat(300)];
/** No token-shaped input: the guard is about Brief's own secrets, and a typed look-alike would be echoed back to its typist. */
const text = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', maxLength: max }),
      fc.string({ unit: 'binary', maxLength: max }),
      fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 })), { maxLength: 12 }).map((w) => w.join(' ')),
    )
    .filter((t) => !TOKEN_SHAPE.test(t));

/** Cases go in batches of 8 at once (one property run each), so thousands take seconds, not minutes. */
const BATCH = 8;
const batchOf = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: BATCH, maxLength: BATCH });
const all = async (cases: Promise<void>[]): Promise<void> => {
  await Promise.all(cases);
};
const handled = (pred: (l: Record<string, unknown>) => boolean, what: string) => double.waitFor(() => app.logs.some((l) => l.msg === 'request handled' && pred(l)), what, 15_000);
const noProblems = () => expect(double.problems).toEqual([]);

describe('hostile input through the real HTTP receiver', () => {
  it('answers every generated /brief text once, privately, within limits', async () => {
    await fc.assert(
      fc.asyncProperty(batchOf(text(500)), (queries) => all(queries.map(async (query) => {
        const id = `h${++n}`;
        const body = form({ team_id: TEAM_ID, channel_id: 'C0HOSTILE', user_id: `U${id}`, command: '/brief', text: query, api_app_id: 'A0001', response_url: double.responseUrl(id), trigger_id: `t${id}` });
        const res = await postSigned(`${app.url}/slack/events`, body, { secret });
        expect(res.status).toBe(200);
        const answer = await double.waitFor(() => double.responses.find((r) => r.id === id), `the answer to ${JSON.stringify(query)}`, 15_000);
        expect(Object.keys(answer.body).sort()).toEqual(['blocks', 'response_type', 'text']);
        noProblems();
      }))),
      { seed: SEED, numRuns: 1000 / BATCH },
    );
  }, 300_000);

  it('answers or ignores every generated button value without a crash', async () => {
    const value = fc.oneof(
      text(300),
      fc.json({ maxDepth: 3 }),
      fc.record({ q: text(200), p: fc.oneof(fc.integer(), fc.double(), fc.constant(1e308)) }).map((v) => JSON.stringify(v)),
      fc.constantFrom('null', '[]', '{}', '{"__proto__":{"q":"x","p":0}}', '{"q":"taliban","p":-1}', '{"q":{"toString":1},"p":0}', '{"constructor":{"q":"x"}}'),
    );
    await fc.assert(
      fc.asyncProperty(batchOf(fc.tuple(value, fc.constantFrom('brief_more', 'brief_share'))), (presses) => all(presses.map(async ([v, actionId]) => {
        const id = `b${++n}`;
        const payload = {
          type: 'block_actions',
          team: { id: TEAM_ID },
          user: { id: `U${id}` },
          api_app_id: 'A0001',
          container: { type: 'message', is_ephemeral: true, channel_id: 'C0HOSTILE' },
          channel: { id: 'C0HOSTILE' },
          trigger_id: `t${id}`,
          response_url: double.responseUrl(id),
          actions: [{ type: 'button', block_id: 'brief_actions', action_id: actionId, value: v, action_ts: '1700000001.0' }],
        };
        const res = await postSigned(`${app.url}/slack/events`, form({ payload: JSON.stringify(payload) }), { secret });
        expect(res.status).toBe(200);
        await handled((l) => l.user === `U${id}`, `the press ${id}`);
        expect(app.logs.some((l) => l.msg === 'listener failed' && l.user === `U${id}`)).toBe(false);
        noProblems();
      }))),
      { seed: SEED, numRuns: 600 / BATCH },
    );
  }, 300_000);

  it('answers, ignores or refuses every generated event payload without a crash', async () => {
    const odd = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string({ maxLength: 20 }), fc.object({ maxDepth: 1 }), fc.array(fc.string(), { maxLength: 3 }));
    const event = fc.record(
      {
        type: fc.oneof(fc.constantFrom('app_mention', 'message', 'app_home_opened', 'reaction_added', 'x'), odd),
        text: fc.oneof(text(400).map((t) => `<@${BOT_USER_ID}> ${t}`), text(400), odd),
        user: fc.oneof(fc.constant('U0BOB'), odd),
        channel: fc.oneof(fc.constant('C0HOSTILE'), fc.constant('D0HOSTILE'), odd),
        channel_type: fc.oneof(fc.constant('im'), fc.constant('channel'), odd),
        subtype: fc.oneof(fc.constant(undefined), fc.constantFrom('message_changed', 'bot_message'), odd),
        thread_ts: fc.oneof(fc.constant(undefined), fc.constant('1700000000.000001'), odd),
        tab: fc.oneof(fc.constant('home'), odd),
        bot_id: fc.oneof(fc.constant(undefined), odd),
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(batchOf(event), (events) => all(events.map(async (e) => {
        const eventId = `Ev${++n}`;
        const at = `1700005000.${String(n).padStart(6, '0')}`;
        const body = JSON.stringify(eventCallbackBody({ ts: at, event_ts: at, ...e }, eventId));
        const res = await postSigned(`${app.url}/slack/events`, body, { secret });
        expect([200, 400, 401, 404, 500]).toContain(res.status);
        if (res.status === 200) await handled((l) => l.eventId === eventId, `the event ${eventId}`);
        noProblems();
      }))),
      { seed: SEED, numRuns: 600 / BATCH },
    );
  }, 300_000);

  it('is still up and answering afterwards', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
