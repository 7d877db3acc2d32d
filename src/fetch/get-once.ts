import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { isPublicAddress } from './address-policy.js';
import { FetchError } from './fetch-error.js';

/** Limits and identity of one request. */
export interface HopOptions {
  userAgent: string;
  accept: string;
  /** More request headers (conditional-request validators). */
  headers?: Record<string, string>;
  /** Whole request, body included. */
  timeoutMs: number;
  /** Largest body kept, after decompression. */
  maxBytes: number;
  /** Hosts (by name as written in the URL) that may resolve to any address, such as 127.0.0.1 in tests. */
  allowHost: (hostname: string) => boolean;
}

/** One answer: a status and its headers; the body only for a 2xx. */
export interface HopResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One GET without following redirects, over node:http(s) with no connection reuse. The address is
 * checked where it is connected to: an IP literal before connecting, a name in the DNS lookup the
 * socket uses (so a second lookup cannot swap in another address). Throws {@link FetchError}.
 *
 * @example const options = { userAgent: 'Brief', accept: 'text/html', timeoutMs: 15000, maxBytes: 2e6 };
 * (await getOnce(new URL(site.url('/business/2026/03/cranes/')), { ...options, allowHost: () => true })).status // => 200
 * await getOnce(new URL(site.url('/business/2026/03/cranes/')), { ...options, allowHost: () => false }).catch((err) => err.code) // => 'FETCH_FORBIDDEN_ADDRESS'
 */
export function getOnce(url: URL, options: HopOptions): Promise<HopResult> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new FetchError('FETCH_BAD_URL', `only http and https are fetched, not ${url.protocol}`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowed = options.allowHost(url.hostname);
  if (!allowed && isIP(host) !== 0 && !isPublicAddress(host)) return Promise.reject(forbidden(url.hostname, host));
  return new Promise<HopResult>((resolve, reject) => {
    const fail = (err: unknown) => reject(asFetchError(err));
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'GET',
      agent: false,
      headers: { ...options.headers, 'user-agent': options.userAgent, accept: options.accept, 'accept-encoding': 'gzip, deflate, br' },
      lookup: allowed ? undefined : guardedLookup(url.hostname),
    });
    const timer = setTimeout(() => req.destroy(new FetchError('FETCH_TIMEOUT', `no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.once('close', () => clearTimeout(timer));
    req.once('error', fail);
    req.once('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
        req.destroy();
        return;
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > options.maxBytes && !res.headers['content-encoding']) {
        req.destroy(new FetchError('FETCH_TOO_LARGE', `body of ${declared} bytes is over the ${options.maxBytes}-byte cap`));
        return;
      }
      readCapped(decoded(res), options.maxBytes).then((body) => resolve({ status, headers: res.headers, body }), (err: unknown) => {
        req.destroy();
        fail(err);
      });
    });
    req.end();
  });
}

function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip());
  if (encoding === 'deflate') return res.pipe(createInflate());
  if (encoding === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).byteLength;
    if (size > maxBytes) {
      stream.destroy();
      throw new FetchError('FETCH_TOO_LARGE', `body is over the ${maxBytes}-byte cap`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that fails when any address of the name is not public. */
function guardedLookup(hostname: string) {
  return (name: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(name, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => !isPublicAddress(a.address));
      if (bad !== undefined || addresses.length === 0) return callback(forbidden(hostname, bad?.address ?? 'no address') as NodeJS.ErrnoException, []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function forbidden(hostname: string, address: string): FetchError {
  return new FetchError('FETCH_FORBIDDEN_ADDRESS', `${hostname} is at ${address}, a loopback, private, link-local or reserved address (FETCH_ALLOW_HOSTS names hosts that may be)`);
}

function asFetchError(err: unknown): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as { code?: string; message?: string };
  if (e.code === 'Z_DATA_ERROR' || e.code === 'ERR_PADDING_1') return new FetchError('FETCH_NETWORK', 'the compressed body could not be read');
  return new FetchError('FETCH_NETWORK', `could not connect: ${e.code ?? e.message ?? String(err)}`);
}
