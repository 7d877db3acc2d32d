import type { HomeView, KnownBlock } from '@slack/types';
import type { CorpusStats } from '../articles/corpus-change.js';
import { context, plural, section } from './brief-message.js';
import { escapeLabel, escapeMrkdwn, mrkdwnLink, truncate } from './escape.js';
import { formatDate, publisherLine } from './format.js';
import { HELP_INTRO, QUERY_HELP } from './help-text.js';

export interface AppHomeOptions {
  stats: CorpusStats;
  /** Extra notices shown at the top (for example digest delivery errors), one line each. */
  notices?: readonly string[];
}

/**
 * The App Home tab: notices first, then how to ask, the query language, and what the corpus holds.
 *
 * @example renderAppHome({ stats: { articles: 6 } }).type // => 'home'
 */
export function renderAppHome(options: AppHomeOptions): HomeView {
  const { stats } = options;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Brief: world news, briefly' } }];
  const notices = (options.notices ?? []).slice(0, 10);
  if (notices.length > 0) {
    blocks.push(section(notices.map((n) => `:warning: ${escapeMrkdwn(truncate(n, 280))}`).join('\n')));
    blocks.push({ type: 'divider' });
  }
  blocks.push(section(HELP_INTRO));
  blocks.push(
    section(
      [
        '*How to ask*',
        '• `/brief <query>` anywhere: a private brief only you see; *Share in channel* posts it for everyone, *More* shows the next stories.',
        '• Mention `@Brief <query>` in a channel: the answer comes in a thread. Mention `@Brief` alone in a thread to brief on its first message; say `@Brief more` there for the next stories.',
        '• Send me a direct message: the message is the query.',
      ]
        .map(escapeMrkdwn) // the `<query>` placeholders are text, not Slack markup
        .join('\n'),
    ),
  );
  blocks.push(section(['*The query language*', ...QUERY_HELP.map((h) => `\`${h.syntax}\`  ${h.meaning}`)].join('\n')));
  blocks.push({ type: 'divider' });
  const corpus = [`*What the corpus holds:* ${plural(stats.articles, 'article')}`];
  const newest = stats.newest;
  if (newest !== undefined) {
    const title = truncate(newest.title, 200);
    const link = newest.url ? mrkdwnLink(newest.url, title) : escapeLabel(title);
    corpus.push(`Newest: ${link} · ${escapeLabel(truncate(publisherLine(newest), 150))}${newest.published ? ` · ${formatDate(newest.published)}` : ''}`);
  }
  blocks.push(section(corpus.join('\n')));
  blocks.push(context(['Briefs quote the articles verbatim and number each source, so every line can be checked.']));
  return { type: 'home', blocks };
}
