/**
 * The tests' loopback Slack double in its own process for the load test, so that checking every
 * brief it receives (Block Kit schema and limits) takes no time from the app or from autocannon.
 * Talks over IPC: sends `{ apiUrl, baseUrl }` once listening; answers `count` with the number of
 * response_url posts received and the number of problems found in them, and `times` with when each
 * response_url post arrived (`[id, ms since the epoch]`).
 */
import { SlackDouble } from '../test/support/slack-double.js';

const double = await SlackDouble.start();
process.send!({ type: 'listening', apiUrl: double.apiUrl, baseUrl: double.baseUrl });
process.on('message', (message: { type: string }) => {
  if (message.type === 'count') process.send!({ type: 'count', responses: double.responses.length, problems: double.problems.length });
  if (message.type === 'times') process.send!({ type: 'times', times: double.responses.map((r) => [r.id, r.at]) });
  if (message.type === 'close') void double.close().finally(() => process.exit(0));
});
