// SPDX-License-Identifier: Apache-2.0

/**
 * Short-lived shared state: rate-limit counters, replay caches (DPoP `jti`, request nonces) and values that
 * may be lost without harm. Nothing a payment needs lives here (ARCHITECTURE.md, "Storage").
 *
 * Keys are plain strings that the adapter prefixes with the namespace given at creation (`lango:`); callers
 * keep one key for one use and put that use in the key (`dpop:jti:<jti>`, `rate-limit:<route>:<ip>`).
 * Times are milliseconds. Every method of an adapter that has lost its server rejects with
 * UnavailableError `CACHE_UNAVAILABLE` within its command timeout, never hangs.
 */
export interface Cache {
  /** Fixed-window counter: the first increment starts a window of `windowMs` and the key expires with it. */
  increment(key: string, windowMs: number): Promise<CounterWindow>;
  /** True the first time `key` is seen within `ttlMs`, false for a replay; atomic across processes. */
  rememberOnce(key: string, ttlMs: number): Promise<boolean>;
  /** The value stored under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs`, replacing any value and expiry it had. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes `key`; true when it existed, so exactly one of concurrent callers wins (one-time state). */
  delete(key: string): Promise<boolean>;
  /** Resolves when the cache answers (readiness); rejects with CACHE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Releases connections and timers; later calls do nothing. */
  close(): Promise<void>;
}

export interface CounterWindow {
  /** Increments seen in the current window, this one included (1 for the first). */
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  resetInMs: number;
}

/** Expiries must be whole positive milliseconds: Redis rejects 0 and fractions in PX / PEXPIRE. */
export function checkTtl(name: 'windowMs' | 'ttlMs', ms: number): number {
  if (!Number.isFinite(ms) || ms < 1) throw new RangeError(`${name} must be at least 1 ms, got ${ms}`);
  return Math.ceil(ms);
}
