/**
 * The listener factories called alone, as the Bolt starter template tests its listeners: fake `ack`,
 * `respond` and client, no App and no Slack. The loopback-double tests (http-mode, socket-mode) cover
 * the same listeners through the real receivers.
 */
import { Writable } from 'node:stream';
import type { WebClient } from '@slack/web-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessBriefService } from '../../src/brief/brief-service.js';
import type { Clock } from '../../src/clock.js';
import { readConfig } from '../../src/config/read-config.js';
import { createLogger } from '../../src/log/logger.js';
import type { AppState } from '../../src/slack/app-state.js';
import { memoryConversationStore, RESPONSE_URL_LIMIT } from '../../src/slack/conversation-store.js';
import type { ReplyArgs } from '../../src/slack/post-reply.js';
import type { AppDeps, SubcommandContext } from '../../src/slack/deps.js';
import { briefCommand } from '../../src/slack/listeners/commands/brief-command.js';
import { appHomeOpened } from '../../src/slack/listeners/events/app-home-opened.js';
import { appMention } from '../../src/slack/listeners/events/app-mention.js';
import { directMessage } from '../../src/slack/listeners/events/direct-message.js';
import type { BriefIndex } from '../../src/search/build-index.js';
import { messageProblems } from '../support/block-kit.js';
import { seedIndex, TEST_SECRETS } from '../support/slack-fixtures.js';

const NOW = new Date('2026-11-28T09:00:00Z');
const clock: Clock = { now: () => NOW };
let index: BriefIndex;
beforeAll(async () => {
  index = await seedIndex();
});

/** The listeners' shared state: the in-memory conversation store, and a reply poster that records what it posts. */
function createAppState(c: Clock): AppState & { replies: (ReplyArgs & { key: string })[]; unchecked: Record<string, unknown>[] } {
  const replies: (ReplyArgs & { key: string })[] = [];
  const unchecked: Record<string, unknown>[] = [];
  const record = async (message: Record<string, unknown>) => (unchecked.push(message), { ok: true, ts: '1.1' });
  const noRetry = { chat: { postEphemeral: record, postMessage: record } } as unknown as WebClient;
  return { conversations: memoryConversationStore(c), postReply: async (args, key) => (replies.push({ ...args, key }), String(replies.length)), noRetry, replies, unchecked };
}

/** Deps with a logger whose lines the test reads back as objects. */
function makeDeps(extra: Partial<AppDeps> = {}) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const { config } = readConfig({ SLACK_BOT_TOKEN: TEST_SECRETS.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: TEST_SECRETS.SLACK_APP_TOKEN });
  const deps: AppDeps = { config: config!, briefs: inProcessBriefService(index, clock.now), logger: createLogger({ level: 'info', destination, pretty: false }), clock, ...extra };
  return { deps, lines };
}

/** A fake Bolt call: records the order of ack, respond and Web API calls. */
function fakeCall(text: string, responseUrl = 'https://hooks.slack.test/commands/1') {
  const events: string[] = [];
  const responses: Record<string, unknown>[] = [];
  const ephemerals: Record<string, unknown>[] = [];
  const args = {
    command: { command: '/brief', text, user_id: 'U0ALICE', channel_id: 'C0NEWS', team_id: 'T1', response_url: responseUrl, trigger_id: 't', user_name: 'alice', team_domain: 'x', channel_name: 'news', api_app_id: 'A1', token: 'legacy' },
    ack: async () => void events.push('ack'),
    respond: async (message: Record<string, unknown>) => {
      events.push('respond');
      responses.push(message);
    },
    client: { chat: { postEphemeral: async (message: Record<string, unknown>) => (events.push('postEphemeral'), ephemerals.push(message), { ok: true }) } },
    context: { teamId: 'T1' },
  };
  return { args: args as unknown as Parameters<ReturnType<typeof briefCommand>>[0], events, responses, ephemerals };
}

describe('briefCommand, called alone', () => {
  it('acks first, then responds privately with a valid brief', async () => {
    const { deps } = makeDeps();
    const call = fakeCall('taliban revenue');
    await briefCommand(deps, createAppState(clock))(call.args);
    expect(call.events).toEqual(['ack', 'respond']);
    expect(call.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(call.responses[0])).toContain('Taliban Are Collecting Revenue');
    expect(messageProblems(call.responses[0]!)).toEqual([]);
  });

  it('routes a subcommand word to its handler with the rest of the text, the user, channel and now', async () => {
    const seen: Omit<SubcommandContext, 'client' | 'log'>[] = [];
    const { deps } = makeDeps({
      commands: {
        ping: async ({ args, userId, channelId, teamId, now }) => {
          seen.push({ args, userId, channelId, ...(teamId ? { teamId } : {}), now });
          return { text: 'pong', blocks: [] };
        },
      },
    });
    const call = fakeCall('PING  a  b ');
    await briefCommand(deps, createAppState(clock))(call.args);
    expect(seen).toEqual([{ args: 'a  b', userId: 'U0ALICE', channelId: 'C0NEWS', teamId: 'T1', now: NOW }]);
    expect(call.responses).toEqual([{ response_type: 'ephemeral', text: 'pong', blocks: [] }]);
  });

  it('treats a word that only an object inherits (constructor, __proto__) as a query, not a subcommand', async () => {
    const { deps } = makeDeps({ commands: {} });
    for (const text of ['constructor', '__proto__ x', 'toString']) {
      const call = fakeCall(text);
      await briefCommand(deps, createAppState(clock))(call.args);
      expect(call.events, text).toEqual(['ack', 'respond']);
      expect(messageProblems(call.responses[0]!), text).toEqual([]);
    }
  });

  it('answers a failing handler with an apology carrying the logged reference, and no error text', async () => {
    const { deps, lines } = makeDeps({ commands: { boom: async () => Promise.reject(new Error(`db down ${TEST_SECRETS.SLACK_BOT_TOKEN}`)) } });
    const call = fakeCall('boom');
    await briefCommand(deps, createAppState(clock))(call.args);
    expect(call.events).toEqual(['ack', 'respond']);
    const logged = lines.find((l) => l.msg === 'listener failed')!;
    expect(typeof logged.ref).toBe('string');
    const reply = JSON.stringify(call.responses[0]);
    expect(reply).toContain(logged.ref as string);
    expect(reply).not.toContain('db down');
    expect(JSON.stringify(lines)).not.toContain(TEST_SECRETS.SLACK_BOT_TOKEN);
  });

  it(`after ${RESPONSE_URL_LIMIT.posts} answers to one response_url, answers through chat.postEphemeral on the client that never retries`, async () => {
    const { deps } = makeDeps();
    const state = createAppState(clock);
    const events: string[] = [];
    for (let i = 0; i <= RESPONSE_URL_LIMIT.posts; i++) {
      const call = fakeCall('china', 'https://hooks.slack.test/commands/same');
      await briefCommand(deps, state)(call.args);
      events.push(call.events.at(-1)!);
      expect(call.ephemerals).toEqual([]);
    }
    expect(events).toEqual([...Array<string>(RESPONSE_URL_LIMIT.posts).fill('respond'), 'ack']);
    expect(state.unchecked).toHaveLength(1);
    expect(state.unchecked[0]).toMatchObject({ channel: 'C0NEWS', user: 'U0ALICE' });
  });
});

