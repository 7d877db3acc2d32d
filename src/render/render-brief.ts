import type { Brief } from '../brief/make-brief.js';
import { renderBrief, type BriefRenderOptions } from './brief-message.js';
import { renderHelp } from './help-message.js';
import type { SlackMessage } from './limits.js';
import { renderNoResults } from './no-results-message.js';

/**
 * Any brief (results, no results, help) as a Slack message.
 *
 * @example renderAnyBrief(makeBrief(index, 'help', { now })).blocks[0].type // => 'header'
 */
export function renderAnyBrief(brief: Brief, options: BriefRenderOptions & { command?: string } = {}): SlackMessage {
  switch (brief.kind) {
    case 'help':
    case 'empty':
      return renderHelp(options.command, brief.query.notes);
    case 'no-results':
      return renderNoResults(brief.query, brief.suggestions, options.command, brief.corpusEmpty === true);
    case 'results':
      return renderBrief(brief, options);
  }
}
