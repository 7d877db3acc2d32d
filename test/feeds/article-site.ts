import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from '../support/paths.js';

const FIXTURES = path.join(ROOT, 'test/fixtures');

/** One request a loopback site received. */
export interface SiteRequest {
  path: string;
  host: string;
  userAgent: string;
}

/**
 * A loopback news site: a teaser feed, robots.txt, article pages shaped like real ones, and the ways
 * article pages fail (paywall, login wall, 404, oversized, slow, redirects elsewhere). It counts
 * requests in flight so a test can see that the fetcher never overlapped two.
 */
export class ArticleSite {
  readonly requests: SiteRequest[] = [];
  maxInFlight = 0;
  /** Where `/moved` and `/moved-local` send the client (set by the test). */
  redirects = new Map<string, string>();
  robots = 'User-agent: *\nDisallow: /members/\n';
  private inFlight = 0;
  private server: Server | undefined;
  private held: ServerResponse[] = [];
  base = '';

  constructor(private readonly host = '127.0.0.1') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, this.host, resolve));
    this.base = `http://${this.host}:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  url(p: string): string {
    return `${this.base}${p}`;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const p = (req.url ?? '/').split('?')[0]!;
    this.requests.push({ path: p, host: req.headers.host ?? '', userAgent: req.headers['user-agent'] ?? '' });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => this.inFlight--);
    const html = (file: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(readFileSync(path.join(FIXTURES, 'pages', file)));
    };
    const target = this.redirects.get(p);
    if (target !== undefined) {
      res.writeHead(302, { location: target });
      res.end();
      return;
    }
    switch (p) {
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(this.robots);
        return;
      case '/teasers.rss':
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(readFileSync(path.join(FIXTURES, 'feeds/teasers.rss'), 'utf8').replaceAll('{{base}}', this.base));
        return;
      case '/business/2026/03/cranes/':
        return html('harbour-crane.html');
      case '/business/2026/03/rates/':
        return html('paywall.html');
      case '/local/2026/03/budget/':
        return html('login-wall.html');
      case '/business/2026/03/annual-report/': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><html><body><article>');
        for (let i = 0; i < 400; i++) res.write(`<p>Paragraph ${i} of a very long annual report. ${'Padding text. '.repeat(20)}</p>`);
        res.end('</article></body></html>');
        return;
      }
      case '/business/2026/03/fish-market/':
        this.held.push(res); // never answers
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body><h1>Page not found</h1><p>Sorry, we could not find that page. Try the search box or go back to the front page of the Harbourview Times.</p></body></html>');
    }
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
