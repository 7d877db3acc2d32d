import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * A small round-robin HTTP load balancer on loopback, standing in for the one in front of Brief's
 * replicas: each request goes to the next backend port in turn, headers and body as received (Slack's
 * signature covers the raw body, so nothing is rewritten). A backend that refuses the connection is
 * skipped for that request (the next one is tried), as a balancer's health check would; when every
 * backend refuses, the answer is 502. `forwarded` counts the requests each backend answered.
 */
export class LoadBalancer {
  /** Requests answered, by backend port. */
  readonly forwarded = new Map<number, number>();
  /** Milliseconds from each request's arrival here to its backend's answer (headers), in order: what the sender of the request would time, less the network. */
  readonly answerMs: number[] = [];
  private next = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity });

  private constructor(
    private readonly server: Server,
    private backends: readonly number[],
  ) {}

  /** Starts a balancer on a free loopback port in front of `backends` (ports on 127.0.0.1). */
  static async start(backends: readonly number[]): Promise<LoadBalancer> {
    const server = createServer();
    const balancer = new LoadBalancer(server, backends);
    server.on('request', (req, res) => void balancer.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return balancer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The balancer's address for `pathname`. */
  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  /** Replaces the backend list (a replica added or taken out). */
  setBackends(ports: readonly number[]): void {
    this.backends = [...ports];
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const tries = this.backends.length;
    for (let i = 0; i < tries; i++) {
      const port = this.backends[this.next++ % this.backends.length]!;
      const answered = await this.forward(port, req, body, res, arrived);
      if (answered) {
        this.forwarded.set(port, (this.forwarded.get(port) ?? 0) + 1);
        return;
      }
    }
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('no backend answered');
  }

  /** Sends the request to one backend; false when it could not be reached (nothing was sent back yet). */
  private forward(port: number, req: IncomingMessage, body: Buffer, res: ServerResponse, arrived: number): Promise<boolean> {
    return new Promise((resolve) => {
      const { host: _host, connection: _connection, ...headers } = req.headers;
      const out = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...headers, 'content-length': String(body.length) }, agent: this.agent }, (answer) => {
        this.answerMs.push(performance.now() - arrived);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => resolve(true));
        answer.on('error', () => resolve(true));
      });
      out.on('error', () => (res.headersSent ? resolve(true) : resolve(false)));
      out.end(body);
    });
  }
}

/**
 * The balancer in a process of its own (`test/support/load-balancer-process.ts`), as a real one runs
 * beside the replicas: the test's or the benchmark's own work then does not delay the acks it measures.
 */
export class BalancerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(backends: readonly number[]): Promise<BalancerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'load-balancer-process.ts'), backends.join(',')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`the balancer exited (code ${code}) before listening`)));
    });
    return new BalancerProcess(child, port);
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  /** Requests answered so far by each backend port, and the answer times (ms) in order. */
  stats(): Promise<{ forwarded: Map<number, number>; answerMs: number[] }> {
    return new Promise((resolve) => {
      const on = (m: { type?: string; forwarded?: [number, number][]; answerMs?: number[] }) => {
        if (m.type !== 'stats') return;
        this.child.off('message', on);
        resolve({ forwarded: new Map(m.forwarded), answerMs: m.answerMs ?? [] });
      };
      this.child.on('message', on);
      this.child.send({ type: 'stats' });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
