/**
 * Feedback buttons and `/brief stats` through the real Bolt HTTP receiver and Web API client against
 * the loopback Slack double, over a SQLite file.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statsCommand } from '../../src/alerts/stats-command.js';
import { countBriefs, feedbackRecorder } from '../../src/alerts/usage.js';
import { indexLookup } from '../../src/digest/pick-digest.js';
import { FEEDBACK_ACTION } from '../../src/render/feedback.js';
import type { AlertStore } from '../../src/store/alert-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Stores } from '../../src/store/store.js';
import { tempDir } from '../digest/helpers.js';
import { form, postSigned } from '../support/sign.js';
import { SlackDouble, TEAM_ID } from '../support/slack-double.js';
import { seedIndex, slashCommand, startApp, TEST_SECRETS, type RunningApp } from '../support/slack-app.js';

const ADMIN = 'U0ADMIN';
let double: SlackDouble;
let tmp: ReturnType<typeof tempDir>;
let stores: Stores;
let alerts: AlertStore;
let app: RunningApp;
let seq = 0;

beforeEach(async () => {
  double = await SlackDouble.start();
  tmp = tempDir('brief-feedback-');
  stores = openSqliteStore(path.join(tmp.dir, 'brief.db'));
  alerts = stores.alerts;
  const articles = indexLookup(await seedIndex());
  const now = () => new Date();
  app = await startApp(double, {
    mode: 'http',
    commands: { stats: statsCommand({ alerts, adminUserIds: [ADMIN] }) },
    feedback: feedbackRecorder({ alerts, articles, now }),
    wrapBriefs: (briefs) => countBriefs(briefs, alerts, now),
  });
});
afterEach(async () => {
  await app.stop();
  await stores.close();
  expect(double.problems).toEqual([]);
  await double.close();
  tmp.remove();
});

async function slash(text: string, user: string) {
  seq += 1;
  return slashCommand(double, app, { id: `fb-${seq}`, text, user, channel: 'C0NEWS' });
}

type FeedbackElement = { action_id: string; positive_button: { value: string }; negative_button: { value: string } };
const feedbackOf = (body: Record<string, unknown>): FeedbackElement[] =>
  (body.blocks as { type: string; elements?: FeedbackElement[] }[]).filter((b) => b.type === 'context_actions').map((b) => b.elements![0]!);

/** Presses a feedback button as `user` and waits until the app has logged the outcome. */
async function press(user: string, value: string) {
  seq += 1;
  const before = app.logs.filter((l) => String(l.msg).startsWith('feedback')).length;
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'double' },
    user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C0NEWS', is_ephemeral: true },
    trigger_id: `trigger-${seq}`,
    channel: { id: 'C0NEWS', name: 'news' },
    response_url: double.responseUrl(`press-${seq}`),
    actions: [{ type: 'feedback_buttons', block_id: 'fb', action_id: FEEDBACK_ACTION, text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000001.000000' }],
  };
  expect((await postSigned(`${app.url}/slack/events`, form({ payload: JSON.stringify(payload) }), { secret: TEST_SECRETS.SLACK_SIGNING_SECRET })).status).toBe(200);
  return double.waitFor(() => app.logs.filter((l) => String(l.msg).startsWith('feedback'))[before], `feedback outcome ${seq}`);
}

describe('feedback on brief items, and /brief stats', () => {
  it('every item carries native feedback buttons; a press counts once per user, a second press changes it', async () => {
    const brief = await slash('taliban revenue', 'U0ALICE');
    const buttons = feedbackOf(brief);
    const items = (brief.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section' && /^\*\d+\./.test(b.text?.text ?? ''));
    expect(buttons.length).toBe(items.length);
    expect(buttons.length).toBeGreaterThan(0);
    const [first] = buttons;

    expect((await press('U0ALICE', first!.negative_button.value)).msg).toBe('feedback recorded');
    await press('U0ALICE', first!.negative_button.value);
    await press('U0ALICE', first!.positive_button.value); // changes Alice's press
    await press('U0BOB', first!.negative_button.value);
    expect((await press('U0BOB', '{"h":1,"o":"__proto__","a":"x"}')).msg).toBe('feedback press ignored');
    expect((await press('U0BOB', 'not json')).msg).toBe('feedback press ignored');

    const stats = await alerts.usageStats(10);
    expect(stats.byOrigin).toEqual([{ key: 'brief:taliban revenue', helpful: 1, unhelpful: 1 }]);
    expect(stats.bySource).toHaveLength(1);
    expect(stats.bySource[0]).toMatchObject({ helpful: 1, unhelpful: 1 });
    expect(stats.bySource[0]!.key).not.toBe('unknown');
    expect(await alerts.demotedArticles('C0NEWS')).toEqual([]); // one up, one down: not demoted
    await press('U0CAROL', first!.negative_button.value);
    expect(await alerts.demotedArticles('C0NEWS')).toEqual([JSON.parse(first!.negative_button.value).a]);
  });

  it('/brief stats shows briefs asked, top queries and feedback to an admin, and refuses anyone else', async () => {
    const brief = await slash('taliban revenue', 'U0ALICE');
    await slash('Taliban Revenue', 'U0BOB');
    await slash('china russia', 'U0BOB');
    await slash('help', 'U0BOB'); // help is not a brief
    await press('U0ALICE', feedbackOf(brief)[0]!.negative_button.value);

    const refused = await slash('stats', 'U0ALICE');
    expect(refused.text).toBe('Only Brief’s admins can see its stats.');
    const stats = await slash('stats', ADMIN);
    expect(stats.response_type).toBe('ephemeral');
    expect(stats.text).toBe('Brief stats: 3 briefs asked.');
    const shown = JSON.stringify(stats.blocks);
    expect(shown).toContain('1. “taliban revenue” × 2');
    expect(shown).toContain('2. “china russia” × 1');
    expect(shown).toContain('brief “taliban revenue” · :thumbsup: 0 · :thumbsdown: 1');
  });
});
