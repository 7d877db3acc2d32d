import { isHttpUrl } from '../articles/canonical-url.js';

/**
 * Escapes text for Slack mrkdwn: `&`, `<` and `>` become entities, so no user- or article-supplied
 * string can form a link, a mention (`<@U123>`) or a broadcast (`<!channel>`).
 *
 * @example escapeMrkdwn('<!channel> & co') // => '&lt;!channel&gt; &amp; co'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes text and also neutralises mrkdwn formatting characters (`*`, `_`, `~`, `` ` ``) by putting
 * a zero-width joiner after them, for text placed inside bold or a link label.
 */
export function escapeLabel(text: string): string {
  return escapeMrkdwn(text).replace(/[*_~`|]/g, (c) => (c === '|' ? '¦' : `${c}\u200B`));
}

/**
 * Cuts text to at most `max` characters, at a word boundary where one is near, ending in "…".
 *
 * @example truncate('a long sentence', 8) // => 'a long…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const space = room.lastIndexOf(' ');
  const cut = space > max * 0.6 ? room.slice(0, space) : room;
  // Never leave half an entity (&amp;) or half a surrogate pair behind.
  const clean = cut.replace(/&[a-z]{0,4}$/i, '').replace(/[\uD800-\uDBFF]$/, '');
  return `${clean.trimEnd()}…`;
}

/** A link in mrkdwn, `<url|label>`, with the label escaped; anything but an http(s) URL gives the label alone. */
export function mrkdwnLink(url: string, label: string): string {
  if (!isHttpUrl(url)) return escapeLabel(label);
  const safeUrl = url.replace(/[<>|\s]/g, encodeURIComponent);
  return `<${safeUrl}|${escapeLabel(label)}>`;
}
