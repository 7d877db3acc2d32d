import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestScheduler } from '../../src/digest/digest-scheduler.js';
import { allTargets, type DigestSettings } from '../../src/digest/digest-targets.js';
import { indexLookup } from '../../src/digest/pick-digest.js';
import { runDigest, type DigestDeps, type DigestTarget } from '../../src/digest/run-digest.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { messageProblems } from '../support/block-kit.js';
import { DigestSlackDouble } from '../support/digest-slack-double.js';
import { FakeClock } from './fake-clock.js';
import { captureLogger, indexOf, news, tempDir } from './helpers.js';

const settings: DigestSettings = { channels: ['C1'], time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6], postWhenEmpty: false, catchupHours: 12 };
const articles = Array.from({ length: 8 }, (_, i) => news(`a${i}`, ['Harbour reopens', 'Rates held', 'Storm warning', 'Rail strike ends', 'Vaccine approved', 'Summit opens', 'Drought eases', 'Port expands'][i]!));

let slack: DigestSlackDouble;
let tmp: ReturnType<typeof tempDir>;
let dbFile: string;
const index = indexOf(articles);

beforeEach(async () => {
  slack = await new DigestSlackDouble().start();
  tmp = tempDir();
  dbFile = path.join(tmp.dir, 'brief.db');
});
afterEach(async () => {
  await slack.close();
  tmp.remove();
});

/** One "process": a store on the shared file, a runner and a scheduler on the fake clock. */
function boot(clock: FakeClock, options: { store?: Stores; postWhenEmpty?: boolean; refreshEveryMs?: number } = {}) {
  const store = options.store ?? openSqliteStore(dbFile);
  slack.now = () => clock.now();
  const { log, lines } = captureLogger();
  const deps: DigestDeps = { ...store, articles: indexLookup(index), client: slack.client(), now: () => clock.now(), sleep: (ms) => clock.sleep(ms), log, postWhenEmpty: options.postWhenEmpty ?? false };
  const fired: { target: string; at: string; now: string }[] = [];
  const scheduler = createDigestScheduler({
    clock,
    targets: () => allTargets({ ...settings, postWhenEmpty: deps.postWhenEmpty ?? false }, store.subscriptions),
    run: (target, at) => {
      fired.push({ target: target.key, at: at.toISOString(), now: clock.now().toISOString() });
      return runDigest(deps, target, at);
    },
    catchupHours: settings.catchupHours,
    log,
    ...(options.refreshEveryMs === undefined ? {} : { refreshEveryMs: options.refreshEveryMs }),
  });
  return { store, deps, scheduler, fired, lines };
}

const headlines = () => slack.messages.filter((m) => m.thread_ts === undefined);
const target: DigestTarget = { key: 'channel:C1', channel: 'C1', schedule: { time: { hour: 8, minute: 0 }, timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6] } };

