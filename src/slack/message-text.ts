/**
 * Turns a Slack message's text into a query: mentions, broadcasts and link markup removed
 * (`<https://x|label>` keeps its label, `<#C1|news>` its name), entities decoded, spaces collapsed.
 *
 * @example queryFromMessage('<@UBOT> taliban &amp; revenue') // => 'taliban & revenue'
 */
export function queryFromMessage(text: string | undefined): string {
  if (text === undefined) return '';
  return text
    .replace(/<[@!][^>]*>/g, ' ')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '$1')
    .replace(/<#[A-Z0-9]+>/g, ' ')
    .replace(/<((?:https?|mailto):[^>|]*)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>|]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * True when a message asks to continue the last brief (`more`, `next`, `more please`).
 *
 * @example isMoreRequest('More!') // => true
 */
export function isMoreRequest(query: string): boolean {
  return /^(more|next|more please|next page)[.!]*$/i.test(query.trim());
}
