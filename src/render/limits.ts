import type { KnownBlock } from '@slack/types';

/** Slack's published limits for a message's Block Kit. */
export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  header: 150,
  contextElements: 10,
  fieldText: 2000,
  fields: 10,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  url: 3000,
  actions: 25,
  fallbackText: 40_000,
} as const;

/** A message as Brief sends it: fallback text (notifications, screen readers) and blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
