// SPDX-License-Identifier: Apache-2.0
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Cache } from './cache.js';

/** What @fastify/rate-limit passes to the constructor and to `child`: its merged options (index.js, mergeParams). */
interface RateLimitParams {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  /** Set for a route with its own `config.rateLimit`; empty for `fastify.createRateLimit(options)`. */
  routeInfo?: { method?: string | string[]; url?: string };
}

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * @fastify/rate-limit's `store` on the Cache port: with Redis configured, every replica counts against the same
 * fixed window. Use `store: CacheRateLimitStore.on(cache)`; the plugin constructs it with its options.
 * `{ increment: false }` (the plugin's `read`) is not offered: the port has no way to read a counter's ttl.
 */
export class CacheRateLimitStore implements FastifyRateLimitStore {
  /** A constructor bound to `cache`, as the plugin's `store` option wants; `namespace` starts every counter key. */
  static on(cache: Cache, namespace = 'rate-limit:'): FastifyRateLimitStoreCtor {
    return class extends CacheRateLimitStore {
      constructor(options: object) {
        super(cache, namespace, options as RateLimitParams);
      }
    };
  }

  constructor(
    private readonly cache: Cache,
    private readonly namespace: string,
    options: RateLimitParams = {},
  ) {
    // Both extend the window on every excess request; a fixed-window counter cannot, so refuse rather than ignore.
    if (options.continueExceeding) throw new Error('CacheRateLimitStore does not support continueExceeding');
    if (options.exponentialBackoff) throw new Error('CacheRateLimitStore does not support exponentialBackoff');
  }

  incr(key: string, callback: IncrCallback, timeWindow: number): void {
    this.cache.increment(this.namespace + key, timeWindow).then(
      ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
      (error: Error) => callback(error),
    );
  }

  /**
   * A route with its own limits counts apart from the others, as the plugin's own stores do. The plugin's
   * typings call the argument route options; at run time it is its merged params (RateLimitParams).
   */
  child(routeOptions: object): FastifyRateLimitStore {
    const params = routeOptions as RateLimitParams;
    const { method = '', url = '' } = params.routeInfo ?? {};
    return new CacheRateLimitStore(this.cache, `${this.namespace}${String(method)}${url}:`, params);
  }
}
