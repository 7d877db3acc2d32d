import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexLookup } from '../../src/digest/pick-digest.js';
import { previewDigest, runDigest, type DigestDeps, type DigestTarget } from '../../src/digest/run-digest.js';
import { localDate } from '../../src/digest/schedule.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { messageProblems } from '../support/block-kit.js';
import { DigestSlackDouble } from '../support/digest-slack-double.js';
import { FakeClock } from './fake-clock.js';
import { captureLogger, expectOneDigestWithThread, indexOf, news } from './helpers.js';

const schedule = { time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6] };
const index = indexOf([news('a', 'Harbour reopens'), news('b', 'Rates held'), news('c', 'Storm warning issued'), news('d', 'Rail strike ends'), news('e', 'Vaccine approved')]);
let slack: DigestSlackDouble;
let store: Stores;
let clock: FakeClock;

beforeEach(async () => {
  slack = await new DigestSlackDouble().start();
  store = openSqliteStore(':memory:');
  clock = new FakeClock('2026-03-30T07:00:00Z');
  slack.now = () => clock.now();
  await store.arrivals.recordArrivals(['a', 'b'], new Date(clock.now().getTime() - 3_600_000));
});
afterEach(async () => {
  await slack.close();
  await store.close();
});

/** The run key runDigest claims: `<target>@<local date>`, one digest per target per day. */
const runKeyOf = (target: DigestTarget) => `${target.key}@${localDate(clock.now(), target.schedule.timeZone)}`;

function deps(extra: Partial<DigestDeps> = {}) {
  const { log, lines } = captureLogger();
  const sleeps: number[] = [];
  const d: DigestDeps = {
    ...store,
    articles: indexLookup(index),
    client: slack.client(),
    now: () => clock.now(),
    sleep: (ms) => {
      sleeps.push(ms);
      return clock.sleep(ms);
    },
    log,
    retry: { baseDelayMs: 10 },
    ...extra,
  };
  return { d, lines, sleeps };
}

