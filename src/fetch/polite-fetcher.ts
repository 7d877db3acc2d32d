import { decodeText } from './decode-text.js';
import { FetchError } from './fetch-error.js';
import { getOnce, type HopOptions, type HopResult } from './get-once.js';
import { robotsRules, type RobotsRules } from './robots-rules.js';

/** How the fetcher behaves; every field has a default in {@link POLITE_DEFAULTS} but `userAgent`. */
export interface PoliteOptions {
  userAgent: string;
  /** Host names (as written in URLs) that may be at loopback or private addresses. */
  allowHosts?: readonly string[];
  /** Least time between two requests to one host (robots.txt Crawl-delay can raise it, up to a minute). */
  minGapMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** How long a host's robots.txt is trusted before it is read again. */
  robotsTtlMs?: number;
  /** The clock, in milliseconds; injected so tests see the waits without waiting. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const POLITE_DEFAULTS = { minGapMs: 2_000, timeoutMs: 15_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5, robotsTtlMs: 3_600_000 } as const;
const MAX_CRAWL_DELAY_MS = 60_000;
const ROBOTS_MAX_BYTES = 512 * 1024;
const MAX_HOSTS_REMEMBERED = 1_000;

/** A page as fetched: where it ended up after redirects, and its text. */
export interface FetchedPage {
  url: string;
  contentType: string;
  text: string;
}

/** What to ask for and which content types to take. */
export interface PageRequest {
  accept: string;
  contentTypes: RegExp;
}

const HTML_PAGE: PageRequest = { accept: 'text/html, application/xhtml+xml;q=0.9', contentTypes: /^(text\/html|application\/xhtml\+xml)\b/i };

export interface PoliteFetcher {
  /** Fetches a page, or throws {@link FetchError} saying why not. */
  fetchPage(url: string, request?: PageRequest): Promise<FetchedPage>;
}

/**
 * A fetcher that behaves as a publisher would want a bot to: http(s) only, one request at a time per
 * host with a gap between them, robots.txt read (and re-read hourly) before any other path, a
 * timeout and a size cap on every request, at most a few redirects each checked like the first URL,
 * and never an address on this machine or a private network unless its host is allowed by name.
 *
 * @example const fetcher = createPoliteFetcher({ userAgent: userAgent(), allowHosts: ['127.0.0.1'], minGapMs: 0 });
 * (await fetcher.fetchPage(site.url('/business/2026/03/cranes/'))).text.includes('crane') // => true
 * await fetcher.fetchPage(site.url('/members/x/')).catch((err) => err.code) // => 'FETCH_ROBOTS'
 */
export function createPoliteFetcher(options: PoliteOptions): PoliteFetcher {
  const o = { ...POLITE_DEFAULTS, now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), ...options };
  const allowed = new Set((o.allowHosts ?? []).map((h) => h.toLowerCase()));
  const turns = new Map<string, Promise<unknown>>();
  const lastAt = new Map<string, number>();
  const robots = new Map<string, { rules: RobotsRules; readAt: number }>();
  const hop = (accept: string, maxBytes: number): HopOptions => ({ userAgent: o.userAgent, accept, timeoutMs: o.timeoutMs, maxBytes, allowHost: (h) => allowed.has(h.toLowerCase()) });
  /** One request, once the gap since the host's last one has passed (called within the host's turn). */
  const request = async (url: URL, options: HopOptions): Promise<HopResult> => {
    const wait = (lastAt.get(url.host) ?? -Infinity) + gapFor(url.origin) - o.now();
    if (wait > 0) await o.sleep(wait);
    try {
      return await getOnce(url, options);
    } finally {
      lastAt.set(url.host, o.now());
    }
  };

  /** Runs `work` when every earlier piece of work for `host` is done: one request at a time per host. */
  const inTurn = <T>(host: string, work: () => Promise<T>): Promise<T> => {
    const run = (turns.get(host) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      try {
        return await work();
      } finally {
        forgetIdleHosts();
      }
    });
    turns.set(host, run);
    void run.finally(() => turns.get(host) === run && turns.delete(host)).catch(() => undefined);
    return run;
  };
  const forgetIdleHosts = (): void => {
    if (lastAt.size <= MAX_HOSTS_REMEMBERED) return;
    const cutoff = o.now() - MAX_CRAWL_DELAY_MS;
    for (const [host, at] of lastAt) if (at < cutoff && !turns.has(host)) lastAt.delete(host);
    for (const [origin, r] of robots) if (r.readAt + o.robotsTtlMs < o.now()) robots.delete(origin);
  };
  const gapFor = (origin: string): number => Math.max(o.minGapMs, Math.min(MAX_CRAWL_DELAY_MS, robots.get(origin)?.rules.delayMs ?? 0));

  /** The robots rules of an origin, read within the host's turn (so it counts as one of its requests). */
  const rulesFor = async (url: URL): Promise<RobotsRules> => {
    const cached = robots.get(url.origin);
    if (cached !== undefined && cached.readAt + o.robotsTtlMs > o.now()) return cached.rules;
    const robotsUrl = `${url.origin}/robots.txt`;
    let rules: RobotsRules;
    try {
      const answer = await request(new URL(robotsUrl), hop('text/plain', ROBOTS_MAX_BYTES));
      // A redirected robots.txt counts as none: the site's pages redirect too, and the origin they land on has its own.
      rules = robotsRules(robotsUrl, { status: answer.status >= 300 && answer.status < 400 ? 404 : answer.status, text: decodeText(answer.body, String(answer.headers['content-type'] ?? '')) });
    } catch (err) {
      if (err instanceof FetchError && err.code === 'FETCH_FORBIDDEN_ADDRESS') throw err;
      rules = robotsRules(robotsUrl, { failed: (err as Error).message });
    }
    robots.set(url.origin, { rules, readAt: o.now() });
    return rules;
  };

  const fetchPage = async (start: string, page: PageRequest = HTML_PAGE): Promise<FetchedPage> => {
    let url = parseHttpUrl(start);
    for (let redirects = 0; ; redirects++) {
      const current = url;
      const answer: HopResult = await inTurn(current.host, async () => {
        const rules = await rulesFor(current);
        if (!rules.allows(current.href)) throw new FetchError('FETCH_ROBOTS', rules.refusal ?? `robots.txt of ${current.host} disallows ${current.pathname}`);
        return request(current, hop(page.accept, o.maxBytes));
      });
      if (answer.status >= 300 && answer.status < 400 && answer.headers.location !== undefined) {
        if (redirects >= o.maxRedirects) throw new FetchError('FETCH_REDIRECTS', `more than ${o.maxRedirects} redirects`);
        url = parseHttpUrl(answer.headers.location, current);
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) throw new FetchError('FETCH_HTTP', `HTTP ${answer.status} for ${current.href}`);
      const contentType = String(answer.headers['content-type'] ?? '');
      if (!page.contentTypes.test(contentType)) throw new FetchError('FETCH_NOT_HTML', `${current.href} is ${contentType || 'of no stated type'}, not a web page`);
      return { url: current.href, contentType, text: decodeText(answer.body, contentType) };
    }
  };
  return { fetchPage };
}

function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError('FETCH_BAD_URL', `not a URL: "${raw.slice(0, 200)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError('FETCH_BAD_URL', `only http and https are fetched, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new FetchError('FETCH_BAD_URL', 'URLs with a user name or password are not fetched');
  url.hash = '';
  return url;
}
