/** A parsed `/brief` query. Parsing never throws: what it cannot use becomes a note for the user. */
export interface Query {
  /** The query as typed (trimmed, at most {@link MAX_QUERY_LENGTH} characters). */
  text: string;
  /** Free words, lower-cased, as typed. */
  words: string[];
  /** Phrases that must appear verbatim (case-insensitive). */
  phrases: string[];
  /** Words (or phrases) an article must not contain. */
  exclude: string[];
  /** `source:` values, lower-cased; an article matches any of them. */
  sources: string[];
  /** `tag:` values, lower-cased; an article matches any of them. */
  tags: string[];
  /** `lang:` values, ISO 639-1 codes lower-cased; an article in any of them matches. */
  langs: string[];
  /** Inclusive lower bound on the published date (ISO), from `since:`. */
  since?: string;
  /** Inclusive upper bound on the published date (ISO), from `until:`. */
  until?: string;
  /** What the parser could not use, said for the user. */
  notes: string[];
  /** `help` (or `?`) alone. */
  help: boolean;
}

const MAX_QUERY_LENGTH = 500;

const FILTERS = ['source', 'tag', 'lang', 'since', 'until'] as const;
const TOKEN = /(-?)(?:([A-Za-z_]+):)?("[^"]*"?|\S+)/g;

/**
 * Parses the query language: free words, `"phrases"`, `-exclusions`, `source:`, `tag:`, `lang:`, `since:`, `until:`.
 * `now` anchors relative dates such as `since:7d`.
 *
 * @example parseQuery('taliban -isis source:usip since:30d', new Date('2022-03-01')).sources // => ['usip']
 */
export function parseQuery(input: string, now: Date): Query {
  let text = input.replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"').replace(/\s+/g, ' ').trim();
  const query: Query = { text, words: [], phrases: [], exclude: [], sources: [], tags: [], langs: [], notes: [], help: false };
  if (text.length > MAX_QUERY_LENGTH) {
    text = text.slice(0, MAX_QUERY_LENGTH);
    query.text = text;
    query.notes.push(`The query was long, so only its first ${MAX_QUERY_LENGTH} characters were used.`);
  }
  if (/^(help|\?|-h|--help)$/i.test(text)) return { ...query, help: true };

  for (const match of text.matchAll(TOKEN)) {
    const negated = match[1] === '-';
    const key = match[2]?.toLowerCase();
    let value = match[3] ?? '';
    const quoted = value.startsWith('"');
    if (quoted) {
      if (value.length === 1 || !value.endsWith('"')) {
        if (value.length > 1) query.notes.push('A quotation mark was not closed; the phrase runs to the end of the query.');
        value = value.slice(1);
      } else {
        value = value.slice(1, -1);
      }
    }
    value = value.trim();
    const bareFilter = !quoted && key === undefined ? /^([a-z_]+):$/i.exec(value)?.[1]?.toLowerCase() : undefined;
    if (bareFilter !== undefined && (FILTERS as readonly string[]).includes(bareFilter)) {
      query.notes.push(`\`${bareFilter}:\` needs a value right after the colon, such as ${example(bareFilter)}.`);
      continue;
    }
    if (key !== undefined && !(FILTERS as readonly string[]).includes(key)) {
      if (/^\/\//.test(value)) {
        addWords(query, `${key}:${value}`, negated);
        continue;
      }
      query.notes.push(`There is no \`${key}:\` filter (filters are source:, tag:, lang:, since:, until:), so "${value}" was searched as words.`);
      addWords(query, value, negated);
      continue;
    }
    if (value === '') {
      if (key !== undefined) query.notes.push(`\`${key}:\` needs a value, such as ${example(key)}.`);
      continue;
    }
    switch (key) {
      case 'source':
      case 'tag': {
        const list = key === 'source' ? query.sources : query.tags;
        if (negated) query.notes.push(`\`-${key}:\` is not supported; ${key}:${value} was ignored.`);
        else list.push(value.toLowerCase());
        break;
      }
      case 'lang': {
        const code = value.toLowerCase();
        if (negated) query.notes.push(`\`-lang:\` is not supported; lang:${value} was ignored.`);
        else if (/^[a-z]{2,3}$/.test(code)) query.langs.push(code);
        else query.notes.push(`"${value}" is not a language code, so \`lang:\` was ignored. Try ${example('lang')}.`);
        break;
      }
      case 'since':
      case 'until': {
        const date = parseDateBound(value, key, now);
        if (date === undefined) query.notes.push(`"${value}" is not a date I can read, so \`${key}:\` was ignored. Try ${example(key)}.`);
        else query[key] = date;
        break;
      }
      default:
        if (quoted) (negated ? query.exclude : query.phrases).push(value.toLowerCase());
        else addWords(query, value, negated);
    }
  }
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) {
    query.notes.push('since: is after until:, so no date can match both; both were ignored.');
    delete query.since;
    delete query.until;
  }
  return query;
}

function addWords(query: Query, value: string, negated: boolean): void {
  for (const word of value.toLowerCase().split(/\s+/)) {
    const clean = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (clean === '') continue;
    (negated ? query.exclude : query.words).push(clean);
  }
}

function example(key: string): string {
  switch (key) {
    case 'source':
      return 'source:usip';
    case 'lang':
      return 'lang:ru';
    case 'tag':
      return 'tag:afghanistan';
    default:
      return `${key}:7d or ${key}:2022-01-01`;
  }
}

const DAY_MS = 86_400_000;
const UNIT_DAYS: Record<string, number> = { h: 1 / 24, d: 1, w: 7, m: 30, y: 365 };

/**
 * A `since:`/`until:` value as an ISO date-time: `7d`, `2w`, `3m`, `1y`, `12h`, `today`, `yesterday`,
 * `2022`, `2022-01` or `2022-01-05`. `until:` dates take the end of the named day, month or year.
 */
function parseDateBound(value: string, kind: 'since' | 'until', now: Date): string | undefined {
  const v = value.toLowerCase();
  const relative = /^(\d{1,4})(h|d|w|m|y)$/.exec(v);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_DAYS[relative[2]!]! * DAY_MS).toISOString();
  if (v === 'today' || v === 'yesterday') {
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (v === 'yesterday' ? DAY_MS : 0);
    return new Date(kind === 'since' ? start : start + DAY_MS - 1).toISOString();
  }
  const absolute = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (!absolute) return undefined;
  const y = Number(absolute[1]);
  const m = absolute[2] === undefined ? undefined : Number(absolute[2]) - 1;
  const d = absolute[3] === undefined ? undefined : Number(absolute[3]);
  if (m !== undefined && (m < 0 || m > 11)) return undefined;
  const start = new Date(Date.UTC(y, m ?? 0, d ?? 1));
  if (d !== undefined && start.getUTCDate() !== d) return undefined;
  if (kind === 'since') return start.toISOString();
  const end = d !== undefined ? Date.UTC(y, m!, d + 1) : m !== undefined ? Date.UTC(y, m + 1, 1) : Date.UTC(y + 1, 0, 1);
  return new Date(end - 1).toISOString();
}

/** True when the query asks for something: words, phrases or filters. */
export function hasCriteria(query: Query): boolean {
  return query.words.length + query.phrases.length + query.sources.length + query.tags.length + query.langs.length > 0 || query.since !== undefined || query.until !== undefined;
}
