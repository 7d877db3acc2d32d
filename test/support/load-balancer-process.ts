/**
 * `node --import tsx test/support/load-balancer-process.ts <port,port,…>`: a {@link LoadBalancer} in
 * its own process. Sends `{ port }` over IPC once listening; answers `{ type: 'stats' }` with the
 * requests each backend answered and the answer times. Ends on SIGTERM or when its parent goes.
 */
import { LoadBalancer } from './load-balancer.js';

const ports = (process.argv[2] ?? '').split(',').filter(Boolean).map(Number);
const balancer = await LoadBalancer.start(ports);
process.send!({ port: balancer.port });
process.on('message', (m: { type?: string }) => {
  if (m.type === 'stats') process.send!({ type: 'stats', forwarded: [...balancer.forwarded], answerMs: balancer.answerMs });
});
const stop = () => void balancer.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('disconnect', stop);
