import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { htmlToParagraphs } from './parse-feed.js';

/** Why a page gave no usable full text. */
export type ExtractionFailure = 'PAYWALL' | 'LOGIN_WALL' | 'NO_ARTICLE' | 'SHORTER_THAN_TEASER';

/** The article's text as plain paragraphs, or why the teaser stays. */
export type Extraction = { ok: true; text: string; lang?: string } | { ok: false; code: ExtractionFailure; reason: string };

/** Largest number of elements Readability looks at; a bigger page is not an article page. */
const MAX_ELEMENTS = 30_000;
const WALL_MARKER = /(?:^|[\s_-])(paywall|pay-wall|regwall|reg-wall|registration-wall|login-?wall|signin-wall|subscriber-only|subscribers-only|subscription-required|premium-content|meteredContent)(?:$|[\s_-])/i;
const WALL_TEXT = /\b(subscribe|subscription) (now )?to (continue|keep) reading|\b(sign|log) ?in to (continue|keep) reading|\b(sign|log) ?in to read\b|\bcreate a free account to (continue|read)|\bthis (article|story|content) is (only )?(available )?(for|to) (subscribers|members)\b|\balready a subscriber\?/i;
const LOGIN = /log[- ]?in|sign[- ]?in|regist|reg-?wall|account/i;

/**
 * The main text of an article page, pure: the HTML is parsed with linkedom (scripts are never run),
 * checked for a paywall or login wall (schema.org `isAccessibleForFree: false`, wall class names,
 * "subscribe to continue reading"), reduced to the article by Mozilla's Readability, and sanitized to
 * plain paragraphs. Fails when no article is found or its text is no longer than the feed's teaser.
 *
 * @example const page = await readFile(`${fixtureDir}/pages/harbour-crane.html`, 'utf8');
 * extractArticle(page, 'https://x.org/a', 'Short teaser.').ok // => true
 * extractArticle(await readFile(`${fixtureDir}/pages/paywall.html`, 'utf8'), 'https://x.org/b', 'Short teaser.').ok // => false
 */
export function extractArticle(html: string, url: string, teaser: string): Extraction {
  try {
    return extract(html, url, teaser);
  } catch (err) {
    // linkedom and Readability throw on some malformed input (a document with no root element…).
    return { ok: false, code: 'NO_ARTICLE', reason: `the page could not be read as an article (${(err as Error).message.slice(0, 120)})` };
  }
}

function extract(html: string, url: string, teaser: string): Extraction {
  const { document } = parseHTML(html);
  const wall = findWall(document);
  if (wall !== undefined) return wall;
  const lang = document.documentElement?.getAttribute('lang')?.trim().toLowerCase().split(/[-_]/)[0];
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { maxElemsToParse: MAX_ELEMENTS, keepClasses: false }).parse();
  const text = parsed?.content ? htmlToParagraphs(parsed.content) : '';
  if (text === '') return { ok: false, code: 'NO_ARTICLE', reason: `no article text found at ${url}` };
  if (text.length <= teaser.trim().length) return { ok: false, code: 'SHORTER_THAN_TEASER', reason: `the page's text (${text.length} characters) is no longer than the teaser (${teaser.trim().length})` };
  return lang !== undefined && /^[a-z]{2,3}$/.test(lang) ? { ok: true, text, lang } : { ok: true, text };
}

type Doc = ReturnType<typeof parseHTML>['document'];

function findWall(document: Doc): Extraction | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    if (/"isAccessibleForFree"\s*:\s*("?false"?|"no")/i.test(script.textContent ?? '')) return wallOf('paywall', 'the page marks itself isAccessibleForFree: false');
  }
  if (/^(false|no)$/i.test(document.querySelector('meta[itemprop="isAccessibleForFree"]')?.getAttribute('content') ?? '')) return wallOf('paywall', 'the page marks itself isAccessibleForFree: false');
  for (const el of document.querySelectorAll('[class], [id]')) {
    const marker = WALL_MARKER.exec(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`)?.[1];
    if (marker !== undefined) return wallOf(LOGIN.test(marker) ? 'login' : 'paywall', `the page has a "${marker}" element`);
  }
  const body = document.body?.textContent ?? '';
  const phrase = WALL_TEXT.exec(body)?.[0];
  if (phrase !== undefined) return wallOf(LOGIN.test(phrase) ? 'login' : 'paywall', `the page says "${phrase}"`);
  return undefined;
}

function wallOf(kind: 'paywall' | 'login', why: string): Extraction {
  return kind === 'login' ? { ok: false, code: 'LOGIN_WALL', reason: `login wall: ${why}` } : { ok: false, code: 'PAYWALL', reason: `paywall: ${why}` };
}
