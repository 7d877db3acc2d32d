import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { checkLimits, type SlackMessage } from '../../src/render/limits.js';
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
