import type { KnownBlock } from '@slack/types';
import type { Query } from '../search/query.js';
import { context, section } from './brief-message.js';
import { escapeLabel, escapeMrkdwn, truncate } from './escape.js';
import type { SlackMessage } from './limits.js';

/** Why a query over an empty corpus finds nothing: said instead of "nothing matches". */
export const EMPTY_CORPUS_REASON =
  'The corpus holds no articles: every file in the corpus folder was skipped as unreadable or invalid (the log names each one and why). Fix or replace those files; Brief picks them up without a restart.';

/**
 * "Nothing matched", with words from the corpus to try instead and a pointer to help; or, when
 * the corpus is empty, that and why.
 *
 * @example renderNoResults(parseQuery('zzz', now), ['taliban']).text // => 'Nothing matches “zzz”.'
 */
export function renderNoResults(query: Query, suggestions: readonly string[], command = '/brief', corpusEmpty = false): SlackMessage {
  if (corpusEmpty) return { text: EMPTY_CORPUS_REASON, blocks: [section(`:warning: ${EMPTY_CORPUS_REASON}`)] };
  const q = escapeLabel(truncate(query.text, 200));
  const blocks: KnownBlock[] = [section(`:mag: Nothing in the corpus matches “${q}”.`)];
  const filters = query.sources.length + query.tags.length > 0 || query.since !== undefined || query.until !== undefined;
  const tips: string[] = [];
  if (suggestions.length > 0) tips.push(`Try: ${suggestions.map((s) => `\`${escapeMrkdwn(s)}\``).join(', ')}`);
  if (filters) tips.push('Or drop a filter (source:, tag:, since:, until:) to widen the search.');
  tips.push(`\`${command} help\` shows the query language.`);
  blocks.push(section(tips.join('\n')));
  if (query.notes.length > 0) blocks.push(context(query.notes.slice(0, 10).map((n) => `:information_source: ${escapeMrkdwn(truncate(n, 300))}`)));
  return { text: `Nothing matches “${escapeMrkdwn(truncate(query.text, 200))}”.`, blocks };
}
