/**
 * Issue 9 (smaller defects): article-supplied publisher names, authors and the fallback `text` go
 * through the same escaper as titles, so `*text*` from an article never renders bold; Brief's own
 * `<query>`/`<id>` placeholders are escaped, never sent as Slack markup.
 */
import { describe, expect, it } from 'vitest';
import { makeBrief } from '../../src/brief/make-brief.js';
import { renderAppHome } from '../../src/render/app-home.js';
import { renderBrief } from '../../src/render/brief-message.js';
import { renderSubscriptionList, renderSubscriptionUsage } from '../../src/render/subscription-message.js';
import { buildIndex } from '../../src/search/build-index.js';
import { article } from '../support/articles.js';
import { messageProblems } from '../support/block-kit.js';
import { NOW, results } from '../support/seed.js';

/** Every mrkdwn string of a message: its fallback text and each text object in its blocks. */
function mrkdwnStrings(message: { text: string; blocks: unknown[] }): string[] {
  const out = [message.text];
  JSON.stringify(message.blocks, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') out.push(value);
    return value;
  });
  return out;
}

describe('article text is escaped one way', () => {
  it('neutralises *bold*, _italic_ and ~strike~ in publisher, author and fallback text as in titles', () => {
    const index = buildIndex([article({ id: 'a', title: 'Kabul *revenue* report', body: 'Taliban revenue rose.', source: '*Bold Press*', sourceLabel: '_state_ media', author: '~Jane~ Doe', url: 'https://example.org/a' })]);
    const message = renderBrief(results(makeBrief(index, 'taliban', { now: NOW })));
    expect(messageProblems(message)).toEqual([]);
    for (const text of mrkdwnStrings(message)) {
      expect(text).not.toMatch(/\*Bold Press\*|_state_|~Jane~|\*revenue\*/);
    }
    expect(message.text).toContain('*\u200BBold Press*\u200B');
  });
});

describe("Brief's own placeholders", () => {
  it('sends <query> and <id> escaped in the App Home and the subscription messages', () => {
    const messages = [
      { text: 'home', blocks: renderAppHome({ stats: { articles: 0 }, notices: [] }).blocks },
      renderSubscriptionList([], 'UTC'),
      renderSubscriptionList([{ id: 1, query: 'x', time: '08:00', createdBy: 'U1' }], 'UTC'),
      renderSubscriptionUsage('Say `/brief unsubscribe <id>` to end one.'),
    ];
    for (const message of messages) {
      for (const text of mrkdwnStrings(message as { text: string; blocks: unknown[] })) expect(text).not.toMatch(/<(query|id)>/);
    }
    expect(JSON.stringify(messages[0])).toContain('/brief &lt;query&gt;');
  });
});
