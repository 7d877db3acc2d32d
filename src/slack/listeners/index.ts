import type { App } from '@slack/bolt';
import type { AppState } from '../app-state.js';
import type { AppDeps } from '../deps.js';
import * as buttons from './actions/brief-buttons.js';
import * as assistant from './assistant/brief-assistant.js';
import * as feedback from './actions/feedback-buttons.js';
import * as briefCommand from './commands/brief-command.js';
import * as appHome from './events/app-home-opened.js';
import * as appMention from './events/app-mention.js';
import * as directMessage from './events/direct-message.js';

/**
 * Registers every listener of the app.
 *
 * @example registerListeners(app, deps, state); // every listener: commands, buttons, events, the agent pane
 * await deliver(requests.command('taliban revenue'));
 * await deliver(requests.mention('taliban revenue'));
 * [slack.responses.length, slack.posted.length] // => [1, 1]
 */
export function registerListeners(app: App, deps: AppDeps, state: AppState): void {
  assistant.register(app, deps, state);
  briefCommand.register(app, deps, state);
  buttons.register(app, deps, state);
  feedback.register(app, deps);
  appMention.register(app, deps, state);
  directMessage.register(app, deps, state);
  appHome.register(app, deps);
}
