/**
 * HTTP mode through Bolt's real HTTPReceiver and the real Web API client, against the loopback Slack
 * double: signed slash commands, signature refusals, url_verification, buttons, events and retries.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderNotice } from '../../src/render/error-message.js';
import { SHARED } from '../support/paths.js';
import { form, nowSeconds, postSigned, signature } from '../support/sign.js';
import { BOT_USER_ID, eventCallbackBody, SlackDouble, TEAM_ID } from '../support/slack-double.js';
import { startApp, TEST_SECRETS, type RunningApp } from '../support/slack-app.js';

const secret = TEST_SECRETS.SLACK_SIGNING_SECRET;
let double: SlackDouble;
let app: RunningApp;
let seq = 0;

beforeAll(async () => {
  double = await SlackDouble.start();
  app = await startApp(double, {
    mode: 'http',
    commands: {
      echo: async ({ args, userId, channelId }) => renderNotice(`echo ${args} from ${userId} in ${channelId}`),
      boom: async () => {
        throw new Error('subcommand exploded');
      },
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await double?.close();
});

afterEach(() => {
  // Every message the double received, in every test, is valid Block Kit within Slack's limits.
  expect(double.problems).toEqual([]);
});

const events = () => `${app.url}/slack/events`;

/** Sends `/brief <text>` as Slack does; returns the HTTP result and the response_url id. */
async function slash(text: string, extra: { channel?: string; sign?: Parameters<typeof postSigned>[2] } = {}) {
  seq += 1;
  const id = `cmd-${seq}`;
  const body = form({
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'double',
    channel_id: extra.channel ?? 'C0CHANNEL1',
    channel_name: 'news',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/brief',
    text,
    api_app_id: 'A0001',
    response_url: double.responseUrl(id),
    trigger_id: `trigger-${seq}`,
  });
  const result = await postSigned(events(), body, extra.sign ?? { secret });
  return { result, id };
}

/** Clicks a button of a message as Slack does (block_actions). */
async function click(button: { action_id: string; value: string }, channel = 'C0CHANNEL1') {
  seq += 1;
  const id = `act-${seq}`;
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'double' },
    user: { id: 'U0ALICE', username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: channel, is_ephemeral: true },
    trigger_id: `trigger-${seq}`,
    channel: { id: channel, name: 'news' },
    response_url: double.responseUrl(id),
    actions: [{ type: 'button', block_id: 'brief_actions', action_id: button.action_id, text: { type: 'plain_text', text: 'x' }, value: button.value, action_ts: '1700000001.000000' }],
  };
  const result = await postSigned(events(), form({ payload: JSON.stringify(payload) }), { secret });
  return { result, id };
}

async function eventCallback(event: Record<string, unknown>, eventId: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify(eventCallbackBody(event, eventId));
  return postSigned(events(), body, { secret, headers });
}

const responseFor = (id: string) => double.waitFor(() => double.responses.find((r) => r.id === id), `a post to response_url ${id}`);
const blocksText = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? []);
const buttonOf = (body: Record<string, unknown>, actionId: string) => {
  const actions = (body.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[]).find((b) => b.type === 'actions');
  const button = actions?.elements?.find((e) => e.action_id === actionId);
  if (!button?.value) throw new Error(`no ${actionId} button`);
  return { action_id: actionId, value: button.value };
};

describe('the signing helper of the tests', () => {
  it("reproduces Slack's documented signature", () => {
    const vector = JSON.parse(readFileSync(path.join(SHARED, 'slack/signature-test-vector.json'), 'utf8')) as Record<string, string>;
    expect(signature(vector.signing_secret!, vector.x_slack_request_timestamp!, vector.body!)).toBe(vector.x_slack_signature);
  });
});

describe('HTTP mode: /brief', () => {
  it('acknowledges a signed /brief taliban, then posts the brief to its response_url', async () => {
    const { result, id } = await slash('taliban');
    expect(result.status).toBe(200);
    const posted = await responseFor(id);
    expect(posted.body.response_type).toBe('ephemeral');
    expect(String(posted.body.text)).toMatch(/taliban/i);
    expect(blocksText(posted.body)).toContain('Brief on');
    expect(blocksText(posted.body)).toContain('brief_share');
  });

  it('answers a bare /brief and /brief help with help', async () => {
    for (const text of ['', 'help']) {
      const { id } = await slash(text);
      const posted = await responseFor(id);
      expect((posted.body.blocks as { type: string }[])[0]!.type).toBe('header');
      expect(blocksText(posted.body)).toContain('how to ask');
    }
  });

  it('routes a subcommand through the commands table, with its arguments', async () => {
    const { id } = await slash('echo hello world');
    const posted = await responseFor(id);
    expect(posted.body.text).toBe('echo hello world from U0ALICE in C0CHANNEL1');
    expect(posted.body.response_type).toBe('ephemeral');
  });

  it('turns a failure inside a listener into an ephemeral apology whose reference is in the log, and keeps serving', async () => {
    const { id } = await slash('boom');
    const posted = await responseFor(id);
    expect(posted.body.response_type).toBe('ephemeral');
    const ref = /reference ([0-9a-f]+)/.exec(String(posted.body.text))?.[1];
    expect(ref).toBeDefined();
    const logged = app.logs.find((l) => l.ref === ref && l.msg === 'listener failed');
    expect(logged).toMatchObject({ command: '/brief', user: 'U0ALICE', channel: 'C0CHANNEL1', level: 50 });
    expect(JSON.stringify(logged)).toContain('subcommand exploded');
    const again = await slash('taliban');
    expect(blocksText((await responseFor(again.id)).body)).toContain('Brief on');
  });

  it('logs each request with command, user, channel and latency', async () => {
    await responseFor((await slash('china')).id);
    const done = await double.waitFor(() => app.logs.find((l) => l.msg === 'request handled' && l.command === '/brief' && typeof l.latencyMs === 'number'), 'a request log line');
    expect(done).toMatchObject({ kind: 'command', user: 'U0ALICE', channel: 'C0CHANNEL1' });
  });
});

