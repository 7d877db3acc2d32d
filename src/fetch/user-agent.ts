/**
 * The User-Agent of every request Brief makes: its name and version, and the page a publisher can
 * read about this installation (`BRIEF_URL`) when one is set.
 *
 * @example userAgent('https://news-bot.example.org/about') // => 'Brief/0.1 (+https://news-bot.example.org/about)'
 * @example userAgent() // => 'Brief/0.1 (Slack news bot)'
 */
export function userAgent(briefUrl?: string): string {
  return briefUrl === undefined ? 'Brief/0.1 (Slack news bot)' : `Brief/0.1 (+${briefUrl})`;
}
