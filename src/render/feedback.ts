import type { ContextActionsBlock } from '@slack/types';
import type { Article } from '../articles/article.js';
import { SLACK_LIMITS } from './limits.js';

/** The action id of every item's feedback buttons. */
export const FEEDBACK_ACTION = 'brief_feedback';

/** A press of an item's feedback button, as its value carries it. */
export interface FeedbackPress {
  helpful: boolean;
  /** Where the item came from: `brief:<query>`, `alert:3`, `sub:7`, `channel:C1` (a daily digest). */
  origin: string;
  articleId: string;
}

const ORIGIN = /^(brief:.{1,300}|alert:\d{1,9}|sub:\d{1,9}|channel:[CGD][A-Z0-9]{2,20})$/s;

/**
 * Slack's native feedback buttons (`feedback_buttons` in a `context_actions` block) for one item;
 * undefined when the item's ids do not fit a button's value.
 *
 * @example feedbackBlock('alert:3', article)?.type // => 'context_actions'
 */
export function feedbackBlock(origin: string, article: Article): ContextActionsBlock | undefined {
  const value = (helpful: boolean) => JSON.stringify({ h: helpful ? 1 : 0, o: origin, a: article.id });
  if (value(false).length > SLACK_LIMITS.buttonValue || !ORIGIN.test(origin)) return undefined;
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_ACTION,
        positive_button: { text: { type: 'plain_text', text: 'Useful' }, value: value(true), accessibility_label: 'Mark this story useful' },
        negative_button: { text: { type: 'plain_text', text: 'Not useful' }, value: value(false), accessibility_label: 'Mark this story not useful' },
      },
    ],
  };
}

/**
 * Reads a feedback button's value back; undefined for anything that is not one of ours.
 *
 * @example parseFeedbackValue('{"h":0,"o":"alert:3","a":"x"}') // => { helpful: false, origin: 'alert:3', articleId: 'x' }
 */
export function parseFeedbackValue(value: unknown): FeedbackPress | undefined {
  if (typeof value !== 'string' || value.length > SLACK_LIMITS.buttonValue) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { h, o, a } = parsed as Record<string, unknown>;
  if ((h !== 0 && h !== 1) || typeof o !== 'string' || !ORIGIN.test(o) || typeof a !== 'string' || a === '' || a.length > 1000) return undefined;
  return { helpful: h === 1, origin: o, articleId: a };
}