describe('HTTP mode: request verification', () => {
  const refused = async (sign: Parameters<typeof postSigned>[2]) => {
    const before = { responses: double.responses.length, calls: double.calls.length };
    // Refused in the receiver before any listener runs, so nothing can be posted after the 401.
    const { result } = await slash('taliban', { sign });
    expect(result.status).toBe(401);
    expect(double.responses.length).toBe(before.responses);
    expect(double.calls.length).toBe(before.calls);
  };

  it('refuses a bad signature with 401 and posts nothing', async () => {
    await refused({ secret: 'not-the-secret' });
  });
  it('refuses a timestamp older than 5 minutes with 401 and posts nothing', async () => {
    await refused({ secret, timestamp: nowSeconds(-6 * 60) });
  });
  it('refuses a request without a signature with 401 and posts nothing', async () => {
    await refused({ secret, signature: null });
  });

  it('echoes the challenge of url_verification', async () => {
    const result = await postSigned(events(), JSON.stringify({ token: 't', challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }), { secret });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('answers GET /healthz', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, articles: 6, mode: 'http', role: 'leader' }); // a lone process leads
  });
});

describe('HTTP mode: buttons', () => {
  it('Share posts the brief visibly in the channel, credited, without buttons, and deletes the private original', async () => {
    const brief = await responseFor((await slash('taliban')).id);
    const before = double.callsTo('chat.postMessage').length;
    const { result, id } = await click(buttonOf(brief.body, 'brief_share'));
    expect(result.status).toBe(200);
    const post = await double.waitFor(() => double.callsTo('chat.postMessage')[before], 'chat.postMessage');
    expect(post.args.channel).toBe('C0CHANNEL1');
    expect(post.token).toBe(TEST_SECRETS.SLACK_BOT_TOKEN);
    expect(blocksText(post.args)).toContain('Shared by <@U0ALICE>');
    expect(blocksText(post.args)).toContain('Brief on');
    expect(blocksText(post.args)).not.toContain('brief_share');
    const deleted = await responseFor(id);
    expect(deleted.body).toEqual({ delete_original: true });
  });

  it('More replaces the original with the next page', async () => {
    const first = await responseFor((await slash('china russia taliban')).id);
    expect(blocksText(first.body)).toContain('showing 1–5');
    const { id } = await click(buttonOf(first.body, 'brief_more'));
    const next = await responseFor(id);
    expect(next.body.replace_original).toBe(true);
    expect(next.body.response_type).toBe('ephemeral');
    expect(blocksText(next.body)).toContain('showing 6–6');
    expect(blocksText(next.body)).toContain('*6. ');
  });

  it('tells the user how to invite Brief when it may not post in the channel', async () => {
    double.on('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    try {
      const brief = await responseFor((await slash('taliban', { channel: 'C0PRIVATE' })).id);
      const { id } = await click(buttonOf(brief.body, 'brief_share'), 'C0PRIVATE');
      const notice = await responseFor(id);
      expect(notice.body.replace_original).toBe(false);
      expect(String(notice.body.text)).toMatch(/invite me/i);
    } finally {
      double.off('chat.postMessage');
    }
  });
});

describe('HTTP mode: events', () => {
  it('answers an event re-delivered with x-slack-retry-num only once', async () => {
    const before = double.callsTo('chat.postMessage').length;
    const event = { type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> taliban`, ts: '1700000500.000100', channel: 'C0CHANNEL1', event_ts: '1700000500.000100' };
    const first = await eventCallback(event, 'Ev0RETRY1');
    const second = await eventCallback(event, 'Ev0RETRY1', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect([first.status, second.status]).toEqual([200, 200]);
    await double.waitFor(() => double.callsTo('chat.postMessage').length > before, 'an answer');
    // The barrier: the re-delivery was dropped (logged), so it can never post later.
    await double.waitFor(() => app.logs.some((l) => l.msg === 'duplicate event skipped' && l.eventId === 'Ev0RETRY1'), 'the re-delivery to be dropped');
    const answers = double.callsTo('chat.postMessage').slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.args.thread_ts).toBe('1700000500.000100');
    expect(app.logs.some((l) => l.msg === 'duplicate event skipped' && l.eventId === 'Ev0RETRY1' && l.retry === 1)).toBe(true);
  });
});

describe('HTTP mode: secrets', () => {
  it('never writes a token or the signing secret to the log, even at debug level', () => {
    const raw = app.rawLogs();
    expect(raw.length).toBeGreaterThan(1000);
    for (const s of Object.values(TEST_SECRETS)) expect(raw).not.toContain(s);
  });
});
