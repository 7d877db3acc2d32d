import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../src/articles/parse-article.js';
import { isPublicAddress } from '../../src/fetch/address-policy.js';
import { decodeText } from '../../src/fetch/decode-text.js';
import { robotsRules } from '../../src/fetch/robots-rules.js';
import { extractArticle } from '../../src/feeds/extract-article.js';
import { isTeaser } from '../../src/feeds/full-text.js';

describe('which addresses the fetcher may reach', () => {
  it('public unicast only; IPv6 forms of IPv4 addresses are judged by the IPv4 address', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:93.184.216.34']) expect(isPublicAddress(a), a).toBe(true);
    for (const a of ['127.0.0.1', '127.5.5.5', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1', 'localhost', 'example.com', '']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    expect(isPublicAddress('172.32.0.1')).toBe(true);
  });
});

describe('robots.txt rules (RFC 9309)', () => {
  it('parsed for Brief; a missing file allows all, a failing one refuses all', () => {
    const rules = robotsRules('https://x.org/robots.txt', { status: 200, text: 'User-agent: *\nDisallow: /\n\nUser-agent: Brief\nDisallow: /members/\nCrawl-delay: 3\n' });
    expect(rules.allows('https://x.org/news/1')).toBe(true);
    expect(rules.allows('https://x.org/members/1')).toBe(false);
    expect(rules.delayMs).toBe(3_000);
    expect(robotsRules('https://x.org/robots.txt', { status: 200, text: 'User-agent: *\nDisallow: /\n' }).allows('https://x.org/a')).toBe(false);
    expect(robotsRules('https://x.org/robots.txt', { status: 404, text: '' }).allows('https://x.org/a')).toBe(true);
    expect(robotsRules('https://x.org/robots.txt', { status: 503, text: '' })).toMatchObject({ refusal: 'robots.txt answered HTTP 503' });
    expect(robotsRules('https://x.org/robots.txt', { failed: 'timeout' }).allows('https://x.org/a')).toBe(false);
  });
});

describe('article text', () => {
  const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} tells the reader one more fact about the harbour, its ships and the people who work there every day.</p>`).join('');

  it('teasers: short text, or a description-only item that is not long', () => {
    expect(isTeaser({ text: 'One sentence.', excerpt: false })).toBe(true);
    expect(isTeaser({ text: 'x'.repeat(1500), excerpt: true })).toBe(true);
    expect(isTeaser({ text: 'x'.repeat(1500), excerpt: false })).toBe(false);
    expect(isTeaser({ text: 'x'.repeat(3000), excerpt: true })).toBe(false);
  });

  it('extracts paragraphs, finds walls, and refuses text no longer than the teaser', () => {
    const page = `<html lang="ru-RU"><head><title>Harbour news</title></head><body><nav><a href="/">Home</a></nav><article><h1>Harbour news</h1>${paragraphs(5)}</article><script>alert(1)</script></body></html>`;
    const ok = extractArticle(page, 'https://x.org/a', 'Teaser.');
    expect(ok).toMatchObject({ ok: true, lang: 'ru' });
    expect(ok.ok && ok.text.split('\n\n')).toHaveLength(5);
    expect(extractArticle(page, 'https://x.org/a', 'x'.repeat(5000))).toMatchObject({ ok: false, code: 'SHORTER_THAN_TEASER' });
    expect(extractArticle(`<html><body><article>${paragraphs(5)}<div class="c-paywall">Subscribe</div></article></body></html>`, 'u', 't')).toMatchObject({ ok: false, code: 'PAYWALL' });
    expect(extractArticle(`<html><body><article>${paragraphs(2)}<p>Log in to continue reading.</p></article></body></html>`, 'u', 't')).toMatchObject({ ok: false, code: 'LOGIN_WALL' });
    expect(extractArticle('<html><body><meta itemprop="isAccessibleForFree" content="False"></body></html>', 'u', 't')).toMatchObject({ ok: false, code: 'PAYWALL' });
    expect(extractArticle('<html><body></body></html>', 'u', 't')).toMatchObject({ ok: false, code: 'NO_ARTICLE' });
    expect(extractArticle('\u0000\u0001 not html at all <<<', 'u', 't')).toMatchObject({ ok: false });
  });

  it('decodes in the charset the header, XML declaration or meta tag names', () => {
    const cp1251 = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]);
    expect(decodeText(Buffer.concat([Buffer.from('<meta charset="windows-1251">'), cp1251]), 'text/html')).toContain('Привет');
    expect(decodeText(cp1251, 'text/html; charset=windows-1251')).toBe('Привет');
    expect(decodeText(Buffer.from('é', 'latin1'), 'text/html; charset=nonsense')).toBe('\uFFFD');
  });

  it('`text: teaser` in front matter marks an article teaser only; other values are refused', () => {
    expect(parseArticleFile('a.md', '---\ntitle: T\ntext: teaser\n---\nOne line.').articles[0]!.teaserOnly).toBe(true);
    expect(parseArticleFile('a.md', '---\ntitle: T\ntext: full\n---\nOne line.').articles[0]!.teaserOnly).toBeUndefined();
    expect(parseArticleFile('a.md', '---\ntitle: T\ntext: maybe\n---\nOne line.').problems[0]!.reason).toContain('text must be full or teaser');
    expect(parseArticleFile('a.json', '[{"title":"T","text":"The body."}]').articles[0]!.body).toBe('The body.');
  });
});
