/**
 * The edge guard of every Slack test: nothing shaped like a Slack token (bot, user, app-level,
 * refresh, legacy) may appear in an outgoing payload or a log line. The loopback double runs each
 * payload it receives through {@link tokenProblems}, and `startApp` each log line it captures; both
 * land in `double.problems`, which every Slack test asserts is empty.
 */

/** Anything shaped like a Slack token: `xoxb-…`, `xoxp-…`, `xoxa-…`, `xoxo-…`, `xoxs-…`, `xoxr-…`, `xapp-…`. */
export const TOKEN_SHAPE = /xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+/;

/**
 * One problem per token-shaped string found in `text`, naming where (the token itself is not repeated).
 *
 * @example tokenProblems('log', 'auth xoxb-1-2 failed') // ['log: token-shaped string at 5']
 */
export function tokenProblems(where: string, text: string): string[] {
  const problems: string[] = [];
  const pattern = new RegExp(TOKEN_SHAPE.source, 'g');
  for (const m of text.matchAll(pattern)) problems.push(`${where}: token-shaped string at ${m.index}`);
  return problems;
}
