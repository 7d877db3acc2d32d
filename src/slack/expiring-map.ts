import type { Clock } from '../clock.js';

/**
 * A map that forgets: entries expire `ttlMs` after they were set, and beyond `maxEntries` the oldest
 * go first. Memory stays bounded however many threads or events pass through.
 *
 * @example const m = new ExpiringMap<string, number>({ maxEntries: 2, ttlMs: 1000, clock });
 * m.set('a', 1); m.set('b', 2); m.set('c', 3);
 * [m.get('a'), m.get('c')] // => [undefined, 3]
 * await clock.advanceTo(new Date(now.getTime() + 1001));
 * m.get('c') // => undefined
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(options: { maxEntries: number; ttlMs: number; clock: Clock }) {
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
    this.clock = options.clock;
  }

  /** The value, unless it expired (then it is dropped). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets a value (its life starts now), dropping expired entries and then the oldest over the bound. */
  set(key: K, value: V): this {
    const now = this.clock.now().getTime();
    this.entries.delete(key);
    this.entries.set(key, { value, expires: now + this.ttlMs });
    for (const [k, e] of this.entries) {
      if (e.expires > now) break;
      this.entries.delete(k);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return this;
  }

  /** Changes a value without extending its life; false when absent or expired. */
  update(key: K, value: V): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.get(key) === undefined) return false;
    entry.value = value;
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
