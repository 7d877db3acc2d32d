/**
 * A replica's leadership alone, as a child process for the failover tests: `tsx leader-replica.ts
 * <url> <name>`. Writes one JSON line per event to stdout ({ role } on each change, { stopped } after
 * SIGTERM released the lock). Short intervals, so the tests wait little.
 */
import { startLeadership } from '../../src/replicas/leadership.js';

const [url, replica] = process.argv.slice(2);
if (url === undefined || replica === undefined) throw new Error('usage: leader-replica.ts <url> <name>');
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ replica, ...event })}\n`);
const quiet = { info: () => undefined, warn: () => undefined };
const leadership = startLeadership({ url, replica, retryMs: 250, heartbeatMs: 250, log: quiet, onRoleChange: (role) => say({ role }) });
process.once('SIGTERM', () => {
  leadership.stop().then(() => {
    say({ stopped: true });
    process.exit(0);
  });
});
