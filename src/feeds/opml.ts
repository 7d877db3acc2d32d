import { DomUtils, parseDocument } from 'htmlparser2';
import { isHttpUrl } from '../articles/canonical-url.js';

/** One subscription of an OPML file. */
export interface OpmlFeed {
  url: string;
  name?: string;
}

const MAX_FEEDS = 5_000;

/**
 * The feeds of an OPML subscription list, the format feed readers import and export: every
 * `<outline>` with an `xmlUrl`, however deeply folders nest them, each URL once. Pure; never throws.
 * Outlines without an http(s) `xmlUrl` are reported, folders are not.
 *
 * @example parseOpml('<opml><body><outline text="News"><outline text="X" xmlUrl="https://x.org/rss"/></outline></body></opml>').feeds // => [{ url: 'https://x.org/rss', name: 'X' }]
 */
export function parseOpml(xml: string): { feeds: OpmlFeed[]; problems: string[] } {
  const doc = parseDocument(xml, { xmlMode: true });
  if (DomUtils.getElementsByTagName('opml', doc, true, 1).length === 0) return { feeds: [], problems: ['not an OPML file (no <opml> element)'] };
  const feeds = new Map<string, OpmlFeed>();
  const problems: string[] = [];
  for (const outline of DomUtils.getElementsByTagName('outline', doc, true)) {
    const attr = (name: string) => Object.entries(outline.attribs).find(([k]) => k.toLowerCase() === name)?.[1]?.trim();
    const raw = attr('xmlurl');
    if (raw === undefined || raw === '') continue;
    if (!isHttpUrl(raw)) {
      problems.push(`"${raw.slice(0, 100)}" is not an http(s) feed address`);
      continue;
    }
    const url = new URL(raw).href;
    if (feeds.has(url)) continue;
    if (feeds.size >= MAX_FEEDS) {
      problems.push(`only the first ${MAX_FEEDS} feeds are read`);
      break;
    }
    const name = (attr('title') || attr('text'))?.replace(/\s+/g, ' ').slice(0, 80);
    feeds.set(url, name ? { url, name } : { url });
  }
  return { feeds: [...feeds.values()], problems };
}

/**
 * An OPML 2.0 subscription list of the feeds, for another reader (or another Brief) to import.
 *
 * @example renderOpml([{ url: 'https://x.org/rss', name: 'X & Y' }], new Date('2026-03-30T06:00:00Z')).split('\n')[7] // => '    <outline type="rss" text="X &amp; Y" title="X &amp; Y" xmlUrl="https://x.org/rss"/>'
 */
export function renderOpml(feeds: readonly OpmlFeed[], now: Date): string {
  const lines = feeds.map((f) => `    <outline type="rss" text="${xmlAttr(f.name ?? f.url)}" title="${xmlAttr(f.name ?? f.url)}" xmlUrl="${xmlAttr(f.url)}"/>`);
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', '  <head>', '    <title>Brief feeds</title>', `    <dateCreated>${now.toUTCString()}</dateCreated>`, '  </head>', '  <body>', ...lines, '  </body>', '</opml>', ''].join('\n');
}

function xmlAttr(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
