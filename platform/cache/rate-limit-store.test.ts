// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { UnavailableError } from '../errors/lango-error.js';
import type { Cache } from './cache.js';
import { testRedis, uniquePrefix } from './cache.contract.js';
import { MemoryCache } from './adapters/memory/memory-cache.js';
import { openRedisCache } from './adapters/redis/redis-cache.js';
import { CacheRateLimitStore } from './rate-limit-store.js';

const MAX = 3;

/** A real listener on a free loopback port, limited to MAX requests a minute per caller, plus a stricter route. */
async function startServer(t: TestContext, cache: Cache): Promise<string> {
  const app = Fastify();
  await app.register(rateLimit, { store: CacheRateLimitStore.on(cache), max: MAX, timeWindow: 60_000 });
  app.get('/accounts', async () => ({ ok: true }));
  app.get('/payments', { config: { rateLimit: { max: 1, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  t.after(() => app.close());
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function statuses(urls: string[]): Promise<number[]> {
  const result: number[] = [];
  for (const url of urls) result.push((await fetch(url)).status);
  return result;
}

describe('CacheRateLimitStore with @fastify/rate-limit', () => {
  it('answers 429 to the request after the limit, with the window in the headers', async (t) => {
    const cache = new MemoryCache({ prefix: uniquePrefix() });
    t.after(() => cache.close());
    const base = await startServer(t, cache);
    assert.deepEqual(await statuses(Array(MAX).fill(`${base}/accounts`)), [200, 200, 200]);
    const refused = await fetch(`${base}/accounts`);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 60, `retry-after ${retryAfter}`);
  });

  it('counts a route with its own limit apart from the global one', async (t) => {
    const cache = new MemoryCache({ prefix: uniquePrefix() });
    t.after(() => cache.close());
    const base = await startServer(t, cache);
    assert.deepEqual(await statuses([`${base}/payments`, `${base}/payments`, `${base}/accounts`]), [200, 429, 200]);
  });

  it('shares the counts of two servers that use the same Redis', { skip: testRedis.skip }, async (t) => {
    const prefix = uniquePrefix();
    const caches = await Promise.all([openRedisCache({ url: testRedis.url!, prefix }), openRedisCache({ url: testRedis.url!, prefix })]);
    t.after(() => Promise.all(caches.map((cache) => cache.close())));
    const [one, two] = await Promise.all(caches.map((cache) => startServer(t, cache)));
    assert.deepEqual(await statuses([`${one}/accounts`, `${two}/accounts`, `${one}/accounts`, `${two}/accounts`]), [200, 200, 200, 429]);
    assert.deepEqual(await statuses([`${two}/payments`, `${one}/payments`]), [200, 429]);
  });

  it('fails the request with 503 when the cache is unavailable', async (t) => {
    const cache = new MemoryCache({ prefix: uniquePrefix() });
    t.after(() => cache.close());
    cache.increment = () => Promise.reject(new UnavailableError('CACHE_UNAVAILABLE', 'cache unavailable at redis://127.0.0.1:6379: ECONNREFUSED'));
    const base = await startServer(t, cache);
    assert.equal((await fetch(`${base}/accounts`)).status, 503);
  });

  it('refuses options a fixed-window counter cannot honour', async (t) => {
    const cache = new MemoryCache({ prefix: uniquePrefix() });
    t.after(() => cache.close());
    const app = Fastify();
    t.after(() => app.close());
    await assert.rejects(
      (async () => {
        await app.register(rateLimit, { store: CacheRateLimitStore.on(cache), continueExceeding: true });
        await app.ready();
      })(),
      /does not support continueExceeding/,
    );
  });
});
