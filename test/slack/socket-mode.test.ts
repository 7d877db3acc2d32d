/**
 * Socket Mode through Bolt's real SocketModeReceiver (and @slack/socket-mode's client) against the
 * loopback Slack double: connection, mentions in channels and threads, DMs, the App Home, duplicate
 * envelopes, a failing Web API call, and reconnection after Slack asks the client to disconnect.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER_ID, eventCallbackBody, SlackDouble, TEAM_ID } from '../support/slack-double.js';
import { startApp, TEST_SECRETS, type RunningApp } from '../support/slack-app.js';

let double: SlackDouble;
let app: RunningApp;
let seq = 0;

beforeAll(async () => {
  double = await SlackDouble.start();
  app = await startApp(double, { mode: 'socket', homeNotices: () => ['The digest for #news failed: not_in_channel'] });
});

afterAll(async () => {
  await app?.stop();
  await double?.close();
});

afterEach(() => {
  expect(double.problems).toEqual([]);
});

function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${++seq}`) {
  return eventCallbackBody(event, eventId);
}

function ts(): string {
  seq += 1;
  return `1700001000.${String(seq).padStart(6, '0')}`;
}

/** Sends an event and waits for its ack and for the next chat.postMessage. */
async function mention(event: Record<string, unknown>, eventId?: string) {
  const before = double.callsTo('chat.postMessage').length;
  const envelope = double.sendEnvelope('events_api', eventEnvelope(event, eventId));
  await double.waitFor(() => double.acks.some((a) => a.envelope_id === envelope), `the ack of ${envelope}`);
  const post = await double.waitFor(() => double.callsTo('chat.postMessage')[before], 'chat.postMessage');
  return { envelope, post };
}

const text = (args: Record<string, unknown>) => `${String(args.text)} ${JSON.stringify(args.blocks ?? [])}`;

describe('Socket Mode: connecting', () => {
  it('opens the connection through apps.connections.open at SLACK_API_URL with the app token', () => {
    const open = double.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]!.token).toBe(TEST_SECRETS.SLACK_APP_TOKEN);
    expect(double.callsTo('auth.test')[0]!.token).toBe(TEST_SECRETS.SLACK_BOT_TOKEN);
    expect(double.connections).toBe(1);
  });
});