describe('posting a digest through the loopback Slack', () => {
  it('waits out a 429 with Retry-After: 1 and posts once', async () => {
    slack.script('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const { d, sleeps, lines } = deps();
    const target: DigestTarget = { key: 'channel:C1', channel: 'C1', schedule };
    const outcome = await runDigest(d, target, clock.now());
    expect(outcome.status).toBe('posted');
    expect(sleeps).toEqual([1000]);
    expect(clock.now().toISOString()).toBe('2026-03-30T07:00:01.000Z'); // waited on the fake clock
    expect(slack.count('chat.postMessage')).toBe(2);
    expect(slack.messages).toHaveLength(1);
    expect(messageProblems(slack.messages[0]!)).toEqual([]);
    expect(lines.some((l) => l.msg === 'Slack post failed; retrying' && l.error === 'ratelimited')).toBe(true);
  });

  it('retries a 5xx with backoff, checking first that Slack did not take the post after all', async () => {
    slack.script('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } }, { status: 500, body: { ok: false }, keep: true });
    const { d, sleeps } = deps();
    const outcome = await runDigest(d, { key: 'channel:C1', channel: 'C1', schedule }, clock.now());
    expect(outcome.status).toBe('posted');
    expect(sleeps).toEqual([10, 20]);
    // The second 500 came after Slack stored the message: found in the history, not posted again.
    expect(slack.count('chat.postMessage')).toBe(2);
    expect(slack.messages).toHaveLength(1);
    expect(outcome).toMatchObject({ ts: slack.messages[0]!.ts });
  });

  it('reports channel_not_found once, for the App Home, and does not retry it', async () => {
    slack.missingChannels.add('CGONE');
    const { d, sleeps, lines } = deps();
    const target: DigestTarget = { key: 'channel:CGONE', channel: 'CGONE', schedule };
    const outcome = await runDigest(d, target, clock.now());
    expect(outcome).toMatchObject({ status: 'failed', error: 'channel_not_found', permanent: true });
    expect(slack.count('chat.postMessage')).toBe(1);
    expect(sleeps).toEqual([]);
    expect(lines.some((l) => l.level === 50 && l.error === 'channel_not_found')).toBe(true);
    const notices = await store.notices.listNotices();
    expect(notices.map((n) => n.message)).toEqual([expect.stringContaining('channel_not_found')]);
    // The scheduler asking again the same day does not loop on it.
    expect(await runDigest(d, target, clock.now())).toMatchObject({ status: 'skipped', previous: 'failed' });
    expect(slack.count('chat.postMessage')).toBe(1);
  });

  it('two processes running the same digest at once post it once', async () => {
    const target: DigestTarget = { key: 'channel:C1', channel: 'C1', schedule };
    const at = clock.now();
    const outcomes = await Promise.all([runDigest(deps().d, target, at), runDigest(deps().d, target, at)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['posted', 'skipped']);
    expect(slack.count('chat.postMessage')).toBe(1);
  });

  it('a transient failure leaves the run to be retried; a later attempt the same day posts once', async () => {
    for (let i = 0; i < 3; i++) slack.script('chat.postMessage', { status: 200, body: { ok: false, error: 'internal_error' } });
    const { d } = deps({ retry: { baseDelayMs: 1, maxAttempts: 3 } });
    const outcome = await runDigest(d, { key: 'channel:C1', channel: 'C1', schedule }, clock.now());
    expect(outcome).toMatchObject({ status: 'failed', error: 'internal_error', permanent: false, retry: true });
    expect(slack.count('chat.postMessage')).toBe(3);
    // Slack is back: a later attempt the same day checks the history, then posts once.
    const again = await runDigest(d, { key: 'channel:C1', channel: 'C1', schedule }, clock.now());
    expect(again).toMatchObject({ status: 'posted' });
    expect(slack.count('chat.postMessage')).toBe(4);
    expect(await runDigest(d, { key: 'channel:C1', channel: 'C1', schedule }, clock.now())).toMatchObject({ status: 'skipped', previous: 'posted' });
  });
});

describe('Slack 500s on each part of a digest with a thread', () => {
  const target: DigestTarget = { key: 'channel:C1', channel: 'C1', schedule };
  const thread = (_m: string, body: Record<string, unknown>) => body.thread_ts !== undefined;
  beforeEach(() => store.arrivals.recordArrivals(['c', 'd', 'e'], new Date(clock.now().getTime() - 3_600_000)));

  const expectOneOfEach = () => expectOneDigestWithThread(slack.messages, store, runKeyOf(target));

  it('a 500 after Slack took the headline: found in the history, not sent again; the thread follows', async () => {
    slack.script('chat.postMessage', { status: 500, body: { ok: false }, keep: true });
    const outcome = await runDigest(deps().d, target, clock.now());
    expect(outcome.status).toBe('posted');
    expect(slack.count('conversations.history')).toBe(1);
    expect(slack.count('chat.postMessage')).toBe(2);
    await expectOneOfEach();
  });

  it('a 500 after Slack took the thread reply: found among the replies, not sent again', async () => {
    slack.script('chat.postMessage', { when: thread, status: 500, body: { ok: false }, keep: true });
    const { d, sleeps } = deps();
    const outcome = await runDigest(d, target, clock.now());
    expect(outcome.status).toBe('posted');
    expect(sleeps).toEqual([10]);
    expect(slack.count('conversations.replies')).toBe(1);
    expect(slack.count('chat.postMessage')).toBe(2);
    await expectOneOfEach();
  });

  it('a 500 before Slack took the thread reply: not among the replies, so sent once more', async () => {
    slack.script('chat.postMessage', { when: thread, status: 500, body: { ok: false } });
    const outcome = await runDigest(deps().d, target, clock.now());
    expect(outcome.status).toBe('posted');
    expect(slack.count('conversations.replies')).toBe(1);
    expect(slack.count('chat.postMessage')).toBe(3);
    await expectOneOfEach();
  });

  it('a thread reply Slack refuses for good fails the run (the headline stands, once) and says so on the App Home', async () => {
    slack.script('chat.postMessage', { when: thread, body: { ok: false, error: 'is_archived' } });
    const { d } = deps();
    expect(await runDigest(d, target, clock.now())).toMatchObject({ status: 'failed', error: 'is_archived', permanent: true, retry: false });
    expect(slack.messages.filter((m) => m.thread_ts === undefined)).toHaveLength(1);
    expect(await store.runs.getRun(runKeyOf(target))).toMatchObject({ status: 'failed', error: 'is_archived' });
    expect((await store.notices.listNotices()).map((n) => n.message)).toEqual([expect.stringMatching(/^The full list \(thread reply\) of the daily digest could not be posted.*is_archived \(the channel is archived\)/)]);
    expect(await runDigest(d, target, clock.now())).toMatchObject({ status: 'skipped', previous: 'failed' });
    expect(slack.count('chat.postMessage')).toBe(2);
  });

  it('a run left posting by a version that recorded no parts: its headline is looked for before anything is sent', async () => {
    const key = runKeyOf(target);
    await store.runs.claimRun({ key, target: target.key, channel: 'C1', slot: key.split('@')[1]!, scheduledAt: clock.now(), since: new Date(clock.now().getTime() - 86_400_000), cutoff: clock.now(), startedAt: clock.now() });
    expect(await store.runs.beginPosting(key, { status: 'claimed', attempts: 0 }, [])).toEqual([]);
    // What that version had posted before it crashed: the headline with its marker.
    await slack.client().chat.postMessage({ channel: 'C1', text: 'Daily brief', blocks: [{ type: 'section', block_id: `brief_digest:${key}`, text: { type: 'mrkdwn', text: 'Daily brief' } }] });
    expect(await runDigest(deps().d, target, clock.now())).toMatchObject({ status: 'posted', ts: slack.messages[0]!.ts });
    expect(slack.count('conversations.history')).toBe(1);
    expect(slack.messages.map((m) => m.thread_ts)).toEqual([undefined, slack.messages[0]!.ts]);
    expect(await store.runs.getRun(key)).toMatchObject({ status: 'posted', ts: slack.messages[0]!.ts });
  });

  it('when the thread cannot be read to check for an interrupted reply, it warns and sends the reply (a rare duplicate over a lost list)', async () => {
    const { d, lines } = deps();
    // The first attempt gives up on the thread reply after two 500s (Slack did not take it).
    slack.script('chat.postMessage', { when: thread, status: 500, body: { ok: false } }, { when: thread, status: 500, body: { ok: false } });
    slack.script('conversations.replies', { body: { ok: false, error: 'missing_scope' } });
    const outcome = await runDigest({ ...d, retry: { baseDelayMs: 10, maxAttempts: 2 } }, target, clock.now());
    expect(outcome).toMatchObject({ status: 'failed', error: 'http_500', retry: true });
    expect((await store.runs.runParts(runKeyOf(target))).map((p) => p.status)).toEqual(['posted', 'sending']);
    expect(lines.some((l) => l.msg === 'could not check whether the earlier attempt landed; sending again')).toBe(true);

    slack.script('conversations.replies', { body: { ok: false, error: 'missing_scope' } });
    expect(await runDigest(d, target, clock.now())).toMatchObject({ status: 'posted' });
    expect(lines.some((l) => l.msg === 'could not read Slack to check for an earlier digest post; sending' && l.part === 1)).toBe(true);
    await expectOneOfEach();
  });

  it('a subscription digest lists last the stories its channel marked unhelpful', async () => {
    const target: DigestTarget = { key: 'sub:1', channel: 'C1', query: 'harbour rates', schedule };
    const natural = (await previewDigest({ ...store, articles: indexLookup(index), now: () => clock.now() }, target)).digest.items.map((i) => i.article.id);
    expect(natural).toHaveLength(2);
    const { d } = deps({ demoted: async (channel) => (channel === 'C1' ? [natural[0]!] : []) });
    expect((await runDigest(d, target, clock.now())).status).toBe('posted');
    const text = JSON.stringify(slack.messages[0]!.blocks);
    const title = (id: string) => index.articles.get(id)!.title;
    expect(text.indexOf(title(natural[1]!))).toBeLessThan(text.indexOf(title(natural[0]!)));
    expect(messageProblems(slack.messages[0]!)).toEqual([]);
  });
});
