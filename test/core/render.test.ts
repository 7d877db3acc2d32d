import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBrief } from '../../src/brief/make-brief.js';
import { parseButtonState, renderBrief } from '../../src/render/brief-message.js';
import { renderError } from '../../src/render/error-message.js';
import { escapeMrkdwn, truncate } from '../../src/render/escape.js';
import { renderHelp } from '../../src/render/help-message.js';
import { renderAnyBrief } from '../../src/render/render-brief.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import { article } from '../support/articles.js';
import { messageProblems } from '../support/block-kit.js';
import { NOW, results, seedIndex } from '../support/seed.js';

const now = NOW;
let seed: BriefIndex;
beforeAll(async () => {
  seed = await seedIndex();
});

describe('renderers (snapshots, each valid Block Kit within the limits)', () => {
  it('a brief', () => {
    const message = renderBrief(results(makeBrief(seed, 'taliban revenue', { now })));
    expect(messageProblems(message)).toEqual([]);
    expect(message).toMatchSnapshot();
  });

  it('a brief with a second page, and an item without a URL', () => {
    const message = renderBrief(results(makeBrief(seed, 'china russia', { now, pageSize: 2 })));
    expect(messageProblems(message)).toEqual([]);
    const text = JSON.stringify(message);
    expect(text).toContain('Original link not known; text found at <https://reflectiigeopolitice.ro/');
    expect(text).toContain('date unknown');
    expect(text).toContain('brief_more');
    expect(message).toMatchSnapshot();
  });

  it('a shared brief names who shared it and has no buttons', () => {
    const message = renderBrief(results(makeBrief(seed, 'xi putin', { now })), { sharedBy: 'U0123ABCD', buttons: false });
    expect(messageProblems(message)).toEqual([]);
    expect(JSON.stringify(message.blocks[0])).toContain('Shared by <@U0123ABCD>');
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(message)).toContain('Global Times (Chinese state-affiliated media) · 4 Feb 2022');
  });

  it('no results, help, and an error', () => {
    const none = renderAnyBrief(makeBrief(seed, 'talbn source:nowhere', { now }));
    const help = renderHelp('/brief');
    const error = renderError('ref-1a2b3c');
    for (const m of [none, help, error]) expect(messageProblems(m)).toEqual([]);
    expect(JSON.stringify(none)).toContain('/brief help');
    expect(none).toMatchSnapshot();
    expect(help).toMatchSnapshot();
    expect(error).toMatchSnapshot();
  });

  it('button values round-trip', () => {
    const message = renderBrief(results(makeBrief(seed, 'china russia', { now, pageSize: 2 })));
    const actions = message.blocks.find((b) => b.type === 'actions');
    const values = actions && actions.type === 'actions' ? actions.elements.map((e) => ('value' in e ? e.value : undefined)) : [];
    expect(values.map(parseButtonState)).toEqual([{ q: 'china russia', p: 0 }, { q: 'china russia', p: 1 }]);
    expect(parseButtonState('{"q":1}')).toBeUndefined();
    expect(parseButtonState('nope')).toBeUndefined();
  });
});

describe('escaping: no query or article can ping anyone', () => {
  const hostile = buildIndex([
    article({
      id: 'evil',
      title: 'Alert <!channel> & <@U123> <https://evil.example|click>',
      url: 'https://example.com/a?x=1&y=<2>',
      source: 'Evil <!here> Press',
      author: '<@U999>',
      body: 'Everyone <!channel> must read this & act now. <!everyone> says hello to <@U123>.',
    }),
  ]);

  it('mentions and ampersands in an article come out as literal text', () => {
    const message = renderBrief(results(makeBrief(hostile, 'alert', { now })));
    expect(messageProblems(message)).toEqual([]);
    const text = JSON.stringify(message);
    for (const raw of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U999>', '<https://evil']) expect(text).not.toContain(raw);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&amp;');
  });

  it('mentions in a query come out as literal text', () => {
    for (const q of ['<!channel> alert', '<@U123> & alert', 'zzz <!here>']) {
      const message = renderAnyBrief(makeBrief(hostile, q, { now }));
      expect(messageProblems(message)).toEqual([]);
      // Button values are never displayed, so they may carry the query as typed.
      const shown = JSON.stringify(message, (key, value: unknown) => (key === 'value' ? undefined : value));
      expect(shown).not.toMatch(/<!(channel|here)>|<@U123>/);
    }
  });

  it('escapeMrkdwn and truncate', () => {
    expect(escapeMrkdwn('a & <b>')).toBe('a &amp; &lt;b&gt;');
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a fairly long sentence here', 12)).toBe('a fairly…');
    expect(truncate('x'.repeat(20), 10)).toHaveLength(10);
  });
});

describe("Slack's limits", () => {
  it('cuts huge articles cleanly and says how many more results there are', () => {
    const word = (i: number) => `w${i.toString(36)}x`;
    const long = (i: number, n: number) => Array.from({ length: n }, (_, k) => `Huge report ${word(i * 1000 + k)} on the crisis ${word(i * 7 + k)}.`).join(' ');
    const index = buildIndex(
      Array.from({ length: 30 }, (_, i) =>
        article({ id: `a${i}`, title: `Crisis ${Array.from({ length: 60 }, (_, k) => word(i * 100 + k)).join(' ')}`, source: `Outlet ${i} ${'x'.repeat(500)}`, url: `https://example.com/${i}`, body: `${long(i, 200)}\n\n${long(i + 50, 100)}` }),
      ),
    );
    const brief = results(makeBrief(index, 'crisis report', { now, pageSize: 10 }));
    const message = renderBrief(brief);
    expect(messageProblems(message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('…');
    expect(JSON.stringify(message)).toMatch(/20 more stories/);
  });

  it('any query renders a valid message (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        const message = renderAnyBrief(makeBrief(seed, q, { now }));
        expect(messageProblems(message)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('any article text renders a valid message (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400 }), fc.string({ minLength: 1, maxLength: 2000 }), (title, body) => {
        const index = buildIndex([article({ id: 'x', title: `${title} zebra`, body: `${body} zebra.` })]);
        const message = renderAnyBrief(makeBrief(index, 'zebra', { now }));
        expect(messageProblems(message)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('terminal rendering', () => {
  it('shows titles, publisher, date, URL, summary and citations', () => {
    const text = renderTerminal(makeBrief(seed, 'xi putin', { now }));
    expect(text).toMatch(/\[1\] Xi meets Putin/);
    expect(text).toContain('Global Times (Chinese state-affiliated media) · 4 Feb 2022');
    expect(text).toContain('https://www.globaltimes.cn/page/202202/1251396.shtml');
    expect(text).toMatch(/\[1\]\n/);
  });
});