describe('Socket Mode: mentions', () => {
  it('acknowledges an app_mention and answers in a thread under it', async () => {
    const at = ts();
    const { post } = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> taliban revenue`, ts: at, channel: 'C0NEWS', event_ts: at });
    expect(post.args.channel).toBe('C0NEWS');
    expect(post.args.thread_ts).toBe(at);
    expect(post.args.unfurl_links).toBe('false');
    expect(text(post.args)).toContain('Brief on');
    expect(text(post.args)).toMatch(/taliban revenue/);
  });

  it('answers a mention inside a thread in that thread', async () => {
    const parent = ts();
    const at = ts();
    const { post } = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> china`, ts: at, thread_ts: parent, channel: 'C0NEWS', event_ts: at });
    expect(post.args.thread_ts).toBe(parent);
  });

  it("briefs on the thread's parent message for a bare mention in a thread", async () => {
    const parent = ts();
    double.threads.set(`C0NEWS:${parent}`, [{ ts: parent, user: 'U0CAROL', text: 'Anyone following how the *Taliban* collect revenue at the border? <https://example.com/x|link>' }]);
    const at = ts();
    const { post } = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}>`, ts: at, thread_ts: parent, channel: 'C0NEWS', event_ts: at });
    const replies = double.callsTo('conversations.replies').at(-1)!;
    expect(replies.args).toMatchObject({ channel: 'C0NEWS', ts: parent });
    expect(post.args.thread_ts).toBe(parent);
    expect(text(post.args)).toContain('Brief on');
    expect(text(post.args)).toMatch(/Taliban/);
  });

  it('continues the thread\'s last brief when asked for "more"', async () => {
    const parent = ts();
    const first = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> china russia taliban`, ts: parent, channel: 'C0NEWS', event_ts: parent });
    expect(text(first.post.args)).toContain('showing 1–5');
    expect(text(first.post.args)).toContain('@Brief more');
    const at = ts();
    const more = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> more`, ts: at, thread_ts: parent, channel: 'C0NEWS', event_ts: at });
    expect(more.post.args.thread_ts).toBe(parent);
    expect(text(more.post.args)).toContain('showing 6–6');
    const at2 = ts();
    const end = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> more`, ts: at2, thread_ts: parent, channel: 'C0NEWS', event_ts: at2 });
    expect(text(end.post.args)).toMatch(/no more stories/);
  });

  it('says there is nothing to continue when "more" comes in a thread without a brief', async () => {
    const parent = ts();
    const at = ts();
    const { post } = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> more`, ts: at, thread_ts: parent, channel: 'C0NEWS', event_ts: at });
    expect(text(post.args)).toMatch(/no brief here to continue/);
  });

  it('answers an envelope delivered twice (same event_id) once', async () => {
    const at = ts();
    const event = { type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> russia`, ts: at, channel: 'C0NEWS', event_ts: at };
    const before = double.callsTo('chat.postMessage').length;
    const one = double.sendEnvelope('events_api', eventEnvelope(event, 'Ev0TWICE'));
    const two = double.sendEnvelope('events_api', eventEnvelope(event, 'Ev0TWICE'), 1);
    await double.waitFor(() => [one, two].every((id) => double.acks.some((a) => a.envelope_id === id)), 'both acks');
    await double.waitFor(() => double.callsTo('chat.postMessage').length > before, 'the answer');
    // The barrier: the second delivery was dropped (logged), so it can never post later.
    await double.waitFor(() => app.logs.some((l) => l.msg === 'duplicate event skipped' && l.eventId === 'Ev0TWICE'), 'the duplicate to be dropped');
    expect(double.callsTo('chat.postMessage').length).toBe(before + 1);
  });

  it('turns a failure while answering into an ephemeral apology with a logged reference', async () => {
    double.on('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    try {
      const at = ts();
      const before = double.callsTo('chat.postEphemeral').length;
      double.sendEnvelope('events_api', eventEnvelope({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> taliban`, ts: at, channel: 'C0NEWS', event_ts: at }));
      const apology = await double.waitFor(() => double.callsTo('chat.postEphemeral')[before], 'the apology');
      expect(apology.args).toMatchObject({ channel: 'C0NEWS', user: 'U0BOB', thread_ts: at });
      const ref = /reference ([0-9a-f]+)/.exec(String(apology.args.text))?.[1];
      expect(app.logs.find((l) => l.ref === ref)).toMatchObject({ msg: 'listener failed', event: 'app_mention', channel: 'C0NEWS' });
    } finally {
      double.off('chat.postMessage');
    }
  });
});

describe('Socket Mode: /brief and buttons', () => {
  it('acknowledges a slash_commands envelope and answers through the response_url; More replaces it', async () => {
    const envelope = double.sendEnvelope('slash_commands', {
      token: 'legacy-verification-token',
      team_id: TEAM_ID,
      channel_id: 'C0NEWS',
      user_id: 'U0ALICE',
      command: '/brief',
      text: 'china russia taliban',
      api_app_id: 'A0001',
      response_url: double.responseUrl('sock-cmd'),
      trigger_id: 'trigger-sock',
    });
    await double.waitFor(() => double.acks.some((a) => a.envelope_id === envelope), 'the ack');
    const posted = await double.waitFor(() => double.responses.find((r) => r.id === 'sock-cmd'), 'the brief');
    expect(posted.body.response_type).toBe('ephemeral');
    const actions = (posted.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
    const more = actions?.elements?.find((e) => e.action_id === 'brief_more');
    expect(more).toBeDefined();
    double.sendEnvelope('interactive', {
      type: 'block_actions',
      team: { id: TEAM_ID },
      user: { id: 'U0ALICE' },
      api_app_id: 'A0001',
      container: { type: 'message', is_ephemeral: true, channel_id: 'C0NEWS' },
      channel: { id: 'C0NEWS' },
      response_url: double.responseUrl('sock-more'),
      actions: [{ type: 'button', block_id: 'brief_actions', action_id: 'brief_more', value: more!.value, action_ts: '1700001000.1' }],
    });
    const next = await double.waitFor(() => double.responses.find((r) => r.id === 'sock-more'), 'the next page');
    expect(next.body.replace_original).toBe(true);
    expect(JSON.stringify(next.body.blocks)).toContain('showing 6–6');
  });
});

describe('Socket Mode: direct messages and the App Home', () => {
  it('takes a DM as the query and answers in the DM', async () => {
    const at = ts();
    const { post } = await mention({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text: 'xi putin', ts: at, event_ts: at });
    expect(post.args.channel).toBe('D0ALICE');
    expect(post.args.thread_ts).toBeUndefined();
    expect(text(post.args)).toContain('Brief on');
  });

  it('ignores message edits and other bots in DMs', async () => {
    const before = double.callsTo('chat.postMessage').length;
    const at = ts();
    const ids = [`Ev${++seq}`, `Ev${++seq}`];
    double.sendEnvelope('events_api', eventEnvelope({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0ALICE', ts: at, event_ts: at, message: { text: 'x' } }, ids[0]));
    double.sendEnvelope('events_api', eventEnvelope({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0OTHERBOT', bot_id: 'B0OTHER', text: 'china', ts: ts(), event_ts: at }, ids[1]));
    // The barrier: both requests are done (their listeners returned), so neither can post later.
    await double.waitFor(() => ids.every((id) => app.logs.some((l) => l.msg === 'request handled' && l.eventId === id)), 'both requests to be handled');
    expect(double.callsTo('chat.postMessage').length).toBe(before);
    // A person's DM sent after them is answered, and it is the only answer.
    const real = ts();
    double.sendEnvelope('events_api', eventEnvelope({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text: 'taliban revenue', ts: real, event_ts: real }));
    await double.waitFor(() => double.callsTo('chat.postMessage').length > before, 'the answer to the DM');
    const answers = double.callsTo('chat.postMessage').slice(before);
    expect(answers).toHaveLength(1);
    expect(text(answers[0]!.args)).toContain('taliban revenue');
  });

  it('publishes the App Home with usage, the query language, corpus stats and notices', async () => {
    double.sendEnvelope('events_api', eventEnvelope({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home', event_ts: ts() }));
    const publish = await double.waitFor(() => double.callsTo('views.publish')[0], 'views.publish');
    expect(publish.args.user_id).toBe('U0ALICE');
    const view = JSON.stringify(publish.args.view);
    expect(view).toContain('"type":"home"');
    expect(view).toContain('6 articles');
    expect(view).toContain('Newest:');
    expect(view).toContain('source:usip');
    expect(view).toContain('not_in_channel');
  });
});

describe('Socket Mode: reconnecting', () => {
  it('reconnects after Slack sends disconnect, and answers later envelopes', async () => {
    const opens = double.callsTo('apps.connections.open').length;
    const connections = double.connections;
    double.sendDisconnect();
    await double.waitFor(() => double.connections > connections && double.socketOpen, 'a new connection', 8000);
    expect(double.callsTo('apps.connections.open').length).toBe(opens + 1);
    await new Promise((r) => setTimeout(r, 50));
    const at = ts();
    const { post } = await mention({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT_USER_ID}> kazakhstan`, ts: at, channel: 'C0NEWS', event_ts: at });
    expect(post.args.thread_ts).toBe(at);
    expect(text(post.args)).toMatch(/kazakhstan/i);
  });
});

describe('Socket Mode: secrets', () => {
  it('never writes the bot or app token to the log, even at debug level', () => {
    const raw = app.rawLogs();
    expect(raw).toContain('apps.connections.open');
    for (const s of Object.values(TEST_SECRETS)) expect(raw).not.toContain(s);
  });
});
