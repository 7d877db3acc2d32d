import type { Brief } from '../brief/make-brief.js';
import { hasMore } from '../brief/make-brief.js';
import { formatDate, hostOf, languageName, publisherLine } from './format.js';
import { HELP_INTRO, QUERY_HELP } from './help-text.js';
import { EMPTY_CORPUS_REASON } from './no-results-message.js';

/**
 * A brief as plain text for a terminal: the synthesis with citations, then each item with its
 * publisher, date, URL (or why there is none), summary and why it matched.
 *
 * @example renderTerminal(makeBrief(index, 'zzz', { now })).split('\n')[0] // => 'Nothing in the corpus matches "zzz".'
 */
export function renderTerminal(brief: Brief, command = 'npm run brief --'): string {
  switch (brief.kind) {
    case 'help':
    case 'empty':
      return [HELP_INTRO, '', ...QUERY_HELP.map((h) => `  ${command} ${h.syntax.padEnd(28)} ${h.meaning}`), ...notes(brief.query.notes)].join('\n');
    case 'no-results':
      if (brief.corpusEmpty === true) return EMPTY_CORPUS_REASON;
      return [
        `Nothing in the corpus matches "${brief.query.text}".`,
        ...(brief.suggestions.length > 0 ? [`Try: ${brief.suggestions.join(', ')}`] : []),
        `"${command} help" shows the query language.`,
        ...notes(brief.query.notes),
      ].join('\n');
    case 'results': {
      const about = brief.estimated === true ? 'about ' : '';
      const out = [`Brief on "${brief.query.text}": ${about}${brief.totalStories} ${brief.totalStories === 1 ? 'story' : 'stories'} from ${about}${brief.totalArticles} ${brief.totalArticles === 1 ? 'article' : 'articles'}`, ...notes(brief.query.notes), ''];
      for (const c of brief.synthesis) out.push(wrap(`• ${c.text} [${c.cite}]`, '  '));
      if (brief.synthesis.length > 0) out.push('');
      for (const item of brief.items) {
        const a = item.article;
        out.push(`[${item.number}] ${a.title}`);
        out.push(`    ${[publisherLine(a), a.published ? formatDate(a.published) : 'date unknown', ...(a.author ? [`by ${a.author}`] : []), ...(languageName(a.lang) !== undefined ? [languageName(a.lang)!] : []), ...(a.teaserOnly ? ['teaser only'] : a.excerpt ? ['lead excerpt'] : [])].join(' · ')}`);
        out.push(`    ${a.url ?? (a.via ? `original link not known; text found at ${a.via}` : 'original link not known')}`);
        for (const s of item.summary) out.push(wrap(`    > ${s}`, '      '));
        if (item.matched.length > 0) out.push(`    matched: ${item.matched.join(', ')}${item.fields.length > 0 ? ` (in ${item.fields.join(', ')})` : ''}`);
        if (item.outlets.length > 1) out.push(`    also reported by: ${item.outlets.slice(1).join(', ')}`);
        else if (item.others.length > 0) out.push(`    copies: ${item.others.map((o) => (o.url ? hostOf(o.url) : o.id)).join(', ')}`);
        out.push('');
      }
      if (hasMore(brief)) out.push(`${brief.totalStories - (brief.page + 1) * brief.pageSize} more: add --page ${brief.page + 2}`);
      return out.join('\n').trimEnd();
    }
  }
}

function notes(list: readonly string[]): string[] {
  return list.map((n) => `note: ${n}`);
}

function wrap(text: string, indent: string, width = 100): string {
  const prefix = /^\s*/.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = prefix;
  for (const word of text.slice(prefix.length).split(' ')) {
    if (line.length + word.length + 1 > width && line.trim().length > 1) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.trim() === '' ? line + word : `${line} ${word}`;
    }
  }
  if (line.trim() !== '') lines.push(line);
  return lines.join('\n');
}
