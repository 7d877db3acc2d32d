import robotsParserModule from 'robots-parser';

/** The package is CommonJS whose export is the function; its typings describe an ES default export. */
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** What a site's robots.txt says for Brief: may a path be fetched, and how long to wait between requests. */
export interface RobotsRules {
  allows(url: string): boolean;
  /** Crawl-delay for Brief in milliseconds, when the file sets one. */
  delayMs?: number;
  /** Why everything is refused, when the file could not be read. */
  refusal?: string;
}

/** The product token matched against `User-agent:` lines. */
const ROBOTS_AGENT = 'Brief';

/**
 * Rules from a robots.txt answer, per RFC 9309: a 2xx body is parsed (robots-parser); a 4xx means no
 * rules (everything allowed); a 5xx or no answer means everything refused until it is read again.
 *
 * @example robotsRules('https://x.org/robots.txt', { status: 200, text: 'User-agent: *\nDisallow: /private' }).allows('https://x.org/private/a') // => false
 * @example robotsRules('https://x.org/robots.txt', { status: 404, text: '' }).allows('https://x.org/a') // => true
 */
export function robotsRules(robotsUrl: string, answer: { status: number; text: string } | { failed: string }): RobotsRules {
  if ('failed' in answer) return refuseAll(`robots.txt could not be read (${answer.failed})`);
  if (answer.status >= 500) return refuseAll(`robots.txt answered HTTP ${answer.status}`);
  if (answer.status >= 400) return { allows: () => true };
  const robot = robotsParser(robotsUrl, answer.text);
  const delay = robot.getCrawlDelay(ROBOTS_AGENT);
  const rules: RobotsRules = { allows: (url) => robot.isAllowed(url, ROBOTS_AGENT) !== false };
  if (typeof delay === 'number' && Number.isFinite(delay) && delay > 0) rules.delayMs = delay * 1000;
  return rules;
}

function refuseAll(refusal: string): RobotsRules {
  return { allows: () => false, refusal };
}
