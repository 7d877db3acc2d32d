import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SLACK_LIMITS, type SlackMessage } from '../../src/render/limits.js';
import { SHARED } from './paths.js';

const schema = JSON.parse(readFileSync(path.join(SHARED, 'slack/slack-block-kit.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateBlocks = ajv.compile(schema);

/**
 * Every problem with a message: Block Kit schema errors (the community schema in ../shared/slack)
 * and Slack's limits (50 blocks in a message, 3000 characters a text, …). Empty when valid.
 */
export function messageProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  if (typeof message.text !== 'string' || message.text === '') problems.push('no fallback text');
  const blocks = message.blocks ?? [];
  if (!validateBlocks(blocks)) {
    for (const e of validateBlocks.errors ?? []) problems.push(`schema: ${e.instancePath} ${e.message ?? ''}`);
  }
  if (Array.isArray(blocks)) problems.push(...checkLimits({ text: String(message.text ?? ''), blocks } as SlackMessage));
  return problems;
}

/**
 * Lists every way a message breaks Slack's limits; empty when it fits.
 */
function checkLimits(message: SlackMessage): string[] {
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
