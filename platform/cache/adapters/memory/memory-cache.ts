// SPDX-License-Identifier: Apache-2.0
import { checkTtl, type Cache, type CounterWindow } from '../../cache.js';

export interface MemoryCacheSettings {
  /** Namespace put before every key, as the Redis adapter does, so both adapters behave alike. */
  prefix: string;
  /** How often expired entries are dropped, in ms (default 30 s); lazy expiry alone would keep unread keys. */
  sweepIntervalMs?: number | undefined;
}

interface Entry {
  value: string;
  /** Epoch ms after which the entry no longer exists. */
  expiresAt: number;
}

/**
 * The in-process cache of a single process (barebone, tests). One event loop makes every method atomic;
 * counters and replay caches are per process, so a deployment with replicas configures Redis instead.
 */
export class MemoryCache implements Cache {
  readonly #entries = new Map<string, Entry>();
  readonly #prefix: string;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(settings: MemoryCacheSettings) {
    this.#prefix = settings.prefix;
    // unref: a forgotten cache must not keep the process (or a test run) alive.
    this.#sweeper = setInterval(() => this.sweep(), settings.sweepIntervalMs ?? 30_000).unref();
  }

  /** Entries held, expired ones included until the next sweep; for tests and metrics. */
  get size(): number {
    return this.#entries.size;
  }

  async increment(key: string, windowMs: number): Promise<CounterWindow> {
    const ttl = checkTtl('windowMs', windowMs);
    const now = Date.now();
    const entry = this.#live(key, now);
    if (!entry) {
      this.#entries.set(this.#prefix + key, { value: '1', expiresAt: now + ttl });
      return { count: 1, resetInMs: ttl };
    }
    const count = Number(entry.value) + 1;
    // Same failure as Redis INCR on a non-counter, so a misuse shows up in development already.
    if (!Number.isSafeInteger(count)) throw new TypeError(`cache key ${key} does not hold a counter`);
    entry.value = String(count);
    return { count, resetInMs: entry.expiresAt - now };
  }

  async rememberOnce(key: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl('ttlMs', ttlMs);
    const now = Date.now();
    if (this.#live(key, now)) return false;
    this.#entries.set(this.#prefix + key, { value: '1', expiresAt: now + ttl });
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(key, Date.now())?.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.set(this.#prefix + key, { value, expiresAt: Date.now() + checkTtl('ttlMs', ttlMs) });
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.#live(key, Date.now()) !== undefined;
    this.#entries.delete(this.#prefix + key);
    return existed;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#entries.clear();
  }

  /** Drops every expired entry; runs on the timer, callable directly by tests. */
  sweep(now = Date.now()): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
    }
  }

  /** The entry if it has not expired; an expired one is removed on the way (lazy expiry). */
  #live(key: string, now: number): Entry | undefined {
    const full = this.#prefix + key;
    const entry = this.#entries.get(full);
    if (entry && entry.expiresAt <= now) {
      this.#entries.delete(full);
      return undefined;
    }
    return entry;
  }
}
