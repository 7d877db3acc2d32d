/**
 * `/brief alert`, `/brief alerts`, `/brief alert stop` through the Slack app's real Bolt HTTP receiver
 * and Web API client, against the loopback Slack double of the app's tests.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertCommands, MAX_ALERTS_PER_CHANNEL } from '../../src/alerts/alert-commands.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { SlackDouble } from '../support/slack-double.js';
import { slashCommand, startApp, type RunningApp } from '../support/slack-app.js';
import { tempDir } from '../digest/helpers.js';

const ADMIN = 'U0ADMIN';
let double: SlackDouble;
let tmp: ReturnType<typeof tempDir>;
let stores: Stores | undefined;
let app: RunningApp | undefined;
let seq = 0;

beforeAll(async () => {
  double = await SlackDouble.start();
  tmp = tempDir('brief-alert-commands-');
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await stores?.close();
  expect(double.problems).toEqual([]);
});
afterAll(async () => {
  await double.close();
  tmp.remove();
});

async function boot(adminUserIds: string[] = [ADMIN]) {
  stores = openSqliteStore(path.join(tmp.dir, 'brief.db'));
  app = await startApp(double, { mode: 'http', commands: alertCommands({ alerts: stores.alerts, timeZone: 'Europe/London', adminUserIds }) });
}

async function slash(text: string, user: string, channel = 'C0OPS') {
  seq += 1;
  const reply = await slashCommand(double, app!, { id: `alert-${seq}`, text, user, channel });
  expect(reply.response_type).toBe('ephemeral');
  return { text: String(reply.text), blocks: JSON.stringify(reply.blocks) };
}

describe('/brief alert, alerts, alert stop', () => {
  it('an admin sets, lists and stops alerts; they survive a restart; others are refused', async () => {
    await boot();
    const added = await slash('alert pipeline every 15 min quiet 22:00-07:00', ADMIN);
    expect(added.text).toContain('Alert 1 set');
    expect(added.text).toContain('every 15 min, quiet 22:00–07:00 (Europe/London)');
    expect((await slash('alert <!channel> leak', 'U0MALLORY')).text).toContain('Only Brief’s admins can change alerts');
    expect((await slash('alert stop 1', 'U0MALLORY')).text).toContain('Only Brief’s admins');
    await app!.stop();
    app = undefined;
    await stores!.close();

    await boot();
    const list = await slash('alerts', 'U0MALLORY');
    expect(list.text).toBe('This channel has 1 alert.');
    expect(list.blocks).toContain('pipeline');
    expect(list.blocks).toContain('every 15 min');
    expect((await slash('alerts', ADMIN, 'C0ELSE')).text).toBe('This channel has no alerts.');
    expect((await slash('alert stop 1', ADMIN, 'C0ELSE')).text).toContain('no alert 1');
    expect((await slash('alert stop #1', ADMIN)).text).toBe('Alert 1 stopped.');
    expect(await stores!.alerts.listAlerts()).toEqual([]);
  });

  it('malformed requests are explained; queries are escaped; the per-channel limit holds', async () => {
    await boot([]);
    expect((await slash('alert', 'U0ANY')).text).toContain('Say what to watch');
    expect((await slash('alert pipeline every 0 min', 'U0ANY')).text).toContain('out of range');
    expect((await slash('alert stop x', 'U0ANY')).text).toContain('Say which alert to stop');
    const hostile = await slash('alert <!channel> <@U123> *bold*', 'U0ANY');
    expect(hostile.blocks).not.toContain('<!channel>');
    expect(hostile.blocks).not.toContain('<@U123>');
    for (let i = 1; i < MAX_ALERTS_PER_CHANNEL; i++) await stores!.alerts.addAlert({ channel: 'C0OPS', query: `topic ${i}`, everyMinutes: 10, createdBy: 'U0ANY', createdAt: new Date() });
    expect((await slash('alert one too many', 'U0ANY')).text).toContain(`already has ${MAX_ALERTS_PER_CHANNEL} alerts`);
  });
});
