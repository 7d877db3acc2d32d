import type { Article } from '../articles/article.js';
import { truncate } from './escape.js';

/** One suggested prompt of Slack's agent pane: the label shown, and the message sent when picked. */
export interface SuggestedPrompt {
  title: string;
  message: string;
}

/** Slack shows at most four suggested prompts. */
export const MAX_SUGGESTED_PROMPTS = 4;
const TITLE_MAX = 75;

/**
 * The prompts offered when a user opens a thread with Brief: the channel's watched queries (its
 * subscriptions and alerts) first, else the day's top stories. At most four, no repeats. Plain
 * text (Slack shows prompts as typed), cut to fit.
 *
 * @example suggestedPrompts(['pipeline'], [])[0] // => { title: 'Latest on pipeline', message: 'pipeline' }
 */
export function suggestedPrompts(queries: readonly string[], topStories: readonly Article[]): SuggestedPrompt[] {
  const prompts: SuggestedPrompt[] = [];
  const seen = new Set<string>();
  const add = (title: string, message: string) => {
    const key = message.toLowerCase();
    if (seen.has(key) || prompts.length >= MAX_SUGGESTED_PROMPTS || message.trim() === '') return;
    seen.add(key);
    prompts.push({ title: truncate(title, TITLE_MAX), message: truncate(message, 300) });
  };
  for (const q of queries) add(`Latest on ${q}`, q);
  if (prompts.length === 0) for (const a of topStories) add(a.title, a.title);
  if (prompts.length === 0) add('How do I ask Brief?', 'help');
  return prompts;
}
