import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Article } from '../articles/article.js';
import type { BriefService } from '../brief/brief-service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/read-config.js';
import type { FeedbackPress } from '../render/feedback.js';
import type { SlackMessage } from '../render/limits.js';
import type { ConversationStore } from './conversation-store.js';

/** What a `/brief <subcommand>` handler gets. */
export interface SubcommandContext {
  /** The text after the subcommand word, trimmed (`/brief subscribe china at 09:00` → `china at 09:00`). */
  args: string;
  userId: string;
  channelId: string;
  teamId?: string;
  /** The Web API client, authorised with the bot token. */
  client: WebClient;
  /** The request's child logger (command, user, channel bound). */
  log: Logger;
  now: Date;
}

/**
 * Answers one `/brief` subcommand; the message it returns is sent to the user as an ephemeral reply.
 *
 * @example const ping: SubcommandHandler = async () => renderNotice('pong'); // createBriefApp({ …, commands: { ping } })
 * registerListeners(app, { ...deps, commands: { ping } }, state);
 * await deliver(requests.command('ping'));
 * JSON.stringify(slack.responses[0].body).includes('pong') // => true
 */
export type SubcommandHandler = (ctx: SubcommandContext) => Promise<SlackMessage>;

/** Everything the Slack app needs, injected. */
export interface AppDeps {
  config: Config;
  /** The search side: the only way listeners reach the index. */
  briefs: BriefService;
  logger: Logger;
  clock: Clock;
  /**
   * `/brief <word> …` routes to the handler of that word when there is one (for example `digest`,
   * `subscribe`); any other text is a query. `help` and a bare `/brief` give help. Only the object's
   * own entries count (they are copied into a `Map`): `constructor` or `__proto__` finds nothing.
   */
  commands?: Readonly<Record<string, SubcommandHandler>>;
  /** Event ids, thread memory and response_url budgets; default: in memory (a restart forgets them). */
  conversations?: ConversationStore;
  /**
   * What a channel watches (its subscriptions' and alerts' queries) and the day's top stories: the
   * agent pane's suggested prompts. Without it, the pane suggests how to ask.
   */
  assistantTopics?: (channelId: string) => Promise<{ queries: string[]; topStories: Article[] }>;
  /** Records a feedback press (src/slack/listeners/actions/feedback-buttons.ts); without it presses are ignored. */
  feedback?: (press: FeedbackPress & { userId: string; channel: string }) => Promise<void>;
  /** Lines shown at the top of the App Home (for example digest delivery errors). */
  homeNotices?: () => readonly string[] | Promise<readonly string[]>;
  /** This replica's part among several (`GET /healthz`); a lone process does the leader's work. Default leader. */
  role?: () => 'leader' | 'follower';
  /** Whether the shared database answers (`GET /healthz`); briefs are answered from the index either way. Default ok. */
  database?: () => 'ok' | 'unreachable';
}
