import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from '../support/paths.js';

export const FEED_FIXTURES = path.join(ROOT, 'test/fixtures/feeds');

/** A loopback feed host: fixtures with ETag/Last-Modified, and the ways real feeds break. */
export class FeedServer {
  readonly requests: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
  /** Path → fixture file (change it to "publish" a new version). */
  readonly routes = new Map<string, string>([
    ['/world.rss', 'world.rss'],
    ['/science.atom', 'science.atom'],
    ['/regional.rdf', 'regional.rdf'],
    ['/broken.xml', 'broken.xml'],
  ]);
  private server: Server | undefined;
  private held: ServerResponse[] = [];
  base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const p = req.url ?? '/';
      this.requests.push({ path: p, ...(req.headers['if-none-match'] ? { ifNoneMatch: req.headers['if-none-match'] } : {}), ...(req.headers['if-modified-since'] ? { ifModifiedSince: req.headers['if-modified-since'] } : {}) });
      if (p === '/slow.rss') {
        this.held.push(res); // never answers
        return;
      }
      if (p === '/huge.rss') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
        const item = `<item><title>Padding</title><description>${'x'.repeat(1000)}</description></item>`;
        for (let i = 0; i < 300; i++) res.write(item);
        res.end('</channel></rss>');
        return;
      }
      const fixture = this.routes.get(p);
      if (fixture === undefined) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>Not found</h1>');
        return;
      }
      const body = readFileSync(path.join(FEED_FIXTURES, fixture));
      const etag = `"${fixture}-${body.length}"`;
      const lastModified = 'Mon, 30 Mar 2026 06:00:00 GMT';
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': fixture.endsWith('.atom') ? 'application/atom+xml' : 'application/xml', etag, 'last-modified': lastModified });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  url(p: string): string {
    return `${this.base}${p}`;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