describe('appHomeOpened, called alone', () => {
  it('publishes the home view with the notices, and ignores the messages tab', async () => {
    const { deps } = makeDeps({ homeNotices: async () => ['A digest could not be posted.'] });
    const published: Record<string, unknown>[] = [];
    const client = { views: { publish: async (args: Record<string, unknown>) => (published.push(args), { ok: true }) } };
    const listener = appHomeOpened(deps);
    type Args = Parameters<typeof listener>[0];
    await listener({ event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D1', tab: 'messages', event_ts: '1' }, client, context: {} } as unknown as Args);
    expect(published).toEqual([]);
    await listener({ event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D1', tab: 'home', event_ts: '2' }, client, context: {} } as unknown as Args);
    expect(published).toHaveLength(1);
    expect(published[0]!.user_id).toBe('U0ALICE');
    expect(JSON.stringify(published[0]!.view)).toContain('A digest could not be posted.');
  });
});

/** A fake Web API client that answers conversations.replies with `parent`. */
function fakeClient(parent?: string) {
  return { conversations: { replies: async () => ({ ok: true, messages: parent === undefined ? [] : [{ text: parent }] }) } };
}

describe('appMention and directMessage, called alone', () => {
  it('a mention is answered in a thread under it; a bare mention in a thread briefs on the thread parent; "more" continues', async () => {
    const { deps } = makeDeps();
    const state = createAppState(clock);
    const listener = appMention(deps, state);
    type Args = Parameters<typeof listener>[0];
    const client = fakeClient('Taliban revenue, again');
    const mention = (event: Record<string, unknown>, id: string) => listener({ event: { type: 'app_mention', user: 'U0BOB', channel: 'C0NEWS', ...event }, body: { event_id: id }, client, context: { teamId: 'T1' } } as unknown as Args);
    await mention({ text: '<@U0BRIEF> china', ts: '10.1', event_ts: '10.1' }, 'Ev1');
    await mention({ text: '<@U0BRIEF>', ts: '11.2', thread_ts: '11.1', event_ts: '11.2' }, 'Ev2');
    await mention({ text: '<@U0BRIEF> more', ts: '11.3', thread_ts: '11.1', event_ts: '11.3' }, 'Ev3');
    expect(state.replies.map((p) => [p.channel, p.thread_ts, p.unfurl_links, p.key])).toEqual([
      ['C0NEWS', '10.1', false, 'T1:Ev1'],
      ['C0NEWS', '11.1', false, 'T1:Ev2'],
      ['C0NEWS', '11.1', false, 'T1:Ev3'],
    ]);
    expect(state.replies[1]!.text).toContain('Taliban revenue');
    for (const p of state.replies) expect(messageProblems(p)).toEqual([]);
  });

  it('a DM is answered in the DM; edits and bot messages are ignored', async () => {
    const { deps } = makeDeps();
    const state = createAppState(clock);
    const listener = directMessage(deps, state);
    type Args = Parameters<typeof listener>[0];
    const dm = (message: Record<string, unknown>, id: string) => listener({ message: { type: 'message', channel: 'D0ALICE', channel_type: 'im', ts: '5.1', ...message }, body: { event_id: id }, client: fakeClient(), context: { teamId: 'T1' } } as unknown as Args);
    await dm({ subtype: 'message_changed', message: { text: 'china' } }, 'Ev1');
    await dm({ user: 'U0OTHERBOT', bot_id: 'B1', text: 'china' }, 'Ev2');
    expect(state.replies).toEqual([]);
    await dm({ user: 'U0ALICE', text: 'xi putin' }, 'Ev3');
    expect(state.replies).toHaveLength(1);
    expect(state.replies[0]).toMatchObject({ channel: 'D0ALICE', key: 'T1:Ev3' });
    expect(state.replies[0]!.thread_ts).toBeUndefined();
    expect(messageProblems(state.replies[0]!)).toEqual([]);
  });
});
