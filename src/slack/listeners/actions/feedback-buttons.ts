import type { AllMiddlewareArgs, App, BlockAction, FeedbackButtonsAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { FEEDBACK_ACTION, parseFeedbackValue } from '../../../render/feedback.js';
import type { AppDeps } from '../../deps.js';
import { logOf } from '../../request-log.js';

/**
 * A press of an item's feedback buttons: acknowledged at once, then recorded for the user (a second
 * press on the same item changes the first). Nothing is posted: Slack shows the presser their own
 * choice, and no one else sees it. A value that is not ours is ignored.
 *
 * @example const pressed: unknown[] = [];
 * app.action(FEEDBACK_ACTION, feedbackPress({ ...deps, feedback: async (p) => void pressed.push(p) }));
 * await deliver(requests.press('feedback_buttons', FEEDBACK_ACTION, '{"h":0,"o":"alert:3","a":"x"}'));
 * pressed // => [{ helpful: false, origin: 'alert:3', articleId: 'x', userId: 'U1', channel: 'C1' }]
 */
export function feedbackPress(deps: AppDeps) {
  return async ({ ack, action, body, context }: SlackActionMiddlewareArgs<BlockAction<FeedbackButtonsAction>> & AllMiddlewareArgs) => {
    await ack();
    const log = logOf(context, deps.logger);
    const press = parseFeedbackValue(action.value);
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (press === undefined || typeof channel !== 'string' || deps.feedback === undefined) {
      log.info({ recorded: false }, 'feedback press ignored');
      return;
    }
    try {
      await deps.feedback({ ...press, userId: body.user.id, channel });
      log.info({ origin: press.origin, helpful: press.helpful }, 'feedback recorded');
    } catch (err) {
      log.error({ err }, 'feedback could not be recorded');
    }
  };
}

/**
 * Registers the feedback buttons.
 *
 * @example const pressed: unknown[] = [];
 * register(app, { ...deps, feedback: async (p) => void pressed.push(p) });
 * await deliver(requests.press('feedback_buttons', FEEDBACK_ACTION, 'not ours'));
 * [pressed, logs.some((l) => l.msg === 'feedback press ignored')] // => [[], true]
 */
export function register(app: App, deps: AppDeps): void {
  app.action<BlockAction<FeedbackButtonsAction>>(FEEDBACK_ACTION, feedbackPress(deps));
}
