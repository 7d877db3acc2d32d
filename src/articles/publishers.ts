import { parse as parseYaml } from 'yaml';
import type { Article, CorpusProblem } from './article.js';
import { isHttpUrl } from './canonical-url.js';

/** One publisher of the registry (`sources.yml`). */
export interface Publisher {
  name: string;
  /** A fact about the publisher a reader should know, such as "Chinese state media". */
  label?: string;
  /** ISO 3166-1 alpha-2 code, upper-case. */
  country?: string;
  /** A public page that backs the label. */
  reference?: string;
}

/** Host (lower-case, no `www.`) → its publisher; a lookup also tries each parent domain. */
export type PublisherRegistry = ReadonlyMap<string, Publisher>;

export const NO_PUBLISHERS: PublisherRegistry = new Map();

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_ENTRIES = 10_000;

/**
 * Parses the registry's YAML (`publishers:` a list of `{ name, hosts, label?, country?, reference? }`).
 * Pure. Each bad entry is reported by number and skipped; a host claimed twice keeps its first claim.
 *
 * @example parsePublishers('publishers:\n  - name: Xinhua\n    hosts: [news.cn]\n', 'sources.yml').registry.get('news.cn')?.name // => 'Xinhua'
 */
export function parsePublishers(text: string, file: string): { registry: PublisherRegistry; problems: CorpusProblem[] } {
  const registry = new Map<string, Publisher>();
  const problems: CorpusProblem[] = [];
  let data: unknown;
  try {
    data = parseYaml(text, { schema: 'core', maxAliasCount: 0 });
  } catch (err) {
    return { registry, problems: [{ file, reason: `not valid YAML: ${(err as Error).message.split('\n')[0]}` }] };
  }
  const list = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).publishers : undefined;
  if (!Array.isArray(list)) return { registry, problems: data === null ? [] : [{ file, reason: 'expected a top-level "publishers:" list' }] };
  list.slice(0, MAX_ENTRIES).forEach((entry, i) => {
    const where = `${file}: publishers[${i}]`;
    const made = publisherEntry(entry);
    if (typeof made === 'string') return problems.push({ file: where, reason: made });
    for (const host of made.hosts) {
      const owner = registry.get(host);
      if (owner !== undefined) problems.push({ file: where, reason: `host ${host} is already ${owner.name}'s` });
      else registry.set(host, made.publisher);
    }
  });
  if (list.length > MAX_ENTRIES) problems.push({ file, reason: `only the first ${MAX_ENTRIES} publishers are read` });
  return { registry, problems };
}

function publisherEntry(entry: unknown): { publisher: Publisher; hosts: string[] } | string {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return 'each publisher must be a mapping (name, hosts, label, country, reference)';
  const e = entry as Record<string, unknown>;
  const text = (key: string, max: number): string | undefined => (typeof e[key] === 'string' && e[key].trim() !== '' ? e[key].trim().replace(/\s+/g, ' ').slice(0, max) : undefined);
  const name = text('name', 120);
  if (name === undefined) return 'name is missing';
  const hosts = Array.isArray(e.hosts) ? e.hosts.map((h) => (typeof h === 'string' ? h.trim().toLowerCase().replace(/^www\./, '') : '')) : [];
  if (hosts.length === 0) return `${name}: hosts must be a list of host names such as news.cn`;
  const bad = hosts.find((h) => !HOST.test(h));
  if (bad !== undefined) return `${name}: "${bad}" is not a host name (no scheme, path or port)`;
  const publisher: Publisher = { name };
  const label = text('label', 120);
  if (label !== undefined) publisher.label = label;
  const country = text('country', 10);
  if (e.country !== undefined && (country === undefined || !/^[a-z]{2}$/i.test(country))) return `${name}: country must be a two-letter ISO 3166 code such as CN`;
  if (country !== undefined) publisher.country = country.toUpperCase();
  const reference = text('reference', 500);
  if (reference !== undefined && !isHttpUrl(reference)) return `${name}: reference must be an http(s) URL`;
  if (reference !== undefined) publisher.reference = reference;
  return { publisher, hosts };
}

/**
 * The registry's publisher of a URL: its host, else the nearest parent domain listed.
 *
 * @example
 * const registry = new Map([['news.cn', { name: 'Xinhua News Agency' }]]);
 * publisherOf('https://english.news.cn/2026/a.htm', registry)?.name // => 'Xinhua News Agency'
 * publisherOf('https://cn.example.org/a', registry) // => undefined
 */
export function publisherOf(url: string | undefined, registry: PublisherRegistry): Publisher | undefined {
  if (url === undefined || registry.size === 0) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
    const found = registry.get(h);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The article with what the registry knows about its publisher filled in where the file is silent
 * (its own `source`, `source_label` and `country` win); `publisher` always names the registry's
 * entry, so `source:` finds it by that name too.
 *
 * @example
 * const registry = new Map([['news.cn', { name: 'Xinhua News Agency', label: 'Chinese state media', country: 'CN' }]]);
 * const found = withPublisher({ ...article, url: 'https://news.cn/a' }, registry); // the file names its own source
 * [found.publisher, found.source, found.sourceLabel, found.country] // => ['Xinhua News Agency', 'United States Institute of Peace (USIP)', 'Chinese state media', 'CN']
 */
export function withPublisher(article: Article, registry: PublisherRegistry): Article {
  const p = publisherOf(article.url, registry);
  if (p === undefined) return article;
  const out: Article = { ...article, publisher: p.name };
  out.source ??= p.name;
  if (p.label !== undefined) out.sourceLabel ??= p.label;
  if (p.country !== undefined) out.country ??= p.country;
  return out;
}
