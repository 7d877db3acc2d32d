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

/**
 * Lists every way a message breaks Slack's limits; empty when it fits.
 *
 * @example checkLimits({ text: 'hi', blocks: [] }) // => []
 */
export function checkLimits(message: SlackMessage): string[] {
  const problems: string[] = [];
  const L = SLACK_LIMITS;
  if (message.text.length > L.fallbackText) problems.push(`fallback text has ${message.text.length} characters (max ${L.fallbackText})`);
  if (message.blocks.length > L.blocks) problems.push(`${message.blocks.length} blocks (max ${L.blocks})`);
  const textMax = (where: string, t: { text: string } | undefined, max: number) => {
    if (t && t.text.length > max) problems.push(`${where}: ${t.text.length} characters (max ${max})`);
  };
  message.blocks.forEach((block, i) => {
    const where = `block ${i} (${block.type})`;
    switch (block.type) {
      case 'header':
        textMax(where, block.text, L.header);
        break;
      case 'section':
        textMax(where, block.text, L.text);
        if (block.fields && block.fields.length > L.fields) problems.push(`${where}: ${block.fields.length} fields (max ${L.fields})`);
        block.fields?.forEach((f) => textMax(`${where} field`, f, L.fieldText));
        break;
      case 'context':
        if (block.elements.length > L.contextElements) problems.push(`${where}: ${block.elements.length} elements (max ${L.contextElements})`);
        block.elements.forEach((e) => 'text' in e && textMax(`${where} element`, e, L.text));
        break;
      case 'actions':
        if (block.elements.length > L.actions) problems.push(`${where}: ${block.elements.length} elements (max ${L.actions})`);
        for (const e of block.elements) {
          if (e.type !== 'button') continue;
          textMax(`${where} button`, e.text, L.buttonText);
          if (e.action_id !== undefined && e.action_id.length > L.actionId) problems.push(`${where}: action_id too long`);
          if (e.value !== undefined && e.value.length > L.buttonValue) problems.push(`${where}: button value has ${e.value.length} characters (max ${L.buttonValue})`);
          if (e.url !== undefined && e.url.length > L.url) problems.push(`${where}: button url too long`);
        }
        break;
      default:
        break;
    }
  });
  return problems;
}
