import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS, parseButtonState, renderBrief, type ButtonState } from '../../../render/brief-message.js';
import { renderNotice } from '../../../render/error-message.js';
import type { SlackMessage } from '../../../render/limits.js';
import { renderAnyBrief } from '../../../render/render-brief.js';
import { teamOf, type AppState } from '../../app-state.js';
import type { AppDeps } from '../../deps.js';
import { reportFailure, slackErrorCode } from '../../report-failure.js';
import { logOf } from '../../request-log.js';
import { BRIEF_COMMAND } from '../commands/brief-command.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Web API errors that mean Brief may not post in that conversation. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_dm_bot']);

/** What a button handler gets once the press is acknowledged and its value read. */
interface Press {
  args: ButtonArgs;
  button: ButtonState;
  log: ReturnType<typeof logOf>;
  reply: (message: SlackMessage, replaceOriginal: boolean) => Promise<void>;
}

/**
 * The common part of both buttons: `ack()` first, a request logger, the button's state read back
 * (a value that is not ours is ignored), and any failure turned into a private apology.
 */
function onPress(deps: AppDeps, state: AppState, handle: (press: Press) => Promise<void>) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const log = logOf(args.context, deps.logger);
    const reply = private_(state, teamOf(args.context), args.body, args.respond);
    try {
      const button = parseButtonState(args.action.value);
      if (button !== undefined) await handle({ args, button, log, reply });
    } catch (err) {
      await reportFailure(log, err, (m) => reply(m, false));
    }
  };
}

/**
 * *Share in channel*: posts the brief visibly in the channel, credited to the user who pressed it,
 * then deletes the private original. Where Brief may not post, the user is told how to invite it.
 */
export function shareBrief(deps: AppDeps, state: AppState) {
  return onPress(deps, state, async ({ args: { body, context, respond }, button, log, reply }) => {
    const channel = body.channel?.id;
    if (channel === undefined) return;
    const brief = await deps.briefs.brief(button.q, { page: button.p });
    if (brief.kind !== 'results') {
      await reply(renderNotice(`Nothing to share: "${button.q}" has no results any more.`), false);
      return;
    }
    const message = renderBrief(brief, { sharedBy: body.user.id, buttons: false });
    try {
      // One press, one post: keyed by the press (its trigger), retried only if it did not land.
      await state.postReply({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }, `${teamOf(context)}:share:${body.trigger_id}`, log);
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === undefined || !CANNOT_POST.has(code)) throw err;
      log.warn({ code }, 'cannot share into this conversation');
      await reply(renderNotice(`I can't post here (${code}). Invite me with /invite @Brief, then press Share again.`), false);
      return;
    }
    log.info({ query: button.q, page: button.p }, 'brief shared');
    if (await takeResponseUrl(state, teamOf(context), body)) await respond({ delete_original: true });
  });
}

/** *More*: replaces the private brief with its next page. */
export function moreBrief(deps: AppDeps, state: AppState) {
  return onPress(deps, state, async ({ button, log, reply }) => {
    const brief = await deps.briefs.brief(button.q, { page: button.p });
    log.info({ query: button.q, page: button.p }, 'brief page');
    await reply(renderAnyBrief(brief, { command: BRIEF_COMMAND }), true);
  });
}

/**
 * A private reply to a button press: through the response_url while it has posts left (replacing
 * the original or not), else `chat.postEphemeral`.
 */
function private_(state: AppState, team: string, body: BlockAction, respond: ButtonArgs['respond']) {
  return async (message: SlackMessage, replaceOriginal: boolean): Promise<void> => {
    if (await takeResponseUrl(state, team, body)) {
      await respond({ response_type: 'ephemeral', replace_original: replaceOriginal, text: message.text, blocks: message.blocks });
      return;
    }
    const channel = body.channel?.id;
    if (channel === undefined) return;
    await state.noRetry.chat.postEphemeral({ channel, user: body.user.id, text: message.text, blocks: message.blocks });
  };
}

function takeResponseUrl(state: AppState, team: string, body: BlockAction): Promise<boolean> {
  return typeof body.response_url === 'string' ? state.conversations.takeResponseUrl(team, body.response_url) : Promise.resolve(false);
}

/**
 * Registers the brief's buttons.
 *
 * @example register(app, deps, state);
 * const share = renderBrief(brief).blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.share);
 * await deliver(requests.press('button', ACTIONS.share, share.value));
 * slack.posted.map((m) => m.channel) // => ['C1']
 * slack.responses[0].body.delete_original // => true
 */
export function register(app: App, deps: AppDeps, state: AppState): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.share, shareBrief(deps, state));
  app.action<BlockAction<ButtonAction>>(ACTIONS.more, moreBrief(deps, state));
}
