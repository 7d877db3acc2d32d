import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessBriefService, type BriefService } from '../../src/brief/brief-service.js';
import { renderAppHome } from '../../src/render/app-home.js';
import { renderConversationBrief } from '../../src/render/conversation-brief.js';
import { messageProblems } from '../support/block-kit.js';
import { seedIndex } from '../support/slack-fixtures.js';

let briefs: BriefService;
beforeAll(async () => {
  briefs = inProcessBriefService(await seedIndex(), () => new Date('2026-01-01T00:00:00Z'));
});

describe('renderAppHome', () => {
  it('shows usage, the query language, corpus stats and notices, as valid Block Kit', () => {
    const view = renderAppHome({ stats: briefs.stats(), notices: ['Digest for <#C1> failed: not_in_channel <!channel>'] });
    expect(view.type).toBe('home');
    expect(messageProblems({ text: 'home', blocks: view.blocks })).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('6 articles');
    expect(text).toContain('Newest:');
    expect(text).toContain('since:7d');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('copes with an empty corpus and no notices', () => {
    const view = renderAppHome({ stats: { articles: 0 } });
    expect(messageProblems({ text: 'home', blocks: view.blocks })).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('0 articles');
  });
});

describe('renderConversationBrief', () => {
  it('has no buttons, and says how to ask for more when there is more', async () => {
    const many = renderConversationBrief(await briefs.brief('china russia taliban'), { command: '@Brief', moreCommand: '@Brief more' });
    expect(messageProblems(many)).toEqual([]);
    expect(many.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(many.blocks)).toContain('@Brief more');
    const few = renderConversationBrief(await briefs.brief('kazakhstan'), { command: '@Brief', moreCommand: '@Brief more' });
    expect(JSON.stringify(few.blocks)).not.toContain('@Brief more');
    const help = renderConversationBrief(await briefs.brief(''), { command: '@Brief', moreCommand: '@Brief more' });
    expect(messageProblems(help)).toEqual([]);
    expect(JSON.stringify(help.blocks)).toContain('@Brief china russia');
  });
});
