/**
 * Issue 9, the Slack edge in HTTP mode, through Bolt's real HTTPReceiver and the real Web API client
 * against the loopback double: user text naming Object's prototype (item 1), future-dated requests
 * (item 2), bodies that are not objects (item 3), a slow chat.postMessage (item 6) and a Slack retry
 * delivered after a restart (item 7). The double and the logs reject any token-shaped string.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_CLIENT_DEFAULTS } from '../../src/slack/app.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { systemClock } from '../../src/clock.js';
import { renderNotice } from '../../src/render/error-message.js';
import { form, nowSeconds, postSigned } from '../support/sign.js';
import { BOT_USER_ID, eventCallbackBody, SlackDouble, TEAM_ID } from '../support/slack-double.js';
import { startApp, TEST_SECRETS, type RunningApp, type StartOptions } from '../support/slack-app.js';

const secret = TEST_SECRETS.SLACK_SIGNING_SECRET;
const scratch = mkdtempSync(path.join(tmpdir(), 'brief-hardening-'));
let double: SlackDouble;
let seq = 0;

beforeAll(async () => {
  double = await SlackDouble.start();
});
afterAll(async () => {
  await double?.close();
  rmSync(scratch, { recursive: true, force: true });
});
afterEach(() => {
  expect(double.problems).toEqual([]);
});

async function withApp(options: Omit<StartOptions, 'mode'>, run: (app: RunningApp) => Promise<void>): Promise<void> {
  const app = await startApp(double, { mode: 'http', ...options });
  try {
    await run(app);
  } finally {
    await app.stop();
  }
}

function slashBody(text: string, id: string): string {
  return form({ token: 'legacy', team_id: TEAM_ID, channel_id: 'C0CHANNEL1', user_id: 'U0ALICE', command: '/brief', text, api_app_id: 'A0001', response_url: double.responseUrl(id), trigger_id: `trigger-${id}` });
}

const responseFor = (id: string) => double.waitFor(() => double.responses.find((r) => r.id === id), `a post to response_url ${id}`);
const mentionEvent = (text: string, at: string, thread?: string) => ({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> ${text}`, ts: at, channel: 'C0HARD', event_ts: at, ...(thread === undefined ? {} : { thread_ts: thread }) });

describe('item 1: user text never reaches Object.prototype', () => {
  it('treats constructor, __proto__, toString and friends as queries, and replies with text and blocks only', async () => {
    await withApp({ commands: { echo: async ({ args }) => renderNotice(`echo ${args}`) } }, async (app) => {
      for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'constructor prototype']) {
        const id = `proto-${++seq}`;
        const res = await postSigned(`${app.url}/slack/events`, slashBody(word, id), { secret });
        expect(res.status).toBe(200);
        const posted = await responseFor(id);
        expect(Object.keys(posted.body).sort()).toEqual(['blocks', 'response_type', 'text']);
        expect(String(posted.body.text)).not.toMatch(/Sorry, Brief hit a problem/);
      }
      // A real subcommand still works.
      const res = await postSigned(`${app.url}/slack/events`, slashBody('echo hi', 'proto-echo'), { secret });
      expect(res.status).toBe(200);
      expect((await responseFor('proto-echo')).body.text).toBe('echo hi');
    });
  });
});

describe('item 2: request timestamps in the future', () => {
  it('refuses a validly signed request dated 6 minutes or a year ahead with 401, and takes one 4 minutes ahead', async () => {
    await withApp({}, async (app) => {
      for (const ahead of [6 * 60, 365 * 24 * 3600]) {
        const id = `future-${++seq}`;
        const before = double.calls.length;
        const res = await postSigned(`${app.url}/slack/events`, slashBody('taliban', id), { secret, timestamp: nowSeconds(ahead) });
        expect(res.status).toBe(401);
        // Refused in the receiver, before any listener: nothing can be posted later.
        expect(double.calls.length).toBe(before);
        expect(double.responses.some((r) => r.id === id)).toBe(false);
      }
      expect(app.logs.some((l) => /more than 5 minutes in the future/.test(String(l.msg)))).toBe(true);
      const res = await postSigned(`${app.url}/slack/events`, slashBody('taliban', 'near-future'), { secret, timestamp: nowSeconds(4 * 60) });
      expect(res.status).toBe(200);
      await responseFor('near-future');
    });
  });
});

describe('item 3: signed bodies that are not objects', () => {
  it('answers JSON null, [], a number, a string and a form payload of null with 400 and a log line, and keeps serving', async () => {
    await withApp({}, async (app) => {
      const bodies: [string, string][] = [
        ['null', 'application/json'],
        ['[]', 'application/json'],
        ['42', 'application/json'],
        ['"x"', 'application/json'],
        [form({ payload: 'null' }), 'application/x-www-form-urlencoded'],
        [form({ payload: '[1]' }), 'application/x-www-form-urlencoded'],
        [JSON.stringify({ type: 'event_callback', event_id: 'Ev0NULL', event: null }), 'application/json'],
        [JSON.stringify({ type: 'event_callback', event_id: 'Ev0NONE' }), 'application/json'],
      ];
      for (const [body, contentType] of bodies) {
        const res = await postSigned(`${app.url}/slack/events`, body, { secret, contentType });
        expect(res.status).toBe(400);
      }
      expect(app.logs.filter((l) => /not a JSON object|without an event/.test(String(l.msg)))).toHaveLength(bodies.length);
      const res = await postSigned(`${app.url}/slack/events`, slashBody('taliban', 'after-junk'), { secret });
      expect(res.status).toBe(200);
      await responseFor('after-junk');
    });
  });

  it('answers a body over the size limit 413, and keeps serving', async () => {
    await withApp({}, async (app) => {
      const res = await postSigned(`${app.url}/slack/events`, JSON.stringify({ type: 'event_callback', pad: 'x'.repeat(4 * 1024 * 1024 + 1024) }), { secret });
      expect(res.status).toBe(413);
      const after = await postSigned(`${app.url}/slack/events`, slashBody('taliban', 'after-large'), { secret });
      expect(after.status).toBe(200);
      await responseFor('after-large');
    });
  });

  it('still answers an unsigned non-object body 401, as any unsigned request', async () => {
    await withApp({}, async (app) => {
      const res = await postSigned(`${app.url}/slack/events`, 'null', { secret: 'wrong', contentType: 'application/json' });
      expect(res.status).toBe(401);
    });
  });
});

describe('item 6: a slow chat.postMessage', () => {
  it('gives one reply when Slack stores the post but answers after the client timeout (production retry settings)', async () => {
    double.delay('chat.postMessage', 700);
    try {
      await withApp({ clientOptions: { retryConfig: { ...SLACK_CLIENT_DEFAULTS.retryConfig, minTimeout: 10, maxTimeout: 20 }, timeout: 250 } }, async (app) => {
        const at = `1700002000.${String(++seq).padStart(6, '0')}`;
        const eventId = `Ev0SLOW${seq}`;
        const res = await postSigned(`${app.url}/slack/events`, JSON.stringify(eventCallbackBody(mentionEvent('taliban', at), eventId)), { secret });
        expect(res.status).toBe(200);
        // The barrier: the request is over (answered or failed), so no attempt can follow.
        await double.waitFor(() => app.logs.some((l) => l.msg === 'request handled' && l.eventId === eventId), 'the mention to be handled', 15_000);
        const replies = double.posted.filter((m) => m.thread_ts === at);
        expect(replies).toHaveLength(1);
        expect(replies[0]!.metadata).toMatchObject({ event_type: 'brief_reply', event_payload: { reply: `${TEAM_ID}:${eventId}` } });
        expect(double.callsTo('conversations.replies').length).toBeGreaterThan(0);
        expect(app.logs.some((l) => l.msg === 'listener failed')).toBe(false);
      });
    } finally {
      double.off('chat.postMessage');
    }
  }, 20_000);
});

describe('item 7: kept across a restart', () => {
  it('does not answer a Slack retry delivered after a restart, and "more" continues a thread briefed before it', async () => {
    const file = path.join(scratch, 'brief.db');
    const open = () => openSqliteStore(file, { clock: systemClock });
    const thread = `1700003000.${String(++seq).padStart(6, '0')}`;
    const body = JSON.stringify(eventCallbackBody(mentionEvent('china russia taliban', thread), 'Ev0RESTART'));
    const first = open();
    await withApp({ conversations: first.conversations }, async (app) => {
      await postSigned(`${app.url}/slack/events`, body, { secret });
      await double.waitFor(() => double.posted.some((m) => m.thread_ts === thread), 'the first answer');
    });
    await first.close();

    const second = open();
    await withApp({ conversations: second.conversations }, async (app) => {
      const res = await postSigned(`${app.url}/slack/events`, body, { secret, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
      expect(res.status).toBe(200);
      await double.waitFor(() => app.logs.some((l) => l.msg === 'duplicate event skipped' && l.eventId === 'Ev0RESTART'), 'the retry to be dropped');
      expect(double.posted.filter((m) => m.thread_ts === thread)).toHaveLength(1);
      const at = `1700003001.${String(++seq).padStart(6, '0')}`;
      await postSigned(`${app.url}/slack/events`, JSON.stringify(eventCallbackBody(mentionEvent('more', at, thread), 'Ev0MORE')), { secret });
      const more = await double.waitFor(() => double.posted.filter((m) => m.thread_ts === thread)[1], 'the "more" answer');
      expect(String(more.text)).not.toMatch(/no brief here to continue/);
    });
    await second.close();
  });
});
