/**
 * Brief in Slack's agent pane, through the real Bolt HTTP receiver (Bolt's `Assistant`) and Web API
 * client against the loopback Slack double.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postSigned } from '../support/sign.js';
import { eventCallbackBody, SlackDouble } from '../support/slack-double.js';
import { startApp, TEST_SECRETS, type RunningApp } from '../support/slack-app.js';
import { news } from '../digest/helpers.js';

let double: SlackDouble;
let app: RunningApp | undefined;
let seq = 0;
const DM = 'D0PANE';
const THREAD = '1730000000.000100';

beforeEach(async () => {
  double = await SlackDouble.start();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  expect(double.problems).toEqual([]);
  await double.close();
});

async function send(event: Record<string, unknown>) {
  seq += 1;
  const result = await postSigned(`${app!.url}/slack/events`, JSON.stringify(eventCallbackBody(event, `EvPANE${seq}`)), { secret: TEST_SECRETS.SLACK_SIGNING_SECRET });
  expect(result.status).toBe(200);
}

const started = (channel: string | undefined, type = 'assistant_thread_started') => ({
  type,
  assistant_thread: { user_id: 'U0ALICE', channel_id: DM, thread_ts: THREAD, context: channel === undefined ? {} : { channel_id: channel, team_id: 'T0001' } },
  event_ts: `${Date.now() / 1000}`,
});
const userMessage = (text: string) => ({ type: 'message', channel: DM, channel_type: 'im', user: 'U0ALICE', text, ts: `${1730000001 + seq}.000200`, thread_ts: THREAD, event_ts: `${1730000001 + seq}.000200` });
const promptsOf = (i: number) => double.callsTo('assistant.threads.setSuggestedPrompts')[i]!.args.prompts as { title: string; message: string }[];

describe('the agent pane', () => {
  it('a new thread gets the viewed channel’s watched queries as prompts (≤ 4); a context change re-suggests', async () => {
    const topics = async (channel: string) =>
      channel === 'C0OPS' ? { queries: ['pipeline', 'harbour strike', 'taliban revenue', 'ferry', 'glacier'], topStories: [] } : { queries: [], topStories: [news('t1', 'Glacier lake bursts its banks'), news('t2', 'Ferry strike ends')] };
    app = await startApp(double, { mode: 'http', assistantTopics: topics });
    await send(started('C0OPS'));
    await double.waitFor(() => double.callsTo('assistant.threads.setSuggestedPrompts')[0], 'prompts');
    expect(promptsOf(0).map((p) => p.message)).toEqual(['pipeline', 'harbour strike', 'taliban revenue', 'ferry']);
    expect(double.callsTo('assistant.threads.setSuggestedPrompts')[0]!.args).toMatchObject({ channel_id: DM, thread_ts: THREAD });

    await send(started('C0QUIET', 'assistant_thread_context_changed'));
    await double.waitFor(() => double.callsTo('assistant.threads.setSuggestedPrompts')[1], 'prompts again');
    expect(promptsOf(1).map((p) => p.title)).toEqual(['Glacier lake bursts its banks', 'Ferry strike ends']);
    // Nothing was posted for either event.
    expect(double.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('a question sets the status before the answer; "more" continues; filters alone narrow the thread’s brief', async () => {
    app = await startApp(double, { mode: 'http' });
    await send(started(undefined));
    await double.waitFor(() => double.callsTo('assistant.threads.setSuggestedPrompts')[0], 'prompts');
    expect(promptsOf(0)).toEqual([{ title: 'How do I ask Brief?', message: 'help' }]);

    const before = double.calls.length;
    await send(userMessage('afghanistan'));
    const answer = await double.waitFor(() => double.callsTo('chat.postMessage').find((c) => c.args.thread_ts === THREAD), 'answer');
    const after = double.calls.slice(before).map((c) => c.method);
    expect(after.indexOf('assistant.threads.setStatus')).toBeGreaterThanOrEqual(0);
    expect(after.indexOf('assistant.threads.setStatus')).toBeLessThan(after.indexOf('chat.postMessage'));
    expect(double.callsTo('assistant.threads.setStatus')[0]!.args.status).toBe('Searching 6 articles…');
    expect(JSON.stringify(answer.args.blocks)).toContain('Taliban');
    expect(answer.args.channel).toBe(DM);

    const answers = () => double.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === THREAD);
    // Brief's own answer, delivered back as a message event in the thread, is not a question.
    await send({ ...userMessage('Brief on “afghanistan”'), user: undefined, bot_id: 'BBOT' });
    await send(userMessage('more'));
    await double.waitFor(() => answers()[1], 'more');
    expect(double.callsTo('assistant.threads.setStatus')).toHaveLength(2);
    // Two stories fit one page: "more" continues the thread's brief, and says that was all.
    expect(String(answers()[1]!.args.text)).toContain('there are no more stories for "afghanistan"');

    await send(userMessage('source:usip'));
    await double.waitFor(() => answers()[2], 'narrowed');
    expect(String(answers()[2]!.args.text)).toContain('afghanistan source:usip');
  });
});