describe('digest scheduler on a fake clock', () => {
  it('tries a digest again later the same day after a transient Slack failure, and posts it once', async () => {
    const clock = new FakeClock('2026-03-30T07:30:00Z');
    const app = boot(clock, { postWhenEmpty: true });
    for (let i = 0; i < 5; i++) slack.script('chat.postMessage', { status: 200, body: { ok: false, error: 'internal_error' } });
    await app.scheduler.start();
    await clock.advanceTo('2026-03-30T09:00:00Z', () => app.scheduler.idle());
    expect(app.fired.map((f) => f.at)).toEqual(['2026-03-30T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    expect(headlines()).toHaveLength(1);
    expect((await app.store.runs.getRun('channel:C1@2026-03-30'))?.status).toBe('posted');
    app.scheduler.stop();
  });

  it('fires at 08:00 Europe/London on both sides of the spring and autumn clock changes', async () => {
    const clock = new FakeClock('2026-03-27T21:00:00Z');
    const app = boot(clock, { postWhenEmpty: true });
    await app.scheduler.start();
    await clock.advanceTo('2026-03-31T12:00:00Z', () => app.scheduler.idle());
    expect(app.fired.map((f) => f.now)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z']);
    app.scheduler.stop();

    const autumn = new FakeClock('2026-10-23T21:00:00Z');
    const again = boot(autumn, { store: app.store, postWhenEmpty: true });
    await again.scheduler.start();
    await autumn.advanceTo('2026-10-26T12:00:00Z', () => again.scheduler.idle());
    expect(again.fired.map((f) => f.now)).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
    again.scheduler.stop();
    expect(headlines()).toHaveLength(7);
    for (const m of slack.messages) {
      expect(messageProblems(m)).toEqual([]);
      expect(m).toMatchObject({ unfurl_links: false, unfurl_media: false });
    }
    await app.store.close();
  });

  it('posts what arrived since the last digest, and a second run the same day posts nothing', async () => {
    const clock = new FakeClock('2026-03-30T06:00:00Z');
    const app = boot(clock);
    await app.store.arrivals.recordArrivals(['a0', 'a1', 'a2', 'a3', 'a4'], new Date('2026-03-30T05:00:00Z'));
    await app.scheduler.start();
    await clock.advanceTo('2026-03-30T07:30:00Z', () => app.scheduler.idle());
    expect(headlines()).toHaveLength(1);
    expect(slack.messages).toHaveLength(2); // five stories: a headline and its thread
    expect(slack.messages[1]!.thread_ts).toBe(slack.messages[0]!.ts);
    expect(slack.messages[0]!.metadata).toEqual({ event_type: 'brief_digest', event_payload: { run: 'channel:C1@2026-03-30' } });

    expect(await runDigest(app.deps, target, new Date('2026-03-30T07:00:00Z'))).toMatchObject({ status: 'skipped', previous: 'posted' });
    await app.store.arrivals.recordArrivals(['a5'], new Date('2026-03-30T10:00:00Z'));
    await clock.advanceTo('2026-03-30T15:00:00Z');
    expect(await runDigest(app.deps, target, clock.now())).toMatchObject({ status: 'skipped' });
    expect(slack.count('chat.postMessage')).toBe(2);

    // The next day holds only what arrived after the first digest.
    await clock.advanceTo('2026-03-31T07:30:00Z', () => app.scheduler.idle());
    expect(headlines()).toHaveLength(2);
    expect(headlines()[1]!.text).toContain('Summit opens');
    expect(headlines()[1]!.text).not.toContain('Harbour reopens');
    app.scheduler.stop();
    await app.store.close();
  });

  it('after a crash between Slack taking the post and the store recording it, a restart posts nothing more', async () => {
    const clock = new FakeClock('2026-03-30T07:00:00Z');
    slack.now = () => clock.now();
    const store = openSqliteStore(dbFile);
    await store.arrivals.recordArrivals(['a0', 'a1'], new Date('2026-03-30T05:00:00Z'));
    // The "process" dies right after chat.postMessage succeeded: the store never hears of it.
    const runs = new Proxy(store.runs, {
      get(t, prop, receiver) {
        if (prop === 'markPartPosted') {
          return async () => {
            throw new Error('simulated crash');
          };
        }
        return Reflect.get(t, prop, receiver) as unknown;
      },
    });
    const crashing: Stores = { ...store, runs };
    const first = boot(clock, { store: crashing });
    await expect(runDigest(first.deps, target, clock.now())).rejects.toThrow('simulated crash');
    expect(headlines()).toHaveLength(1);
    expect((await store.runs.getRun('channel:C1@2026-03-30'))?.status).toBe('posting');
    await store.close();

    // Restart: a new store on the same file, start-up catch-up runs the 08:00 digest again.
    await clock.advanceTo('2026-03-30T07:05:00Z');
    const second = boot(clock);
    await second.scheduler.start();
    await second.scheduler.idle();
    expect(second.fired).toHaveLength(1);
    expect(slack.count('conversations.history')).toBe(1);
    expect(headlines()).toHaveLength(1);
    const run = await second.store.runs.getRun('channel:C1@2026-03-30');
    expect(run).toMatchObject({ status: 'posted', ts: headlines()[0]!.ts });
    expect(second.lines.some((l) => l.msg === 'digest part was sent before an interruption; recorded it, not sending again')).toBe(true);
    second.scheduler.stop();
    await second.store.close();
  });

  it('downtime across 08:00 gives exactly one catch-up post, and only within the window', async () => {
    const clock = new FakeClock('2026-03-30T06:00:00Z');
    const up = boot(clock);
    await up.store.arrivals.recordArrivals(['a0', 'a1'], new Date('2026-03-30T05:00:00Z'));
    await up.scheduler.start();
    up.scheduler.stop(); // down from 06:00 …
    await up.store.close();

    await clock.advanceTo('2026-03-30T10:00:00Z'); // … to 11:00 London time
    const back = boot(clock);
    await back.scheduler.start();
    await back.scheduler.idle();
    expect(headlines()).toHaveLength(1);
    back.scheduler.stop();
    await back.store.close();

    await clock.advanceTo('2026-03-30T10:30:00Z'); // another restart the same morning
    const again = boot(clock);
    await again.scheduler.start();
    await again.scheduler.idle();
    expect(headlines()).toHaveLength(1);
    expect(again.fired).toHaveLength(1); // it ran, found the day done, and posted nothing
    again.scheduler.stop();

    // Down for the whole of the next day's window: 08:00 was 13 hours before, beyond 12.
    await again.store.arrivals.recordArrivals(['a2'], new Date('2026-03-30T12:00:00Z'));
    await again.store.close();
    await clock.advanceTo('2026-03-31T20:00:00Z');
    const late = boot(clock);
    await late.scheduler.start();
    await late.scheduler.idle();
    expect(late.fired).toHaveLength(0);
    expect(headlines()).toHaveLength(1);
    late.scheduler.stop();
    await late.store.close();
  });

  it('runs subscriptions at their own time with their query, and they survive a restart', async () => {
    const clock = new FakeClock('2026-03-30T05:00:00Z');
    const app = boot(clock);
    await app.store.subscriptions.addSubscription({ channel: 'C2', query: 'rail strike', time: '07:15', createdBy: 'U1', createdAt: clock.now() });
    await app.store.arrivals.recordArrivals(['a1', 'a3'], new Date('2026-03-30T04:00:00Z'));
    await app.store.close();

    const restarted = boot(clock);
    await restarted.scheduler.start();
    await clock.advanceTo('2026-03-30T06:20:00Z', () => restarted.scheduler.idle());
    expect(restarted.fired.map((f) => [f.target, f.now])).toEqual([['sub:1', '2026-03-30T06:15:00.000Z']]);
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.channel).toBe('C2');
    expect(slack.messages[0]!.text).toContain('Rail strike ends');
    expect(slack.messages[0]!.text).not.toContain('Rates held');
    restarted.scheduler.stop();
    await restarted.store.close();
  });

  it('picks up within its refresh interval a subscription another replica added (only the leader schedules)', async () => {
    const clock = new FakeClock('2026-03-30T05:00:00Z');
    const leader = boot(clock, { refreshEveryMs: 60_000 });
    const follower = openSqliteStore(dbFile); // the other replica's store: its own scheduler does not run
    await leader.store.arrivals.recordArrivals(['a1', 'a3'], new Date('2026-03-30T04:00:00Z'));
    await leader.scheduler.start();
    await clock.advanceTo('2026-03-30T05:10:00Z', () => leader.scheduler.idle());
    await follower.subscriptions.addSubscription({ channel: 'C2', query: 'rail strike', time: '07:15', createdBy: 'U1', createdAt: clock.now() });
    await clock.advanceTo('2026-03-30T06:20:00Z', () => leader.scheduler.idle());
    expect(leader.fired.map((f) => [f.target, f.now])).toEqual([['sub:1', '2026-03-30T06:15:00.000Z']]);
    // Ended there, it is dropped here too: no digest the next day.
    expect(await follower.subscriptions.removeSubscription(1, 'C2')).toBe(true);
    await clock.advanceTo('2026-03-31T06:20:00Z', () => leader.scheduler.idle());
    expect(leader.fired.map((f) => f.target)).toEqual(['sub:1', 'channel:C1']);
    leader.scheduler.stop();
    expect(clock.pending).toBe(0);
    await follower.close();
    await leader.store.close();
  });
});
