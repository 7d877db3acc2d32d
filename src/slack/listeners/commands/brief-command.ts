import type { AllMiddlewareArgs, App, RespondArguments, RespondFn, SlackCommandMiddlewareArgs, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { renderNotice } from '../../../render/error-message.js';
import { renderAnyBrief } from '../../../render/render-brief.js';
import { databaseUnreachable } from '../../../store/unreachable.js';
import type { SlackMessage } from '../../../render/limits.js';
import { teamOf, type AppState } from '../../app-state.js';
import type { AppDeps, SubcommandHandler } from '../../deps.js';
import { logOf } from '../../request-log.js';
import { reportFailure } from '../../report-failure.js';

/** The slash command, as in manifest.yml. */
export const BRIEF_COMMAND = '/brief';

/**
 * `/brief …`: acknowledged at once, then answered privately through the `response_url`. The first
 * word picks a subcommand from `deps.commands` when it names one; otherwise the text is a query
 * (`help` and a bare `/brief` give help).
 *
 * @example const acks: string[] = []; const replies: Record<string, unknown>[] = [];
 * const command = { text: 'taliban revenue', user_id: 'U1', channel_id: 'C1', response_url: slack.responseUrl('c') };
 * await briefCommand(deps, state)({ command, ack: async () => void acks.push('ack'), respond: async (m) => void replies.push(m), client, context: { teamId: 'T1' } } as never);
 * [acks, replies[0].response_type] // => [['ack'], 'ephemeral']
 * JSON.stringify(replies[0]).includes('Taliban Are Collecting Revenue') // => true
 */
export function briefCommand(deps: AppDeps, state: AppState) {
  // User text picks the handler: only own entries, through a Map (never Object's prototype).
  const commands: ReadonlyMap<string, SubcommandHandler> = new Map(Object.entries(deps.commands ?? {}));
  return async ({ command, ack, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    // Acknowledged first; under a burst the briefs themselves wait their turn (src/search-thread/one-per-turn.ts).
    await ack();
    const log = logOf(context, deps.logger);
    const team = teamOf(context);
    // Only the message's own text and blocks go out: nothing else a handler returns is ever sent.
    const reply = (message: SlackMessage) => sendEphemeral(state, team, respond, command, { response_type: 'ephemeral', text: message.text, blocks: message.blocks });
    try {
      await reply(await answer(deps, commands, command, client, log));
    } catch (err) {
      if (!databaseUnreachable(err)) return void (await reportFailure(log, err, reply));
      // A change (subscribe, alert, feed …) that could not be saved is refused in so many words, never lost quietly.
      log.warn({ err }, 'database unreachable: the command was not done');
      await reply(renderNotice(DATABASE_AWAY)).catch((replyErr: unknown) => log.error({ err: replyErr }, 'could not say the database is unreachable'));
    }
  };
}

/** The answer to a command the database was needed for, while it cannot be reached. */
const DATABASE_AWAY = ':warning: Brief could not reach its database just now, so this was not done and nothing was saved. Briefs still work; please try this again in a minute.';

async function answer(deps: AppDeps, commands: ReadonlyMap<string, SubcommandHandler>, command: SlashCommand, client: WebClient, log: Logger): Promise<SlackMessage> {
  const text = command.text.trim();
  const word = text.split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  const handler = word === '' ? undefined : commands.get(word);
  if (handler !== undefined) {
    log.info({ subcommand: word }, 'subcommand');
    return handler({
      args: text.slice(word.length).trim(),
      userId: command.user_id,
      channelId: command.channel_id,
      ...(command.team_id ? { teamId: command.team_id } : {}),
      client,
      log,
      now: deps.clock.now(),
    });
  }
  const brief = await deps.briefs.brief(text);
  log.info({ query: text, kind: brief.kind }, 'brief');
  return renderAnyBrief(brief, { command: BRIEF_COMMAND });
}

/** Through the response_url while it has posts left, else as an ephemeral Web API message. */
async function sendEphemeral(state: AppState, team: string, respond: RespondFn, command: SlashCommand, message: RespondArguments & SlackMessage): Promise<void> {
  if (typeof command.response_url === 'string' && (await state.conversations.takeResponseUrl(team, command.response_url))) {
    await respond(message);
    return;
  }
  await state.noRetry.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text: message.text, blocks: message.blocks });
}

/**
 * Registers `/brief`.
 *
 * @example register(app, deps, state);
 * await deliver(requests.command('taliban revenue'));
 * JSON.stringify(slack.responses[0].body).includes('Taliban Are Collecting Revenue') // => true
 */
export function register(app: App, deps: AppDeps, state: AppState): void {
  app.command(BRIEF_COMMAND, briefCommand(deps, state));
}
