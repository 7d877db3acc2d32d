import { parse as parseYaml } from 'yaml';
import type { Article, CorpusProblem } from './article.js';
import { isHttpUrl } from './canonical-url.js';
import { UNDETERMINED } from './detect-language.js';
import { markdownParagraphs } from './markdown-text.js';

/** What parsing one corpus file gives: the articles it holds and the entries that were skipped. */
export interface ParsedFile {
  articles: Article[];
  problems: CorpusProblem[];
}

/** File extensions the corpus reads. */
export const CORPUS_EXTENSIONS = ['.md', '.markdown', '.json', '.jsonl'] as const;

const FRONT_MATTER = /^\uFEFF?---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * Parses one corpus file's text into articles. Pure: the caller reads the file.
 * Markdown files hold one article (YAML front matter + body); `.json` an array; `.jsonl` one per line.
 *
 * @example parseArticleFile('a.md', '---\ntitle: Hi\n---\nBody.').articles[0].title // => 'Hi'
 */
export function parseArticleFile(file: string, text: string): ParsedFile {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return parseJsonArray(file, text);
  if (lower.endsWith('.jsonl')) return parseJsonLines(file, text);
  return parseMarkdown(file, text);
}

function parseMarkdown(file: string, text: string): ParsedFile {
  const normalized = text.replace(/\r\n?/g, '\n');
  const match = FRONT_MATTER.exec(normalized);
  if (!match) return fail(file, 'no YAML front matter (the file must start with a line "---")');
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '', { schema: 'core' });
  } catch (err) {
    return fail(file, `front matter is not valid YAML: ${firstLine(err)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(file, 'front matter must be a mapping of fields (title: …)');
  }
  const result = articleFromRecord({ ...(data as Record<string, unknown>), body: normalized.slice(match[0].length) }, stem(file), file, false);
  return typeof result === 'string' ? fail(file, result) : { articles: [result], problems: [] };
}

function parseJsonArray(file: string, text: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return fail(file, `not valid JSON: ${firstLine(err)}`);
  }
  if (!Array.isArray(data)) return fail(file, 'a .json corpus file must hold an array of articles');
  return collect(file, data.map((entry, i) => ({ entry, label: `${file}[${i}]`, fallbackId: `${stem(file)}#${i + 1}` })));
}

function parseJsonLines(file: string, text: string): ParsedFile {
  const out: ParsedFile = { articles: [], problems: [] };
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, i) => {
    const parsed = parseJsonLine(file, line, i + 1);
    out.articles.push(...parsed.articles);
    out.problems.push(...parsed.problems);
  });
  return out;
}

/**
 * One line of a JSON Lines corpus file (1-based `lineNo`): an article, a problem named `file:line`,
 * or nothing for a blank line. Lets a bulk file be read as a stream, one line at a time.
 *
 * @example parseJsonLine('a.jsonl', '{"title":"Hi","body":"Text."}', 1).articles[0].id // => 'a#1'
 */
export function parseJsonLine(file: string, line: string, lineNo: number): ParsedFile {
  const text = lineNo === 1 ? line.replace(/^\uFEFF/, '') : line;
  if (text.trim() === '') return { articles: [], problems: [] };
  const label = `${file}:${lineNo}`;
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch (err) {
    return { articles: [], problems: [{ file: label, reason: `not valid JSON: ${firstLine(err)}` }] };
  }
  return collect(file, [{ entry, label, fallbackId: `${stem(file)}#${lineNo}` }]);
}

function collect(file: string, entries: { entry: unknown; label: string; fallbackId: string }[]): ParsedFile {
  const articles: Article[] = [];
  const problems: CorpusProblem[] = [];
  for (const { entry, label, fallbackId } of entries) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push({ file: label, reason: 'each entry must be an object of fields (title, body, …)' });
      continue;
    }
    const result = articleFromRecord(entry as Record<string, unknown>, fallbackId, file, true);
    if (typeof result === 'string') problems.push({ file: label, reason: result });
    else articles.push(result);
  }
  return { articles, problems };
}

/** Builds an article from its fields, or says what is wrong with them. */
function articleFromRecord(record: Record<string, unknown>, fallbackId: string, file: string, plainBody: boolean): Article | string {
  const errors: string[] = [];
  const str = (key: string): string | undefined => {
    const value = record[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && key !== 'url' && key !== 'via') return String(value);
    if (typeof value !== 'string') {
      errors.push(`${key} must be text, got ${describe(value)}`);
      return undefined;
    }
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  };

  const title = str('title');
  if (title === undefined && !errors.some((e) => e.startsWith('title'))) errors.push('title is missing');
  const id = str('id') ?? fallbackId;
  const url = str('url');
  const via = str('via');
  for (const [key, value] of [['url', url], ['via', via]] as const) {
    if (value !== undefined && !isHttpUrl(value)) errors.push(`${key} must be an absolute http(s) URL, got "${value.slice(0, 80)}"`);
  }
  const published = str('published');
  if (published !== undefined && !isIsoDate(published)) errors.push(`published must be an ISO date such as 2022-02-04, got "${published.slice(0, 40)}"`);
  const tags = record.tags;
  if (tags !== undefined && tags !== null && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) {
    errors.push('tags must be a list of text values');
  }
  const excerpt = record.excerpt;
  if (excerpt !== undefined && excerpt !== null && typeof excerpt !== 'boolean') errors.push('excerpt must be true or false');
  const rawBody = record.body ?? record.text;
  // `text` is the body in JSON records; beside a body (always, in Markdown) it says whether the body is the full text.
  const textStatus = typeof record.body === 'string' ? record.text : undefined;
  if (textStatus !== undefined && textStatus !== null && textStatus !== 'full' && textStatus !== 'teaser') errors.push('text must be full or teaser');
  if (rawBody !== undefined && rawBody !== null && typeof rawBody !== 'string') errors.push(`body must be text, got ${describe(rawBody)}`);
  const source = str('source');
  const sourceLabel = str('source_label');
  const country = str('country')?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) errors.push(`country must be a two-letter ISO 3166 code such as CN, got "${country.slice(0, 20)}"`);
  const author = str('author');
  const langRaw = str('lang')?.toLowerCase().split(/[-_]/)[0];
  if (errors.length > 0) return errors.join('; ');

  const bodyText = typeof rawBody === 'string' ? rawBody : '';
  const paragraphs = plainBody ? bodyText.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean) : markdownParagraphs(bodyText);
  if (paragraphs.length === 0) return 'the body is empty';

  const lang = langRaw ?? UNDETERMINED; // detected by the reader (detectLanguages)
  const article: Article = {
    id,
    title: title!.replace(/\s+/g, ' '),
    lead: paragraphs[0]!,
    body: paragraphs.join('\n\n'),
    tags: Array.isArray(tags) ? [...new Set((tags as string[]).map((t) => t.trim().toLowerCase()).filter(Boolean))] : [],
    lang,
    excerpt: excerpt === true,
    file,
  };
  if (url !== undefined) article.url = url;
  if (via !== undefined) article.via = via;
  if (source !== undefined) article.source = source;
  if (sourceLabel !== undefined) article.sourceLabel = sourceLabel;
  if (country !== undefined) article.country = country;
  if (author !== undefined) article.author = author;
  if (textStatus === 'teaser') article.teaserOnly = true;
  if (published !== undefined) article.published = published;
  return article;
}

/** True for `YYYY-MM-DD` or a full ISO date-time naming a real day. */
function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

function fail(file: string, reason: string): ParsedFile {
  return { articles: [], problems: [{ file, reason }] };
}

function stem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]+$/, '');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'nothing' : `a ${typeof value}`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
}
