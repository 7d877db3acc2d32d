import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy a test can silence: `freeze()` stops carrying bytes on the open connections
 * without closing them (a network that drops packets, no FIN, no RST), `cut()` closes them (new
 * connections pass as usual), `stop()` closes them and refuses new ones until `restore()`.
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private refusing = false;
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('proxy has no port');
    const proxy = new TcpProxy(server, address.port);
    server.on('connection', (inbound) => {
      if (proxy.refusing) return void inbound.destroy();
      const outbound = connect(targetPort, targetHost);
      const pair: [Socket, Socket] = [inbound, outbound];
      proxy.pairs.add(pair);
      inbound.pipe(outbound).pipe(inbound);
      const close = () => {
        proxy.pairs.delete(pair);
        inbound.destroy();
        outbound.destroy();
      };
      inbound.on('error', close).on('close', close);
      outbound.on('error', close).on('close', close);
    });
    return proxy;
  }

  freeze(): void {
    for (const [inbound, outbound] of this.pairs) {
      inbound.unpipe(outbound);
      outbound.unpipe(inbound);
      inbound.pause();
      outbound.pause();
    }
  }

  cut(): void {
    for (const [inbound, outbound] of [...this.pairs]) {
      inbound.destroy();
      outbound.destroy();
    }
  }

  /** The database is gone: open connections are closed and new ones refused, until `restore()`. */
  stop(): void {
    this.refusing = true;
    this.cut();
  }

  restore(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
