import { describe, expect, it } from 'vitest';
import { messageProblems } from './support/block-kit.js';

describe('the Block Kit checker of the tests', () => {
  it('accepts a plain section', () => {
    expect(messageProblems({ text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] })).toEqual([]);
  });
  it('rejects a malformed block and a message over the limits', () => {
    expect(messageProblems({ text: 'hi', blocks: [{ type: 'section' }] }).length).toBeGreaterThan(0);
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(messageProblems({ text: 'hi', blocks: many })).toContain('51 blocks (max 50)');
    expect(messageProblems({ text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }).join()).toMatch(/3001 characters/);
  });
});
