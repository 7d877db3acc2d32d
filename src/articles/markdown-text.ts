/**
 * Markdown body → plain-text paragraphs. Headings, images, HTML comments and code fences are dropped
 * (they are not sentences); links keep their text; emphasis marks go. Lines of one paragraph are joined.
 *
 * @example markdownParagraphs('# Hi\n\nSee [USIP](https://usip.org) *now*.') // => ['See USIP now.']
 */
export function markdownParagraphs(markdown: string): string[] {
  const withoutFences = markdown.replace(/\r\n?/g, '\n').replace(/^```[\s\S]*?^```\s*$/gm, '').replace(/<!--[\s\S]*?-->/g, '');
  const paragraphs: string[] = [];
  for (const block of withoutFences.split(/\n\s*\n/)) {
    const lines = block
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^#{1,6}(\s|$)/.test(line) && !/^([-*_]\s*){3,}$/.test(line));
    if (lines.length === 0) continue;
    const text = lines
      .map((line) => line.replace(/^>\s?/, '').replace(/^([-*+]|\d+[.)])\s+/, ''))
      .join(' ')
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/(^|[\s(])[*_](?=\S)([^*_]*?\S)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
      .replace(/\s+/g, ' ')
      .trim();
    if (text !== '') paragraphs.push(text);
  }
  return paragraphs;
}
